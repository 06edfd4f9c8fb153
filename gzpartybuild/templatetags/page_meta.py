"""Page metadata for sharing: the page's own title and description blocks rendered a second
time (Open Graph), absolute addresses, and the page's QR code."""

import functools

import segno
from django import template
from django.template.base import NodeList
from django.template.loader_tags import BlockNode
from django.templatetags.static import static
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def block_text(context, name):
    """The most derived `{% block name %}` of the page being rendered, rendered again as text.

    Lets <meta property="og:title"> repeat the page's title block without each page
    writing its title twice."""
    text = BlockNode(name, NodeList()).render(context)
    # The block rendered as escaped text already; collapsing its whitespace keeps it so.
    return mark_safe(" ".join(text.split()))  # noqa: S308


@register.simple_tag(takes_context=True)
def absolute_url(context, path=None):
    """The page's own address (without its query), or `path`'s, on the host that was asked."""
    request = context["request"]
    return request.build_absolute_uri(path if path is not None else request.path)


@register.simple_tag(takes_context=True)
def absolute_static(context, path):
    return context["request"].build_absolute_uri(static(path))


@functools.lru_cache(maxsize=1024)
def qr_svg(url, label="本页二维码"):
    """`url` as a QR code in inline SVG: error correction M or better (segno raises it when the
    symbol has room), a two-module quiet zone, the rest of the white around it from the stylesheet.

    Kept for the process's life (the 1,024 most recent addresses): encoding one took 5–10 ms,
    on every page that shows its own code."""
    svg = segno.make(url, error="m", micro=False).svg_inline(
        border=2, omitsize=True, svgclass="qr-code", lineclass=None
    )
    return mark_safe(svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1))  # noqa: S308


@register.simple_tag(takes_context=True)
def page_qr(context):
    """The page's own absolute address (without its query) as a QR code."""
    request = context["request"]
    return qr_svg(request.build_absolute_uri(request.path))


@register.simple_tag(takes_context=True)
def record_qr(context, record, label):
    """A record's public page (its get_absolute_url) as a QR code, on the host that was asked."""
    return qr_svg(context["request"].build_absolute_uri(record.get_absolute_url()), label)
