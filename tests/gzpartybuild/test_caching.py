"""Whole public pages cached for anonymous visitors, and made stale by any change the public can see."""

import datetime
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.cache import caches
from django.test import RequestFactory
from django.utils import timezone

from activities.models import Activity
from gzpartybuild import caching
from gzpartybuild.caching import PUBLIC_VERSION_KEY, cached_page
from organizations.models import SocialOrganization
from tests.helpers import factories
from tests.helpers.html import tile as figure
from tests.helpers.populate import populate

pytestmark = pytest.mark.django_db

CACHED_PAGES = ["/", "/exhibition/", "/exhibition/seed/", "/organizations/", "/activities/", "/stats/"]


@pytest.fixture
def published(db):
    party = factories.PartyOrganizationFactory(name="普爱社会工作服务党支部")
    return factories.ActivityFactory(organizer=party, title="社区长者探访", volunteers=7)


@pytest.mark.parametrize("url", CACHED_PAGES)
def test_a_second_anonymous_visit_runs_no_query(client, published, django_assert_num_queries, url):
    first = client.get(url)

    with django_assert_num_queries(0):
        second = client.get(url)

    assert second.status_code == 200
    assert second.content == first.content
    assert "Cookie" in second["Vary"]


@pytest.mark.parametrize("size", [2, 30])
def test_cached_pages_run_no_query_at_any_size(client, django_assert_num_queries, size):
    populate(size)
    for url in CACHED_PAGES:
        client.get(url)

    for url in CACHED_PAGES:
        with django_assert_num_queries(0):
            assert client.get(url).status_code == 200


def test_publishing_an_activity_shows_on_the_cached_home_page_at_once(client, published):
    draft = factories.ActivityFactory(
        organizer=published.organizer, title="新发布的党员志愿服务", state=Activity.State.SUBMITTED, volunteers=5
    )
    html = client.get("/").content.decode()
    assert "新发布的党员志愿服务" not in html
    assert figure(html, "已发布活动") == "1"

    draft.state = Activity.State.PUBLISHED
    draft.save()

    html = client.get("/").content.decode()
    assert "新发布的党员志愿服务" in html
    assert figure(html, "已发布活动") == "2"
    assert figure(html, "志愿者") == "12"


def test_renaming_a_party_organization_shows_on_cached_activity_cards(client, published):
    assert "普爱社会工作服务党支部" in client.get("/activities/").content.decode()

    party = published.organizer
    party.name = "普爱社会工作服务中心党支部"
    party.save()

    assert "普爱社会工作服务中心党支部" in client.get("/activities/").content.decode()


def test_a_new_organization_shows_on_the_cached_directory(client):
    factories.SocialOrganizationFactory(name="广州市甲社会工作服务中心")
    assert "广州市乙社会工作服务中心" not in client.get("/organizations/").content.decode()

    factories.SocialOrganizationFactory(name="广州市乙社会工作服务中心")

    assert "广州市乙社会工作服务中心" in client.get("/organizations/").content.decode()


def test_a_change_made_by_another_worker_shows_on_the_next_request(client, published):
    """Another gunicorn worker's save bumps the shared version; this process's copy is then stale."""
    assert figure(client.get("/").content.decode(), "志愿者") == "7"

    # The other worker's change: the row changes (no signal here) and the shared version moves.
    Activity.objects.filter(pk=published.pk).update(volunteers=70)
    caches["versions"].set(PUBLIC_VERSION_KEY.format("activities.Activity"), "changed-by-another-worker", None)

    assert figure(client.get("/").content.decode(), "志愿者") == "70"


def test_the_versions_are_shared_with_other_processes(client, published):
    """A process that invalidates (as a worker's signal does) makes this process's pages stale."""
    assert figure(client.get("/").content.decode(), "志愿者") == "7"
    Activity.objects.filter(pk=published.pk).update(volunteers=70)
    assert figure(client.get("/").content.decode(), "志愿者") == "7"

    code = "from activities.models import Activity; from gzpartybuild import caching; caching.invalidate(Activity)"
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "--verbosity", "0", "-c", code],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert done.returncode == 0, done.stderr
    assert figure(client.get("/").content.decode(), "志愿者") == "70"


def test_signed_in_visitors_never_get_the_anonymous_copy(client, published, secretary_a):
    assert "党务登录" in client.get("/").content.decode()

    client.force_login(secretary_a)
    html = client.get("/").content.decode()

    assert "我的工作台" in html
    assert "党务登录" not in html


def test_an_anonymous_page_is_never_cached_from_a_signed_in_visit(client, published, secretary_a):
    client.force_login(secretary_a)
    client.get("/")
    client.logout()

    html = client.get("/").content.decode()

    assert "党务登录" in html
    assert "我的工作台" not in html


def test_searches_and_filters_are_computed_every_time(client, django_assert_num_queries):
    factories.SocialOrganizationFactory(name="广州市软件行业协会")
    client.get("/organizations/?q=软件")

    # The count (sampled, exact below the cap) and the page's rows.
    with django_assert_num_queries(2):
        response = client.get("/organizations/?q=软件")
    assert "广州市软件行业协会" in response.content.decode()

    factories.SocialOrganizationFactory(name="广州市软件开发者协会")
    assert "广州市软件开发者协会" in client.get("/organizations/?q=软件").content.decode()


def test_each_page_number_has_its_own_copy(client):
    for index in range(45):
        factories.SocialOrganizationFactory(name=f"广州市第{index:02d}社会工作服务中心")

    first = client.get("/organizations/").content.decode()
    second = client.get("/organizations/?page=2").content.decode()

    assert "第00" in first and "第00" not in second
    assert "第20" in second and "第20" not in first


@pytest.mark.parametrize("query", ["page=abc", "page=1&page=2", "page=99999", "page=2&kind=x"])
def test_unusual_page_parameters_are_answered_but_not_stored(client, django_assert_max_num_queries, query):
    factories.SocialOrganizationFactory()
    client.get(f"/organizations/?{query}")

    with django_assert_max_num_queries(5) as captured:
        response = client.get(f"/organizations/?{query}")

    assert response.status_code == 200
    assert len(captured.captured_queries) >= 1


def _counting_view(calls, *, set_cookie=False, status=200):
    from django.http import HttpResponse

    @cached_page(SocialOrganization)
    def view(request):
        calls.append(request.path)
        response = HttpResponse(f"第 {len(calls)} 次", status=status)
        if set_cookie:
            response.set_cookie("seen", "1")
        return response

    return view


def test_the_cached_copy_is_served_until_a_model_it_names_changes():
    calls = []
    view = _counting_view(calls)
    request = RequestFactory().get("/page/")

    assert view(request).content.decode() == "第 1 次"
    assert view(request).content.decode() == "第 1 次"
    factories.CharacteristicTownFactory()  # a model the page does not name
    assert view(request).content.decode() == "第 1 次"

    factories.SocialOrganizationFactory()

    assert view(request).content.decode() == "第 2 次"


def test_requests_with_a_session_or_messages_and_posts_bypass_the_copy():
    calls = []
    view = _counting_view(calls)
    factory = RequestFactory()
    view(factory.get("/page/"))

    with_session = factory.get("/page/")
    with_session.COOKIES[settings.SESSION_COOKIE_NAME] = "abc"
    with_messages = factory.get("/page/")
    with_messages.COOKIES["messages"] = "xyz"
    for request in (with_session, with_messages, factory.post("/page/")):
        view(request)

    assert len(calls) == 4


@pytest.mark.parametrize(("set_cookie", "status"), [(True, 200), (False, 404)])
def test_responses_setting_cookies_or_failing_are_not_stored(set_cookie, status):
    calls = []
    view = _counting_view(calls, set_cookie=set_cookie, status=status)
    request = RequestFactory().get("/page/")

    view(request)
    view(request)

    assert len(calls) == 2


def test_a_new_release_does_not_serve_the_previous_releases_pages(monkeypatch):
    calls = []
    view = _counting_view(calls)
    request = RequestFactory().get("/page/")
    view(request)

    monkeypatch.setattr(caching, "code_version", lambda: "next-release")

    assert view(request).content.decode() == "第 2 次"


def test_invalidate_public_without_arguments_makes_every_cached_page_stale(client, published):
    client.get("/activities/")
    when = timezone.now() - datetime.timedelta(days=1)
    Activity.objects.update(title="批量改名的活动", starts_at=when, ends_at=when)
    assert "批量改名的活动" not in client.get("/activities/").content.decode()

    from gzpartybuild.caching import invalidate_public

    invalidate_public()

    assert "批量改名的活动" in client.get("/activities/").content.decode()


def test_covering_an_organization_updates_the_cached_directory(client):
    organization = factories.SocialOrganizationFactory(name="广州市丙社会工作服务中心")
    party = factories.PartyOrganizationFactory(organizations=[])
    assert "党组织已覆盖" not in client.get("/organizations/").content.decode()

    party.organizations.add(organization)

    assert "党组织已覆盖" in client.get("/organizations/").content.decode()


def test_seeding_makes_every_cached_figure_and_page_stale(client, settings, tmp_path):
    """seed_demo inserts in bulk, which sends no signals: it gives every watched model a new version."""
    from django.core.management import call_command

    settings.MEDIA_ROOT = str(tmp_path)
    settings.DEMO_PASSWORD = ""
    models = caching.public_models()
    assert figure(client.get("/").content.decode(), "已发布活动") == "0"
    before = caching.versions(models)

    call_command("seed_demo", scale=0.01, verbosity=0)

    after = caching.versions(models)
    assert [model for model, old, new in zip(models, before, after, strict=True) if old == new] == []
    assert figure(client.get("/").content.decode(), "已发布活动") != "0"


def test_the_cached_page_keeps_one_copy_per_display_mode(client):
    plain = client.get("/").content.decode()
    client.cookies["elder_mode"] = "1"
    elder = client.get("/").content.decode()
    del client.cookies["elder_mode"]
    plain_again = client.get("/").content.decode()

    assert '<html lang="zh-Hans" class="elder-mode">' in elder
    assert 'class="elder-mode"' not in plain
    assert 'class="elder-mode"' not in plain_again


# -- the public cache follows what the public sees ------------------------------------------


def _public_versions():
    return caching.versions(caching.public_models(), public=True)


def _warm(anonymous, urls=CACHED_PAGES):
    return {url: anonymous.get(url).content for url in urls}


def _served_from_the_copy(anonymous, django_assert_num_queries, copies):
    for url, content in copies.items():
        with django_assert_num_queries(0):
            response = anonymous.get(url)
        assert response.content == content, url


def test_a_secretarys_unpublished_activity_leaves_every_cached_public_page_valid(
    client_a, branch_a, secretary_a, staff_user, published, django_assert_num_queries
):
    from django.test import Client
    from django.urls import reverse

    from activities import services
    from activities.models import ActivityPhoto
    from tests.helpers.activities import activity_form_data, edit_form_data, image_bytes, upload
    from uploads.images import clean_uploaded_image

    anonymous = Client()
    copies = _warm(anonymous)
    before = _public_versions()
    all_before = caching.versions(caching.public_models())

    # Save a draft with a photo, edit it, submit, withdraw, submit again, get it returned.
    data = activity_form_data(branch_a, title="尚未发布的草稿活动")
    data["new_photos"] = [upload("a.jpg", image_bytes())]
    data["new_photo_caption"] = ["草稿照片"]
    assert client_a.post(reverse("my:activity_create"), data).status_code == 302
    draft = Activity.objects.get(title="尚未发布的草稿活动")
    photo = ActivityPhoto.objects.get(activity=draft)
    edited = edit_form_data(draft, photos=[photo], title="改过的草稿活动")
    edited["photos-0-caption"] = "改过的说明"
    assert client_a.post(reverse("my:activity_edit", args=[draft.pk]), edited).status_code == 302
    draft.refresh_from_db()
    image = clean_uploaded_image(upload("b.jpg", image_bytes()))
    services.activity_photo_add(activity=draft, user=secretary_a, image=image)
    services.activity_photo_remove(photo=ActivityPhoto.objects.get(activity=draft, position=1), user=secretary_a)
    services.activity_submit(activity=draft, user=secretary_a)
    services.activity_withdraw(activity=draft, user=secretary_a)
    services.activity_submit(activity=draft, user=secretary_a)
    services.activity_return(activity=draft, user=staff_user, reason="请补充照片说明。")

    assert caching.versions(caching.public_models()) != all_before  # the changes were seen...
    assert _public_versions() == before  # ...and none was one the public can see
    _served_from_the_copy(anonymous, django_assert_num_queries, copies)


def test_publishing_editing_and_taking_offline_refresh_the_cached_pages(client, published, secretary_a, staff_user):
    from activities import services

    draft = factories.ActivityFactory(organizer=published.organizer, submitted=True, title="待审核的义诊活动")
    assert "待审核的义诊活动" not in client.get("/activities/").content.decode()

    services.activity_approve(activity=draft, user=staff_user)
    assert "待审核的义诊活动" in client.get("/activities/").content.decode()

    draft.refresh_from_db()
    draft.title = "已发布后改名的义诊活动"
    draft.save()
    assert "已发布后改名的义诊活动" in client.get("/activities/").content.decode()

    services.activity_take_offline(activity=draft, user=staff_user, reason="信息有误")
    assert "已发布后改名的义诊活动" not in client.get("/activities/").content.decode()


def test_a_photo_of_a_published_activity_refreshes_the_cached_pages(client, published):
    before = _public_versions()
    factories.ActivityPhotoFactory(activity=published, caption="公开照片")
    assert _public_versions() != before


def test_organizations_the_public_does_not_see_leave_the_cached_directory_valid(client, django_assert_num_queries):
    factories.SocialOrganizationFactory(name="广州市公开社会工作服务中心")
    copies = _warm(client, ["/organizations/", "/"])
    before = _public_versions()

    archived = factories.SocialOrganizationFactory(name="广州市已归档协会", is_archived=True)
    archived.name = "广州市已归档协会（改名）"
    archived.save()
    deregistered = factories.SocialOrganizationFactory(
        name="广州市已注销协会", status=SocialOrganization.Status.DEREGISTERED
    )
    deregistered.delete()
    hidden_party = factories.PartyOrganizationFactory(name="已归档的党支部", is_archived=True, organizations=[])
    hidden_party.organizations.add(archived)
    hidden_party.name = "已归档的党支部（改名）"
    hidden_party.save()

    assert _public_versions() == before
    _served_from_the_copy(client, django_assert_num_queries, copies)

    archived.is_archived = False  # back on the public pages
    archived.save()
    assert "广州市已归档协会（改名）" in client.get("/organizations/").content.decode()
    archived.is_archived = True  # and off them again
    archived.save()
    assert "广州市已归档协会（改名）" not in client.get("/organizations/").content.decode()
