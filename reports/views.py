"""Staff reports under /admin/reports/: filterable, printable, downloadable as .xlsx.

Each view validates its filters with a form (a bad value re-renders the page with the
Chinese message and no figures), computes with `queries` (fixed query count), then
renders an admin-styled page or, with `?format=xlsx`, the same table as a workbook.
"""

from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts import audit
from gzpartybuild.templatetags.formats import percent
from organizations.models import SocialOrganization
from spreadsheets.files import spreadsheet_response

from . import forms, queries

PAGE_ROWS = 500


def _wants_xlsx(request):
    return request.GET.get("format") == "xlsx"


def _download_query(request):
    query = request.GET.copy()
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
    rows, total = queries.coverage_by_district(**form.cleaned_data)
    if _wants_xlsx(request):
        return _xlsx(request, "两个覆盖", COVERAGE_HEADERS, [_coverage_cells(row) for row in [*rows, total]])
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
    counts = queries.risk_counts(at_risk)
    at_risk_rows = list(at_risk[:PAGE_ROWS])
    inactive_rows = list(inactive[: PAGE_ROWS + 1])
    return _render(
        request,
        "reports/risk.html",
        RISK_TITLE,
        form,
        counts=counts,
        at_risk=at_risk_rows,
        inactive=inactive_rows[:PAGE_ROWS],
        inactive_more=len(inactive_rows) > PAGE_ROWS,
        since=timezone.localtime(since).date(),
        as_of=data["as_of"],
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
    rows, total = queries.star_distribution(**form.cleaned_data)
    if _wants_xlsx(request):
        return _xlsx(request, "评星定级", STARS_HEADERS, [_star_cells(row) for row in [*rows, total]])
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
    rows, total = queries.activity_totals(queryset, group_by=group_by, limit=PAGE_ROWS + 1)
    return _render(
        request,
        "reports/activities.html",
        ACTIVITIES_TITLE,
        form,
        headers=_activity_headers(group_by),
        rows=[_activity_cells(row, group_by) for row in rows[:PAGE_ROWS]],
        more=len(rows) > PAGE_ROWS,
        total=_activity_cells(total, group_by),
        incomplete=total.incomplete,
        group_by=group_by,
        text_columns=2 if group_by == "organization" else 1,
        page_rows=PAGE_ROWS,
    )
