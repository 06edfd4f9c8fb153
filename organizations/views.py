from django.shortcuts import get_object_or_404, render

from .models import SocialOrganization


def organization_list(request):
    organizations = SocialOrganization.objects.public()[:20]
    return render(request, "organizations/organization_list.html", {"organizations": organizations})


def organization_detail(request, pk):
    organization = get_object_or_404(SocialOrganization.objects.public(), pk=pk)
    return render(request, "organizations/organization_detail.html", {"organization": organization})
