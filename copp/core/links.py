"""Absolute links for letters: from the request when there is one, else from COPP_PLATFORM_URL (a letter
sent by a command, a task or an API call still carries a link the reader can open)."""
from django.conf import settings


def absolute_url(path: str, request=None) -> str:
    """`path` (from reverse) as a full address of the platform."""
    if request is not None:
        return request.build_absolute_uri(path)
    return settings.COPP_PLATFORM_URL.rstrip("/") + path
