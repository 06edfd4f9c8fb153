"""Reading the QR codes the pages draw: segno's inline SVG rasterized, then decoded by zxing-cpp."""

import re

import zxingcpp
from PIL import Image, ImageDraw

PATH_COMMAND = re.compile(r"([MmHh])\s*(-?[\d.]+)(?:[\s,]+(-?[\d.]+))?")


def qr_svg(html, label="本页二维码"):
    found = re.findall(rf'<svg role="img" aria-label="{label}"[^>]*>.*?</svg>', html, re.S)
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
