from django.contrib import admin

from gzpartybuild.admin_tools import HistoryAdmin, NoDeleteMixin, TabularInline

from .models import CharacteristicTown, TownHighlight, TownPhoto


class TownPhotoInline(TabularInline):
    model = TownPhoto
    fields = ["image", "caption", "credit", "position"]


class TownHighlightInline(TabularInline):
    model = TownHighlight
    fields = ["title", "year", "description"]


@admin.register(CharacteristicTown)
class CharacteristicTownAdmin(NoDeleteMixin, HistoryAdmin):
    list_display = [
        "name",
        "township",
        "core_village",
        "theme_industry",
        "on_provincial_list",
        "provincial_list_year",
        "enterprises",
        "is_featured",
        "is_published",
    ]
    list_filter = ["township", "on_provincial_list", "is_featured", "is_published"]
    search_fields = ["name", "core_village", "theme_industry"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [TownPhotoInline, TownHighlightInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", ("township", "core_village"), "theme_industry"]}),
        ("介绍", {"fields": ["summary", "story"]}),
        (
            "建设情况",
            {
                "fields": [
                    ("launched_year", "on_provincial_list", "provincial_list_year"),
                    "enterprises",
                    ("income_before", "income_after"),
                    ("latitude", "longitude"),
                    "location_source",
                ]
            },
        ),
        ("发布", {"fields": ["is_featured", "is_published", "created_at", "updated_at"]}),
    ]


@admin.register(TownPhoto)
class TownPhotoAdmin(HistoryAdmin):
    list_display = ["__str__", "town", "credit", "position"]
    list_filter = ["town"]
    search_fields = ["caption", "town__name"]
    list_select_related = ["town"]


@admin.register(TownHighlight)
class TownHighlightAdmin(HistoryAdmin):
    list_display = ["title", "town", "year"]
    list_filter = ["town"]
    search_fields = ["title", "town__name"]
    list_select_related = ["town"]
