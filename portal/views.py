import logging

from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from activities import figures as activity_figures_module
from activities.models import Activity
from gzpartybuild.caching import cached_public_page
from operations import replica
from organizations import figures as organization_figures_module
from partybranches import figures as party_figures_module
from partybranches.models import Milestone
from sourcedfigures.figures import published_statistics
from towns.models import CharacteristicTown

from .charts import bars
from .models import Announcement

health_logger = logging.getLogger("gzpartybuild.health")

HOME_ACTIVITIES = 6
HOME_TOWNS = 3
HOME_ANNOUNCEMENTS = 5
HALL_ACTIVITIES = 12
CHRONICLE_MAX = 200


# The three halls of the 云展馆, after the article's chain 红种子 → 红树苗 → 红树林.
HALLS = {
    Activity.Hall.SEED.value: {
        "slug": Activity.Hall.SEED.value,
        "name": Activity.Hall.SEED.label,
        "title": "孵化党建“红种子”",
        "theme": "组织建设和思想武装“两手抓”",
        "intro": (
            "推动党建与登记管理业务“全程同步关联”，将加强党的建设纳入社会组织章程；"
            "推动单独组建、联合组建、行业覆盖，做到“应建尽建、应联尽联、应纳尽纳”；"
            "举办社会组织学习大讲堂、党建示范培训班、党性培训班和“党务知识课堂”。"
        ),
    },
    Activity.Hall.SAPLING.value: {
        "slug": Activity.Hall.SAPLING.value,
        "name": Activity.Hall.SAPLING.label,
        "title": "培育党建“红树苗”",
        "theme": "加强人才队伍建设，完善考评机制",
        "intro": (
            "择优配强社会组织党组织书记，选派第一书记和党建指导员；深入开展“三亮三树”活动；"
            "发布年度“红苗计划”培训课程，将学习培训、发挥作用纳入党组织和党员评星定级；"
            "打造省、市党建工作示范点（基地），推动红联共建和党建牵手。"
        ),
    },
    Activity.Hall.FOREST.value: {
        "slug": Activity.Hall.FOREST.value,
        "name": Activity.Hall.FOREST.label,
        "title": "植造党建“红树林”",
        "theme": "贡献社会治理的社会组织力量",
        "intro": (
            "社会组织“红树苗”连点成片，长成枝繁叶茂的“红树林”，为疫情防控、脱贫攻坚、"
            "基层治理贡献社会组织力量：开展“千社扶百村”，参与社区治理，组织党员志愿服务。"
        ),
    },
}


def _figure(label, value, unit="", fmt="num", url=None):
    """One figure tile: fmt picks the template filter (num, hours, yuan, percent)."""
    return {"label": label, "value": value, "unit": unit, "fmt": fmt, "url": url}


def _headline():
    organizations = organization_figures_module.organization_figures()
    party = party_figures_module.party_organization_figures()
    activities = activity_figures_module.activity_figures()
    pairings = activity_figures_module.pairing_figures()
    by_type = [_figure(row["label"], row["value"], "个") for row in organizations["by_type"]]
    return {
        "organizations": organizations,
        "by_type": by_type,
        "tiles": [
            _figure("社会组织党组织", party["total"], "个"),
            _figure("党员", party["members"], "名"),
            _figure("结对共建", pairings["total"], "对", url=reverse("pairings:list")),
            _figure("已发布活动", activities["total"], "场", url=reverse("activities:list")),
            _figure("志愿者", activities["volunteers"], "人次"),
            _figure("服务时长", activities["service_minutes"], "小时", fmt="hours"),
            _figure("服务群众", activities["people_served"], "人次"),
            _figure("投入资金", activities["funds"], fmt="yuan"),
        ],
    }


@cached_public_page
def home(request):
    activities = Activity.objects.published().for_gallery()[:HOME_ACTIVITIES]
    towns = CharacteristicTown.objects.published().filter(is_featured=True).for_list()[:HOME_TOWNS]
    announcements = Announcement.objects.published().for_list().only("pk", "title", "issuer", "published_on")
    return render(
        request,
        "portal/home.html",
        {
            "headline": _headline(),
            "activities": activities,
            "towns": towns,
            "halls": HALLS,
            "announcements": announcements[:HOME_ANNOUNCEMENTS],
        },
    )


def _hall_figures(hall):
    if hall == Activity.Hall.SEED:
        party = party_figures_module.party_organization_figures()
        organizations = organization_figures_module.organization_figures()
        activities = activity_figures_module.activity_figures()["count"]
        return [
            _figure("社会组织党组织", party["total"], "个"),
            *(_figure(row["label"], row["value"], "个") for row in party["by_formation"]),
            _figure("书记与负责人“一肩挑”", party["secretary_is_head"], "个"),
            _figure("双向进入、交叉任职", party["cross_appointment"], "个"),
            _figure("党建写入章程的社会组织", organizations["charter"], "个"),
            _figure("党组织覆盖率", organizations["coverage_percent"], fmt="percent", url=reverse("stats")),
            _figure("学习培训活动", activities.get(Activity.Kind.STUDY, 0), "场"),
            _figure("主题党日活动", activities.get(Activity.Kind.PARTY_DAY, 0), "场"),
        ]
    if hall == Activity.Hall.SAPLING:
        party = party_figures_module.party_organization_figures()
        demonstration = party_figures_module.demonstration_figures()
        pairings = activity_figures_module.pairing_figures()["count"]
        stars = party_figures_module.star_figures()["latest"]
        tiles = [
            _figure("党员", party["members"], "名"),
            _figure("配备第一书记的党组织", party["first_secretaries"], "个"),
            _figure("配备党建指导员的党组织", party["instructors"], "个"),
            _figure(
                "省、市党建示范点（基地）",
                demonstration["total"],
                "个",
                url=reverse("partybranches:demonstration"),
            ),
            _figure("红联共建", pairings.get("red_alliance", 0), "对", url=reverse("pairings:list")),
            _figure("党建牵手", pairings.get("mentoring", 0), "对", url=reverse("pairings:list") + "?kind=mentoring"),
        ]
        if stars:
            tiles.append(_figure(f"{stars['year']}年参加评星定级的党组织", stars["total"], "个", url=reverse("stats")))
            tiles.append(_figure(f"{stars['year']}年五星党组织", stars["stars"][0]["value"], "个"))
        return tiles
    activities = activity_figures_module.activity_figures()
    village_aid = activity_figures_module.village_aid_figures()
    counts = activities["count"]
    return [
        _figure("疫情防控活动", counts.get(Activity.Kind.EPIDEMIC, 0), "场"),
        _figure("帮扶项目活动", counts.get(Activity.Kind.ASSISTANCE, 0), "场"),
        _figure("基层治理活动", counts.get(Activity.Kind.GOVERNANCE, 0), "场"),
        _figure("志愿者", activities["volunteers"], "人次"),
        _figure("服务时长", activities["service_minutes"], "小时", fmt="hours"),
        _figure("服务群众", activities["people_served"], "人次"),
        _figure("“千社扶百村”帮扶村（社区）", village_aid["villages"], "个", url=reverse("pairings:list")),
        _figure("“千社扶百村”帮扶项目", village_aid["projects"], "个"),
        _figure("“千社扶百村”帮扶资金", village_aid["funds"], fmt="yuan"),
    ]


@cached_public_page
def exhibition(request):
    party = party_figures_module.party_organization_figures()
    demonstration = party_figures_module.demonstration_figures()
    activities = activity_figures_module.activity_figures()
    cards = [
        {**HALLS["seed"], "figure": _figure("社会组织党组织", party["total"], "个")},
        {**HALLS["sapling"], "figure": _figure("省、市党建示范点（基地）", demonstration["total"], "个")},
        {**HALLS["forest"], "figure": _figure("志愿服务时长", activities["service_minutes"], "小时", fmt="hours")},
    ]
    milestones = Milestone.objects.order_by("date", "pk")[:CHRONICLE_MAX]
    return render(request, "portal/exhibition/index.html", {"halls": cards, "milestones": milestones})


@cached_public_page
def exhibition_hall(request, hall):
    if hall not in HALLS:
        raise Http404("没有这个展厅")
    featured = Activity.objects.published().filter(featured_hall=hall).for_gallery()[:HALL_ACTIVITIES]
    return render(
        request,
        "portal/exhibition/hall.html",
        {
            "hall": HALLS[hall],
            "halls": HALLS.values(),
            "tiles": _hall_figures(hall),
            "activities": featured,
        },
    )


@cached_public_page
def stats(request):
    organizations = organization_figures_module.organization_figures()
    party = party_figures_module.party_organization_figures()
    months = activity_figures_module.activity_months()
    stars = party_figures_module.star_figures()
    by_year = party["by_year"]
    coverage = organizations["coverage"]
    pairings = activity_figures_module.pairing_figures()
    context = {
        "organizations": organizations,
        "party": party,
        "growth": party_figures_module.plan_period_growth(party),
        "instructors": party_figures_module.instructor_count(),
        "pairing_holders": pairings["holders"],
        "pairing_partners": pairings["partners"],
        "statistics": published_statistics(),
        "months": months,
        "stars": stars,
        "charts": {
            "party_by_year": bars(by_year, value="total"),
            "members_by_year": bars(by_year, value="members"),
            "by_type": bars(organizations["by_type"]),
            "by_district": bars(organizations["by_district"]),
            "coverage": bars(coverage, value="percent", scale=100),
            "months": bars(months),
            "stars": bars(stars["latest"]["stars"]) if stars["latest"] else [],
        },
    }
    return render(request, "portal/stats.html", context)


@never_cache
@require_safe
def healthz(request):
    """200 after a round trip to the database, 503 when it cannot be reached.

    With a read replica (DATABASE_REPLICA_URL) the answer also says whether the public reads
    use it: "replica": "ok", or "unreachable" / "lagging" with "status": "degraded" (still
    200: the primary serves every read meanwhile). The answer says nothing more than that:
    the cause goes to the log, not to the caller.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        health_logger.exception("Health check: database unreachable")
        return JsonResponse({"status": "unavailable"}, status=503)
    if not replica.configured():
        return JsonResponse({"status": "ok"})
    replica_status = replica.state.current(force=True).status()
    if replica_status != "ok":
        health_logger.warning("Health check: replica %s, public reads go to the primary", replica_status)
    return JsonResponse({"status": "ok" if replica_status == "ok" else "degraded", "replica": replica_status})


@require_safe
def favicon(request):
    """Browsers ask for /favicon.ico on pages that name no icon (the admin's): send them to the site's icon."""
    return redirect(static("img/favicon.svg"))
