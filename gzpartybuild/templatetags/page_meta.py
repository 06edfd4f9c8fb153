"""Page metadata for share cards (Open Graph): the page's own title and description blocks,
rendered a second time, and absolute addresses."""

from django import template
from django.template.base import NodeList
from django.template.loader_tags import BlockNode
from django.templatetags.static import static
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
