"""Admin pieces the apps share: a history admin with a fixed query count,
fixed-choice filters, no-delete, archive actions.

Django's own filters for dates and free values read the whole table to offer
their choices; on tables of tens of thousands of rows a filter should cost no
query at all, so these offer fixed choices.
"""

import datetime

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.widgets import AdminSplitDateTime
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.db import connections, transaction
from django.db.models import ForeignKey
from django.forms.models import BaseInlineFormSet
from django.templatetags.static import static
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import DeletedObject, ModelChange
from simple_history.template_utils import HistoricalRecordContextHelper
from simple_history.utils import get_m2m_reverse_field_name

from gzpartybuild.filters import SEARCH_MAX_LENGTH
from gzpartybuild.formfields import BoundedIdsMultipleChoiceField
from gzpartybuild.paging import count_results
from gzpartybuild.templatetags import formats

EMPTY = "（空）"
FIRST_YEAR = 2010  # the municipal working committee for social organizations was founded


class ChineseRecordContextHelper(HistoricalRecordContextHelper):
    """Shows a change the way the form does: choice labels, 是/否, （空）, local dates and
    times in Chinese, durations in hours and minutes, lists joined with 、."""

    def prepare_delta_change_value(self, change, value):
        value = super().prepare_delta_change_value(change, value)
        field = self.model._meta.get_field(change.field)
        if isinstance(value, list):
            return "、".join(str(self._text(item)) for item in value) or EMPTY
        if field.choices and value is not None:
            return dict(field.flatchoices).get(value, value)
        if field.name.endswith("_minutes") and value is not None:
            return formats.duration(value)
        return self._text(value)

    @staticmethod
    def _text(value):
        if isinstance(value, DeletedObject):
            if value.pk is None:
                return EMPTY
            return f"已删除的{value.model._meta.verbose_name}（编号 {value.pk}）"
        if isinstance(value, bool):
            return "是" if value else "否"
        if isinstance(value, datetime.datetime):
            return formats.cn_datetime(value)
        if isinstance(value, datetime.date):
            return formats.cn_date(value)
        if value is None or value == "":
            return EMPTY
        return value


BOOLEAN_ALT = {True: "是", False: "否", None: "未知"}


def boolean_icon(value):
    """Django admin's yes/no/unknown icon, its alt text in Chinese."""
    icon = {True: "yes", False: "no", None: "unknown"}[value]
    return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{icon}.svg"), BOOLEAN_ALT[value])


def search_words(term):
    """An admin search term as the indexed searches take it: whitespace collapsed, cut to SEARCH_MAX_LENGTH."""
    return " ".join((term or "").split())[:SEARCH_MAX_LENGTH]


# Below this many rows (by the planner's estimate) the admin counts exactly.
ESTIMATE_COUNT_FROM = 10_000


def _whole_table(queryset):
    """Whether `queryset` reads every row of its table once (no filter, distinct, grouping or slice)."""
    query = queryset.query
    return not (
        query.where
        or query.distinct
        or query.group_by is not None
        or query.combinator
        or query.low_mark
        or query.high_mark is not None
    )


def table_row_count(queryset):
    """(rows, estimated) for an unfiltered queryset on PostgreSQL, in one query; else None.

    A table the planner estimates at ESTIMATE_COUNT_FROM rows or more gets that estimate
    (pg_class.reltuples, kept fresh by autovacuum); a smaller or never analyzed one is
    counted exactly, in the same query. Filtered, grouped, distinct or sliced querysets,
    and other databases, return None: count those with COUNT(*)."""
    if not _whole_table(queryset):
        return None
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    table = queryset.model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT CASE WHEN reltuples >= %s THEN reltuples::bigint"
            f" ELSE (SELECT COUNT(*) FROM {connection.ops.quote_name(table)}) END, reltuples >= %s"
            " FROM pg_class WHERE oid = %s::regclass",
            [ESTIMATE_COUNT_FROM, ESTIMATE_COUNT_FROM, table],
        )
        row = cursor.fetchone()
    return (row[0], row[1]) if row else None


class EstimatedCountPaginator(Paginator):
    """The admin's paginator: never a COUNT(*) of a large table or of a large search.

    An unfiltered list of a large table shows the table's row estimate (one query); a
    filtered or searched list is counted exactly up to gzpartybuild.paging.COUNT_CAP rows
    and estimated from a sample of the table beyond (`count_results`, one query whatever
    the number of matches): counting the 160,000 activities a frequent word matches cost
    more than the rest of the page. `estimated` tells the template (admin/pagination.html)
    to say 约."""

    estimated = False

    @cached_property
    def count(self):
        counted = table_row_count(self.object_list)
        if counted is None and _whole_table(self.object_list):
            return super().count  # a whole table elsewhere than on PostgreSQL: one COUNT(*)
        if counted is None:
            result = count_results(self.object_list)
            self.estimated = result.estimated
            return result.n
        rows, self.estimated = counted
        return rows


class HistoryAdmin(SimpleHistoryAdmin):
    """SimpleHistoryAdmin whose history page runs the same number of queries for 3 or 100 rows.

    simple_history's page builds each row's object, its diff against the previous
    row and its many-to-many diff with queries of their own; here the related
    objects come from the one select_related query, and the many-to-many rows of
    the whole page from one query per field.
    """

    object_history_list_template = "admin/history_list.html"
    paginator = EstimatedCountPaginator

    def action_checkbox(self, obj):
        """Django's row checkbox, written out: rendering a widget template for every row costs
        about a millisecond each, a fifth of a 50-row list's time."""
        label = format_html(_("Select this object for an action - {}"), str(obj))
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            str(obj.pk),
            label,
        )

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", BoundedIdsMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        widget = getattr(formfield, "widget", None)
        if isinstance(widget, AdminSplitDateTime):
            # The date and time boxes sit under one label; name each for screen readers.
            date, time = widget.widgets
            date.attrs["aria-label"] = f"{db_field.verbose_name}（日期）"
            time.attrs["aria-label"] = f"{db_field.verbose_name}（时间）"
        return formfield

    def get_historical_record_context_helper(self, request, historical_record):
        return ChineseRecordContextHelper(self.model, historical_record)

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        # simple_history's select_related() of the tracked foreign keys, called with no
        # names when a model has none, drops its own select_related("history_user").
        qs = super().get_history_queryset(request, history_manager, pk_name, object_id)
        return qs.select_related("history_user")

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        records = list(historical_records)
        for record in records:
            record.history_object = self._history_object(record)
        m2m_names = [field.name for field in (records[0]._history_m2m_fields if records else [])]
        m2m_rows = {name: self._m2m_rows_by_record(records, name, foreign_keys_are_objs) for name in m2m_names}
        for newer, older in zip(records, records[1:], strict=False):
            delta = newer.diff_against(older, excluded_fields=m2m_names, foreign_keys_are_objs=foreign_keys_are_objs)
            changes = list(delta.changes)
            for name, rows in m2m_rows.items():
                old, new = rows.get(older.history_id, []), rows.get(newer.history_id, [])
                if old != new:
                    changes.append(ModelChange(name, old, new))
            delta = type(delta)(changes, [change.field for change in changes], delta.old_record, delta.new_record)
            helper = self.get_historical_record_context_helper(request, newer)
            newer.history_delta_changes = helper.context_for_delta_changes(delta)

    def _history_object(self, record):
        """The record as a model instance, with the related objects already fetched with it."""
        obj = record.history_object
        for field in self.model._meta.concrete_fields:
            if not isinstance(field, ForeignKey):
                continue
            try:
                historical_field = record._meta.get_field(field.name)
            except FieldDoesNotExist:  # a field left out of the history
                continue
            if historical_field.is_cached(record):
                field.set_cached_value(obj, historical_field.get_cached_value(record))
        return obj

    def _m2m_rows_by_record(self, records, name, foreign_keys_are_objs):
        """{history_id: rows} for one many-to-many field, rows as simple_history's diff shapes them."""
        through = getattr(records[0], name).model
        fields = [
            field.name
            for field in through._meta.fields
            if field.editable and field.name not in {"id", "m2m_history_id", "history"}
        ]
        fk_fields = [field for field in fields if isinstance(through._meta.get_field(field), ForeignKey)]
        order = get_m2m_reverse_field_name(self.model._meta.get_field(name))
        rows = {}
        queryset = through.objects.filter(history__in=[record.history_id for record in records])
        for row in queryset.select_related(*fk_fields).order_by("history_id", order):
            values = {
                field: getattr(row, field if foreign_keys_are_objs else through._meta.get_field(field).attname)
                for field in fields
            }
            rows.setdefault(row.history_id, []).append(values)
        return rows


class InlineFormSet(BaseInlineFormSet):
    """Inline rows repeating each other get a message naming the fields in Chinese; each
    row's boxes are named for screen readers (a table row has column headers, no labels)."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        row = f"第{index + 1}行" if index is not None else "新行"
        for field in form.fields.values():
            if field.label and not field.widget.is_hidden:
                field.widget.attrs.setdefault("aria-label", f"{row}：{field.label}")

    def get_unique_error_message(self, unique_check):
        opts = self.model._meta
        names = "、".join(str(opts.get_field(name).verbose_name) for name in unique_check if name != self.fk.name)
        parent = self.fk.remote_field.model._meta.verbose_name
        return f"请修正重复的数据：同一{parent}的{opts.verbose_name}，{names}不能相同。"


class TabularInline(admin.TabularInline):
    formset = InlineFormSet
    extra = 0


def year_filter(lookup, title="年份", first_year=FIRST_YEAR):
    """A filter on the year of a date field (or an integer year field), newest first.

    `lookup` is what the queryset filters on, e.g. "starts_at__year" or "year".
    """

    class YearFilter(admin.SimpleListFilter):
        parameter_name = lookup.replace("__", "_")

        def lookups(self, request, model_admin):
            return [(str(year), f"{year}年") for year in self._years()]

        def queryset(self, request, queryset):
            value = self.value()
            if value is None:
                return queryset
            if value not in {str(year) for year in self._years()}:
                return queryset.none()  # a hand-typed year outside the list matches nothing
            return queryset.filter(**{lookup: int(value)})

        @staticmethod
        def _years():
            return range(timezone.localdate().year, first_year - 1, -1)

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
        # One save per record, not a bulk update: each gets its history row, many-to-many
        # snapshot included (simple_history's bulk helpers leave that out).
        objs = list(queryset.exclude(is_archived=archived))
        with transaction.atomic():
            for obj in objs:
                obj.is_archived = archived
                obj._history_user = request.user
                obj.save(update_fields=["is_archived", "updated_at"])
        verb = "归档" if archived else "恢复"
        self.message_user(request, f"已{verb} {len(objs)} 条{self.model._meta.verbose_name}。", messages.SUCCESS)

    @admin.action(description="归档所选%(verbose_name_plural)s（不再公开显示，记录保留）", permissions=["change"])
    def archive_selected(self, request, queryset):
        self._set_archived(request, queryset, True)

    @admin.action(description="恢复所选%(verbose_name_plural)s（取消归档）", permissions=["change"])
    def restore_selected(self, request, queryset):
        self._set_archived(request, queryset, False)
