"""Records kept by staff for the public site itself: the site's own facts and its announcements."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

SITE_SETTINGS_PK = 1


class SiteSettings(models.Model):
    """The facts a government site shows on every page (one record, edited in the admin)."""

    sponsor = models.CharField("主办单位", max_length=100, blank=True)
    organizer = models.CharField("承办单位", max_length=100, blank=True)
    address = models.CharField("通讯地址", max_length=200, blank=True)
    postcode = models.CharField("邮政编码", max_length=6, blank=True)
    phone = models.CharField("联系电话", max_length=50, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    office_hours = models.CharField("办公时间", max_length=100, blank=True)
    icp_number = models.CharField("ICP备案号", max_length=50, blank=True)
    psb_number = models.CharField("公安备案号", max_length=50, blank=True)
    psb_record_code = models.CharField(
        "公安备案编号（数字）",
        max_length=20,
        blank=True,
        help_text="公安备案号中的数字部分，用于链接到全国互联网安全管理服务平台的备案信息。",
    )
    site_code = models.CharField("网站标识码", max_length=20, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    history = HistoricalRecords(verbose_name="网站信息变更记录")

    class Meta:
        verbose_name = "网站信息"
        verbose_name_plural = "网站信息"
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=SITE_SETTINGS_PK), name="portal_sitesettings_single_record"),
        ]

    def __str__(self):
        return "网站信息"

    def save(self, *args, **kwargs):
        self.pk = SITE_SETTINGS_PK
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.psb_record_code and not self.psb_record_code.isdigit():
            raise ValidationError({"psb_record_code": "公安备案编号只能由数字组成。"})
        if self.postcode and not (self.postcode.isdigit() and len(self.postcode) == 6):
            raise ValidationError({"postcode": "邮政编码应为6位数字。"})

    @classmethod
    def current(cls):
        """The record, or an unsaved blank one before staff first save it (no footer facts yet)."""
        return cls.objects.filter(pk=SITE_SETTINGS_PK).first() or cls(pk=SITE_SETTINGS_PK)


class AnnouncementQuerySet(models.QuerySet):
    def published(self):
        """Announcements the public may read: published, and their publish date reached."""
        return self.filter(is_published=True, published_on__lte=timezone.localdate())

    def for_list(self):
        return self.order_by("-published_on", "-pk")


class Announcement(models.Model):
    """通知公告: a notice the bureau publishes on the portal."""

    title = models.CharField("标题", max_length=200)
    body = models.TextField("正文", max_length=20000, help_text="纯文本；空行分段；不超过 20,000 字。")
    issuer = models.CharField("发布单位", max_length=100, blank=True)
    published_on = models.DateField("发布日期", default=timezone.localdate, help_text="此日期起在网站公开。")
    is_published = models.BooleanField("公开", default=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = AnnouncementQuerySet.as_manager()
    history = HistoricalRecords(verbose_name="通知公告变更记录")

    class Meta:
        verbose_name = "通知公告"
        verbose_name_plural = "通知公告"
        ordering = ["-published_on", "-pk"]
        indexes = [models.Index(fields=["is_published", "-published_on"], name="announcement_published_idx")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("announcements:detail", args=[self.pk])

    def paragraphs(self):
        return [part.strip() for part in self.body.replace("\r\n", "\n").split("\n\n") if part.strip()]
