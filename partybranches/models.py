from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from gzpartybuild.dates import DATE_PRECISIONS, Precision
from organizations.models import District, SocialOrganization
from organizations.search import relevance_page, search_words, text_contains

# Ratings and demonstration titles are dated within these years (a database constraint too).
YEAR_MIN = 2000
YEAR_MAX = 2100


class PartyOrganizationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_archived=False)

    def public(self):
        return self.active()

    def search(self, query):
        """Names containing the words (any case); on PostgreSQL through the indexes of migration 0004."""
        words = search_words(query)
        if not words:
            return self
        return self.filter(text_contains(self, "name", words, "name_ngrams"))

    def relevance_page(self, query, offset, limit):
        """Rows offset..offset+limit of this queryset's matches of `query`: the exact name, then
        names starting with the words, then the rest, each by name (organizations.search)."""
        words = search_words(query)
        return relevance_page(
            self,
            words,
            field="name",
            condition=text_contains(self, "name", words, "name_ngrams"),
            tail=(F("name"), "name_tail_ngrams"),
            order=("search_key", "pk"),
            sort_key=lambda row: (row.name.upper(), row.pk),
            offset=offset,
            limit=limit,
        )

    def for_secretary(self, user):
        """The party organizations a secretary is bound to (none for anonymous users)."""
        if not user.is_authenticated:
            return self.none()
        return self.active().filter(secretaries=user)


class PartyOrganization(models.Model):
    """党组织: a party organization in (or across) social organizations."""

    class Kind(models.TextChoices):
        COMMITTEE = "committee", "党委"
        GENERAL_BRANCH = "general_branch", "党总支"
        BRANCH = "branch", "党支部"
        JOINT_BRANCH = "joint_branch", "联合党支部"

    class Formation(models.TextChoices):
        ALONE = "alone", "单独组建"
        JOINT = "joint", "联合组建"
        INDUSTRY = "industry", "行业覆盖"

    name = models.CharField("名称", max_length=200, unique=True)
    kind = models.CharField("组织类别", max_length=32, choices=Kind, default=Kind.BRANCH)
    formation = models.CharField("组建方式", max_length=16, choices=Formation, default=Formation.ALONE)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级党组织",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    organizations = models.ManyToManyField(
        SocialOrganization,
        verbose_name="覆盖的社会组织",
        related_name="party_organizations",
        blank=True,
        help_text="单独组建时为一个社会组织，联合组建时为多个。",
    )
    district = models.CharField("所在区", max_length=6, choices=District, blank=True)
    founded_on = models.DateField(
        "成立日期", null=True, blank=True, help_text="只知年份或月份的，填该年（月）的第一天，并选择相应的日期精度。"
    )
    founded_precision = models.CharField(
        "成立日期精度",
        max_length=8,
        choices=DATE_PRECISIONS,
        default=Precision.DAY,
        help_text="页面只显示到这一精度。",
    )
    secretary_name = models.CharField("书记", max_length=50, blank=True)
    secretary_is_head = models.BooleanField(
        "书记与负责人“一肩挑”", default=False, help_text="党组织书记同时担任社会组织负责人。"
    )
    cross_appointment = models.BooleanField("双向进入、交叉任职", default=False)
    full_members = models.PositiveIntegerField("正式党员数", default=0)
    probationary_members = models.PositiveIntegerField("预备党员数", default=0)
    first_secretary = models.CharField("第一书记", max_length=50, blank=True)
    instructor = models.CharField("党建指导员", max_length=50, blank=True)
    contact_phone = models.CharField("联系电话（不公开）", max_length=30, blank=True)
    secretaries = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name="党务账号",
        related_name="party_organizations",
        blank=True,
        help_text="可在“我的工作台”登记本党组织活动的书记或党务联络员账号。",
    )
    is_archived = models.BooleanField("已归档", default=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = PartyOrganizationQuerySet.as_manager()
    history = HistoricalRecords(verbose_name="党组织变更记录", m2m_fields=[organizations])

    class Meta:
        verbose_name = "党组织"
        verbose_name_plural = "党组织"
        ordering = ["name"]
        indexes = [
            models.Index(fields=["kind"], name="partyorg_kind_idx"),
            models.Index(fields=["formation"], name="partyorg_formation_idx"),
            models.Index(fields=["district"], name="partyorg_district_idx"),
            models.Index(fields=["founded_on"], name="partyorg_founded_on_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=F("id")),
                name="partybranches_partyorganization_not_own_parent",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partybranches:detail", args=[self.pk])

    @property
    def member_count(self):
        return self.full_members + self.probationary_members

    def clean(self):
        super().clean()
        if self.pk is not None and self.parent_id == self.pk:
            raise ValidationError({"parent": "上级党组织不能是其自身。"})


class StarRating(models.Model):
    """评星定级: one rating per party organization per year."""

    party_organization = models.ForeignKey(
        PartyOrganization, verbose_name="党组织", on_delete=models.PROTECT, related_name="star_ratings"
    )
    year = models.PositiveSmallIntegerField("年度")
    stars = models.PositiveSmallIntegerField("星级", help_text="1–5 星。")
    remarks = models.CharField("备注", max_length=200, blank=True)

    history = HistoricalRecords(verbose_name="评星定级变更记录")

    class Meta:
        verbose_name = "评星定级"
        verbose_name_plural = "评星定级"
        ordering = ["-year", "party_organization"]
        constraints = [
            models.UniqueConstraint(
                fields=["party_organization", "year"], name="partybranches_starrating_one_per_year"
            ),
            models.CheckConstraint(
                condition=Q(stars__gte=1, stars__lte=5), name="partybranches_starrating_stars_1_to_5"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=YEAR_MIN, year__lte=YEAR_MAX), name="partybranches_starrating_year_range"
            ),
        ]
        indexes = [models.Index(fields=["year", "stars"], name="starrating_year_stars_idx")]

    def __str__(self):
        return f"{self.party_organization} {self.year}年 {self.stars}星"

    def clean(self):
        super().clean()
        errors = {}
        if self.stars is not None and not 1 <= self.stars <= 5:
            errors["stars"] = "星级应为1至5星。"
        if self.year is not None and not YEAR_MIN <= self.year <= YEAR_MAX:
            errors["year"] = f"年度应在{YEAR_MIN}至{YEAR_MAX}年之间。"
        elif (
            self.year is not None
            and self.party_organization_id
            and StarRating.objects.filter(party_organization_id=self.party_organization_id, year=self.year)
            .exclude(pk=self.pk)
            .exists()
        ):
            errors["year"] = f"该党组织{self.year}年度已有评星定级记录，每年只能评定一次。"
        if errors:
            raise ValidationError(errors)


class DemonstrationSite(models.Model):
    """示范点/基地: a provincial or municipal demonstration title."""

    class Level(models.TextChoices):
        PROVINCIAL = "provincial", "省级"
        MUNICIPAL = "municipal", "市级"

    party_organization = models.ForeignKey(
        PartyOrganization,
        verbose_name="党组织",
        on_delete=models.PROTECT,
        related_name="demonstration_sites",
    )
    level = models.CharField("级别", max_length=16, choices=Level, default=Level.MUNICIPAL)
    year = models.PositiveSmallIntegerField("命名年度")
    title = models.CharField("称号", max_length=200)

    history = HistoricalRecords(verbose_name="示范点变更记录")

    class Meta:
        verbose_name = "党建示范点（基地）"
        verbose_name_plural = "党建示范点（基地）"
        ordering = ["-year", "level", "party_organization"]
        constraints = [
            models.UniqueConstraint(
                fields=["party_organization", "level", "year", "title"],
                name="partybranches_demonstrationsite_unique_title",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=YEAR_MIN, year__lte=YEAR_MAX),
                name="partybranches_demonstrationsite_year_range",
            ),
        ]

    def __str__(self):
        return f"{self.title}（{self.get_level_display()}，{self.year}）"

    def clean(self):
        super().clean()
        if self.year is not None and not YEAR_MIN <= self.year <= YEAR_MAX:
            raise ValidationError({"year": f"命名年度应在{YEAR_MIN}至{YEAR_MAX}年之间。"})
        if (
            self.party_organization_id
            and DemonstrationSite.objects.filter(
                party_organization_id=self.party_organization_id, level=self.level, year=self.year, title=self.title
            )
            .exclude(pk=self.pk)
            .exists()
        ):
            raise ValidationError({"title": "该党组织同一年度已有同级别的这一称号。"})


class Milestone(models.Model):
    """大事记: a dated event of party building, for the exhibition timeline."""

    date = models.DateField("日期", help_text="只知年份或月份的，填该年（月）的第一天，并选择相应的日期精度。")
    precision = models.CharField(
        "日期精度", max_length=8, choices=DATE_PRECISIONS, default=Precision.DAY, help_text="页面只显示到这一精度。"
    )
    title = models.CharField("事件", max_length=200)
    description = models.TextField("说明", max_length=5000, blank=True)

    history = HistoricalRecords(verbose_name="大事记变更记录")

    class Meta:
        verbose_name = "大事记"
        verbose_name_plural = "大事记"
        ordering = ["date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["date", "title"], name="partybranches_milestone_unique"),
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.title}"

    def clean(self):
        super().clean()
        if self.date and Milestone.objects.filter(date=self.date, title=self.title).exclude(pk=self.pk).exists():
            raise ValidationError({"title": "同一日期已有同名的大事记。"})
