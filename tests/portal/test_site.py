"""The pages every government site has (联系我们, 网站地图, 隐私声明, 无障碍声明, 通知公告, robots.txt),
the footer's facts kept by staff in the admin, share cards (Open Graph) and the print stylesheet."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from portal.models import Announcement, SiteSettings
from tests.helpers import factories
from tests.helpers.admin import admin_url, post_admin_form
from tests.helpers.pages import public_urls


def footer(response):
    html = response.content.decode()
    return html[html.index("<footer") :]


def meta(html, prop):
    found = re.search(rf'<meta property="{re.escape(prop)}" content="([^"]*)">', html)
    return found.group(1) if found else None


def test_footer_links_every_government_site_page(client, portal):
    html = footer(client.get("/"))
    for name in ["contact", "site_map", "privacy", "accessibility", "announcements:list"]:
        assert f'href="{reverse(name)}"' in html


def test_footer_omits_facts_staff_have_not_filled_in(client, db):
    SiteSettings.objects.update_or_create(pk=1, defaults={"sponsor": "广州市社会组织管理局", "icp_number": ""})
    html = footer(client.get(reverse("privacy")))
    assert "主办单位：广州市社会组织管理局" in html
    assert "ICP备案号" not in html and "承办单位" not in html and "网站标识码" not in html


def test_staff_change_the_footer_in_the_admin_and_every_page_shows_it_at_once(client, staff_client, portal):
    anonymous = type(client)()
    assert "粤ICP备20260001号" not in footer(anonymous.get("/"))  # now cached

    url = admin_url(SiteSettings, "change", 1)
    response = post_admin_form(
        staff_client,
        url,
        organizer="广州市社会组织党建信息中心",
        icp_number="粤ICP备20260001号",
        psb_number="粤公网安备 44010402000123号",
        psb_record_code="44010402000123",
        site_code="4401000123",
        phone="020-12345678",
    )
    assert response.status_code == 302

    html = footer(anonymous.get("/"))
    assert "承办单位：广州市社会组织党建信息中心" in html
    assert "粤ICP备20260001号" in html
    assert 'href="https://beian.mps.gov.cn/#/query/webSearch?code=44010402000123"' in html
    assert "网站标识码：4401000123" in html
    assert "联系电话：020-12345678" in anonymous.get(reverse("contact")).content.decode()
    change = SiteSettings.history.first()
    assert change.history_user.username == "bureau_staff" and change.icp_number == "粤ICP备20260001号"


def test_site_settings_admin_leads_to_the_one_record_and_offers_no_second(staff_client, db):
    response = staff_client.get(admin_url(SiteSettings, "changelist"))
    assert response.status_code == 302 and response.url == admin_url(SiteSettings, "change", 1)
    assert staff_client.get(admin_url(SiteSettings, "add")).status_code == 403
    assert staff_client.get(admin_url(SiteSettings, "delete", 1)).status_code == 403


def test_site_settings_admin_recreates_a_removed_record_on_save(staff_client, db):
    SiteSettings.objects.all().delete()
    response = post_admin_form(staff_client, admin_url(SiteSettings, "change", 1), sponsor="广州市社会组织管理局")
    assert response.status_code == 302
    assert SiteSettings.objects.get().sponsor == "广州市社会组织管理局"
    assert staff_client.get(admin_url(SiteSettings, "change", 2)).status_code == 302  # not found: back to the index


def test_site_settings_admin_refuses_a_bad_record_code_and_changes_nothing(staff_client, db):
    response = post_admin_form(staff_client, admin_url(SiteSettings, "change", 1), psb_record_code="四四零一")
    assert response.status_code == 200
    assert "公安备案编号只能由数字组成。" in response.content.decode()
    assert SiteSettings.current().psb_record_code == ""


def test_contact_page_lists_the_facts_kept_in_the_admin(client, db):
    SiteSettings.objects.update_or_create(
        pk=1,
        defaults={
            "address": "广州市越秀区某路1号",
            "postcode": "510030",
            "phone": "020 8888 0000",
            "email": "dangjian@example.gov.cn",
            "office_hours": "工作日 9:00-12:00，14:00-18:00",
        },
    )
    html = client.get(reverse("contact")).content.decode()
    assert "广州市越秀区某路1号（邮政编码 510030）" in html
    assert 'href="tel:02088880000"' in html
    assert 'href="mailto:dangjian@example.gov.cn"' in html
    assert "工作日 9:00-12:00，14:00-18:00" in html
    assert "联系方式正在更新" not in html


def test_contact_page_says_so_while_no_contact_is_kept(client, db):
    assert "联系方式正在更新" in client.get(reverse("contact")).content.decode()


def test_site_map_page_links_every_section(client, db):
    html = client.get(reverse("site_map")).content.decode()
    for url in [
        reverse("home"),
        reverse("exhibition:index"),
        *(reverse("exhibition:hall", args=[hall]) for hall in ["seed", "sapling", "forest"]),
        reverse("organizations:list"),
        reverse("partybranches:list"),
        reverse("partybranches:demonstration"),
        reverse("activities:list"),
        reverse("pairings:list"),
        reverse("towns:list"),
        reverse("stats"),
        reverse("announcements:list"),
        reverse("announcements:rss"),
        reverse("activities_feed"),
    ]:
        assert f'href="{url}"' in html, url


def test_home_lists_the_latest_public_announcements(client, portal):
    html = client.get("/").content.decode()
    section = html[html.index('id="announcements-title"') : html.index('id="figures-title"')]
    public = list(Announcement.objects.published().for_list()[:5])
    assert [a.title for a in public][0] == portal.announcement.title
    positions = [section.index(f'href="{a.get_absolute_url()}"') for a in public]
    assert positions == sorted(positions)
    for hidden in Announcement.objects.exclude(pk__in=Announcement.objects.published()):
        assert hidden.title not in html


def test_an_announcement_published_in_the_admin_reaches_the_cached_home_page(client, staff_client, portal):
    anonymous = type(client)()
    anonymous.get("/")
    today = timezone.localdate()
    response = staff_client.post(
        admin_url(Announcement, "add"),
        {
            "title": "关于征集社会组织党建优秀案例的通知",
            "issuer": "广州市社会组织管理局",
            "published_on": today.isoformat(),
            "body": "各社会组织党组织：\r\n\r\n请于月底前报送。",
            "is_published": "on",
            "_save": "保存",
        },
    )
    assert response.status_code == 302
    assert "关于征集社会组织党建优秀案例的通知" in anonymous.get("/").content.decode()
    assert Announcement.history.filter(title__startswith="关于征集", history_user__isnull=False).exists()


def test_announcement_page_shows_paragraphs_and_hides_unpublished_ones(client, db):
    announcement = factories.AnnouncementFactory(body="第一段。\n\n第二段，\n换行。", issuer="市社会组织党委")
    html = client.get(announcement.get_absolute_url()).content.decode()
    assert "<p>第一段。</p>" in html and "<p>第二段，<br>换行。</p>" in html
    assert "发布单位：市社会组织党委" in html
    draft = factories.AnnouncementFactory(is_published=False)
    future = factories.AnnouncementFactory(published_on=timezone.localdate() + datetime.timedelta(days=1))
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(future.get_absolute_url()).status_code == 404


def test_announcement_list_pages_by_twenty_newest_first(client, db):
    today = timezone.localdate()
    for i in range(25):
        factories.AnnouncementFactory(title=f"公告第{i:02d}号", published_on=today - datetime.timedelta(days=i))
    first = client.get(reverse("announcements:list")).content.decode()
    second = client.get(reverse("announcements:list") + "?page=2").content.decode()
    assert "公告第00号" in first and "公告第19号" in first and "公告第20号" not in first
    assert "公告第20号" in second and "公告第24号" in second
    assert first.index("公告第00号") < first.index("公告第01号")
    bad = client.get(reverse("announcements:list") + "?page=abc")
    assert bad.status_code == 200 and "页码“abc”无效" in bad.content.decode()


def test_robots_txt_keeps_crawlers_out_of_private_areas_and_names_the_sitemap(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    for path in ["/admin/", "/my/", "/accounts/", "/labels/"]:
        assert f"Disallow: {path}" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert client.post("/robots.txt").status_code == 405


@pytest.mark.parametrize("page", ["home", "announcement", "organization", "privacy"])
def test_pages_carry_a_share_card_with_their_own_title_and_absolute_address(client, portal, page):
    url = public_urls(portal)[page]
    html = client.get(url).content.decode()
    title = re.search(r"<title>(.*?) - ", html).group(1)
    assert meta(html, "og:title") == title
    assert meta(html, "og:url") == f"http://testserver{url}"
    assert meta(html, "og:image") == "http://testserver/static/img/share.png"
    assert meta(html, "og:site_name") == "广州市社会组织党建云展馆"
    description = re.search(r'<meta name="description" content="([^"]*)">', html).group(1)
    assert meta(html, "og:description") == " ".join(description.split())


def test_share_card_of_an_announcement_is_an_article_escaped_once(client, db):
    announcement = factories.AnnouncementFactory(title="党建 & 业务“双促进”")
    html = client.get(announcement.get_absolute_url()).content.decode()
    assert meta(html, "og:type") == "article"
    assert meta(html, "og:title") == "党建 &amp; 业务“双促进”"


def test_share_image_is_a_square_png_of_the_size_announced(client, db):
    with Image.open(Path(settings.BASE_DIR) / "static" / "img" / "share.png") as image:
        assert image.format == "PNG" and image.size == (600, 600)


def test_public_pages_name_a_print_stylesheet(client, db):
    html = client.get(reverse("privacy")).content.decode()
    assert '<link rel="stylesheet" href="/static/css/site-print.css" media="print">' in html
