"""The admin wears the portal's colours (one stylesheet of Django admin's CSS variables,
light and dark), carries the platform's name, and keeps the strict CSP."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from tests.helpers.crawl import parse_page

THEME = settings.BASE_DIR / "static" / "css" / "admin-theme.css"
# Django's own backgrounds, which the theme keeps.
LIGHT_BG, DARK_BG = "#ffffff", "#121212"


def blocks():
    """{"light": vars, "dark-media": vars, "dark": vars} as declared in the theme."""
    css = re.sub(r"/\*.*?\*/", "", THEME.read_text(), flags=re.S)
    light = re.search(r'html\[data-theme="light"\],\s*:root\s*\{(.*?)\}', css, re.S).group(1)
    media = re.search(r"@media \(prefers-color-scheme: dark\)\s*\{\s*:root\s*\{(.*?)\}", css, re.S).group(1)
    dark = re.search(r'html\[data-theme="dark"\]\s*\{(.*?)\}', css, re.S).group(1)

    def parse(body):
        return dict(re.findall(r"(--[\w-]+):\s*([^;]+);", body))

    return {"light": parse(light), "dark-media": parse(media), "dark": parse(dark)}


def resolve(variables, name, fallback):
    value = variables.get(name, fallback.get(name, ""))
    while value.startswith("var("):
        value = variables.get(value[4:-1], fallback.get(value[4:-1]))
    return value


def luminance(colour):
    colour = colour.lstrip("#")
    if len(colour) == 3:
        colour = "".join(c * 2 for c in colour)
    channels = [int(colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b):
    high, low = sorted([luminance(a), luminance(b)], reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_dark_mode_is_themed_alike_for_the_system_setting_and_the_switch():
    declared = blocks()
    assert declared["dark"] == declared["dark-media"]
    assert declared["light"]["--primary"] == "#b5121b"  # the portal's red (static/css/site.css)
    assert "#b5121b" in (settings.BASE_DIR / "static" / "css" / "site.css").read_text()


@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize(
    ("text", "background"),
    [
        ("--link-fg", "--body-bg"),
        ("--link-fg", "--darkened-bg"),
        ("--body-quiet-color", "--darkened-bg"),
        ("--header-link-color", "--header-bg"),
        ("--header-branding-color", "--header-bg"),
        ("--header-link-color", "--primary"),  # module headings
        ("--breadcrumbs-fg", "--breadcrumbs-bg"),
        ("--breadcrumbs-link-fg", "--breadcrumbs-bg"),
        ("--button-fg", "--button-bg"),
        ("--button-fg", "--button-hover-bg"),
        ("--button-fg", "--default-button-bg"),
        ("--body-fg", "--selected-row"),
    ],
)
def test_every_text_colour_reaches_aa_contrast(mode, text, background):
    declared = blocks()
    django_defaults = {
        "--body-bg": LIGHT_BG if mode == "light" else DARK_BG,
        "--darkened-bg": "#f8f8f8" if mode == "light" else "#212121",
        "--body-fg": "#333333" if mode == "light" else "#eeeeee",
        "--button-fg": "#ffffff",
    }
    variables = declared["light"] if mode == "light" else {**declared["light"], **declared["dark"]}
    foreground = resolve(variables, text, django_defaults)
    back = resolve(variables, background, django_defaults)
    assert contrast(foreground, back) >= 4.5, (mode, text, foreground, background, back)


def test_admin_pages_carry_the_name_and_the_theme_and_no_inline_code(staff_client):
    response = staff_client.get(reverse("admin:index"))
    html = response.content.decode()
    assert '<div id="site-name"><a href="/admin/">广州市社会组织党建管理平台</a></div>' in html
    assert html.index("admin/css/dark_mode.css") < html.index("css/admin-theme.css")
    page = parse_page(response)
    assert page.style_blocks == [] and page.style_attributes == []
    assert [script for script in page.inline_scripts if script["type"] != "application/json"] == []
    policy = response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in policy
    assert "style-src 'self'" in policy


def test_the_admin_sign_in_page_has_the_theme_too(client):
    html = client.get(reverse("admin:login")).content.decode()
    assert "css/admin-theme.css" in html
    assert "广州市社会组织党建管理平台" in html
