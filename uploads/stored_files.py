"""Stored files follow their records: removed when the record is deleted or the file replaced.

`follow_records(Model, "image", "thumbnail")` remembers each instance's file names when it
is loaded, and after a deletion (or a save that replaced or cleared a file) removes the old
file once the transaction has committed, so a rolled-back deletion keeps its files. A file
that another row of the model still names (the demo data shares photos) is kept.
"""

from functools import partial

from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_init, post_save

_ORIGINAL = "_stored_file_names"


def _names(instance, fields):
    # The raw values (strings) as loaded; a deferred field is left out, not guessed.
    return {name: instance.__dict__[name] for name in fields if name in instance.__dict__}


def _remember(sender, instance, fields, **kwargs):
    names = {name: str(value or "") for name, value in _names(instance, fields).items()}
    instance.__dict__[_ORIGINAL] = names


def _remove_unreferenced(model, fields, names, using):
    names = {name for name in names if name}
    if not names:
        return
    still_named = Q()
    for field in fields:
        still_named |= Q(**{f"{field}__in": names})
    kept = set()
    for row in model._base_manager.using(using).filter(still_named).values_list(*fields):
        kept.update(row)
    storage = model._meta.get_field(fields[0]).storage
    for name in names - kept:
        storage.delete(name)


def _schedule(model, fields, names, using):
    if names:
        transaction.on_commit(partial(_remove_unreferenced, model, fields, set(names), using), using=using, robust=True)


def _after_save(sender, instance, fields, using, **kwargs):
    original = instance.__dict__.get(_ORIGINAL, {})
    current = {field: getattr(instance, field).name or "" for field in fields}
    replaced = [name for field, name in original.items() if name and name != current.get(field)]
    _schedule(sender, fields, replaced, using)
    instance.__dict__[_ORIGINAL] = current


def _after_delete(sender, instance, fields, using, **kwargs):
    _schedule(sender, fields, [getattr(instance, field).name for field in fields], using)


def follow_records(model, *fields):
    """Remove `model`'s files in `fields` after its records are deleted or the files replaced."""
    uid = f"stored_files:{model._meta.label}"
    post_init.connect(partial(_remember, fields=fields), sender=model, weak=False, dispatch_uid=uid)
    post_save.connect(partial(_after_save, fields=fields), sender=model, weak=False, dispatch_uid=uid)
    post_delete.connect(partial(_after_delete, fields=fields), sender=model, weak=False, dispatch_uid=uid)
