"""Reading in-app notifications."""
from django.utils import timezone

from ..models import Notification


def notifications_mark_read(*, user, pk=None) -> int:
    """Mark one notification (or all) of the user as read; returns how many changed."""
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if pk is not None:
        qs = qs.filter(pk=pk)
    return qs.update(read_at=timezone.now())
