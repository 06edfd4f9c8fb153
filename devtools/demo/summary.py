"""The totals seed_demo reports, counted from the records."""

from django.db.models import Count, Sum

from activities.models import Activity, ActivityPhoto, Pairing
from gzpartybuild.templatetags.formats import yuan
from organizations.models import SocialOrganization
from partybranches.models import DemonstrationSite, Milestone, PartyOrganization, StarRating
from towns.models import CharacteristicTown


def demo_totals():
    organizations = dict(
        SocialOrganization.objects.order_by()
        .values_list("org_type")
        .annotate(n=Count("pk"))
        .values_list("org_type", "n")
    )
    parties = PartyOrganization.objects.active()
    members = parties.aggregate(full=Sum("full_members"), probationary=Sum("probationary_members"))
    pairings = {}
    for kind in Pairing.Kind:
        rows = Pairing.objects.filter(kind=kind)
        pairings[kind] = {
            "pairings": rows.count(),
            "party_organizations": rows.order_by().values("party_organization").distinct().count(),
        }
    red = Pairing.objects.filter(kind=Pairing.Kind.RED_ALLIANCE)
    pairings[Pairing.Kind.RED_ALLIANCE]["partners"] = red.order_by().values("partner_name").distinct().count()
    mentoring = Pairing.objects.filter(kind=Pairing.Kind.MENTORING)
    pairings[Pairing.Kind.MENTORING]["partners"] = (
        mentoring.order_by().values("partner_organization").distinct().count()
    )
    aid = Pairing.objects.filter(kind=Pairing.Kind.VILLAGE_AID)
    pairings[Pairing.Kind.VILLAGE_AID]["partners"] = (
        aid.order_by().values("village", "town", "district").distinct().count()
    )
    pairings[Pairing.Kind.VILLAGE_AID].update(aid.aggregate(projects=Sum("projects"), funds=Sum("funds_committed")))
    states = dict(Activity.objects.order_by().values_list("state").annotate(n=Count("pk")).values_list("state", "n"))
    return {
        "organizations": organizations,
        "party_organizations": parties.count(),
        "party_members": (members["full"] or 0) + (members["probationary"] or 0),
        "founded_before_2016": parties.filter(founded_on__lt="2016-01-01").count(),
        "founded_in_2020": parties.filter(founded_on__year=2020).count(),
        "star_ratings": StarRating.objects.count(),
        "demonstration_sites": DemonstrationSite.objects.count(),
        "milestones": Milestone.objects.count(),
        "pairings": pairings,
        "activities": states,
        "photos": ActivityPhoto.objects.count(),
        "towns": CharacteristicTown.objects.count(),
    }


def format_totals(totals):
    org = totals["organizations"]
    t = SocialOrganization.Type
    red = totals["pairings"][Pairing.Kind.RED_ALLIANCE]
    mentoring = totals["pairings"][Pairing.Kind.MENTORING]
    aid = totals["pairings"][Pairing.Kind.VILLAGE_AID]
    states = totals["activities"]
    funds = aid["funds"] or 0
    return "\n".join(
        [
            f"社会组织 {sum(org.values()):,} 个：社会团体 {org.get(t.SOCIETY, 0):,}，"
            f"民办非企业单位 {org.get(t.PRIVATE_NON_ENTERPRISE, 0):,}，基金会 {org.get(t.FOUNDATION, 0):,}",
            f"党组织 {totals['party_organizations']:,} 个，党员 {totals['party_members']:,} 名；"
            f"2016年前成立 {totals['founded_before_2016']:,} 个，2020年成立 {totals['founded_in_2020']:,} 个",
            f"评星定级 {totals['star_ratings']:,} 条，示范点（基地）{totals['demonstration_sites']:,} 个，"
            f"大事记 {totals['milestones']} 条",
            f"红联共建：{red['party_organizations']:,} 个党组织 × {red['partners']:,} 个基层党组织",
            f"党建牵手：{mentoring['party_organizations']:,} 个党组织牵手 {mentoring['partners']:,} 个社会组织",
            f"千社扶百村：{aid['party_organizations']:,} 个党组织帮扶 {aid['partners']:,} 个村，"
            f"项目 {aid['projects'] or 0:,} 个，资金 {yuan(funds) or '未登记'}",
            f"活动 {sum(states.values()):,} 项："
            + "，".join(f"{label} {states.get(value, 0):,}" for value, label in Activity.State.choices)
            + f"；照片 {totals['photos']:,} 张",
            f"特色小镇 {totals['towns']} 个",
        ]
    )
