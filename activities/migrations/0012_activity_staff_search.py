"""The staff's activity search: title, street and place in one stored column, with indexes.

The admin's list searches every activity (any state) by title, street, place and organizer.
Four ILIKEs over 200,000 rows read the whole table for a rare word (over a second at 10×).
`staff_search_text` keeps the three texts in capitals (joined by a newline, which a search never
holds) with a trigram GIN index for three characters or more; `staff_search_ngrams` keeps its
one- and two-character n-grams (short_ngrams(), organizations' migration 0003) with a GIN
index for shorter searches. Generated columns, computed by PostgreSQL on every write; not model
fields (activities.admin.staff_search names them). PostgreSQL only; SQLite scans.
"""

from django.db import migrations

TABLE = "activities_activity"
TEXT = "UPPER(title::text || E'\\n' || street::text || E'\\n' || place::text)"

FORWARDS = [
    f"ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS staff_search_text text GENERATED ALWAYS AS ({TEXT}) STORED",
    f"ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS staff_search_ngrams text[]"
    f" GENERATED ALWAYS AS (short_ngrams({TEXT})) STORED",
    f"CREATE INDEX IF NOT EXISTS activity_staff_search_trgm_idx ON {TABLE} USING gin (staff_search_text gin_trgm_ops)",
    f"CREATE INDEX IF NOT EXISTS activity_staff_search_ngrams_idx ON {TABLE} USING gin (staff_search_ngrams)",
]
BACKWARDS = [
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS staff_search_ngrams",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS staff_search_text",
]


class RunSQLOnPostgres(migrations.RunSQL):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0011_activity_search_text"),
        ("organizations", "0006_stored_name_ngrams"),
    ]

    operations = [RunSQLOnPostgres(FORWARDS, BACKWARDS)]
