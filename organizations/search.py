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
  and prefix ones on a btree over `UPPER(text) COLLATE "C"`; the rest are the texts that
  contain the words after their first character (their own GIN indexes, as the directory's
  name tail), read in the list's order until the page is full for a word inside most texts,
  found and sorted for a rarer one. No query ranks every match of a frequent word.

On SQLite one query ranks every match (a plain LIKE scan; the embedded default is small).
"""

import datetime

from django.contrib.postgres.fields.array import ArrayContains
from django.db import connections
from django.db.models import BooleanField, Case, F, Func, IntegerField, Q, Subquery, TextField, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Collate, StrIndex, Upper

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
    """The condition "`field` contains `words`, in any case". On PostgreSQL a search of one or two
    characters asks the stored n-grams (`ngram_column`) alone: a text contains such words exactly
    when they are one of its n-grams, and their GIN index answers."""
    if len(words) <= SHORT_SEARCH_MAX_LENGTH and is_postgresql(queryset):
        return Q(ArrayContains(StoredNgrams(ngram_column), ArrayOf(Value(words.upper()))))
    return Q(**{f"{field}__icontains": words})


def tail_contains(queryset, capitals_expression, words, tail_ngram_column):
    """`queryset` with the condition "the text (`capitals_expression`: in capitals) contains `words`
    after its first character, and does not start with them" (PostgreSQL): the rest of the relevance order. The
    tail's stored n-grams find the candidates (the words themselves for one or two characters,
    else every two-character sequence of them: their GIN index, and their statistics tell
    PostgreSQL how many there are, so that a word in most texts is read in the list's order; a
    trigram `LIKE` was misjudged at 19 rows for 186,899 (广州市)), and the words' first position
    in the text, past the first character, checks them. A `LIKE` over the text cost about 7 µs a
    text read (multibyte matching), the position under 1 µs."""
    capitals = words.upper()
    if len(words) <= SHORT_SEARCH_MAX_LENGTH:
        grams = [capitals]
    else:
        grams = sorted({capitals[i : i + 2] for i in range(len(capitals) - 1)})
    condition = Q(ArrayContains(StoredNgrams(tail_ngram_column), ArrayOf(*(Value(gram) for gram in grams))))
    # `search_at` (the words' position) alone is the condition without an index (ordered_rest's walk).
    return queryset.alias(search_at=StrIndex(capitals_expression, Value(capitals))), condition & Q(search_at__gt=1)


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


def _keyed(queryset, field, relevance):
    """`queryset` with the search key of `field` (an alias) and a constant `relevance`."""
    return queryset.alias(search_key=search_key(field, queryset)).annotate(
        relevance=Value(relevance, output_field=IntegerField())
    )


def relevance_page(queryset, words, *, field, condition, tail, order, sort_key, offset, limit):
    """Rows offset..offset+limit of `queryset` (its other filters applied) matching `condition`,
    by relevance of `field` to `words`, then `order` (field names for order_by; `sort_key(row)`
    gives the same order in Python, to merge the three scans). `tail` is (expression, n-gram
    column) of the searched text for tail_contains()."""
    if not is_postgresql(queryset):
        matching = with_relevance(queryset.filter(condition), field, words)
        return list(matching.order_by("relevance", *order)[offset : offset + limit])
    capitals = words.upper()
    end = offset + limit
    # The exact and prefix texts contain the words: no need to ask the GIN indexes for them.
    # The prefix is written as a range of the btree alone (texts from the words up to the words
    # followed by the last code point), which PostgreSQL estimates from the key's statistics; a
    # LIKE 'Q%' beside it was counted as a second, independent condition (a sixth of the estimate).
    # Each scan's relevance is known: a constant, not a CASE computed for every row it reads.
    exact = _keyed(queryset, field, EXACT).filter(search_key=capitals).order_by(*order)[:end]
    prefix = (
        _keyed(queryset, field, PREFIX)
        .filter(search_key__gte=capitals, search_key__lt=capitals + "\U0010ffff")
        .exclude(search_key=capitals)
        .order_by(*order)[:end]
    )
    # The rest contain the words after their first character: for a word that starts most texts
    # they are few and found through the tail's indexes; for a word inside most texts PostgreSQL
    # estimates many and reads the list's order until the page is full.
    tailed, rest_condition = tail_contains(queryset, Upper(tail[0]), words, tail[1])
    walk, beyond = ordered_rest(
        _keyed(tailed, field, CONTAINS), rest_condition, order, end, walk_condition=Q(search_at__gt=1)
    )
    union = exact.union(prefix, walk, beyond, all=True)
    rows = sorted(distinct_rows(union), key=lambda row: (row.relevance, *sort_key(row)))
    return rows[offset : offset + limit]


# How many rows of a list's order the rest of a search reads before it stops trusting the order.
WALK_ROWS = 1000

# Values past either end of an order, for a list shorter than WALK_ROWS.
_ENDS = {
    "DateTimeField": (
        datetime.datetime(1, 1, 2, tzinfo=datetime.UTC),
        datetime.datetime(9999, 12, 30, tzinfo=datetime.UTC),
    ),
    "CharField": ("", "\U0010ffff"),
    "TextField": ("", "\U0010ffff"),
}
# The same order, written so that no index provides it (PostgreSQL then finds the matches and sorts them).
_UNINDEXED = {
    "DateTimeField": "(%(expressions)s + INTERVAL '0 seconds')",
    "CharField": "(%(expressions)s || '')",
    "TextField": "(%(expressions)s || '')",
}


def ordered_rest(pool, condition, order, end, sort_expression=None, walk_condition=None):
    """Two querysets, `walk` and `sorted_matches`, whose rows together hold the first `end` rows
    of `pool` matching `condition` in `order` (PostgreSQL; UNION ALL them, drop the duplicates by
    primary key, then sort and cut in Python: see distinct_rows).

    Reading the list in its order until `end` matches are found is the fast plan for a word in
    many records, and PostgreSQL picks it when it estimates many matches; but it assumes the
    matches are spread evenly. They are not when the words are part of a common beginning: the
    8,385 names containing 越秀 all start 广州市越秀区, past two thirds of the names in name
    order, and the walk read 65,000 names (150–250 ms at 10×) to find 21. So `walk` reads at most
    the first WALK_ROWS records of the order (its bound is the order's WALK_ROWS-th value, read
    from its index), and `sorted_matches`, every match found through its indexes and sorted, runs
    only when the walk did not fill the page: a gate on the walk's count that PostgreSQL
    evaluates once, before scanning (a "One-Time Filter"). One query whatever the words; at worst
    it reads WALK_ROWS records of the order and sorts the matches. `sort_expression`, when given,
    is the first field of `order` as a stored column without an index (ascending), to sort by.
    `walk_condition`, when given, is `condition` without its indexed part, for the walk: with the
    n-grams in it, PostgreSQL guessed a word of three characters rare (it multiplies the pairs'
    frequencies) and read all its candidates through their index, in the walk and again in the
    gate (8,977 for 建牵手, 30 ms each), instead of the first WALK_ROWS records in order."""
    name = order[0].lstrip("-")
    descending = order[0].startswith("-")
    field_type = pool.query.resolve_ref(name).output_field
    low, high = _ENDS[field_type.get_internal_type()]
    last_of_walk = pool.annotate(walk_bound=F(name)).order_by(order[0]).values("walk_bound")[WALK_ROWS - 1 : WALK_ROWS]
    # No WALK_ROWS-th record: the walk covers the whole list.
    bound = Coalesce(Subquery(last_of_walk), Value(low if descending else high), output_field=field_type)
    matching = pool.filter(condition)
    walked = pool.filter(walk_condition) if walk_condition is not None else matching
    walk = walked.filter(**{f"{name}__{'gte' if descending else 'lte'}": bound}).order_by(*order)[:end]
    walk_sql, walk_params = walk.values("pk").query.sql_with_params()
    walk_fell_short = RawSQL(
        f"(SELECT COUNT(*) FROM ({walk_sql}) AS walked) < %s", (*walk_params, end), output_field=BooleanField()
    )
    # Sorted without the order's index: PostgreSQL then finds the matches through theirs.
    unindexed = sort_expression or Func(
        F(name), template=_UNINDEXED[field_type.get_internal_type()], output_field=field_type
    )
    sorted_matches = matching.filter(walk_fell_short).order_by(
        unindexed.desc() if descending else unindexed.asc(), *order[1:]
    )[:end]
    return walk, sorted_matches


def distinct_rows(rows):
    """`rows` without repeats of a primary key (a walk's rows are also among the sorted matches)."""
    unique = {}
    for row in rows:
        unique.setdefault(row.pk, row)
    return list(unique.values())
