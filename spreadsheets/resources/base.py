"""The base of every spreadsheet resource: Chinese columns, whole-file checks, history.

A subclass declares its columns with `column()` and lists them in `Meta.fields`; the
first of `Meta.import_id_fields` (or all of them together) say which record a row is.
The importer (`importing.py`) drives it; this class knows what one row means.
"""

from collections import defaultdict

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models.fields import NOT_PROVIDED
from django.utils import timezone
from import_export import fields, resources, widgets
from import_export.instance_loaders import ModelInstanceLoader
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from gzpartybuild.caching import invalidate

from ..files import MAX_CELL_CHARS
from ..widgets import _LookupMixin, cell_text

CHANGE_REASON = "电子表格导入"


def column(attribute, header, widget, *, default=NOT_PROVIDED, note="", required=False, required_header=None):
    """A resource field: model attribute, Chinese column header, widget, and its help text.

    `required`: every row must fill the cell (and the column must be there);
    `required_header`: the column must be there, its cells may be empty.
    """
    field = fields.Field(attribute=attribute, column_name=header, widget=widget, default=default)
    field.note = note
    field.required = required
    field.required_header = required if required_header is None else required_header
    return field


_HEADER_NOISE = str.maketrans({"（": "(", "）": ")", "，": ",", "、": ","})


def _header_key(header):
    kept = "".join(char for char in str(header) if not char.isspace() and char not in "\"'“”‘’「」『』")
    return kept.translate(_HEADER_NOISE)


def _key_part(value):
    """A hashable, comparable form of a cleaned key value (records by primary key)."""
    pk = getattr(value, "pk", None)
    return ("pk", pk) if pk is not None else value


class KeyedInstanceLoader(ModelInstanceLoader):
    """Find the records a file refers to with one query, by one key field or several.

    The query is narrowed by the first key field's values; the records are indexed by
    the whole key. A row whose key cannot be read is treated as new: its cells are
    reported as errors when the row is imported.
    """

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        self.key_fields = [resource.fields[name] for name in resource.get_import_id_fields()]
        self.instances = {}
        first = self.key_fields[0]
        if not dataset or first.column_name not in (dataset.headers or []):
            return
        values = set()
        for row in dataset.dict:
            try:
                value = first.clean(row)
            except (ValueError, KeyError):
                continue
            if value not in (None, ""):
                values.add(value)
        if not values:
            return
        queryset = resource.get_queryset().filter(**{f"{first.attribute}__in": values})
        for instance in queryset:
            key = tuple(_key_part(field.get_value(instance)) for field in self.key_fields)
            self.instances[key] = instance

    def row_key(self, row):
        try:
            return tuple(_key_part(field.clean(row)) for field in self.key_fields)
        except (ValueError, KeyError):
            return None

    def get_instance(self, row):
        key = self.row_key(row)
        return None if key is None else self.instances.get(key)


class _NoDiff:
    """import-export's per-row HTML diff, which nothing here shows: the preview lists the
    changed columns itself (after_import_row)."""

    def __init__(self, resource, instance, new):
        pass

    def compare_with(self, resource, instance):
        pass

    def as_html(self):
        return []


class BureauResource(resources.ModelResource):
    """Shared behaviour of the bureau's import/export resources."""

    # Model fields (besides the import key) unique in the database: a row may not take a
    # value another record already has.
    unique_fields = ()
    # Run the model's CheckConstraints in full_clean (a query each per row: small tables only).
    validate_model_constraints = False
    # Chinese messages for database constraints a row might break.
    constraint_messages = {}

    class Meta:
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True
        skip_html_diff = True
        store_instance = True
        instance_loader_class = KeyedInstanceLoader

    def __init__(self, *, user=None, file_name="", row_numbers=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user
        reason = f"{CHANGE_REASON}（{file_name}）" if file_name else CHANGE_REASON
        self.change_reason = reason[:100]
        self.row_numbers = row_numbers
        self.pre_errors = defaultdict(lambda: defaultdict(list))

    @classmethod
    def get_diff_class(cls):
        return _NoDiff

    # ------------------------------------------------------------ columns

    @classmethod
    def import_columns(cls):
        return [field for field in cls().get_import_fields() if not field.readonly]

    @classmethod
    def column_headers(cls):
        return [field.column_name for field in cls.import_columns()]

    @classmethod
    def required_headers(cls):
        return [field.column_name for field in cls.import_columns() if getattr(field, "required_header", False)]

    @classmethod
    def column_notes(cls):
        notes = []
        for field in cls.import_columns():
            note = getattr(field, "note", "")
            if getattr(field, "required", False):
                note = "必填。" + note
            notes.append((field.column_name, note))
        return notes

    @classmethod
    def canonical_headers(cls, headers):
        """The file's headers with near misses mapped to the real column names.

        Spaces, quotation marks and the width of brackets do not matter: 注册资金(元) is
        注册资金（元）, 书记与负责人"一肩挑" is 书记与负责人“一肩挑”.
        """
        known = {_header_key(header): header for header in cls.column_headers()}
        return [known.get(_header_key(header), header) for header in headers]

    @classmethod
    def header_errors(cls, headers):
        """Chinese messages for a header row this resource cannot import; empty if fine."""
        known = cls.column_headers()
        errors = []
        unknown = [header for header in headers if header not in known]
        if unknown:
            errors.append(
                "无法识别的列："
                + "、".join(f"“{header}”" for header in unknown)
                + "。可用的列："
                + "、".join(known)
                + "。"
            )
        missing = [header for header in cls.required_headers() if header not in headers]
        if missing:
            errors.append("缺少必需的列：" + "、".join(f"“{header}”" for header in missing) + "。")
        return errors

    def column_for(self, attribute):
        """The Chinese column header for a model attribute named in an error."""
        for field in self.fields.values():
            if field.attribute == attribute or (field.attribute or "").removesuffix("_id") == attribute:
                return field.column_name
        if attribute == NON_FIELD_ERRORS:
            return ""
        try:
            return str(self._meta.model._meta.get_field(attribute).verbose_name)
        except Exception:
            return attribute

    def sheet_row(self, index):
        """The spreadsheet row number of the dataset's `index`-th row (1-based)."""
        if self.row_numbers and 0 < index <= len(self.row_numbers):
            return self.row_numbers[index - 1]
        return index + 1

    def export_queryset(self, queryset):
        """The queryset to export, with what the columns read joined in (no query per row)."""
        return queryset

    # ------------------------------------------------------------ whole-file checks

    def before_import(self, dataset, **kwargs):
        for field in self.get_import_fields():
            if isinstance(field.widget, _LookupMixin) and field.column_name in dataset.headers:
                field.widget.prepare(dataset[field.column_name])
        rows = dataset.dict
        self._check_cells(rows)
        self._check_duplicates_in_file(rows)
        self._check_unique_in_database(rows)

    def _add(self, index, attribute, message):
        self.pre_errors[index][attribute].append(message)

    def _check_cells(self, rows):
        columns = {field.column_name: field for field in self.get_import_fields()}
        for index, row in enumerate(rows, start=1):
            for header, value in row.items():
                field = columns.get(header)
                if field is None:
                    continue
                text = value if isinstance(value, str) else ""
                if len(text) > MAX_CELL_CHARS:
                    self._add(
                        index,
                        field.attribute,
                        f"内容过长（{len(text):,}个字符），单元格不能超过{MAX_CELL_CHARS:,}个字符。",
                    )
                elif getattr(field, "required", False) and not cell_text(value):
                    self._add(index, field.attribute, "必须填写。")

    def _clean_quietly(self, field, row):
        try:
            return _key_part(field.clean(row))
        except (ValueError, KeyError):
            return None

    def _check_duplicates_in_file(self, rows):
        key_fields = [self.fields[name] for name in self.get_import_id_fields()]
        groups = [key_fields] + [[self.fields[name]] for name in self.unique_fields if name in self.fields]
        for group in groups:
            if any(field.column_name not in (rows[0] if rows else {}) for field in group):
                continue
            seen = {}
            for index, row in enumerate(rows, start=1):
                key = tuple(self._clean_quietly(field, row) for field in group)
                if any(part in (None, "") for part in key):
                    continue
                if key in seen:
                    described = "、".join(
                        f"{field.column_name}“{cell_text(row[field.column_name])}”" for field in group
                    )
                    self._add(
                        index,
                        group[0].attribute,
                        f"与第{self.sheet_row(seen[key])}行重复：{described}在文件中出现了不止一次。",
                    )
                else:
                    seen[key] = index

    def _check_unique_in_database(self, rows):
        if not rows:
            return
        model = self._meta.model
        key_fields = [self.fields[name] for name in self.get_import_id_fields()]
        for name in self.unique_fields:
            field = self.fields.get(name)
            if field is None or field.column_name not in rows[0]:
                continue
            values = {}
            for index, row in enumerate(rows, start=1):
                value = self._clean_quietly(field, row)
                if value not in (None, ""):
                    values.setdefault(value, []).append(index)
            if not values:
                continue
            for existing in model.objects.filter(**{f"{field.attribute}__in": list(values)}):
                existing_key = tuple(_key_part(key_field.get_value(existing)) for key_field in key_fields)
                for index in values[field.get_value(existing)]:
                    row_key = tuple(self._clean_quietly(key_field, rows[index - 1]) for key_field in key_fields)
                    if row_key != existing_key:
                        self._add(
                            index,
                            field.attribute,
                            f"{field.column_name}“{field.get_value(existing)}”已被系统中另一条记录"
                            f"（{existing}）使用，不能重复。",
                        )

    # ------------------------------------------------------------ one row

    def validate_row(self, instance, row):
        """Cross-column checks of a subclass: {attribute: [message, ...]}."""
        return {}

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        # Many-to-many cells are saved after the row; check them now, with the other cells.
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget) and field.column_name in row:
                try:
                    field.clean(row)
                except ValueError as exc:
                    errors.setdefault(field.attribute, []).append(ValidationError(str(exc)))
        for attribute, messages in self.pre_errors.get(kwargs.get("row_number"), {}).items():
            errors.setdefault(attribute, []).extend(ValidationError(message) for message in messages)
        for attribute, messages in self.validate_row(instance, row).items():
            if attribute not in errors:
                errors[attribute] = [ValidationError(message) for message in messages]
        if errors:
            raise ValidationError(errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        # Uniqueness is checked for the whole file at once in before_import.
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(
                exclude=list(errors),
                validate_unique=False,
                validate_constraints=self.validate_model_constraints,
            )
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if errors:
            raise ValidationError(self.translate_errors(errors))

    def translate_errors(self, errors):
        """Every message as text, reworded for the import where the model speaks of its form."""
        translated = {}
        for attribute, messages in errors.items():
            texts = [self.reword(text) for text in _flat(messages)]
            translated[attribute] = list(dict.fromkeys(texts))
        return translated

    def reword(self, message):
        for name, replacement in self.constraint_messages.items():
            if name in message:
                return replacement
        return message

    def before_save_instance(self, instance, row, **kwargs):
        instance._history_user = self.user
        instance._change_reason = self.change_reason
        if self._meta.use_bulk and instance.pk and hasattr(instance, "updated_at"):
            instance.updated_at = timezone.now()  # bulk_update does not touch auto_now fields

    def after_import_row(self, row, row_result, **kwargs):
        row_result.sheet_row = self.sheet_row(kwargs.get("row_number", 0))
        row_result.changes = []
        if row_result.import_type != row_result.IMPORT_TYPE_UPDATE or row_result.original is None:
            return
        original, instance = row_result.original, row_result.instance
        for field in self.get_import_fields():
            if field.column_name not in row:
                continue
            if isinstance(field.widget, widgets.ManyToManyWidget):
                before, after = field.export(original), field.export(instance)
                changed = before != after
            else:
                changed = field.get_value(original) != field.get_value(instance)
                before, after = field.export(original), field.export(instance)
            if changed:
                row_result.changes.append((field.column_name, before, after))

    # With Meta.use_bulk (resources without many-to-many columns), rows are validated one
    # by one as usual and then written a thousand at a time, with their history rows.

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if dry_run:
            # The preview has validated every row; rows of these resources refer to no
            # other row of the file, so there is nothing to learn from writing them.
            self.create_instances.clear()
            return
        if self.create_instances:
            try:
                bulk_create_with_history(
                    self.create_instances,
                    self._meta.model,
                    batch_size=batch_size,
                    default_user=self.user,
                    default_change_reason=self.change_reason,
                )
            except Exception as exc:
                self.handle_import_error(result, exc, raise_errors)
            finally:
                self.create_instances.clear()

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        if self._meta.use_bulk and not self._is_dry_run(kwargs):
            # Bulk writes send no post_save: tell the cached public figures the model changed,
            # now and again once the transaction commits.
            model = self._meta.model
            invalidate(model)
            transaction.on_commit(lambda: invalidate(model))

    def after_init_instance(self, instance, new, row, **kwargs):
        if self._meta.use_bulk and not new:
            instance._import_before = {field.attname: getattr(instance, field.attname) for field in self._fields()}

    def _fields(self):
        return [field for field in self._meta.model._meta.concrete_fields if not field.primary_key]

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if dry_run:
            self.update_instances.clear()
            return
        if not self.update_instances:
            return
        # Update each group of records only in the columns that changed for them: a bulk
        # UPDATE of every column of a thousand rows is slow to build and to run.
        groups = defaultdict(list)
        for instance in self.update_instances:
            before = getattr(instance, "_import_before", {})
            changed = tuple(
                field.name
                for field in self._fields()
                if field.name != "updated_at" and getattr(instance, field.attname) != before.get(field.attname)
            )
            groups[changed].append(instance)
        try:
            for changed, instances in groups.items():
                fields = list(changed) + (["updated_at"] if hasattr(self._meta.model, "updated_at") else [])
                bulk_update_with_history(
                    instances,
                    self._meta.model,
                    fields,
                    batch_size=batch_size,
                    default_user=self.user,
                    default_change_reason=self.change_reason,
                )
        except Exception as exc:
            self.handle_import_error(result, exc, raise_errors)
        finally:
            self.update_instances.clear()


def _flat(messages):
    flat = []
    for message in messages:
        if isinstance(message, ValidationError):
            flat.extend(message.messages)
        else:
            flat.append(message)
    return flat


__all__ = ["BureauResource", "KeyedInstanceLoader", "column", "widgets"]
