"""The article's figures, and what the demo must hold at a given scale."""

from dataclasses import dataclass, fields
from decimal import ROUND_HALF_UP, Decimal

# Figures at the end of 2020 (十三五), from the article.
ARTICLE = {
    "societies": 3440,
    "private_non_enterprises": 4551,
    "foundations": 104,
    "party_organizations": 1741,
    "party_members": 20868,
    "members_before_2016": 7227,
    "members_added_2020": 4936,
    "founded_before_2016": 807,
    "founded_in_2020": 375,
    "demonstration_sites": 67,
    "instructors": 1068,
    "red_alliance_organizations": 100,
    "red_alliance_partners": 241,
    "mentoring_leads": 121,
    "mentoring_mentees": 771,
    "village_aid_organizations": 1102,
    "village_aid_villages": 787,
    "village_aid_projects": 2332,
}
VILLAGE_AID_FUNDS = Decimal("587000000.00")  # 5.87亿元

# Not in the article: sized so that ten times the demo is the benchmark's 200,000 activities.
ACTIVITIES = 20000

MIN_SCALE = 0.01
MAX_SCALE = 100


@dataclass(frozen=True)
class Targets:
    """Totals the database must hold after seeding (named facts included)."""

    societies: int
    private_non_enterprises: int
    foundations: int
    party_organizations: int
    party_members: int
    members_before_2016: int
    members_added_2020: int
    founded_before_2016: int
    founded_in_2020: int
    demonstration_sites: int
    instructors: int
    red_alliance_organizations: int
    red_alliance_partners: int
    mentoring_leads: int
    mentoring_mentees: int
    village_aid_organizations: int
    village_aid_villages: int
    village_aid_projects: int
    village_aid_funds: Decimal
    activities: int

    @property
    def organizations(self):
        return self.societies + self.private_non_enterprises + self.foundations


def _round(value):
    return int(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def targets_for(scale):
    """The article's figures multiplied by scale; each at least 1 so every kind of record exists."""
    scaled = {name: max(1, _round(figure * scale)) for name, figure in ARTICLE.items()}
    # Keep the figures coherent at small scales: more partners than partner-holders, more
    # villages' assisting organizations than villages, at least a project per pairing.
    scaled["red_alliance_partners"] = max(scaled["red_alliance_partners"], scaled["red_alliance_organizations"])
    scaled["mentoring_mentees"] = max(scaled["mentoring_mentees"], scaled["mentoring_leads"])
    scaled["village_aid_organizations"] = max(scaled["village_aid_organizations"], scaled["village_aid_villages"])
    scaled["village_aid_projects"] = max(scaled["village_aid_projects"], scaled["village_aid_organizations"])
    # Whole yuan: SQLite sums decimals in floating point, and whole numbers keep that sum exact.
    funds = (VILLAGE_AID_FUNDS * Decimal(str(scale))).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return Targets(
        **scaled,
        village_aid_funds=funds,
        activities=max(50, _round(ACTIVITIES * scale)),
    )


TARGET_FIELDS = [f.name for f in fields(Targets)]
