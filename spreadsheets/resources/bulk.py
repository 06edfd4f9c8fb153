"""Writing the rows of a resource with `Meta.use_bulk` a thousand at a time, with history.

Rows are validated one by one as usual (resources without many-to-many columns); a bulk
write sends no post_save, so the cached figures are told the model changed.
"""

from collections import defaultdict

from django.db import transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from gzpartybuild.caching import invalidate


class BulkWriteMixin:
    """bulk_create / bulk_update with history rows, skipped on the preview (a dry run)."""

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
