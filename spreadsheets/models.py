from django.conf import settings
from django.db import models


class PendingImport(models.Model):
    """An uploaded spreadsheet waiting between its preview and its confirmation.

    Kept in the database, not on an app server's disk, so that the confirmation may
    reach any app server. Removed once confirmed; rows older than the preview's validity
    are removed whenever another file is uploaded.
    """

    key = models.CharField("标识", max_length=32, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.CASCADE, related_name="+"
    )
    model_label = models.CharField("导入对象", max_length=100)
    file_name = models.CharField("文件名", max_length=255)
    extension = models.CharField("扩展名", max_length=8)
    data = models.BinaryField("文件内容")
    created_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        # The table keeps the name it had when the model lived in the gzpartybuild package
        # (moved with SeparateDatabaseAndState: an existing database keeps its rows).
        db_table = "gzpartybuild_pendingimport"
        verbose_name = "待确认的导入"
        verbose_name_plural = "待确认的导入"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["created_at"], name="pendingimport_created_idx")]

    def __str__(self):
        return f"{self.file_name}（{self.model_label}）"
