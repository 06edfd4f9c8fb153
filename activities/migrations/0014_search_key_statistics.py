"""Statistics for the title search's btree key, and one unused index dropped (PostgreSQL only).

PostgreSQL keeps statistics of an index's expressions only for indexes without a WHERE clause,
and `activity_search_key_idx` (UPPER(title) COLLATE "C", published activities) has one: the
planner guessed 0.5 % of the rows for every prefix range. For 党 or “, which start 31,000 of
187,000 published titles at 10×, it fetched every one of them and sorted them by date (150–250
ms) instead of reading the newest activities until a page was full (1 ms). Extended statistics
on the same expression give it the distribution of the titles (docs/PERFORMANCE.md).

The trigram index over the search text without its first character is not used: the rest of the
relevance order asks the tail's stored n-grams (organizations.search.tail_contains).
"""

from django.db import migrations

TABLE = "activities_activity"

FORWARDS = [
    f'CREATE STATISTICS activity_title_key_stats ON ((UPPER(title::text) COLLATE "C")) FROM {TABLE}',
    f"ANALYZE {TABLE}",
    "DROP INDEX IF EXISTS activity_search_tail_trgm_idx",
]
BACKWARDS = [
    f"CREATE INDEX activity_search_tail_trgm_idx ON {TABLE} USING gin ((SUBSTR(UPPER(search_text), 2)) gin_trgm_ops)"
    " WHERE state = 'published'",
    "DROP STATISTICS IF EXISTS activity_title_key_stats",
]


class RunSQLOnPostgres(migrations.RunSQL):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [("activities", "0013_gallery_filter_indexes")]

    operations = [RunSQLOnPostgres(FORWARDS, BACKWARDS)]
