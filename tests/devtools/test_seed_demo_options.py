"""seed_demo's options, at a small scale: --scale, --password, DEMO_PASSWORD, bad input."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db.models import Count, Sum

from activities.models import Activity, Pairing
from organizations.models import CITY_DIVISION, SocialOrganization
from organizations.validators import social_organization_code_errors
from partybranches.models import DemonstrationSite, PartyOrganization
from tests.helpers.seeding import run_seed, seeded_database
from towns.models import CharacteristicTown

pytestmark = pytest.mark.django_db

PASSWORD = "option-pass-2026"


@pytest.fixture(scope="module", autouse=True)
def seeded(django_db_setup, django_db_blocker, seed_media):
    with seeded_database(django_db_blocker, seed_media, scale=0.01, password=PASSWORD) as output:
        yield output


def test_scale_multiplies_the_generated_part_only():
    by_type = dict(SocialOrganization.objects.values_list("org_type").annotate(n=Count("pk")).order_by())
    # 1% of the article's 3,440 / 4,551 / 104, rounded, named organizations included.
    assert by_type == {
        SocialOrganization.Type.SOCIETY: 34,
        SocialOrganization.Type.PRIVATE_NON_ENTERPRISE: 46,
        SocialOrganization.Type.FOUNDATION: 1,
    }
    parties = PartyOrganization.objects.active()
    assert parties.count() == 17
    members = parties.aggregate(full=Sum("full_members"), probationary=Sum("probationary_members"))
    assert members["full"] + members["probationary"] == 209
    # The plan period's figures scale too; the city committee (founded 2010) counts among the early ones.
    early = parties.filter(founded_on__year__lt=2016)
    assert early.count() == 8 and early.filter(name="广州市社会组织党委").exists()
    early_members = early.aggregate(full=Sum("full_members"), probationary=Sum("probationary_members"))
    assert early_members["full"] + early_members["probationary"] == 72
    assert parties.filter(founded_on__year=2020).count() == 4
    assert DemonstrationSite.objects.count() == 1
    assert Activity.objects.count() == 200
    aid = Pairing.objects.filter(kind=Pairing.Kind.VILLAGE_AID).order_by()
    assert aid.values("party_organization").distinct().count() == 11
    assert aid.values("village", "town", "district").distinct().count() == 8
    assert aid.aggregate(total=Sum("funds_committed"))["total"] == Decimal("5870000")
    # The named facts do not scale.
    assert CharacteristicTown.objects.count() == 9
    assert PartyOrganization.objects.filter(name="广州市社会组织联合会党委").exists()


def test_small_scale_keeps_every_state_and_hall():
    assert set(Activity.objects.values_list("state", flat=True)) == set(Activity.State.values)
    featured = set(Activity.objects.exclude(featured_hall="").values_list("featured_hall", flat=True))
    assert featured == {"seed", "sapling", "forest"}
    for username in ("secretary1", "secretary2"):
        user = User.objects.get(username=username)
        states = set(Activity.objects.for_secretary(user).values_list("state", flat=True))
        assert states == set(Activity.State.values)


def test_credit_codes_are_valid_at_any_scale():
    for code, org_type, level, district in SocialOrganization.objects.values_list(
        "credit_code", "org_type", "level", "district"
    ):
        assert social_organization_code_errors(code, SocialOrganization.TYPE_DIGIT[org_type]) == []
        assert code[2:8] == (CITY_DIVISION if level == SocialOrganization.Level.CITY else district)


def test_password_option_sets_every_demo_account():
    for username in ("bureau", "secretary1", "secretary2"):
        assert User.objects.get(username=username).check_password(PASSWORD)


def test_demo_password_setting_is_used_without_the_option(settings):
    settings.DEMO_PASSWORD = "from-settings-2026"
    run_seed()
    for username in ("bureau", "secretary1", "secretary2"):
        assert User.objects.get(username=username).check_password("from-settings-2026")


def test_default_password_without_option_or_setting(settings):
    settings.DEMO_PASSWORD = ""
    run_seed()
    assert User.objects.get(username="bureau").check_password("gzpb-demo-2026")


def test_rerun_at_another_scale_adds_nothing():
    before = (SocialOrganization.objects.count(), PartyOrganization.objects.count(), Activity.objects.count())
    output = run_seed(scale=2)
    assert "跳过生成部分" in output
    after = (SocialOrganization.objects.count(), PartyOrganization.objects.count(), Activity.objects.count())
    assert after == before


@pytest.mark.parametrize("password", ["demo", "gzpbdemo2026", "Short-2026"])
def test_a_demo_password_outside_the_password_policy_is_refused(password, settings):
    settings.DEMO_PASSWORD = password
    before = User.objects.count()
    with pytest.raises(CommandError, match="演示账号的密码不符合密码规则"):
        call_command("seed_demo", scale=0.01)
    assert User.objects.count() == before


def test_the_demo_accounts_meet_the_password_policy_and_are_not_asked_to_change_it(client):
    from django.contrib.auth.password_validation import validate_password

    for username in ("secretary1", "secretary2", "bureau"):
        user = User.objects.get(username=username)
        validate_password("gzpb-demo-2026", user)  # raises if the default broke the rules
    page = client.post("/accounts/login/", {"username": "secretary1", "password": PASSWORD}, follow=True)
    assert page.redirect_chain[-1][0] == "/my/"


@pytest.mark.parametrize("scale", [0, -1, 0.001, 1000])
def test_scale_out_of_range_is_refused_and_changes_nothing(scale):
    before = User.objects.count()
    with pytest.raises(CommandError, match="--scale 应在"):
        call_command("seed_demo", scale=scale)
    assert User.objects.count() == before


def test_help_describes_the_options(capsys):
    with pytest.raises(SystemExit):
        call_command("seed_demo", "--help")
    text = capsys.readouterr().out
    assert "--scale" in text and "--password" in text and "Idempotent" in text
