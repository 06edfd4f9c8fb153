"""Trigram GIN indexes for the directory search (substring of the name or credit code).

PostgreSQL only: the pg_trgm extension and GIN indexes do not exist on SQLite, where
the operations below change the migration state but leave the database alone (the
search still works there, by scanning). pg_trgm only splits Chinese text into
trigrams when the database's LC_CTYPE is a UTF-8 locale (for example C.UTF-8).
"""

import django.contrib.postgres.indexes
import django.db.models.functions.text
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class TrigramExtensionOnPostgres(TrigramExtension):
    """CreateExtension skips other databases going forwards but not backwards (Django 5.2)."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class AddIndexOnPostgres(migrations.AddIndex):
    """AddIndex whose database part runs only on PostgreSQL."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [
        ("organizations", "0001_initial"),
    ]

    operations = [
        TrigramExtensionOnPostgres(),
        AddIndexOnPostgres(
            model_name="socialorganization",
            index=django.contrib.postgres.indexes.GinIndex(
                django.contrib.postgres.indexes.OpClass(
                    django.db.models.functions.text.Upper("name"), name="gin_trgm_ops"
                ),
                name="org_name_trgm_idx",
            ),
        ),
        AddIndexOnPostgres(
            model_name="socialorganization",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["credit_code"], name="org_credit_code_trgm_idx", opclasses=["gin_trgm_ops"]
            ),
        ),
    ]
