"""Staff reports under /admin/reports/: filterable, printable, downloadable as .xlsx.

Each view validates its filters with a form (a bad value re-renders the page with the
Chinese message and no figures), computes with `queries` (fixed query count), then
renders an admin-styled page or, with `?format=xlsx`, the same table as a workbook.

On screen a long list is cut into numbered pages of PAGE_ROWS rows (the download holds
every row), and what a page shows is cached (gzpartybuild.caching.cached_value) until a
record it reads changes: a report over 200,000 activities is computed once per change,
not on every visit. A report of published activities only reads the public versions, so
secretaries saving drafts leave it cached.
"""

from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts import audit
from activities.models import Activity
from gzpartybuild.caching import cached_value
from gzpartybuild.paging import ResultCount, paginate
from gzpartybuild.templatetags.formats import percent
from organizations.models import SocialOrganization
from partybranches.models import PartyOrganization, StarRating
from spreadsheets.files import spreadsheet_response

from . import forms, queries

# Rows of a list on one screen page; the .xlsx download holds them all.
PAGE_ROWS = 50
# Page numbers a list can be opened at (100,000 rows); past that, narrow it with the filters.
MAX_PAGES = 1000
# The request parameters that choose a page, never part of what a page's cache key filters on.
PAGE_PARAMETERS = ("page", "inactive_page", "format")
# What the reports read: a change to any of these records recomputes them.
ORGANIZATION_MODELS = (SocialOrganization, PartyOrganization)


def _filters_key(request):
    """The request's filters (not its page), as part of a cache key."""
    query = request.GET.copy()
    for name in PAGE_PARAMETERS:
        query.pop(name, None)
    return "&".join(f"{name}={value}" for name, value in sorted(query.lists()))


def _page_links(request, page, parameter):
    """(number, query string, current) for each numbered page link; None marks a gap."""
    links = []
    for number in page.page_numbers:
        if number is None:
            links.append(None)
            continue
        query = request.GET.copy()
        query.pop("format", None)
        query[parameter] = number
        links.append((number, "?" + query.urlencode(), number == page.number))
    return links


def _paged(request, parameter, total, rows):
    """One page of a report list: `rows(offset, limit)` fetches it; `total` numbers the links."""
    page = paginate(
        None,
        request.GET.get(parameter),
        page_size=PAGE_ROWS,
        max_pages=MAX_PAGES,
        total=ResultCount(total),
        rows=rows,
    )
    page.links = _page_links(request, page, parameter)
    page.end_index = page.start_index + len(page.object_list) - 1
    return page


def _wants_xlsx(request):
    return request.GET.get("format") == "xlsx"


def _download_query(request):
    query = request.GET.copy()
    for name in PAGE_PARAMETERS:
        query.pop(name, None)
    query["format"] = "xlsx"
    return query.urlencode()


def _render(request, template, title, form, **context):
    return TemplateResponse(
        request,
        template,
        {
            **admin.site.each_context(request),
            "title": title,
            "form": form,
            "download_query": _download_query(request),
            "generated_at": timezone.localtime(),
            **context,
        },
    )


def _xlsx(request, title, headers, rows):
    audit.record("export", request=request, obj=title, detail=request.GET.urlencode())
    return spreadsheet_response("xlsx", headers, rows, filename=f"{title}-{timezone.localdate():%Y%m%d}", title=title)


def _percent(value):
    """A rate as the pages show it (the same filter), "—" when there is nothing to divide by."""
    return "—" if value is None else percent(value)


@staff_member_required
@require_GET
def index(request):
    return TemplateResponse(request, "reports/index.html", {**admin.site.each_context(request), "title": "统计报表"})


# ---------------------------------------------------------------- 两个覆盖

COVERAGE_TITLE = "“两个覆盖”情况（按区）"
COVERAGE_HEADERS = [
    "区",
    "社会组织数",
    "已覆盖",
    "其中：单独组建",
    "联合组建",
    "行业覆盖",
    "覆盖率",
    "党建写入章程",
    "写入章程比例",
    "党组织数",
    "书记“一肩挑”",
    "“一肩挑”比例",
]


def _coverage_cells(row):
    return [
        row.label,
        row.organizations,
        row.covered,
        row.alone,
        row.joint,
        row.industry,
        _percent(row.coverage_rate),
        row.charter,
        _percent(row.charter_rate),
        row.party_organizations,
        row.one_shoulder,
        _percent(row.one_shoulder_rate),
    ]


@staff_member_required
@require_GET
def coverage(request):
    form = forms.CoverageFilterForm(request.GET)
    if not form.is_valid():
        return _render(request, "reports/coverage.html", COVERAGE_TITLE, form)
    if _wants_xlsx(request):
        rows, total = queries.coverage_by_district(**form.cleaned_data)
        return _xlsx(request, "两个覆盖", COVERAGE_HEADERS, [_coverage_cells(row) for row in [*rows, total]])
    rows, total = cached_value(
        f"report-coverage:{_filters_key(request)}",
        lambda: queries.coverage_by_district(**form.cleaned_data),
        models=ORGANIZATION_MODELS,
    )
    return _render(
        request, "reports/coverage.html", COVERAGE_TITLE, form, rows=rows, total=total, headers=COVERAGE_HEADERS
    )


# ---------------------------------------------------------------- risk list

RISK_TITLE = "党组织组建风险名单"
RISK_HEADERS = ["名称", "统一社会信用代码", "所在区", "组织类型", "正式党员数", "党组织情况"]
INACTIVE_HEADERS = ["名称", "统一社会信用代码", "所在区", "组织类型", "最近一次已发布活动"]


def _risk_cells(organization):
    situation = "仅被联合组建或行业覆盖" if organization.has_any else "未建立任何党组织"
    return [
        organization.name,
        organization.credit_code,
        organization.get_district_display(),
        organization.get_org_type_display(),
        organization.party_member_count,
        situation,
    ]


def _inactive_cells(organization):
    last = organization.last_activity
    return [
        organization.name,
        organization.credit_code,
        organization.get_district_display(),
        organization.get_org_type_display(),
        timezone.localtime(last).date() if last else "无",
    ]


@staff_member_required
@require_GET
def risk(request):
    form = forms.RiskFilterForm(request.GET)
    context = {
        "threshold": SocialOrganization.OWN_PARTY_ORG_THRESHOLD,
        "inactivity_months": queries.INACTIVITY_MONTHS,
        "page_rows": PAGE_ROWS,
    }
    if not form.is_valid():
        return _render(request, "reports/risk.html", RISK_TITLE, form, **context)
    data = form.cleaned_data
    at_risk = queries.organizations_without_own_party_organization(
        district=data["district"], org_type=data["org_type"], situation=data["situation"]
    )
    inactive = queries.inactive_organizations(as_of=data["as_of"], district=data["district"], org_type=data["org_type"])
    since, until = queries.inactivity_window(data["as_of"])
    if _wants_xlsx(request):
        audit.record("export", request=request, obj=RISK_TITLE, detail=request.GET.urlencode())
        return spreadsheet_response(
            "xlsx",
            RISK_HEADERS,
            [_risk_cells(organization) for organization in at_risk],
            filename=f"风险名单-{timezone.localdate():%Y%m%d}",
            title="应建未建党组织",
            extra_sheets=[("活动异常名录", INACTIVE_HEADERS, [_inactive_cells(org) for org in inactive])],
        )
    key = _filters_key(request)
    counts, inactive_total = cached_value(
        f"report-risk-counts:{key}",
        lambda: (queries.risk_counts(at_risk), inactive.count()),
        models=(*ORGANIZATION_MODELS, Activity),
    )
    at_risk_page = _paged(
        request,
        "page",
        counts["total"],
        lambda offset, limit: cached_value(
            f"report-risk:{key}:{offset}",
            lambda: list(at_risk[offset : offset + limit]),
            models=ORGANIZATION_MODELS,
        ),
    )
    inactive_page = _paged(
        request,
        "inactive_page",
        inactive_total,
        lambda offset, limit: cached_value(
            f"report-inactive:{key}:{offset}",
            lambda: list(inactive[offset : offset + limit]),
            models=(*ORGANIZATION_MODELS, Activity),
        ),
    )
    return _render(
        request,
        "reports/risk.html",
        RISK_TITLE,
        form,
        counts=counts,
        at_risk=at_risk_page.object_list,
        at_risk_page=at_risk_page,
        inactive=inactive_page.object_list,
        inactive_page=inactive_page,
        inactive_total=inactive_total,
        since=timezone.localtime(since).date(),
        as_of=data["as_of"],
        notices=at_risk_page.notices + inactive_page.notices,
        **context,
    )


# ---------------------------------------------------------------- stars

STARS_TITLE = "评星定级分布（按年度）"
STARS_HEADERS = ["年度", "一星", "二星", "三星", "四星", "五星", "合计", "平均星级"]


def _star_cells(row):
    return [row.year or "合计", *row.by_stars, row.total, row.average if row.average is not None else "—"]


@staff_member_required
@require_GET
def stars(request):
    form = forms.StarFilterForm(request.GET)
    if not form.is_valid():
        return _render(request, "reports/stars.html", STARS_TITLE, form)
    if _wants_xlsx(request):
        rows, total = queries.star_distribution(**form.cleaned_data)
        return _xlsx(request, "评星定级", STARS_HEADERS, [_star_cells(row) for row in [*rows, total]])
    rows, total = cached_value(
        f"report-stars:{_filters_key(request)}",
        lambda: queries.star_distribution(**form.cleaned_data),
        models=(PartyOrganization, StarRating),
    )
    return _render(request, "reports/stars.html", STARS_TITLE, form, rows=rows, total=total, headers=STARS_HEADERS)


# ---------------------------------------------------------------- activities

ACTIVITIES_TITLE = "活动与服务统计"
ACTIVITY_FIGURES = [
    "活动数",
    "参与党员（人次）",
    "志愿者（人次）",
    "服务时长（小时）",
    "学时（小时）",
    "服务群众（人次）",
    "投入资金（元）",
]


def _activity_headers(group_by):
    headers = [queries.GROUP_BY[group_by]]
    if group_by == "organization":
        headers.append("统一社会信用代码")
    return headers + ACTIVITY_FIGURES


def _activity_cells(row, group_by):
    cells = [row.label]
    if group_by == "organization":
        cells.append(row.code)
    return cells + [
        row.activities,
        row.known("party_members"),
        row.known("volunteers"),
        row.known("service_hours"),
        row.known("study_hours"),
        row.known("people_served"),
        row.known("funds"),
    ]


@staff_member_required
@require_GET
def activities(request):
    form = forms.ActivityFilterForm(request.GET)
    if not form.is_valid():
        return _render(request, "reports/activities.html", ACTIVITIES_TITLE, form)
    data = dict(form.cleaned_data)
    group_by = data.pop("group_by")
    queryset = queries.filtered_activities(**data)
    if _wants_xlsx(request):
        rows, total = queries.activity_totals(queryset, group_by=group_by)
        return _xlsx(
            request,
            "活动统计",
            _activity_headers(group_by),
            [_activity_cells(row, group_by) for row in [*rows, total]],
        )
    # Published activities only: the public versions (a draft saved leaves the report cached).
    published_only = data["state"] == queries.STATE_PUBLISHED
    if published_only:
        versions = {"models": ORGANIZATION_MODELS, "public_models": (Activity,)}
    else:
        versions = {"models": (*ORGANIZATION_MODELS, Activity)}
    key = _filters_key(request)
    if group_by in queries.SHORT_GROUPINGS or group_by in queries.CO_ORGANIZED_GROUPINGS:
        # A few dozen rows at most (or rows merged from organizers and co-organizers, which are
        # counted only by merging them all): every row at once, cached, the page cut from them.
        total, every_row = cached_value(
            f"report-activities:{key}",
            lambda: (
                queries.activity_total(queryset),
                [row.packed() for row in queries.activity_groups(queryset, group_by=group_by)],
            ),
            **versions,
        )
        groups = len(every_row)

        def rows(offset, limit):
            return [queries.ActivityRow.unpacked(row) for row in every_row[offset : offset + limit]]

    else:
        total, groups = cached_value(
            f"report-activities-total:{key}",
            lambda: (queries.activity_total(queryset), queries.activity_group_count(queryset, group_by=group_by)),
            **versions,
        )

        def rows(offset, limit):
            return cached_value(
                f"report-activities:{key}:{offset}",
                lambda: queries.activity_groups(queryset, group_by=group_by, offset=offset, limit=limit),
                **versions,
            )

    page = _paged(request, "page", groups, rows)
    return _render(
        request,
        "reports/activities.html",
        ACTIVITIES_TITLE,
        form,
        headers=_activity_headers(group_by),
        rows=[_activity_cells(row, group_by) for row in page.object_list],
        page_obj=page,
        total=_activity_cells(total, group_by),
        incomplete=total.incomplete,
        group_by=group_by,
        text_columns=2 if group_by == "organization" else 1,
        page_rows=PAGE_ROWS,
        notices=page.notices,
    )
