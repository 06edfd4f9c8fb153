"""The public's journey through the portal, in a desktop browser, following links as a visitor does."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP
from tests.browser.journeys import expect_heading

pytestmark = pytest.mark.browser


def test_visitor_goes_from_home_through_hall_directory_activity_photo_town_to_statistics(browsing, portal):
    page = browsing.new_page(DESKTOP)
    browsing.visit(page, "/")
    expect_heading(page, "广州市社会组织党建云展馆")
    # What the README shows at its top (docs/screenshots/home.png is a copy of it).
    browsing.screenshot(page, "home", full_page=False)

    # A hall of the cloud exhibition: the article's activities are shown in 红树林.
    page.get_by_role("link", name="红树林展厅").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("红树林展厅")
    expect(page.get_by_role("link", name=portal.featured_activity.title)).to_be_visible()

    # The directory, searched by typing Chinese into its search box.
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="社会组织", exact=True).click()
    expect_heading(page, "社会组织名录")
    search = page.get_by_label("名称或统一社会信用代码")
    search.press_sequentially("社会组织联合会")
    search.press("Enter")
    expect(page.get_by_role("heading", name="查询结果")).to_be_visible()
    assert "q=%E7%A4%BE%E4%BC%9A%E7%BB%84%E7%BB%87%E8%81%94%E5%90%88%E4%BC%9A" in page.url
    page.get_by_role("link", name=portal.federation.name, exact=True).click()

    # The organization, and an activity its party committee ran.
    expect_heading(page, portal.federation.name)
    expect(page.get_by_text(portal.federation.credit_code)).to_be_visible()
    page.get_by_role("link", name=portal.featured_activity.title).click()
    expect_heading(page, portal.featured_activity.title)
    expect(page.get_by_role("link", name="普爱社会工作服务党支部")).to_be_visible()  # a co-organizer

    # Its photo, opened full size.
    photo = portal.featured_activity.photos.get()
    thumbnail = page.get_by_role("img", name=photo.alt_text)
    expect(thumbnail).to_be_visible()
    thumbnail_width = thumbnail.evaluate("img => img.complete ? img.naturalWidth : 0")
    assert thumbnail_width > 0, "the thumbnail did not load"
    with page.expect_navigation() as navigation:
        page.get_by_role("link", name=photo.alt_text).click()
    response = navigation.value
    assert response.status == 200 and response.headers["content-type"] == "image/jpeg"
    assert page.evaluate("document.images[0].naturalWidth") == photo.width > thumbnail_width
    page.go_back()
    expect_heading(page, portal.featured_activity.title)

    # A town, from the towns list.
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="特色小镇", exact=True).click()
    page.get_by_role("link", name=portal.town.name).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(portal.town.name)
    expect(page.get_by_text(portal.town.theme_industry).first).to_be_visible()

    # The statistics: charts with their numbers as tables.
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="数据统计", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("统计")
    expect(page.get_by_role("table").first).to_be_visible()

    browsing.screenshot(page, "public-journey")
    browsing.assert_no_problems()
