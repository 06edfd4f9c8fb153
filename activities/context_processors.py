from .models import Notification


def notifications(request):
    """The header's count of a signed-in user's unseen review notifications.

    A callable: the template calls it (one query) only where it shows the count, so pages
    without the header, and anonymous visitors, pay nothing."""
    user = getattr(request, "user", None)
    counted = []

    def unseen():
        if user is None or not user.is_authenticated:
            return 0
        if not counted:
            counted.append(Notification.objects.filter(recipient=user, seen_at__isnull=True).count())
        return counted[0]

    return {"unseen_notifications": unseen}
