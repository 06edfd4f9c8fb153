"""Uploaded files, read from the media storage in force (a folder or an S3-compatible store).

Every app server answers /media/ the same way, whichever server took the upload: the file
comes from the shared storage. An activity's photo (or its thumbnail) is public only while
the activity is published; before that only bureau staff and the secretaries of its
organizer get it, everyone else a 404 (the same answer as for a file that does not exist).
"""

import mimetypes
import posixpath

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.db.models import Q
from django.http import FileResponse, Http404
from django.views.decorators.http import require_safe

from activities.models import Activity, ActivityPhoto


def _may_see(user, activity):
    if activity.state == Activity.State.PUBLISHED:
        return True
    if not user.is_authenticated:
        return False
    return user.is_staff or Activity.objects.for_secretary(user).filter(pk=activity.pk).exists()


@require_safe
def media(request, path):
    name = posixpath.normpath(path)
    if name != path or name.startswith(("/", "..")) or "\x00" in name:
        raise Http404
    photo = ActivityPhoto.objects.filter(Q(image=name) | Q(thumbnail=name)).select_related("activity").first()
    if photo is not None and not _may_see(request.user, photo.activity):
        raise Http404
    try:
        if not default_storage.exists(name):
            raise Http404
        handle = default_storage.open(name, "rb")
    except (SuspiciousFileOperation, FileNotFoundError, IsADirectoryError) as exc:
        raise Http404 from exc
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=content_type)
    if photo is not None and photo.activity.state != Activity.State.PUBLISHED:
        # Not for shared caches: the next visitor may not see it.
        response["Cache-Control"] = "private, no-store"
    return response
