import uuid
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from uploads.images import CleanedImageField
from uploads.stored_files import follow_records


class Township(models.TextChoices):
    """Conghua district's towns and subdistricts (镇街)."""

    WENQUAN = "wenquan", "温泉镇"
    LIANGKOU = "liangkou", "良口镇"
    LYUTIAN = "lyutian", "吕田镇"
    TAIPING = "taiping", "太平镇"
    AOTOU = "aotou", "鳌头镇"
    JIEKOU = "jiekou", "街口街道"
    CHENGJIAO = "chengjiao", "城郊街道"
    JIANGPU = "jiangpu", "江埔街道"


# Conghua district's extent; a town's location must fall inside it (a database constraint too).
LATITUDE_RANGE = (Decimal("23.2"), Decimal("24.0"))
LONGITUDE_RANGE = (Decimal("113.2"), Decimal("114.1"))


class CharacteristicTownQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def for_list(self):
        """Towns with their photos (in order) for cards and the map."""
        return self.prefetch_related(models.Prefetch("photos", queryset=TownPhoto.objects.order_by("position", "pk")))


class CharacteristicTown(models.Model):
    """从化特色小镇: one of Conghua's characteristic towns."""

    name = models.CharField("名称", max_length=100, unique=True)
    slug = models.SlugField("网址标识", max_length=100, unique=True, allow_unicode=False)
    township = models.CharField("所在镇街", max_length=16, choices=Township)
    core_village = models.CharField("核心村", max_length=100, blank=True)
    theme_industry = models.CharField("主导产业", max_length=100, blank=True)
    summary = models.CharField("概述", max_length=300, blank=True)
    story = models.TextField("小镇故事", max_length=5000, blank=True)
    launched_year = models.PositiveSmallIntegerField("启动年份", null=True, blank=True)
    on_provincial_list = models.BooleanField("列入广东省特色小镇清单管理名单", default=False)
    provincial_list_year = models.PositiveSmallIntegerField("入选年份", null=True, blank=True)
    enterprises = models.PositiveIntegerField("入驻企业（家）", null=True, blank=True)
    income_before = models.DecimalField(
        "核心村人均年收入（建设前，元）", max_digits=12, decimal_places=2, null=True, blank=True
    )
    income_after = models.DecimalField(
        "核心村人均年收入（现在，元）", max_digits=12, decimal_places=2, null=True, blank=True
    )
    latitude = models.DecimalField("纬度", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("经度", max_digits=9, decimal_places=6, null=True, blank=True)
    is_featured = models.BooleanField("首页推荐", default=False)
    is_published = models.BooleanField("公开", default=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = CharacteristicTownQuerySet.as_manager()
    history = HistoricalRecords(verbose_name="特色小镇变更记录")

    class Meta:
        verbose_name = "特色小镇"
        verbose_name_plural = "特色小镇"
        ordering = ["-on_provincial_list", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(income_before__isnull=True) | Q(income_before__gte=0),
                name="towns_characteristictown_income_before_nonnegative",
            ),
            models.CheckConstraint(
                condition=Q(income_after__isnull=True) | Q(income_after__gte=0),
                name="towns_characteristictown_income_after_nonnegative",
            ),
            models.CheckConstraint(
                condition=Q(provincial_list_year__isnull=True) | Q(on_provincial_list=True),
                name="towns_characteristictown_list_year_only_if_listed",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=23.2, latitude__lte=24.0),
                name="towns_characteristictown_latitude_in_conghua",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=113.2, longitude__lte=114.1),
                name="towns_characteristictown_longitude_in_conghua",
            ),
            models.CheckConstraint(
                condition=Q(launched_year__isnull=True)
                | Q(provincial_list_year__isnull=True)
                | Q(provincial_list_year__gte=F("launched_year")),
                name="towns_characteristictown_listed_after_launch",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("towns:detail", args=[self.slug])

    def clean(self):
        super().clean()
        errors = {}
        for field in ("income_before", "income_after"):
            value = getattr(self, field)
            if value is not None and value < 0:
                errors[field] = "人均年收入不能为负数。"
        if self.provincial_list_year is not None and not self.on_provincial_list:
            errors["provincial_list_year"] = "未列入省特色小镇清单时不能填写入选年份。"
        elif (
            self.provincial_list_year is not None
            and self.launched_year is not None
            and self.provincial_list_year < self.launched_year
        ):
            errors["provincial_list_year"] = "入选年份不能早于启动年份。"
        low, high = LATITUDE_RANGE
        if self.latitude is not None and not low <= self.latitude <= high:
            errors["latitude"] = f"纬度应在从化区范围内（{low}至{high}）。"
        low, high = LONGITUDE_RANGE
        if self.longitude is not None and not low <= self.longitude <= high:
            errors["longitude"] = f"经度应在从化区范围内（{low}至{high}）。"
        if errors:
            raise ValidationError(errors)


def town_photo_upload_to(instance, filename):
    return f"towns/{uuid.uuid4().hex}.jpg"


class TownPhoto(models.Model):
    town = models.ForeignKey(CharacteristicTown, verbose_name="小镇", on_delete=models.CASCADE, related_name="photos")
    image = CleanedImageField("照片", upload_to=town_photo_upload_to)
    caption = models.CharField("说明", max_length=200, blank=True)
    credit = models.CharField("摄影", max_length=50, blank=True)
    position = models.PositiveSmallIntegerField("顺序", default=0)

    history = HistoricalRecords(verbose_name="小镇照片变更记录")

    class Meta:
        verbose_name = "小镇照片"
        verbose_name_plural = "小镇照片"
        ordering = ["town", "position", "pk"]

    def __str__(self):
        return self.caption or f"照片 {self.pk}"


follow_records(TownPhoto, "image")


class TownHighlight(models.Model):
    """An event or achievement a town brought (世界生态设计大会, 从都国际论坛, …)."""

    town = models.ForeignKey(
        CharacteristicTown, verbose_name="小镇", on_delete=models.PROTECT, related_name="highlights"
    )
    title = models.CharField("名称", max_length=200)
    year = models.PositiveSmallIntegerField("年份", null=True, blank=True)
    description = models.TextField("说明", max_length=5000, blank=True)

    history = HistoricalRecords(verbose_name="小镇亮点变更记录")

    class Meta:
        verbose_name = "小镇亮点"
        verbose_name_plural = "小镇亮点"
        ordering = ["town", "year", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["town", "title"], name="towns_townhighlight_unique_title"),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if (
            self.town_id
            and TownHighlight.objects.filter(town_id=self.town_id, title=self.title).exclude(pk=self.pk).exists()
        ):
            raise ValidationError({"title": "该小镇已有同名的亮点。"})
