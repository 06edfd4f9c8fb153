import pytest
from django.urls import reverse

from activities.models import Activity
from tests.helpers.activities import make_photo
from tests.helpers.factories import ActivityFactory

pytestmark = pytest.mark.django_db

State = Activity.State
URL = reverse("my:dashboard")


def test_dashboard_lists_own_organizations_and_activities_by_state(client_a, branch_a, activity_b_states):
    titles = {}
    for state in State:
        titles[state] = ActivityFactory(
            organizer=branch_a, **{state.value: True}, title=f"甲支部活动（{state.label}）"
        ).title
    returned = Activity.objects.get(title=titles[State.RETURNED])
    returned.review_reason = "照片没有说明，请补充。"
    returned.save()
    response = client_a.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert branch_a.name in page
    for state in State:
        assert f"{state.label}（1）" in page
        assert titles[state] in page
    assert "退回理由：" in page and "照片没有说明，请补充。" in page
    # Nothing of branch B.
    assert "乙中心" not in page
    groups = {group["state"]: [a.title for a in group["activities"]] for group in response.context["groups"]}
    assert groups == {state: [titles[state]] for state in State}


def test_dashboard_links_to_view_and_edit(client_a, branch_a):
    draft = ActivityFactory(organizer=branch_a, draft=True)
    published = ActivityFactory(organizer=branch_a, published=True)
    page = client_a.get(URL).content.decode()
    assert reverse("my:activity_detail", args=[draft.pk]) in page
    assert reverse("my:activity_edit", args=[draft.pk]) in page
    assert reverse("my:activity_detail", args=[published.pk]) in page
    assert reverse("my:activity_edit", args=[published.pk]) not in page
    assert published.get_absolute_url() in page
    assert reverse("my:activity_create") in page


def test_dashboard_counts_beyond_the_listed_ones(client_a, branch_a, monkeypatch):
    from activities import views_my

    monkeypatch.setattr(views_my, "DASHBOARD_LIMIT", 2)
    for _ in range(3):
        ActivityFactory(organizer=branch_a, published=True)
    page = client_a.get(URL).content.decode()
    assert "已发布（3）" in page
    assert "仅显示最近更新的 2 条，共 3 条" in page


def test_user_without_organization_sees_an_explanation(client, staff_user):
    client.force_login(staff_user)
    page = client.get(URL).content.decode()
    assert "还没有绑定党组织" in page
    assert reverse("admin:index") in page


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={URL}"


def test_activity_page_shows_everything_the_secretary_entered(client_a, branch_a, branch_b, pairing_a):
    activity = ActivityFactory(
        organizer=branch_a, returned=True, pairing=pairing_a, service_minutes=95, review_reason="补充经费"
    )
    activity.co_organizers.add(branch_b)
    make_photo(activity, 1, "义诊现场")
    response = client_a.get(reverse("my:activity_detail", args=[activity.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    for text in (
        activity.title,
        "已退回",
        "补充经费",
        branch_b.name,
        pairing_a.partner_name,
        "1 小时 35 分",
        "义诊现场",
    ):
        assert text in page, text
    assert page.count("<h1") == 1


def test_outsider_gets_404_on_the_activity_page(client, secretary_b, draft_a):
    client.force_login(secretary_b)
    assert client.get(reverse("my:activity_detail", args=[draft_a.pk])).status_code == 404


def test_anonymous_is_sent_to_sign_in_from_the_activity_page(client, draft_a):
    response = client.get(reverse("my:activity_detail", args=[draft_a.pk]))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
