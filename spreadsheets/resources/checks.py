"""Checks of a whole file before its rows are imported: cell length, required cells, keys and
unique values repeated in the file or already taken in the database."""

from collections import defaultdict

from ..files import MAX_CELL_CHARS
from ..widgets import _LookupMixin, cell_text
from .loading import key_part


class FileChecksMixin:
    """Collects each row's problems in `pre_errors` ({row number: {attribute: [message]}});
    the row's import reports them with its own."""

    # Model fields (besides the import key) unique in the database: a row may not take a
    # value another record already has.
    unique_fields = ()

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.pre_errors = defaultdict(lambda: defaultdict(list))

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
            return key_part(field.clean(row))
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
                existing_key = tuple(key_part(key_field.get_value(existing)) for key_field in key_fields)
                for index in values[field.get_value(existing)]:
                    row_key = tuple(self._clean_quietly(key_field, rows[index - 1]) for key_field in key_fields)
                    if row_key != existing_key:
                        self._add(
                            index,
                            field.attribute,
                            f"{field.column_name}“{field.get_value(existing)}”已被系统中另一条记录"
                            f"（{existing}）使用，不能重复。",
                        )
