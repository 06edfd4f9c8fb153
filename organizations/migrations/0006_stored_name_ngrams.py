"""The n-grams of the name, stored: `name_ngrams` and `name_tail_ngrams`, with GIN indexes.

short_ngrams() (migration 0003) costs far more than the LIKE it stands beside; a plan that
reads the names in order (a frequent word fills the first page at once) computed it for
every name it passed. Generated columns keep the arrays (PostgreSQL computes them on every
insert and update), so such a plan reads them instead. They are not model fields: the
search names them through organizations.models.StoredNgrams. PostgreSQL only, like 0002–0004.
"""

from django.db import migrations

TABLE = "organizations_socialorganization"

FORWARDS = [
    f"ALTER TABLE {TABLE} ADD COLUMN name_ngrams text[]"
    " GENERATED ALWAYS AS (short_ngrams(UPPER(name::text))) STORED",
    f"ALTER TABLE {TABLE} ADD COLUMN name_tail_ngrams text[]"
    " GENERATED ALWAYS AS (short_ngrams(SUBSTR(UPPER(name::text), 2))) STORED",
    f"CREATE INDEX org_name_ngrams_idx ON {TABLE} USING gin (name_ngrams)",
    f"CREATE INDEX org_name_tail_ngrams_idx ON {TABLE} USING gin (name_tail_ngrams)",
]
BACKWARDS = [
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS name_tail_ngrams",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS name_ngrams",
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
        ("organizations", "0005_directory_sort_indexes"),
    ]

    operations = [RunSQLOnPostgres(FORWARDS, BACKWARDS)]
