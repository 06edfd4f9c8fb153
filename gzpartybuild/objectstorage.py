"""Media in an S3-compatible object store (django-storages), served through the portal.

Pages link an upload at MEDIA_URL (/media/...) as with files on disk, and every app server
reads it from the store (portal.media), so that the portal checks who may see it: the
bucket itself stays private. DJANGO_MEDIA_STORAGE=gzpartybuild.objectstorage.MediaS3Storage,
DJANGO_MEDIA_STORAGE_OPTIONS={"bucket_name": ..., "endpoint_url": ..., ...}.
"""

from urllib.parse import urljoin

from django.conf import settings
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage


class MediaS3Storage(S3Storage):
    def url(self, name, parameters=None, expire=None, http_method=None):
        return urljoin(settings.MEDIA_URL, filepath_to_uri(name).lstrip("/"))
