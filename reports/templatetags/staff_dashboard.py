"""The admin index's dashboard: review queue and headline figures (see templates/admin/index.html)."""

from django import template
from django.urls import NoReverseMatch, reverse

from activities.models import Activity
from reports.queries import dashboard_figures

register = template.Library()


@register.simple_tag
def staff_dashboard():
    """Figures from `dashboard_figures()` plus the link to the review queue (None if unregistered)."""
    figures = dashboard_figures()
    try:
        figures["review_url"] = (
            reverse("admin:activities_activity_changelist") + f"?state__exact={Activity.State.SUBMITTED}"
        )
    except NoReverseMatch:
        figures["review_url"] = None
    return figures
