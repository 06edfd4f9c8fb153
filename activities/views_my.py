from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from partybranches.models import PartyOrganization

from .models import Activity


@login_required
def dashboard(request):
    party_organizations = PartyOrganization.objects.for_secretary(request.user)
    activities = Activity.objects.for_secretary(request.user).order_by("-updated_at")
    return render(
        request,
        "activities/my_dashboard.html",
        {"party_organizations": party_organizations, "activities": activities},
    )
