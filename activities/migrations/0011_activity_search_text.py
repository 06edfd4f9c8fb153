"""What the public search of activities reads: the title and the organizer's name, in one column.

An activity matches a search when its title or its organizer's name contains the words. Written
as a condition over two tables (the title, or the organizer among the party organizations whose
name contains the words) PostgreSQL read every published activity: 1–6 s at 200,000 activities
for a frequent word, since no single index holds both. So the database keeps `search_text`
(the title, a line break, the organizer's name) itself, with triggers: on every insert, on a
change of an activity's title or organizer, and on a change of a party organization's name.
Over it, on published activities only (partial indexes):

- a trigram GIN index over UPPER(search_text), for searches of three characters or more;
- `search_ngrams`, the one- and two-character n-grams of UPPER(search_text), a generated column
  (computed after the trigger) with a GIN index, for shorter ones;
- the same two over the text without its first character (`search_tail_ngrams`), for the rest
  of the relevance order (as the directory's name_tail_ngrams);
- a btree over UPPER(title) COLLATE "C" with the gallery's order, for the exact title and the
  titles starting with the words (the relevance order's first two parts).

The columns are not model fields (activities.models.ActivityQuerySet.search names them).
PostgreSQL only (short_ngrams() and pg_trgm come from organizations' migrations 0002 and 0003);
SQLite searches the title and the organizer's name with a plain LIKE.
"""

from django.db import migrations

TABLE = "activities_activity"
PARTY = "partybranches_partyorganization"
PUBLISHED = "WHERE state = 'published'"

FORWARDS = [
    f"ALTER TABLE {TABLE} ADD COLUMN search_text text",
    f"""
    CREATE FUNCTION activity_search_text() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        NEW.search_text := NEW.title || E'\\n' || COALESCE((SELECT name FROM {PARTY} WHERE id = NEW.organizer_id), '');
        RETURN NEW;
    END
    $$
    """,
    f"""
    CREATE TRIGGER activity_search_text BEFORE INSERT OR UPDATE OF title, organizer_id ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION activity_search_text()
    """,
    f"""
    CREATE FUNCTION party_organization_renamed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE {TABLE} SET search_text = title || E'\\n' || NEW.name WHERE organizer_id = NEW.id;
        RETURN NULL;
    END
    $$
    """,
    f"""
    CREATE TRIGGER party_organization_renamed AFTER UPDATE OF name ON {PARTY}
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION party_organization_renamed()
    """,
    f"UPDATE {TABLE} AS activity SET search_text = activity.title || E'\\n' || party.name"
    f" FROM {PARTY} AS party WHERE party.id = activity.organizer_id",
    f"ALTER TABLE {TABLE} ADD COLUMN search_ngrams text[]"
    " GENERATED ALWAYS AS (short_ngrams(UPPER(search_text))) STORED",
    f"CREATE INDEX activity_search_trgm_idx ON {TABLE} USING gin ((UPPER(search_text)) gin_trgm_ops) {PUBLISHED}",
    f"CREATE INDEX activity_search_ngrams_idx ON {TABLE} USING gin (search_ngrams) {PUBLISHED}",
    # The same without the first character: the rest of the relevance order (the text contains
    # the words but the title does not start with them) is found through these, so a word that
    # starts most titles does not send PostgreSQL through every title to find the few others.
    f"ALTER TABLE {TABLE} ADD COLUMN search_tail_ngrams text[]"
    " GENERATED ALWAYS AS (short_ngrams(SUBSTR(UPPER(search_text), 2))) STORED",
    f"CREATE INDEX activity_search_tail_trgm_idx ON {TABLE} USING gin ((SUBSTR(UPPER(search_text), 2)) gin_trgm_ops)"
    f" {PUBLISHED}",
    f"CREATE INDEX activity_search_tail_ngrams_idx ON {TABLE} USING gin (search_tail_ngrams) {PUBLISHED}",
    f'CREATE INDEX activity_search_key_idx ON {TABLE} ((UPPER(title::text) COLLATE "C"), starts_at DESC, id DESC)'
    f" {PUBLISHED}",
]
BACKWARDS = [
    "DROP INDEX IF EXISTS activity_search_key_idx",
    "DROP INDEX IF EXISTS activity_search_tail_trgm_idx",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS search_tail_ngrams",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS search_ngrams",
    f"DROP TRIGGER IF EXISTS party_organization_renamed ON {PARTY}",
    "DROP FUNCTION IF EXISTS party_organization_renamed()",
    f"DROP TRIGGER IF EXISTS activity_search_text ON {TABLE}",
    "DROP FUNCTION IF EXISTS activity_search_text()",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS search_text",
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
        ("activities", "0010_notification_staff_messages"),
        ("partybranches", "0004_name_search_indexes"),
    ]

    operations = [RunSQLOnPostgres(FORWARDS, BACKWARDS)]
