"""The live figure of an exhibit: computed from records by the same figure functions as every
other public page (each cached until a record it reads changes), never typed in."""

from activities import figures as activity_figures
from activities.models import Activity
from organizations import figures as organization_figures
from partybranches import figures as party_figures

from .models import Exhibit

Figure = Exhibit.Figure


def _party(key):
    return lambda: party_figures.party_organization_figures()[key]


def _organizations(key):
    return lambda: organization_figures.organization_figures()[key]


def _activity_count(kind):
    return lambda: activity_figures.activity_figures()["count"].get(kind, 0)


def _pairings(kind):
    return lambda: activity_figures.pairing_figures()["count"].get(kind, 0)


# figure -> (how to compute it, unit, format of figure_value.html)
FIGURES = {
    Figure.PARTY_ORGANIZATIONS: (_party("total"), "个", "num"),
    Figure.PARTY_MEMBERS: (_party("members"), "名", "num"),
    Figure.ORGANIZATIONS: (_organizations("total"), "个", "num"),
    Figure.CHARTER: (_organizations("charter"), "个", "num"),
    Figure.COVERAGE: (_organizations("coverage_percent"), "", "percent"),
    Figure.SECRETARY_IS_HEAD: (_party("secretary_is_head"), "个", "num"),
    Figure.CROSS_APPOINTMENT: (_party("cross_appointment"), "个", "num"),
    Figure.STUDY: (_activity_count(Activity.Kind.STUDY), "场", "num"),
    Figure.FIRST_SECRETARIES: (_party("first_secretaries"), "个", "num"),
    Figure.INSTRUCTORS: (_party("instructors"), "个", "num"),
    Figure.DEMONSTRATION: (lambda: party_figures.demonstration_figures()["total"], "个", "num"),
    Figure.RED_ALLIANCE: (_pairings("red_alliance"), "对", "num"),
    Figure.MENTORING: (_pairings("mentoring"), "对", "num"),
    Figure.EPIDEMIC: (_activity_count(Activity.Kind.EPIDEMIC), "场", "num"),
    Figure.VILLAGE_AID_VILLAGES: (lambda: activity_figures.village_aid_figures()["villages"], "个", "num"),
    Figure.VILLAGE_AID_FUNDS: (lambda: activity_figures.village_aid_figures()["funds"], "", "yuan"),
    Figure.GOVERNANCE: (_activity_count(Activity.Kind.GOVERNANCE), "场", "num"),
    Figure.SERVICE_HOURS: (lambda: activity_figures.activity_figures()["service_minutes"], "小时", "hours"),
    Figure.PEOPLE_SERVED: (lambda: activity_figures.activity_figures()["people_served"], "人次", "num"),
}


# Sums over activities that may leave the figure unknown: figure -> its name in activity_figures()["recorded"]
# (how many activities the sum covers; none recorded shows 未登记, not a blank or 0).
RECORDED = {Figure.SERVICE_HOURS: "service_minutes", Figure.PEOPLE_SERVED: "people_served"}


def live_figure(exhibit):
    """The exhibit's figure tile as the figure templates take it, or None for an exhibit without one."""
    if not exhibit.figure or exhibit.figure not in FIGURES:
        return None
    compute, unit, fmt = FIGURES[exhibit.figure]
    recorded = RECORDED.get(exhibit.figure)
    return {
        "label": Figure(exhibit.figure).label,
        "value": compute(),
        "unit": unit,
        "fmt": fmt,
        "url": None,
        "recorded": activity_figures.activity_figures()["recorded"][recorded] if recorded else None,
    }


def with_figures(exhibits):
    """The exhibits, each with its `live` figure attached."""
    exhibits = list(exhibits)
    for exhibit in exhibits:
        exhibit.live = live_figure(exhibit)
    return exhibits
