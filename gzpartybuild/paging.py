"""Bounded pagination for public lists: one query per page and never a COUNT(*).

A page fetches page_size + 1 rows to know whether there is a next page, and page
numbers stop at a cap (beyond it, visitors narrow the list with search and filters),
so even the deepest page reads a bounded number of rows.
"""

from dataclasses import dataclass, field

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


def paginate(queryset, raw_page, *, page_size, max_pages=50):
    """Evaluate one page of `queryset` (already ordered) in a single query."""
    number, notice = parse_page_number(raw_page, max_pages)
    offset = (number - 1) * page_size
    rows = list(queryset[offset : offset + page_size + 1])
    page = BoundedPage(
        object_list=rows[:page_size],
        number=number,
        has_next=len(rows) > page_size and number < max_pages,
        page_size=page_size,
        max_pages=max_pages,
    )
    if notice:
        page.notices.append(notice)
    if page.is_past_end:
        page.notices.append(f"第 {number} 页没有内容。")
    return page
