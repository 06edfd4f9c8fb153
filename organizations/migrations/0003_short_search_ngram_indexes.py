"""N-gram GIN indexes for directory searches of one or two characters.

A trigram index cannot serve a search shorter than three characters, so `?q=江` read the
whole table. short_ngrams(text) gives a text's distinct one- and two-character substrings;
a name contains a one- or two-character search exactly when the search is one of them,
and the GIN index over short_ngrams(UPPER(name)) finds those names directly (likewise
short_ngrams(credit_code) for two characters of a credit code, stored in capitals).

PostgreSQL only, like migration 0002: on SQLite the function and the index are not
created (the search scans there).
"""

import django.contrib.postgres.indexes
import django.db.models.functions.text
from django.db import migrations

import organizations.models

CREATE_FUNCTION = """
CREATE OR REPLACE FUNCTION short_ngrams(text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT ARRAY(
        SELECT DISTINCT substr($1, i, n)
        FROM generate_series(1, char_length($1)) AS i, generate_series(1, 2) AS n
        WHERE i + n - 1 <= char_length($1)
    )
$$
"""
DROP_FUNCTION = "DROP FUNCTION IF EXISTS short_ngrams(text)"


class RunSQLOnPostgres(migrations.RunSQL):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

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
        ("organizations", "0002_trigram_search_indexes"),
    ]

    operations = [
        RunSQLOnPostgres(CREATE_FUNCTION, DROP_FUNCTION),
        AddIndexOnPostgres(
            model_name="socialorganization",
            index=django.contrib.postgres.indexes.GinIndex(
                organizations.models.ShortNgrams(django.db.models.functions.text.Upper("name")),
                name="org_name_short_ngram_idx",
            ),
        ),
        AddIndexOnPostgres(
            model_name="socialorganization",
            index=django.contrib.postgres.indexes.GinIndex(
                organizations.models.ShortNgrams("credit_code"), name="org_code_short_ngram_idx"
            ),
        ),
    ]
