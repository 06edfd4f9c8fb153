"""Btree indexes for the directory's orders (name, founding date, evaluation grade) and for
the exact and prefix parts of the search's relevance order; trigram and n-gram indexes of
the name without its first character for the rest of it (names containing the words
elsewhere than at their start: few, for the most frequent words).

Each sorts by UPPER(name) in the "C" collation (organizations.models.sort_name): one index
then serves `= 'Q'`, `LIKE 'Q%'` and ORDER BY name, whatever the database's collation.
PostgreSQL only, like migrations 0002 and 0003 (SQLite sorts without them).
"""

import django.contrib.postgres.indexes
import django.db.models.functions.comparison
import django.db.models.functions.text
from django.db import migrations, models

import organizations.models


class AddIndexOnPostgres(migrations.AddIndex):
    """AddIndex whose database part runs only on PostgreSQL."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def sort_name():
    return django.db.models.functions.comparison.Collate(django.db.models.functions.text.Upper("name"), "C")


class Migration(migrations.Migration):
    dependencies = [
        ("organizations", "0004_registered_funds_unknown_is_null"),
    ]

    operations = [
        AddIndexOnPostgres(
            model_name="socialorganization",
            index=models.Index(sort_name(), name="org_sort_name_idx"),
        ),
        AddIndexOnPostgres(
            model_name="socialorganization",
            index=django.contrib.postgres.indexes.GinIndex(
                django.contrib.postgres.indexes.OpClass(organizations.models.NameTail(), name="gin_trgm_ops"),
                name="org_name_tail_trgm_idx",
            ),
        ),
        AddIndexOnPostgres(
            model_name="socialorganization",
            index=models.Index(
                models.F("registered_on").desc(nulls_last=True), sort_name(), name="org_founded_sort_idx"
            ),
        ),
        AddIndexOnPostgres(
            model_name="socialorganization",
            index=models.Index(models.F("evaluation_grade").desc(), sort_name(), name="org_grade_sort_idx"),
        ),
    ]
