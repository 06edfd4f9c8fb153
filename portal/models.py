"""Records kept by staff for the public site itself: the site's own facts and its announcements."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from activities.models import Activity
from gzpartybuild.dates import DATE_PRECISIONS, Precision, format_precise, iso_precise
from uploads.images import CleanedImageField

SITE_SETTINGS_PK = 1
# The three halls of the 云展馆 (an activity's "not featured" choice left out).
HALL_CHOICES = [choice for choice in Activity.Hall.choices if choice[0]]


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
    government_mark = CleanedImageField(
        "党政机关标识",
        upload_to="site/",
        blank=True,
        help_text="党政机关网站标识图片（由机构编制部门核发）；未上传时页脚显示演示用的示意标识。",
    )
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


class ExhibitQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def for_hall(self, hall):
        return self.published().filter(hall=hall).order_by("order", "pk")


class Exhibit(models.Model):
    """展品: one panel of a 云展馆 hall, with its title, narrative, picture, live figure and date."""

    class Figure(models.TextChoices):
        # A figure the portal computes from records, shown live on the panel (portal/exhibits.py).
        PARTY_ORGANIZATIONS = "party_organizations", "社会组织党组织数"
        PARTY_MEMBERS = "party_members", "党员数"
        ORGANIZATIONS = "organizations", "登记社会组织数"
        CHARTER = "charter", "党建写入章程的社会组织数"
        COVERAGE = "coverage", "党组织覆盖率"
        SECRETARY_IS_HEAD = "secretary_is_head", "书记与负责人“一肩挑”的党组织数"
        CROSS_APPOINTMENT = "cross_appointment", "“双向进入、交叉任职”的党组织数"
        STUDY = "study", "学习培训活动场次"
        FIRST_SECRETARIES = "first_secretaries", "配备第一书记的党组织数"
        INSTRUCTORS = "instructors", "配备党建指导员的党组织数"
        DEMONSTRATION = "demonstration", "省、市党建示范点（基地）数"
        RED_ALLIANCE = "red_alliance", "红联共建对数"
        MENTORING = "mentoring", "党建牵手对数"
        EPIDEMIC = "epidemic", "疫情防控活动场次"
        VILLAGE_AID_VILLAGES = "village_aid_villages", "“千社扶百村”帮扶村（社区）数"
        VILLAGE_AID_FUNDS = "village_aid_funds", "“千社扶百村”帮扶资金"
        GOVERNANCE = "governance", "基层治理活动场次"
        SERVICE_HOURS = "service_hours", "志愿服务时长"
        PEOPLE_SERVED = "people_served", "服务群众人次"

    class Motif(models.TextChoices):
        # The drawn illustration shown when no photo is uploaded (activities/illustrations.py).
        SEED = "seed", "种子"
        SAPLING = "sapling", "树苗"
        FOREST = "forest", "树林"
        HALL = "hall", "展馆"
        BOOK = "book", "书本"
        LECTURE = "lecture", "讲台"
        FLAG = "flag", "党旗"
        STAR = "star", "星级"
        HANDSHAKE = "handshake", "牵手"
        HEART = "heart", "爱心"
        SHIELD = "shield", "防护"
        VILLAGE = "village", "乡村"
        COMMUNITY = "community", "社区"
        CHART = "chart", "数据"

    hall = models.CharField("展厅", max_length=16, choices=HALL_CHOICES)
    order = models.PositiveSmallIntegerField("展厅内顺序", help_text="同一展厅内从小到大排列。")
    title = models.CharField("标题", max_length=100)
    narrative = models.TextField("解说词", max_length=2000, help_text="纯文本；空行分段；不超过 2,000 字。")
    image = CleanedImageField("图片", upload_to="exhibits/", blank=True)
    image_alt = models.CharField("图片说明", max_length=200, blank=True, help_text="图片的文字描述，供读屏软件朗读。")
    motif = models.CharField(
        "插图", max_length=16, choices=Motif.choices, default=Motif.SEED, help_text="未上传图片时显示的插图。"
    )
    figure = models.CharField(
        "数据",
        max_length=32,
        choices=Figure.choices,
        blank=True,
        help_text="展板上实时显示的数据，由网站根据记录计算。",
    )
    date = models.DateField(
        "日期", null=True, blank=True, help_text="只知年份或月份的，填该年（月）的第一天，并选择相应的日期精度。"
    )
    date_precision = models.CharField("日期精度", max_length=8, choices=DATE_PRECISIONS, default=Precision.DAY)
    source = models.CharField("出处", max_length=200, blank=True)
    is_published = models.BooleanField("公开", default=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = ExhibitQuerySet.as_manager()
    history = HistoricalRecords(verbose_name="展品变更记录")

    class Meta:
        verbose_name = "展品"
        verbose_name_plural = "展品"
        ordering = ["hall", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["hall", "order"], name="portal_exhibit_unique_order"),
        ]

    def __str__(self):
        return f"{self.get_hall_display()}展厅 {self.order}. {self.title}"

    def get_absolute_url(self):
        return reverse("exhibition:exhibit", args=[self.pk])

    def clean(self):
        super().clean()
        if self.hall and self.order is not None:
            taken = Exhibit.objects.filter(hall=self.hall, order=self.order).exclude(pk=self.pk)
            if taken.exists():
                raise ValidationError({"order": "这个展厅已有同一顺序号的展品，请换一个顺序号。"})

    def paragraphs(self):
        return [part.strip() for part in self.narrative.replace("\r\n", "\n").split("\n\n") if part.strip()]

    @property
    def date_text(self):
        return format_precise(self.date, self.date_precision, finest=Precision.DAY)

    @property
    def date_iso(self):
        return iso_precise(self.date, self.date_precision)
