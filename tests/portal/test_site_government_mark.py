"""The 党政机关标识 in every page's footer: the image staff upload as a site setting, or until then
the drawn stand-in that says it is one."""

import io
import re

from django.contrib.staticfiles import finders
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from portal.models import SiteSettings
from tests.helpers.admin import admin_form_data, admin_url


def mark(html):
    return re.search(r'<a class="footer-mark"[^>]*><img src="([^"]+)" alt="党政机关网站标识"', html)[1]


def png_upload():
    buffer = io.BytesIO()
    Image.new("RGB", (120, 120), (196, 30, 36)).save(buffer, format="PNG")
    return SimpleUploadedFile("mark.png", buffer.getvalue(), content_type="image/png")


def test_every_page_shows_the_drawn_mark_until_staff_upload_one(client, db):
    source = mark(client.get("/").content.decode())
    assert source.endswith("img/government-mark.svg")
    drawn = finders.find("img/government-mark.svg")
    assert "示意标识" in open(drawn, encoding="utf-8").read()  # it says it is a stand-in
    assert mark(client.get("/privacy/").content.decode()) == source


def test_staff_upload_the_mark_in_the_admin_and_the_footer_shows_it(client, staff_client, staff_user):
    url = admin_url(SiteSettings, "change", 1)
    data = admin_form_data(staff_client, url)
    data["government_mark"] = png_upload()
    response = staff_client.post(url, data)
    assert response.status_code == 302
    settings = SiteSettings.current()
    assert settings.government_mark.name.startswith("site/")
    assert mark(client.get("/").content.decode()) == settings.government_mark.url
    assert client.get(settings.government_mark.url).status_code == 200
    assert SiteSettings.history.first().history_user == staff_user


def test_a_file_that_is_not_an_image_is_refused_with_a_chinese_message(staff_client, db):
    url = admin_url(SiteSettings, "change", 1)
    data = admin_form_data(staff_client, url)
    data["government_mark"] = SimpleUploadedFile("mark.png", b"not an image", content_type="image/png")
    response = staff_client.post(url, data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["government_mark"]
    assert re.search(r"[\u4e00-\u9fff]", errors[0]), errors
    assert not SiteSettings.current().government_mark
