import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.db.models import F, Prefetch, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from gzpartybuild.dates import Precision
from organizations.models import District, SocialOrganization
from organizations.search import StoredColumn, is_postgresql, relevance_page, search_words, text_contains
from partybranches.models import PartyOrganization
from uploads.images import CleanedImageField, newly_cleaned
from uploads.stored_files import follow_records

from . import rules


class PairingQuerySet(models.QuerySet):
    def public(self):
        """Pairings whose own side is an active party organization."""
        return self.filter(party_organization__is_archived=False)

    def for_list(self):
        return self.select_related("party_organization", "partner_party_organization", "partner_organization").order_by(
            "-started_on", "-pk"
        )


class Pairing(models.Model):
    """结对共建: our party organization paired with a partner (a record or an outside body)."""

    class Kind(models.TextChoices):
        RED_ALLIANCE = "red_alliance", "红联共建"
        MENTORING = "mentoring", "党建牵手"
        VILLAGE_AID = "village_aid", "千社扶百村"

    class Status(models.TextChoices):
        ACTIVE = "active", "进行中"
        ENDED = "ended", "已结束"

    kind = models.CharField("结对类型", max_length=16, choices=Kind)
    party_organization = models.ForeignKey(
        PartyOrganization, verbose_name="本方党组织", on_delete=models.PROTECT, related_name="pairings"
    )
    partner_party_organization = models.ForeignKey(
        PartyOrganization,
        verbose_name="结对党组织（系统内）",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partner_pairings",
    )
    partner_organization = models.ForeignKey(
        SocialOrganization,
        verbose_name="结对社会组织（系统内）",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partner_pairings",
    )
    partner_name = models.CharField(
        "结对单位名称（系统外）",
        max_length=200,
        blank=True,
        help_text="基层党组织、村（社区）等系统外单位；与系统内结对对象三者只填其一。",
    )
    village = models.CharField("帮扶村（社区）", max_length=100, blank=True)
    town = models.CharField("所在镇街", max_length=100, blank=True)
    district = models.CharField("所在区/县", max_length=50, blank=True)
    projects = models.PositiveIntegerField("帮扶项目数", default=0)
    funds_committed = models.DecimalField("承诺投入资金（元）", max_digits=16, decimal_places=2, default=0)
    started_on = models.DateField("开始日期")
    ended_on = models.DateField("结束日期", null=True, blank=True)
    status = models.CharField("状态", max_length=16, choices=Status, default=Status.ACTIVE)
    description = models.TextField("共建内容", max_length=5000, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = PairingQuerySet.as_manager()
    history = HistoricalRecords(verbose_name="结对共建变更记录")

    class Meta:
        verbose_name = "结对共建"
        verbose_name_plural = "结对共建"
        ordering = ["-started_on", "pk"]
        indexes = [
            models.Index(fields=["kind", "status"], name="pairing_kind_status_idx"),
            models.Index(fields=["started_on"], name="pairing_started_on_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(partner_party_organization__isnull=False, partner_organization__isnull=True, partner_name="")
                    | Q(partner_party_organization__isnull=True, partner_organization__isnull=False, partner_name="")
                    | (
                        Q(partner_party_organization__isnull=True, partner_organization__isnull=True)
                        & ~Q(partner_name="")
                    )
                ),
                name="activities_pairing_exactly_one_partner",
                violation_error_message=rules.PAIRING_ONE_PARTNER,
            ),
            models.CheckConstraint(
                condition=~Q(partner_party_organization=F("party_organization")),
                name="activities_pairing_not_with_itself",
                violation_error_message=rules.PAIRING_WITH_ITSELF,
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="activities_pairing_end_after_start",
                violation_error_message=rules.PAIRING_END_BEFORE_START,
            ),
            models.CheckConstraint(
                condition=Q(funds_committed__gte=0),
                name="activities_pairing_funds_nonnegative",
                violation_error_message=rules.PAIRING_FUNDS_NEGATIVE,
            ),
        ]

    def __str__(self):
        return f"{self.party_organization} — {self.partner_display}（{self.get_kind_display()}）"

    @property
    def partner_display(self):
        if self.partner_party_organization_id:
            return str(self.partner_party_organization)
        if self.partner_organization_id:
            return str(self.partner_organization)
        return self.partner_name

    def clean(self):
        super().clean()
        errors = rules.pairing_errors(self)
        if errors:
            raise ValidationError(errors)


ACTIVITY_YEARS = (1900, 2100)


def validate_activity_time(value):
    """A year outside ACTIVITY_YEARS is a typo; year 1 would not even survive the conversion to UTC."""
    first, last = ACTIVITY_YEARS
    if value is not None and not first <= value.year <= last:
        raise ValidationError(f"活动时间须在 {first} 年至 {last} 年之间，请检查年份。", code="year_out_of_range")


class ActivityQuerySet(models.QuerySet):
    def published(self):
        """The only activities the public ever sees."""
        return self.filter(state=Activity.State.PUBLISHED)

    def for_list(self):
        return self.select_related("organizer").order_by("-starts_at", "-pk")

    def for_gallery(self):
        """for_list() with the photos (in their order) for cards showing the first one."""
        return self.for_list().prefetch_related(
            Prefetch("photos", queryset=ActivityPhoto.objects.order_by("position", "pk"))
        )

    def for_public_detail(self):
        """Everything the public activity page shows, in three queries."""
        return self.select_related(
            "organizer",
            "pairing__party_organization",
            "pairing__partner_party_organization",
            "pairing__partner_organization",
        ).prefetch_related(
            Prefetch("co_organizers", queryset=PartyOrganization.objects.order_by("name")),
            Prefetch("photos", queryset=ActivityPhoto.objects.order_by("position", "pk")),
        )

    def search(self, query, *, scan=False):
        """Published or not, the activities whose title or organizer's name contains the words.

        With `scan`, the same activities by a condition cheaper to test row by row (the text itself
        rather than its stored n-grams), for a count over a sample of the table (gzpartybuild.paging)."""
        words = search_words(query)
        if not words:
            return self
        queryset = self._searchable()
        if scan and is_postgresql(self):
            return queryset.filter(search_text__icontains=words)
        return queryset.filter(queryset._search_condition(words))

    def _searchable(self):
        """On PostgreSQL, the activities with `search_text`: the title and the organizer's name in
        one column the database keeps (migration 0010), which its indexes serve."""
        return self.alias(search_text=StoredColumn("search_text")) if is_postgresql(self) else self

    def _search_condition(self, words):
        if is_postgresql(self):
            return text_contains(self, "search_text", words, "search_ngrams")
        return Q(title__icontains=words) | Q(organizer__name__icontains=words)

    def relevance_page(self, query, offset, limit):
        """Rows offset..offset+limit of this queryset's matches of `query`: the exact title, then
        titles starting with the words, then the rest (a title or an organizer's name containing
        them), each newest first (organizations.search)."""
        words = search_words(query)
        queryset = self._searchable()
        return relevance_page(
            queryset,
            words,
            field="title",
            condition=queryset._search_condition(words),
            tail=(StoredColumn("search_text"), "search_tail_ngrams"),
            order=("-starts_at", "-pk"),
            sort_key=lambda row: (-row.starts_at.timestamp(), -row.pk),
            offset=offset,
            limit=limit,
        )

    def in_year(self, year):
        """Started in the given calendar year (local time)."""
        return self.filter(starts_at__year=year)

    def for_secretary(self, user):
        """Activities organized by the party organizations a secretary is bound to."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(organizer__in=PartyOrganization.objects.for_secretary(user))


class Activity(models.Model):
    """活动: volunteer service, co-building, study and other party-building activities."""

    class Kind(models.TextChoices):
        VOLUNTEER = "volunteer", "志愿服务"
        CO_BUILDING = "co_building", "共建活动"
        STUDY = "study", "学习培训"
        ASSISTANCE = "assistance", "帮扶项目"
        PARTY_DAY = "party_day", "主题党日"
        EPIDEMIC = "epidemic", "疫情防控"
        GOVERNANCE = "governance", "基层治理"

    class State(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "待审核"
        RETURNED = "returned", "已退回"
        PUBLISHED = "published", "已发布"
        OFFLINE = "offline", "已下线"

    class Hall(models.TextChoices):
        NONE = "", "不展示"
        SEED = "seed", "红种子"
        SAPLING = "sapling", "红树苗"
        FOREST = "forest", "红树林"

    # The states in which the organization's secretary may still change an activity.
    SECRETARY_EDITABLE = (State.DRAFT, State.RETURNED)

    title = models.CharField("活动名称", max_length=200)
    kind = models.CharField("活动类型", max_length=16, choices=Kind, default=Kind.VOLUNTEER)
    organizer = models.ForeignKey(
        PartyOrganization, verbose_name="主办党组织", on_delete=models.PROTECT, related_name="activities"
    )
    co_organizers = models.ManyToManyField(
        PartyOrganization, verbose_name="协办党组织", related_name="co_organized_activities", blank=True
    )
    pairing = models.ForeignKey(
        Pairing,
        verbose_name="所属结对共建",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
    )
    starts_at = models.DateTimeField("开始时间", validators=[validate_activity_time])
    ends_at = models.DateTimeField("结束时间", validators=[validate_activity_time])
    time_precision = models.CharField(
        "时间精度",
        max_length=8,
        choices=Precision,
        default=Precision.MINUTE,
        help_text="只知日期、月份或年份的活动，页面只显示到这一精度，不显示具体时刻。",
    )
    district = models.CharField("所在区", max_length=6, choices=District)
    street = models.CharField("街道（镇）", max_length=100, blank=True)
    place = models.CharField("地点", max_length=200, blank=True)
    party_members = models.PositiveIntegerField("参与党员（人）", null=True, blank=True, help_text="未登记的留空。")
    volunteers = models.PositiveIntegerField("志愿者（人）", null=True, blank=True, help_text="未登记的留空。")
    service_minutes = models.PositiveIntegerField("服务时长（分钟）", null=True, blank=True, help_text="未登记的留空。")
    people_served = models.PositiveIntegerField("服务群众（人次）", null=True, blank=True, help_text="未登记的留空。")
    funds = models.DecimalField(
        "投入资金（元）", max_digits=14, decimal_places=2, null=True, blank=True, help_text="未登记的留空。"
    )
    description = models.TextField("活动内容", max_length=5000)
    state = models.CharField("审核状态", max_length=16, choices=State, default=State.DRAFT)
    review_reason = models.TextField("退回理由（不公开）", max_length=2000, blank=True)
    featured_hall = models.CharField("云展馆展示", max_length=16, choices=Hall, default=Hall.NONE, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="填报人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities_created",
    )
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities_reviewed",
    )
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    version = models.PositiveIntegerField("版本", default=1, editable=False)
    submission_key = models.UUIDField(
        "表单提交标识",
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text="新建表单的一次性标识：同一张表单重复提交只会建立一条活动。",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = ActivityQuerySet.as_manager()
    history = HistoricalRecords(verbose_name="活动变更记录", excluded_fields=["version", "submission_key"])

    class Meta:
        verbose_name = "活动"
        verbose_name_plural = "活动"
        ordering = ["-starts_at", "-pk"]
        indexes = [
            models.Index(fields=["state", "-starts_at", "-id"], name="activity_state_start_idx"),
            # The admin's list, every state, newest first (its default order).
            models.Index(fields=["-starts_at", "-id"], name="activity_start_idx"),
            # The admin's review queue: submitted activities, oldest submission first.
            models.Index(
                fields=["submitted_at", "id"], name="activity_review_queue_idx", condition=Q(state="submitted")
            ),
            models.Index(fields=["kind"], name="activity_kind_idx"),
            # The gallery filtered by district or by kind, newest first (migration 0011).
            models.Index(fields=["state", "district", "-starts_at", "-id"], name="activity_state_district_idx"),
            models.Index(fields=["state", "kind", "-starts_at", "-id"], name="activity_state_kind_idx"),
            models.Index(fields=["district"], name="activity_district_idx"),
            models.Index(fields=["organizer", "state"], name="activity_organizer_state_idx"),
            models.Index(
                fields=["featured_hall", "-starts_at"],
                name="activity_featured_idx",
                condition=Q(state="published") & ~Q(featured_hall=""),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=F("starts_at")),
                name="activities_activity_end_after_start",
                violation_error_message=rules.ACTIVITY_END_BEFORE_START,
            ),
            models.CheckConstraint(
                condition=Q(funds__gte=0),
                name="activities_activity_funds_nonnegative",
                violation_error_message=rules.ACTIVITY_FUNDS_NEGATIVE,
            ),
            models.CheckConstraint(
                condition=Q(state__in=["draft", "submitted", "returned", "published", "offline"]),
                name="activities_activity_state_valid",
                violation_error_message="审核状态无效。",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("activities:detail", args=[self.pk])

    @property
    def service_hours(self):
        return None if self.service_minutes is None else self.service_minutes / 60

    # The review state, for templates (no state literals there).
    @property
    def is_draft(self):
        return self.state == self.State.DRAFT

    @property
    def is_submitted(self):
        return self.state == self.State.SUBMITTED

    @property
    def is_returned(self):
        return self.state == self.State.RETURNED

    @property
    def is_published(self):
        return self.state == self.State.PUBLISHED

    @property
    def is_offline(self):
        return self.state == self.State.OFFLINE

    @property
    def secretary_can_edit(self):
        """Drafts and returned activities: the organization's secretary may still change them."""
        return self.state in self.SECRETARY_EDITABLE

    def clean(self):
        super().clean()
        errors = rules.activity_errors(self)
        if errors:
            raise ValidationError(errors)


def photo_upload_to(instance, filename):
    # The uploaded name is never used: only a generated one.
    return f"activities/{uuid.uuid4().hex}.jpg"


def thumbnail_upload_to(instance, filename):
    return f"activities/thumbs/{uuid.uuid4().hex}.jpg"


class ActivityPhoto(models.Model):
    activity = models.ForeignKey(Activity, verbose_name="活动", on_delete=models.CASCADE, related_name="photos")
    image = CleanedImageField("照片", upload_to=photo_upload_to, width_field="width", height_field="height")
    thumbnail = models.ImageField("缩略图", upload_to=thumbnail_upload_to, blank=True)
    width = models.PositiveIntegerField("宽度", default=0, editable=False)
    height = models.PositiveIntegerField("高度", default=0, editable=False)
    caption = models.CharField("说明", max_length=200, blank=True)
    position = models.PositiveSmallIntegerField("顺序", default=0)
    created_at = models.DateTimeField("上传时间", auto_now_add=True)

    history = HistoricalRecords(verbose_name="活动照片变更记录")

    class Meta:
        verbose_name = "活动照片"
        verbose_name_plural = "活动照片"
        ordering = ["activity", "position", "pk"]

    def __str__(self):
        return self.caption or f"照片 {self.pk}"

    def save(self, *args, **kwargs):
        # A photo uploaded through a form (the admin's) brings its thumbnail, made when it was cleaned.
        clean = newly_cleaned(self.image)
        if clean is not None:
            self.thumbnail.save("thumbnail.jpg", ContentFile(clean.thumbnail), save=False)
        super().save(*args, **kwargs)

    @property
    def alt_text(self):
        return self.caption or f"{self.activity.title}的照片"


class Notification(models.Model):
    """One review outcome, or one message from bureau staff about an activity, told to one
    secretary: shown in /my/notifications/ (new until seen) and counted in the header; also
    e-mailed unless the secretary has turned e-mails off."""

    class Kind(models.TextChoices):
        APPROVED = "approved", "审核通过"
        RETURNED = "returned", "已退回"
        OFFLINE = "offline", "已下线"
        MESSAGE = "message", "工作人员留言"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="notifications", verbose_name="接收人"
    )
    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="notifications", verbose_name="活动")
    kind = models.CharField("类型", max_length=16, choices=Kind.choices)
    # The reviewer's reason for a review outcome; the text itself for a message.
    reason = models.TextField("理由或留言", blank=True, max_length=2000)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="审核人或留言人",
    )
    created_at = models.DateTimeField("时间", auto_now_add=True)
    seen_at = models.DateTimeField("查看时间", null=True, blank=True)

    class Meta:
        verbose_name = "通知"
        verbose_name_plural = "通知"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "seen_at"], name="notification_unseen_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["approved", "returned", "offline", "message"]), name="notification_kind_valid"
            )
        ]

    def __str__(self):
        return f"{self.activity.title}：{self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("my:notification_open", args=[self.pk])

    @property
    def is_message(self):
        return self.kind == self.Kind.MESSAGE


class NotificationPreference(models.Model):
    """A secretary's choice about e-mails of review outcomes and staff messages (no row: e-mails on)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="notification_preference",
        verbose_name="用户",
    )
    email = models.BooleanField("审核结果和工作人员留言同时发送邮件", default=True)
    history = HistoricalRecords(verbose_name="通知设置变更记录")

    class Meta:
        verbose_name = "通知设置"
        verbose_name_plural = "通知设置"

    def __str__(self):
        return f"{self.user}的通知设置"


follow_records(ActivityPhoto, "image", "thumbnail")
