from django.apps import AppConfig


class UploadsConfig(AppConfig):
    """Uploaded images (cleaned, re-encoded, renamed) and stored files that follow their records."""

    name = "uploads"
    verbose_name = "上传文件"
