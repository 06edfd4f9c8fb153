"""A btree over (district, UPPER(name) COLLATE "C"): the directory filtered by a district, in
name order, reads its first page straight from the index instead of walking the whole name
index and dropping the other districts (a tenth of the rows each). PostgreSQL only, like
migration 0005 (the "C" collation); SQLite sorts without it.
"""

import django.db.models.functions.comparison
import django.db.models.functions.text
from django.db import migrations, models


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
        ("organizations", "0009_legal_representative_index"),
    ]

    operations = [
        AddIndexOnPostgres(
            model_name="socialorganization",
            index=models.Index(
                "district",
                django.db.models.functions.comparison.Collate(django.db.models.functions.text.Upper("name"), "C"),
                name="org_district_sort_idx",
            ),
        ),
    ]
