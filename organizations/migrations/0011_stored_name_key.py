"""The name in capitals, stored: `name_key` (PostgreSQL only, not a model field, like 0006).

A search word whose matches cluster late in name order (越秀, 天河区: every such name starts
广州市越秀区 or 广州市天河区) is answered by finding its matches through the name tail's n-grams
and sorting them (organizations.search.ordered_rest). Each match then needed UPPER(name) twice,
for the word's position and for the sort, and UPPER of a Chinese name costs a conversion to wide
characters and back: 40 ms for the 8,474 names containing 天河区 at 10×, 14 ms with the capitals
stored. The column takes one rewrite of the table (17 s at 10×)."""

from django.db import migrations

TABLE = "organizations_socialorganization"

FORWARDS = [f"ALTER TABLE {TABLE} ADD COLUMN name_key text GENERATED ALWAYS AS (UPPER(name::text)) STORED"]
BACKWARDS = [f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS name_key"]


class RunSQLOnPostgres(migrations.RunSQL):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [("organizations", "0010_district_sort_index")]

    operations = [RunSQLOnPostgres(FORWARDS, BACKWARDS)]
