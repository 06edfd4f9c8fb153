"""The page's QR code in the footer: drawn as inline SVG, it decodes to the page's own absolute address."""

import re

import pytest
import zxingcpp
from django.urls import reverse

from tests.helpers import factories
from tests.helpers.qr import decode, qr_svg, rasterize


@pytest.mark.parametrize(
    "path",
    ["/", reverse("privacy"), reverse("partybranches:list"), reverse("announcements:list")],
)
def test_the_footer_qr_code_decodes_to_the_pages_absolute_address(client, db, path):
    assert decode(qr_svg(client.get(path).content.decode())) == f"http://testserver{path}"


def test_the_qr_code_of_a_record_page_leaves_the_query_out(client, db):
    party = factories.PartyOrganizationFactory()
    html = client.get(party.get_absolute_url(), {"utm": "x"}).content.decode()
    assert decode(qr_svg(html)) == f"http://testserver{party.get_absolute_url()}"


def test_the_qr_code_follows_the_host_asked(client, db, settings):
    settings.ALLOWED_HOSTS = ["dangjian.example.gov.cn"]
    html = client.get("/contact/", HTTP_HOST="dangjian.example.gov.cn", secure=True).content.decode()
    assert decode(qr_svg(html)) == "https://dangjian.example.gov.cn/contact/"


def test_the_rasterizer_is_not_fooled_by_a_damaged_code(client, db):
    svg = qr_svg(client.get("/").content.decode())

    # Drop most of the drawing: nothing must decode.
    def first_third(match):
        path = match.group(1)
        return f' d="{path[: path.rindex("m", 0, len(path) // 3)]}"'

    damaged = re.sub(r' d="([^"]+)"', first_third, svg)
    assert zxingcpp.read_barcodes(rasterize(damaged)) == []
