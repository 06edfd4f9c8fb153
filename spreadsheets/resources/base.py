"""The base of every spreadsheet resource: Chinese columns, whole-file checks, history.

A subclass declares its columns with `column()` and lists them in `Meta.fields`; the
first of `Meta.import_id_fields` (or all of them together) say which record a row is.
The importer (`importing.py`) drives it; this class knows what one row means. Its parts:
the columns (`columns.py`), finding the records rows refer to (`loading.py`), the checks
of the whole file (`checks.py`) and the bulk writes (`bulk.py`).
"""

from django.core.exceptions import ValidationError
from django.utils import timezone
from import_export import resources, widgets

from .bulk import BulkWriteMixin
from .checks import FileChecksMixin
from .columns import ColumnsMixin, column
from .loading import KeyedInstanceLoader

CHANGE_REASON = "电子表格导入"


class _NoDiff:
    """import-export's per-row HTML diff, which nothing here shows: the preview lists the
    changed columns itself (after_import_row)."""

    def __init__(self, resource, instance, new):
        pass

    def compare_with(self, resource, instance):
        pass

    def as_html(self):
        return []


class BureauResource(ColumnsMixin, FileChecksMixin, BulkWriteMixin, resources.ModelResource):
    """Shared behaviour of the bureau's import/export resources."""

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

    @classmethod
    def get_diff_class(cls):
        return _NoDiff

    def sheet_row(self, index):
        """The spreadsheet row number of the dataset's `index`-th row (1-based)."""
        if self.row_numbers and 0 < index <= len(self.row_numbers):
            return self.row_numbers[index - 1]
        return index + 1

    def export_queryset(self, queryset):
        """The queryset to export, with what the columns read joined in (no query per row)."""
        return queryset

    # ------------------------------------------------------------ one row

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
        if errors:
            raise ValidationError(errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        # Uniqueness is checked for the whole file at once in before_import.
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(exclude=list(errors), validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if errors:
            raise ValidationError(self.translate_errors(errors))

    def translate_errors(self, errors):
        """Every message as text (each once), reworded for the import where the model speaks of its form."""
        return {
            attribute: list(dict.fromkeys(self.reword(text) for text in _flat(messages)))
            for attribute, messages in errors.items()
        }

    def reword(self, message):
        """A subclass rewords a model message that speaks of the admin form."""
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


def _flat(messages):
    flat = []
    for message in messages:
        if isinstance(message, ValidationError):
            flat.extend(message.messages)
        else:
            flat.append(message)
    return flat


__all__ = ["BureauResource", "KeyedInstanceLoader", "column"]
