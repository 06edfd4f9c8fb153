"""Fill an empty database for the load run, and write what the simulated users will visit.

Run by scripts/load (DJANGO_SETTINGS_MODULE and DATABASE_URL set by it):
    python scripts/load_seed.py TARGETS.json
The records are synthetic, sized like a district's share of the article's figures;
every write goes through simple_history's history-aware bulk helpers.
"""

import datetime
import json
import os
import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gzpartybuild.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.utils import timezone  # noqa: E402
from simple_history.utils import bulk_create_with_history  # noqa: E402

from activities.models import Activity, Pairing  # noqa: E402
from organizations.models import District, SocialOrganization  # noqa: E402
from organizations.validators import make_credit_code  # noqa: E402
from partybranches.models import DemonstrationSite, Milestone, PartyOrganization  # noqa: E402
from towns.models import CharacteristicTown, Township  # noqa: E402

ORGANIZATIONS = int(os.environ.get("LOAD_ORGANIZATIONS", "400"))
ACTIVITIES = int(os.environ.get("LOAD_ACTIVITIES", "2000"))
SECRETARIES = int(os.environ.get("LOAD_SECRETARY_ACCOUNTS", "10"))
PASSWORD = os.environ["LOAD_PASSWORD"]
DISTRICTS = list(District)
KINDS = list(Activity.Kind)
TYPES = list(SocialOrganization.Type)


def main(targets_path):
    operator = User.objects.create_user("load_operator", password=PASSWORD, is_staff=True)
    organizations = bulk_create_with_history(
        [
            SocialOrganization(
                name=f"广州市压测协会{n:05d}",
                credit_code=make_credit_code(
                    SocialOrganization.TYPE_DIGIT[TYPES[n % 3]], DISTRICTS[n % 11].value, f"LD{n:07d}"
                ),
                org_type=TYPES[n % 3],
                district=DISTRICTS[n % 11],
                legal_representative="张三",
                registered_on=datetime.date(2010 + n % 11, 1 + n % 12, 1),
                registered_funds=Decimal(30000 + n),
                party_member_count=n % 9,
                description="压测用社会组织。",
            )
            for n in range(ORGANIZATIONS)
        ],
        SocialOrganization,
        default_user=operator,
    )
    party_organizations = bulk_create_with_history(
        [
            PartyOrganization(
                name=f"广州市压测协会{n:05d}党支部",
                district=DISTRICTS[n % 11],
                founded_on=datetime.date(2016 + n % 5, 7, 1),
                secretary_name="李四",
                full_members=3 + n % 20,
                probationary_members=n % 3,
            )
            for n in range(ORGANIZATIONS // 2)
        ],
        PartyOrganization,
        default_user=operator,
    )
    # One by one, so that each link gets its history row.
    for party_organization, organization in zip(party_organizations, organizations, strict=False):
        party_organization.organizations.add(organization)
    now = timezone.now()
    activities = bulk_create_with_history(
        [
            Activity(
                title=f"压测志愿服务活动{n:06d}",
                kind=KINDS[n % len(KINDS)],
                organizer=party_organizations[n % len(party_organizations)],
                starts_at=now - datetime.timedelta(days=n % 700, hours=3),
                ends_at=now - datetime.timedelta(days=n % 700),
                district=DISTRICTS[n % 11],
                street="农林街",
                place="社区服务中心",
                party_members=5 + n % 30,
                volunteers=10 + n % 50,
                service_minutes=60 * (1 + n % 6),
                people_served=20 + n % 300,
                funds=Decimal(n % 5000),
                description="党员志愿者上门服务群众。",
                state=Activity.State.PUBLISHED if n % 10 else Activity.State.DRAFT,
                featured_hall=["seed", "sapling", "forest", ""][n % 4],
                published_at=now,
            )
            for n in range(ACTIVITIES)
        ],
        Activity,
        default_user=operator,
    )
    bulk_create_with_history(
        [
            Pairing(
                kind=list(Pairing.Kind)[n % 3],
                party_organization=party_organizations[n],
                partner_name=f"从化区某村党支部{n}",
                started_on=datetime.date(2019, 1, 1),
            )
            for n in range(min(100, len(party_organizations)))
        ],
        Pairing,
        default_user=operator,
    )
    bulk_create_with_history(
        [
            DemonstrationSite(party_organization=party_organizations[n], year=2020, title=f"市级党建示范点{n}")
            for n in range(min(60, len(party_organizations)))
        ],
        DemonstrationSite,
        default_user=operator,
    )
    bulk_create_with_history(
        [
            Milestone(date=datetime.date(2010, 1, 1), title="市社会组织党工委成立"),
            Milestone(date=datetime.date(2020, 7, 1), title="广州市社会组织党建展览馆开馆"),
        ],
        Milestone,
        default_user=operator,
    )
    towns = bulk_create_with_history(
        [
            CharacteristicTown(name=f"压测小镇{n}", slug=f"load-town-{n}", township=list(Township)[n % 8])
            for n in range(8)
        ],
        CharacteristicTown,
        default_user=operator,
    )
    secretaries = []
    for n in range(SECRETARIES):
        user = User.objects.create_user(f"load_secretary_{n:02d}", password=PASSWORD)
        party_organizations[n].secretaries.add(user)
        secretaries.append({"username": user.username, "party_organization": party_organizations[n].pk})

    published = [a.pk for a in activities if a.state == Activity.State.PUBLISHED]
    targets = {
        "organizations": [o.pk for o in organizations[:200]],
        "party_organizations": [p.pk for p in party_organizations[:200]],
        "activities": published[:500],
        "towns": [t.slug for t in towns],
        "secretaries": secretaries,
    }
    Path(targets_path).write_text(json.dumps(targets), encoding="utf-8")
    print(
        f"seeded {len(organizations)} organizations, {len(party_organizations)} party organizations, "
        f"{len(activities)} activities, {len(secretaries)} secretary accounts"
    )


if __name__ == "__main__":
    main(sys.argv[1])
