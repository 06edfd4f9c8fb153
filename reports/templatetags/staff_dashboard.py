"""The admin index's dashboard: review queue and headline figures (see templates/admin/index.html)."""

from django import template
from django.urls import NoReverseMatch, reverse

from activities.models import Activity
from reports.queries import dashboard_figures

register = template.Library()


@register.simple_tag
def staff_dashboard():
    """Figures from `dashboard_figures()` plus the links to the review queue and its oldest
    item, and to the history of each recent change (None where the admin has no such page)."""
    figures = dashboard_figures()
    try:
        figures["review_url"] = (
            reverse("admin:activities_activity_changelist") + f"?state__exact={Activity.State.SUBMITTED}"
        )
        figures["queue_url"] = reverse("admin:activities_activity_changelist") + "?review=pending"
    except NoReverseMatch:
        figures["review_url"] = figures["queue_url"] = None
    figures["staff_changes"] = [
        {**change, "url": _admin_url(f"admin:{change['app_label']}_{change['model_name']}_history", change["pk"])}
        for change in figures["staff_changes"]
    ]
    figures["risk_url"] = reverse("reports:risk")
    return figures


def _admin_url(name, pk):
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:
        return None
