from django.shortcuts import get_object_or_404, render

from .models import DemonstrationSite, PartyOrganization


def party_organization_detail(request, pk):
    party_organization = get_object_or_404(PartyOrganization.objects.public(), pk=pk)
    return render(request, "partybranches/partyorganization_detail.html", {"party_organization": party_organization})


def demonstration_list(request):
    sites = DemonstrationSite.objects.select_related("party_organization").filter(party_organization__is_archived=False)
    return render(request, "partybranches/demonstrationsite_list.html", {"sites": sites})
