import datetime
import re

import pytest
from django.utils import timezone

from activities.models import Activity
from gzpartybuild.caching import invalidate_public
from organizations.models import SocialOrganization
from tests.helpers import factories
from tests.helpers.html import tile as figure


@pytest.mark.django_db
def test_home_counts_organizations_by_type_from_records(client):
    factories.SocialOrganizationFactory.create_batch(3, org_type=SocialOrganization.Type.FOUNDATION)
    factories.SocialOrganizationFactory.create_batch(2, org_type=SocialOrganization.Type.SOCIETY)
    factories.SocialOrganizationFactory(is_archived=True)
    factories.SocialOrganizationFactory(status=SocialOrganization.Status.DEREGISTERED)

    html = client.get("/").content.decode()

    assert '全市登记社会组织 <strong class="figure-inline">5</strong> 个' in html
    assert "基金会 <strong>3</strong> 个" in html
    assert "社会团体 <strong>2</strong> 个" in html
    assert "民办非企业单位 <strong>0</strong> 个" in html


@pytest.mark.django_db
def test_home_sums_party_organizations_members_and_published_activities(client):
    party = factories.PartyOrganizationFactory(full_members=1000, probationary_members=234)
    factories.PartyOrganizationFactory(full_members=10, probationary_members=0)
    factories.PartyOrganizationFactory(full_members=500, is_archived=True)
    factories.PairingFactory(party_organization=party)
    factories.ActivityFactory(organizer=party, volunteers=1200, service_minutes=90, funds=25000, people_served=7)
    factories.ActivityFactory(organizer=party, volunteers=30, service_minutes=60, funds=5000, people_served=3)
    for state in ("draft", "submitted", "returned", "offline"):
        factories.ActivityFactory(organizer=party, state=state, volunteers=99999, service_minutes=99999)

    html = client.get("/").content.decode()

    assert figure(html, "社会组织党组织") == "2"
    assert figure(html, "党员") == "1,244"
    assert figure(html, "结对共建") == "1"
    assert figure(html, "已发布活动") == "2"
    assert figure(html, "志愿者") == "1,230"
    assert figure(html, "服务时长") == "2.5"
    assert figure(html, "服务群众") == "10"
    assert figure(html, "投入资金") == "3万元"


@pytest.mark.django_db
def test_sums_say_how_many_activities_they_cover_when_some_are_unknown(client):
    party = factories.PartyOrganizationFactory()
    factories.ActivityFactory(organizer=party, kind="volunteer", volunteers=40, service_minutes=120, funds=None)
    factories.ActivityFactory(organizer=party, kind="volunteer", volunteers=None, service_minutes=None, funds=None)
    factories.ActivityFactory(organizer=party, kind="study", volunteers=5, service_minutes=None, funds=None)

    html = client.get("/").content.decode()

    def covers(label):
        match = re.search(
            rf'<span class="figure-label">(?:<a [^>]*>)?{label}(?:</a>)?</span>'
            r'(<span class="figure-recorded">[^<]*</span>)?',
            html,
        )
        assert match, label
        return match.group(1) or ""

    assert figure(html, "志愿者") == "45"
    assert covers("志愿者") == '<span class="figure-recorded">（3 场活动中 2 场有记录）</span>'
    # 服务时长 is over the activities other than study: two, of which one recorded its time.
    assert figure(html, "服务时长") == "2"
    assert covers("服务时长") == '<span class="figure-recorded">（2 场活动中 1 场有记录）</span>'
    # Nothing known at all: the sum is unknown, not zero.
    assert figure(html, "投入资金") == "未登记"
    assert covers("投入资金") == '<span class="figure-recorded">（3 场活动中 0 场有记录）</span>'
    # Every activity recorded them: no note.
    assert covers("服务群众") == ""
    assert covers("已发布活动") == ""
    # The seed hall shows the study time (学时) the same way.
    hall = client.get("/exhibition/seed/").content.decode()
    assert "学习培训学时" in hall and "（1 场活动中 0 场有记录）" in hall


@pytest.mark.django_db
def test_home_shows_newest_published_activities_with_their_photo(client):
    party = factories.PartyOrganizationFactory()
    last_year = timezone.now() - datetime.timedelta(days=400)
    old = factories.ActivityFactory(organizer=party, title="旧活动", starts_at=last_year)
    new = factories.ActivityFactory(organizer=party, title="关爱困境障碍群体志愿服务")
    factories.ActivityPhotoFactory(activity=new, caption="上门探访困难残障家庭")
    factories.ActivityFactory(organizer=party, title="尚未发布的草稿", state=Activity.State.DRAFT)

    html = client.get("/").content.decode()

    assert html.index("关爱困境障碍群体志愿服务") < html.index("旧活动")
    assert 'alt="上门探访困难残障家庭"' in html
    assert new.get_absolute_url() in html and old.get_absolute_url() in html
    assert "尚未发布的草稿" not in html


@pytest.mark.django_db
def test_home_shows_featured_published_towns_only(client):
    factories.CharacteristicTownFactory(name="生态设计小镇", is_featured=True)
    factories.CharacteristicTownFactory(name="莲麻小镇", is_featured=False)
    factories.CharacteristicTownFactory(name="未公开小镇", is_featured=True, is_published=False)

    html = client.get("/").content.decode()

    assert "生态设计小镇" in html
    assert "莲麻小镇" not in html
    assert "未公开小镇" not in html


@pytest.mark.django_db
def test_home_links_into_the_three_halls(client):
    html = client.get("/").content.decode()

    for hall in ("seed", "sapling", "forest"):
        assert f'href="/exhibition/{hall}/"' in html


@pytest.mark.django_db
def test_publishing_an_activity_updates_the_cached_home_figures(client):
    party = factories.PartyOrganizationFactory()
    factories.ActivityFactory(organizer=party, volunteers=10)
    activity = factories.ActivityFactory(
        organizer=party, title="新发布的志愿服务", state=Activity.State.SUBMITTED, volunteers=5
    )
    html = client.get("/").content.decode()
    assert figure(html, "已发布活动") == "1"
    assert "新发布的志愿服务" not in html

    activity.state = Activity.State.PUBLISHED
    activity.save()

    html = client.get("/").content.decode()
    assert figure(html, "已发布活动") == "2"
    assert figure(html, "志愿者") == "15"
    assert "新发布的志愿服务" in html


@pytest.mark.django_db
def test_new_and_deleted_records_update_the_cached_figures(client):
    organization = factories.SocialOrganizationFactory(org_type=SocialOrganization.Type.FOUNDATION)
    assert "基金会 <strong>1</strong> 个" in client.get("/").content.decode()

    factories.SocialOrganizationFactory(org_type=SocialOrganization.Type.FOUNDATION)
    assert "基金会 <strong>2</strong> 个" in client.get("/").content.decode()

    organization.delete()
    assert "基金会 <strong>1</strong> 个" in client.get("/").content.decode()


@pytest.mark.django_db
def test_bulk_updates_show_after_invalidate_public(client):
    party = factories.PartyOrganizationFactory()
    factories.ActivityFactory.create_batch(3, organizer=party, state=Activity.State.SUBMITTED)
    assert figure(client.get("/").content.decode(), "已发布活动") == "0"

    # QuerySet.update sends no signals: the cached figure stays until invalidated.
    Activity.objects.update(state=Activity.State.PUBLISHED)
    assert figure(client.get("/").content.decode(), "已发布活动") == "0"

    invalidate_public()
    assert figure(client.get("/").content.decode(), "已发布活动") == "3"
