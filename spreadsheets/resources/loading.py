"""Finding the records a spreadsheet's rows refer to."""

from import_export.instance_loaders import ModelInstanceLoader


def key_part(value):
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
            key = tuple(key_part(field.get_value(instance)) for field in self.key_fields)
            self.instances[key] = instance

    def row_key(self, row):
        try:
            return tuple(key_part(field.clean(row)) for field in self.key_fields)
        except (ValueError, KeyError):
            return None

    def get_instance(self, row):
        key = self.row_key(row)
        return None if key is None else self.instances.get(key)
