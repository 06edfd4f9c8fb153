"""Substring search in relevance order, for the lists that search a name or a title.

The social-organization directory has its own, tuned version (SocialOrganizationQuerySet);
party organizations and activities use these functions with the same plan on PostgreSQL
(docs/PERFORMANCE.md, "Party organizations and activities"):

- a record matches when its text contains the words, in any case (`UPPER(text) LIKE
  '%Q%'`, served by a trigram GIN index); for one or two characters the text's stored
  n-grams (a generated column, GIN) must also hold the words, since trigrams cannot;
- the relevance is the text itself (EXACT), then texts starting with the words (PREFIX),
  then the rest (CONTAINS), ties in the list's own order;
- a page is a UNION ALL of three scans, each stopped after offset + limit rows: the exact
  and prefix ones on a btree over `UPPER(text) COLLATE "C"`, the rest in the list's order
  (read along its index until the page is full for a frequent word, found through the GIN
  indexes and sorted for a rare one). No query ranks every match of a frequent word.

On SQLite one query ranks every match (a plain LIKE scan; the embedded default is small).
"""

from django.contrib.postgres.fields.array import ArrayContains
from django.db import connections
from django.db.models import Case, IntegerField, Q, TextField, Value, When
from django.db.models.functions import Collate, Upper

from gzpartybuild.filters import SEARCH_MAX_LENGTH

from .models import CONTAINS, EXACT, PREFIX, SHORT_SEARCH_MAX_LENGTH, ArrayOf, StoredNgrams


class StoredColumn(StoredNgrams):
    """A text column the database keeps that is not a model field (PostgreSQL only)."""

    output_field = TextField()

    def __eq__(self, other):
        return isinstance(other, StoredColumn) and other.column == self.column

    def __hash__(self):
        return hash((StoredColumn, self.column))


def search_words(query, max_length=SEARCH_MAX_LENGTH):
    """The query with its whitespace collapsed, cut to `max_length` characters."""
    return " ".join((query or "").split())[:max_length]


def is_postgresql(queryset):
    return connections[queryset.db].vendor == "postgresql"


def search_key(field, queryset):
    """The text in capitals, compared code point by code point (the "C" collation on PostgreSQL,
    so that one btree index serves the exact text and the texts starting with the words)."""
    expression = Upper(field)
    return Collate(expression, "C") if is_postgresql(queryset) else expression


def text_contains(queryset, field, words, ngram_column):
    """The condition "`field` contains `words`, in any case"; on PostgreSQL a search of one or
    two characters also asks the stored n-grams (`ngram_column`), which its GIN index answers."""
    condition = Q(**{f"{field}__icontains": words})
    if len(words) <= SHORT_SEARCH_MAX_LENGTH and is_postgresql(queryset):
        condition &= Q(ArrayContains(StoredNgrams(ngram_column), ArrayOf(Value(words.upper()))))
    return condition


def with_relevance(queryset, field, words):
    """Annotate `relevance` (EXACT, PREFIX or CONTAINS) of `field` to `words`."""
    capitals = words.upper()
    return queryset.alias(search_key=search_key(field, queryset)).annotate(
        relevance=Case(
            When(search_key=capitals, then=Value(EXACT)),
            When(search_key__startswith=capitals, then=Value(PREFIX)),
            default=Value(CONTAINS),
            output_field=IntegerField(),
        )
    )


def relevance_page(queryset, words, *, field, condition, order, sort_key, offset, limit):
    """Rows offset..offset+limit of `queryset` (its other filters applied) matching `condition`,
    by relevance of `field` to `words`, then `order` (field names for order_by; `sort_key(row)`
    gives the same order in Python, to merge the three scans)."""
    matching = with_relevance(queryset.filter(condition), field, words)
    if not is_postgresql(queryset):
        return list(matching.order_by("relevance", *order)[offset : offset + limit])
    capitals = words.upper()
    end = offset + limit
    # The exact and prefix texts contain the words: no need to ask the GIN indexes for them.
    base = with_relevance(queryset, field, words)
    exact = base.filter(search_key=capitals).order_by(*order)[:end]
    prefix = base.filter(search_key__startswith=capitals).exclude(search_key=capitals).order_by(*order)[:end]
    rest = matching.exclude(search_key__startswith=capitals).order_by(*order)[:end]
    rows = sorted(exact.union(prefix, rest, all=True), key=lambda row: (row.relevance, *sort_key(row)))
    return rows[offset : offset + limit]
