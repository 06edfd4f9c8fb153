"""Admin pieces the apps share: fixed-choice filters, no-delete, archive actions.

Django's own filters for dates and free values read the whole table to offer
their choices; on tables of tens of thousands of rows a filter should cost no
query at all, so these offer fixed choices.
"""

from django.contrib import admin, messages
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

FIRST_YEAR = 2010  # the municipal working committee for social organizations was founded


def year_filter(lookup, title="年份", first_year=FIRST_YEAR):
    """A filter on the year of a date field (or an integer year field), newest first.

    `lookup` is what the queryset filters on, e.g. "starts_at__year" or "year".
    """

    class YearFilter(admin.SimpleListFilter):
        parameter_name = lookup.replace("__", "_")

        def lookups(self, request, model_admin):
            this_year = timezone.localdate().year
            return [(str(year), f"{year}年") for year in range(this_year, first_year - 1, -1)]

        def queryset(self, request, queryset):
            value = self.value()
            if value is None:
                return queryset
            try:
                year = int(value)
            except ValueError:
                return queryset.none()
            return queryset.filter(**{lookup: year})

    YearFilter.title = title
    YearFilter.__name__ = f"YearFilter_{YearFilter.parameter_name}"
    return YearFilter


class NoDeleteMixin:
    """Records that others refer to are archived or ended, never deleted (superusers included).

    With no delete permission Django hides the delete button and the bulk delete
    action, and the delete page answers 403 instead of cascading or failing.
    """

    def has_delete_permission(self, request, obj=None):
        return False


class ArchiveActionsMixin:
    """Bulk archive / restore for models with `is_archived`, with a history row per record."""

    actions = ["archive_selected", "restore_selected"]

    def _set_archived(self, request, queryset, archived):
        objs = list(queryset.exclude(is_archived=archived))
        now = timezone.now()
        for obj in objs:
            obj.is_archived = archived
            obj.updated_at = now
        bulk_update_with_history(
            objs, self.model, ["is_archived", "updated_at"], batch_size=500, default_user=request.user
        )
        verb = "归档" if archived else "恢复"
        self.message_user(request, f"已{verb} {len(objs)} 条{self.model._meta.verbose_name}。", messages.SUCCESS)

    @admin.action(description="归档所选%(verbose_name_plural)s（不再公开显示，记录保留）", permissions=["change"])
    def archive_selected(self, request, queryset):
        self._set_archived(request, queryset, True)

    @admin.action(description="恢复所选%(verbose_name_plural)s（取消归档）", permissions=["change"])
    def restore_selected(self, request, queryset):
        self._set_archived(request, queryset, False)
