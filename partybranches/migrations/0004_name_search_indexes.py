"""Indexes for searching party organizations by name (the list and the site search).

The same plan as the social-organization directory (docs/PERFORMANCE.md): a trigram GIN index
over UPPER(name) for searches of three characters or more, the name's one- and two-character
n-grams in a generated column with a GIN index for shorter ones, and a btree over
UPPER(name) COLLATE "C" for the exact name, the names starting with the words and the order
by name; the same n-grams and trigrams of the name without its first character for the rest of
the relevance order (names containing the words but not starting with them). PostgreSQL only (short_ngrams() and pg_trgm come from organizations' migrations
0002 and 0003); SQLite scans.
"""

from django.db import migrations

TABLE = "partybranches_partyorganization"

FORWARDS = [
    f"CREATE INDEX partyorg_name_trgm_idx ON {TABLE} USING gin ((UPPER(name::text)) gin_trgm_ops)",
    f'CREATE INDEX partyorg_search_key_idx ON {TABLE} ((UPPER(name::text) COLLATE "C"), id)',
    f"ALTER TABLE {TABLE} ADD COLUMN name_ngrams text[] GENERATED ALWAYS AS (short_ngrams(UPPER(name::text))) STORED",
    f"CREATE INDEX partyorg_name_ngrams_idx ON {TABLE} USING gin (name_ngrams)",
    # The name without its first character: the rest of the relevance order (as the directory's).
    f"ALTER TABLE {TABLE} ADD COLUMN name_tail_ngrams text[]"
    " GENERATED ALWAYS AS (short_ngrams(SUBSTR(UPPER(name::text), 2))) STORED",
    f"CREATE INDEX partyorg_name_tail_ngrams_idx ON {TABLE} USING gin (name_tail_ngrams)",
    f"CREATE INDEX partyorg_name_tail_trgm_idx ON {TABLE} USING gin ((SUBSTR(UPPER(name::text), 2)) gin_trgm_ops)",
]
BACKWARDS = [
    "DROP INDEX IF EXISTS partyorg_name_tail_trgm_idx",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS name_tail_ngrams",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS name_ngrams",
    "DROP INDEX IF EXISTS partyorg_search_key_idx",
    "DROP INDEX IF EXISTS partyorg_name_trgm_idx",
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
        ("partybranches", "0003_text_length_limits"),
        ("organizations", "0006_stored_name_ngrams"),
    ]

    operations = [RunSQLOnPostgres(FORWARDS, BACKWARDS)]
