"""Every public page: one base layout, Chinese, semantic structure, footer facts from the site settings record."""

import pytest
from django.urls import reverse

from portal.models import SiteSettings
from tests.helpers.html import structure
from tests.helpers.pages import PAGE_NAMES, public_urls


@pytest.mark.parametrize("page", PAGE_NAMES)
def test_page_answers_with_a_sound_structure(client, portal, page):
    response = client.get(public_urls(portal)[page])

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert structure(response).problems() == []


@pytest.mark.parametrize("page", PAGE_NAMES)
def test_footer_shows_the_filing_facts_kept_in_the_admin(client, portal, page):
    SiteSettings.objects.update_or_create(
        pk=1,
        defaults={
            "sponsor": "广州市社会组织管理局（测试）",
            "organizer": "广州市社会组织党建信息中心",
            "icp_number": "粤ICP备12345678号",
            "psb_number": "粤公网安备 44010402009999号",
            "site_code": "4401009999",
        },
    )

    html = client.get(public_urls(portal)[page]).content.decode()
    footer = html[html.index("<footer") :]

    assert "主办单位：广州市社会组织管理局（测试）" in footer
    assert "承办单位：广州市社会组织党建信息中心" in footer
    assert "粤ICP备12345678号" in footer
    assert "粤公网安备 44010402009999号" in footer
    assert "网站标识码：4401009999" in footer


@pytest.mark.parametrize("page", PAGE_NAMES)
def test_page_uses_the_vendored_bootstrap_and_no_cdn(client, portal, page):
    html = client.get(public_urls(portal)[page]).content.decode()

    assert "/static/vendor/bootstrap/bootstrap.min.css" in html
    assert "/static/css/site.css" in html
    for cdn in ("cdn.", "jsdelivr", "unpkg", "googleapis", "bootcdn"):
        assert cdn not in html


def test_navigation_marks_the_current_section(client, portal):
    html = client.get(reverse("activities:list")).content.decode()

    assert 'class="nav-link active" aria-current="true" href="/activities/"' in html


@pytest.mark.parametrize(
    "url",
    [
        "/no-such-page/",
        "/organizations/abc/",
        "/organizations/999999/",
        "/organizations/99999999999999999999999999/",
        "/branches/999999/",
        "/activities/999999/",
        "/activities/99999999999999999999999999/",
        "/towns/no-such-town/",
        "/towns/从化/",
        "/exhibition/no-such-hall/",
    ],
)
def test_unknown_addresses_get_the_chinese_404_page(client, portal, url):
    response = client.get(url)

    assert response.status_code == 404
    html = response.content.decode()
    assert "页面不存在" in html
    assert "返回首页" in html
    assert structure(response).problems() == []


def test_skip_link_leads_to_the_main_content(client, db):
    html = client.get("/").content.decode()

    assert 'href="#main">跳到主要内容</a>' in html
    assert '<main id="main"' in html


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/exhibition/",
        "/exhibition/seed/",
        "/organizations/",
        "/branches/demonstration/",
        "/activities/",
        "/pairings/",
        "/towns/",
        "/stats/",
    ],
)
def test_pages_with_no_records_answer_with_a_sound_structure(client, db, url):
    response = client.get(url)

    assert response.status_code == 200
    assert structure(response).problems() == []
