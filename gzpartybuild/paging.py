"""Bounded pagination for public lists: one query per page and never a full COUNT(*).

A page fetches page_size + 1 rows to know whether there is a next page, and page
numbers stop at a cap (beyond it, visitors narrow the list with search and filters),
so even the deepest page reads a bounded number of rows. A search or a filter shows
how many rows it found with `count_results`: exact up to COUNT_CAP rows (a count that
stops there), else estimated from a sample of the table ("约 N 条").
"""

import math
from dataclasses import dataclass, field

from django.core.exceptions import EmptyResultSet
from django.db import connections

# A search or filter counts its rows exactly up to this many; beyond, the count is estimated.
COUNT_CAP = 1000
# Numbered page links shown on each side of the current page.
PAGE_WINDOW = 2


@dataclass(frozen=True)
class ResultCount:
    """How many rows a list holds: `n`, exactly or (`estimated`) as the planner estimates it."""

    n: int
    estimated: bool = False


# About how many rows an estimate reads: the share of the table's pages (PostgreSQL's TABLESAMPLE
# SYSTEM) is this many rows of its pg_class.reltuples (3 % of the organizations at 10×, 1.3 % of the
# activities, all of a table never analysed).
SAMPLE_ROWS = 2500
# Past this many times the cap, a sampled estimate is shown without counting exactly up to the cap.
CLEARLY_PAST_CAP = 3


def round_estimate(n):
    """An estimate to two significant figures (约 16,000, not 16,433)."""
    if n < 100:
        return int(n)
    digits = len(str(int(n))) - 2
    return int(round(n, -digits))


def count_results(queryset, cap=COUNT_CAP, *, sample=None):
    """How many rows `queryset` holds, in one query whatever the data: exact up to `cap`, else
    estimated (ResultCount.estimated, shown as "约 N 条").

    On PostgreSQL the query first counts the matches among a fixed sample of the table's pages,
    about SAMPLE_ROWS rows (TABLESAMPLE SYSTEM, REPEATABLE: the same pages every time, so a figure
    does not change between two visits), scaled by the table's size (pg_class.reltuples, kept by ANALYZE and
    autovacuum); the planner's own estimate for a substring was far off (2,500 for a word in
    16,556 names). Only when that estimate is below CLEARLY_PAST_CAP × cap does it count exactly,
    stopping at cap + 1 rows: that count sits in a CASE, as an init plan PostgreSQL runs only when
    its value is used. A word in most records (党 in 160,000 activities) costs the sample alone; a
    rare one, the sample and a count through its index. `sample` is the same rows as `queryset`
    with conditions cheaper to test row by row (a LIKE rather than stored n-grams), for the sample.
    Elsewhere (SQLite, the small embedded default) one plain COUNT."""
    queryset = queryset.order_by()
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        n = queryset.count()
        return ResultCount(n) if n <= cap else ResultCount(n, estimated=True)
    sample = (queryset if sample is None else sample).order_by()
    try:
        capped_sql, capped_params = queryset.values("pk")[: cap + 1].query.sql_with_params()
        sample_sql, sample_params = sample.values("pk").query.sql_with_params()
    except EmptyResultSet:  # a filter that matches nothing (e.g. a year outside every range)
        return ResultCount(0)
    table = connection.ops.quote_name(queryset.model._meta.db_table)
    percent = (
        f"(SELECT LEAST(100, {int(SAMPLE_ROWS)} * 100.0 / GREATEST(reltuples, 1))::real"
        f" FROM pg_class WHERE oid = '{table}'::regclass)"
    )
    tablesample = f"TABLESAMPLE SYSTEM ({percent}) REPEATABLE (0)"
    sampled = sample_sql.replace(f"FROM {table}", f"FROM {table} {tablesample}", 1)
    count_sql = (
        "SELECT estimate.matched, estimate.sampled, estimate.table_rows,"
        " CASE WHEN estimate.sampled = 0 OR estimate.table_rows <= 0"
        f" OR estimate.matched * estimate.table_rows < {CLEARLY_PAST_CAP * int(cap)} * estimate.sampled"
        f" THEN (SELECT COUNT(*) FROM ({capped_sql}) AS capped_rows) END"
        f" FROM (SELECT (SELECT COUNT(*) FROM ({sampled}) AS matched_rows) AS matched,"
        f" (SELECT COUNT(*) FROM {table} {tablesample}) AS sampled,"
        " (SELECT reltuples FROM pg_class WHERE oid = %s::regclass) AS table_rows"
        # OFFSET 0 keeps the estimate a subquery of its own: pulled up, each of its uses ran the sample again.
        " OFFSET 0) AS estimate"
    )
    with connection.cursor() as cursor:
        cursor.execute(count_sql, (*capped_params, *sample_params, queryset.model._meta.db_table))
        matched, sampled_rows, table_rows, capped = cursor.fetchone()
    if capped is not None and capped <= cap:
        return ResultCount(capped)
    estimate = round_estimate(matched / sampled_rows * table_rows) if sampled_rows and table_rows > 0 else 0
    return ResultCount(max(estimate, cap + 1), estimated=True)


PAGE_NUMBER_MAX_DIGITS = 6


@dataclass
class BoundedPage:
    """The part of Django's Page that includes/pagination.html uses, without a total count."""

    object_list: list
    number: int
    has_next: bool
    page_size: int
    max_pages: int
    notices: list = field(default_factory=list)
    # How many rows the whole list holds (a ResultCount), when known: numbered page links.
    total: ResultCount | None = None

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    @property
    def has_previous(self):
        return self.number > 1

    def has_other_pages(self):
        return self.has_previous or self.has_next

    @property
    def previous_page_number(self):
        return self.number - 1

    @property
    def next_page_number(self):
        return self.number + 1

    @property
    def start_index(self):
        return (self.number - 1) * self.page_size + 1

    @property
    def last_page_number(self):
        """The last page that can be reached: by the total when known, else this page or the next."""
        if self.total is None:
            return self.number + 1 if self.has_next else self.number
        return max(1, min(self.max_pages, math.ceil(self.total.n / self.page_size)))

    @property
    def page_numbers(self):
        """Page numbers to link: the first, the last and PAGE_WINDOW each side of this one
        (None marks a gap)."""
        last = max(self.last_page_number, self.number)
        shown = {1, last, *range(self.number - PAGE_WINDOW, self.number + PAGE_WINDOW + 1)}
        numbers, previous = [], 0
        for number in sorted(n for n in shown if 1 <= n <= last):
            if number > previous + 1:
                numbers.append(None)
            numbers.append(number)
            previous = number
        return numbers

    @property
    def is_past_end(self):
        """A page number within the cap but after the last row."""
        return self.number > 1 and not self.object_list


def parse_page_number(raw, max_pages):
    """(page number, notice or None) for the raw ?page= value."""
    if raw is None or raw == "":
        return 1, None
    text = raw.strip()
    if not (text.isascii() and text.isdigit() and len(text) <= PAGE_NUMBER_MAX_DIGITS) or int(text) < 1:
        shown = raw[:20] + ("…" if len(raw) > 20 else "")
        return 1, f"页码“{shown}”无效，已显示第 1 页。"
    number = int(text)
    if number > max_pages:
        return 1, f"最多可浏览前 {max_pages} 页，已显示第 1 页；请用搜索或筛选条件缩小范围。"
    return number, None


def paginate(queryset, raw_page, *, page_size, max_pages=50, total=None, rows=None):
    """Evaluate one page of `queryset` (already ordered) in a single query.

    `total` (a ResultCount) numbers the page links; `rows(offset, limit)`, when given,
    fetches the page's rows instead of slicing `queryset` (a relevance-ordered search)."""
    number, notice = parse_page_number(raw_page, max_pages)
    offset = (number - 1) * page_size
    fetched = rows(offset, page_size + 1) if rows else list(queryset[offset : offset + page_size + 1])
    page = BoundedPage(
        object_list=fetched[:page_size],
        number=number,
        has_next=len(fetched) > page_size and number < max_pages,
        page_size=page_size,
        max_pages=max_pages,
        total=total,
    )
    if notice:
        page.notices.append(notice)
    if page.is_past_end:
        page.notices.append(f"第 {number} 页没有内容。")
    return page
