"""The columns of a spreadsheet resource: Chinese headers, their notes, and the file's header row.

A resource declares each column with `column()`; `ColumnsMixin` lists them, says which a file
must have, maps near-miss headers to the real ones and names the column of a model attribute.
"""

from django.core.exceptions import NON_FIELD_ERRORS
from django.db.models.fields import NOT_PROVIDED
from import_export import fields


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


class ColumnsMixin:
    """The column list of a resource (a ModelResource with `column()` fields)."""

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
