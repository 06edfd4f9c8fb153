import datetime

import pytest
from django.utils import timezone

from activities.models import Activity
from organizations.models import District
from tests.helpers import factories

UNPUBLISHED = ["draft", "submitted", "returned", "offline"]


def titles(response):
    return [activity.title for activity in response.context["activities"]]


@pytest.fixture
def party(db):
    return factories.PartyOrganizationFactory(name="广州市社会组织联合会党委")


def test_gallery_lists_published_activities_newest_first(client, party):
    now = timezone.now()
    factories.ActivityFactory(organizer=party, title="去年的活动", starts_at=now - datetime.timedelta(days=300))
    factories.ActivityFactory(organizer=party, title="上周的活动", starts_at=now - datetime.timedelta(days=7))
    factories.ActivityFactory(organizer=party, title="昨天的活动", starts_at=now - datetime.timedelta(days=1))

    assert titles(client.get("/activities/")) == ["昨天的活动", "上周的活动", "去年的活动"]


@pytest.mark.parametrize("state", UNPUBLISHED)
def test_unpublished_activities_are_absent_everywhere(client, party, state):
    activity = factories.ActivityFactory(organizer=party, title="未公开的活动", state=state, featured_hall="forest")

    assert client.get(activity.get_absolute_url()).status_code == 404
    for url in ("/", "/activities/", "/exhibition/forest/", party.get_absolute_url()):
        assert "未公开的活动" not in client.get(url).content.decode(), url


def test_gallery_filters_by_kind_district_and_year(client, party):
    factories.ActivityFactory(organizer=party, title="越秀志愿服务", kind="volunteer", district=District.YUEXIU)
    factories.ActivityFactory(organizer=party, title="从化帮扶项目", kind="assistance", district=District.CONGHUA)
    factories.ActivityFactory(
        organizer=party,
        title="2020年疫情防控",
        kind="epidemic",
        starts_at=datetime.datetime(2020, 2, 1, 9, tzinfo=datetime.UTC),
    )

    assert titles(client.get("/activities/", {"kind": "assistance"})) == ["从化帮扶项目"]
    assert titles(client.get("/activities/", {"district": District.CONGHUA})) == ["从化帮扶项目"]
    assert titles(client.get("/activities/", {"year": 2020})) == ["2020年疫情防控"]
    assert titles(client.get("/activities/", {"year": 2020, "kind": "volunteer"})) == []


def test_year_filter_uses_local_time(client, party):
    # 2020-12-31 17:00 UTC is 2021-01-01 01:00 in Guangzhou.
    factories.ActivityFactory(
        organizer=party, title="新年第一场", starts_at=datetime.datetime(2020, 12, 31, 17, tzinfo=datetime.UTC)
    )

    assert titles(client.get("/activities/", {"year": 2021})) == ["新年第一场"]
    # Only years with published activities are offered: 2020 has none in Guangzhou's time.
    response = client.get("/activities/", {"year": 2020})
    assert [value for value, _ in response.context["form"].fields["year"].choices] == ["", "2021"]
    assert "筛选条件“年份”无效，已忽略。" in response.content.decode()


def test_gallery_pages_through_activities(client, party):
    factories.ActivityFactory.create_batch(30, organizer=party)

    first = client.get("/activities/")
    second = client.get("/activities/", {"page": 2})

    assert len(first.context["activities"]) == 24
    assert len(second.context["activities"]) == 6
    assert not set(titles(first)) & set(titles(second))


def test_activity_page_shows_photos_organizers_pairing_and_figures(client, party):
    co = factories.PartyOrganizationFactory(name="广州市软件行业协会党支部")
    archived = factories.PartyOrganizationFactory(name="已归档的协办党支部", is_archived=True)
    pairing = factories.PairingFactory(party_organization=party, partner_name="越秀区光塔街道党工委")
    activity = factories.ActivityFactory(
        organizer=party,
        title="关爱困境障碍群体志愿服务",
        pairing=pairing,
        district=District.YUEXIU,
        street="光塔街",
        party_members=12,
        volunteers=20,
        service_minutes=150,
        people_served=35,
        funds=12000,
        description="上门探访困难残障家庭，捐赠爱心物资。",
        review_reason="内部审核意见",
    )
    activity.co_organizers.add(co, archived)
    photo = factories.ActivityPhotoFactory(activity=activity, caption="党员志愿者上门探访")
    untitled = factories.ActivityPhotoFactory(activity=activity, caption="", position=1)

    response = client.get(activity.get_absolute_url())
    html = response.content.decode()

    assert response.status_code == 200
    assert "<h1>关爱困境障碍群体志愿服务</h1>" in html
    assert party.get_absolute_url() in html
    assert co.get_absolute_url() in html
    assert "已归档的协办党支部" in html and archived.get_absolute_url() not in html
    assert "红联共建" in html and "越秀区光塔街道党工委" in html
    assert "光塔街" in html
    assert '<span class="figure-value">2.5</span><span class="figure-unit">小时</span>' in html
    assert '<span class="figure-value">1.2万元</span>' in html
    assert "上门探访困难残障家庭，捐赠爱心物资。" in html
    # The thumbnail is in the page and links to the full-size photo; alt text comes from the caption.
    assert f'<a href="{photo.image.url}" class="photo-link">' in html
    assert f'src="{photo.thumbnail.url}" alt="党员志愿者上门探访"' in html
    assert 'alt="关爱困境障碍群体志愿服务的照片"' in html
    assert untitled.thumbnail.url in html
    assert "内部审核意见" not in html


def test_activity_page_never_shows_review_notes_or_accounts(client, party, secretary_a, staff_user):
    activity = factories.ActivityFactory(
        organizer=party, created_by=secretary_a, reviewed_by=staff_user, review_reason="曾被退回：照片不清晰"
    )

    html = client.get(activity.get_absolute_url()).content.decode()

    assert "曾被退回" not in html
    assert "secretary_a" not in html
    assert "bureau_staff" not in html
    assert "13800000000" not in html


def test_activity_thumbnail_falls_back_to_the_photo(client, party):
    activity = factories.ActivityFactory(organizer=party)
    photo = factories.ActivityPhotoFactory(activity=activity, thumbnail=None)

    html = client.get(activity.get_absolute_url()).content.decode()

    assert f'src="{photo.image.url}"' in html


def test_the_activity_list_counts_sorts_and_numbers_its_pages(client, db):
    party = factories.PartyOrganizationFactory()
    start = timezone.now() - datetime.timedelta(days=400)
    for day in range(30):
        when = start + datetime.timedelta(days=day)
        factories.ActivityFactory(
            organizer=party,
            title=f"第{day:02d}次志愿服务",
            starts_at=when,
            ends_at=when + datetime.timedelta(hours=2),
            kind=Activity.Kind.VOLUNTEER if day % 2 else Activity.Kind.STUDY,
        )

    newest = client.get("/activities/")
    oldest = client.get("/activities/", {"sort": "oldest"})
    volunteer = client.get("/activities/", {"kind": "volunteer", "sort": "oldest"})

    assert newest.context["activities"][0].title == "第29次志愿服务"
    assert oldest.context["activities"][0].title == "第00次志愿服务"
    assert "共 30 条已发布活动" in newest.content.decode()
    assert newest.context["page_obj"].page_numbers == [1, 2]
    assert "共 15 条符合条件的活动" in volunteer.content.decode()
    assert volunteer.context["activities"][0].title == "第01次志愿服务"
