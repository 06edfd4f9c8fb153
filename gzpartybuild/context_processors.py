from django.conf import settings


def site(request):
    """Footer and header facts that every page shows."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_SPONSOR": settings.SITE_SPONSOR,
        "SITE_ICP": settings.SITE_ICP,
        "SITE_PSB": settings.SITE_PSB,
        "SITE_CODE": settings.SITE_CODE,
    }
