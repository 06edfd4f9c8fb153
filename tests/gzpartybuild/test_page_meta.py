"""The page's QR code in the footer: drawn as inline SVG, it decodes to the page's own absolute address."""

import re

import pytest
import zxingcpp
from django.urls import reverse
from PIL import Image, ImageDraw

from tests.helpers import factories

PATH_COMMAND = re.compile(r"([MmHh])\s*(-?[\d.]+)(?:[\s,]+(-?[\d.]+))?")


def qr_svg(html):
    found = re.findall(r'<svg role="img" aria-label="本页二维码"[^>]*>.*?</svg>', html, re.S)
    assert len(found) == 1
    return found[0]


def rasterize(svg, scale=8):
    """Draw segno's SVG as a browser would: each `h` of the path is a unit-wide black line at y+.5."""
    width, height = (int(float(n)) for n in re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg).groups())
    image = Image.new("L", (width * scale, height * scale), 255)
    draw = ImageDraw.Draw(image)
    x = y = 0.0
    for path in re.findall(r' d="([^"]+)"', svg):
        for command, a, b in PATH_COMMAND.findall(path):
            if command == "M":
                x, y = float(a), float(b)
            elif command == "m":
                x, y = x + float(a), y + float(b)
            elif command == "h":
                top = y - 0.5
                draw.rectangle([x * scale, top * scale, (x + float(a)) * scale - 1, (top + 1) * scale - 1], fill=0)
                x += float(a)
            else:
                raise AssertionError(f"unexpected path command {command}")
    # A white margin beyond the code's own quiet zone, as the stylesheet gives it.
    framed = Image.new("L", (image.width + 8 * scale, image.height + 8 * scale), 255)
    framed.paste(image, (4 * scale, 4 * scale))
    return framed


def decode(svg):
    results = zxingcpp.read_barcodes(rasterize(svg))
    assert len(results) == 1
    assert results[0].format == zxingcpp.BarcodeFormat.QRCode
    return results[0].text


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
