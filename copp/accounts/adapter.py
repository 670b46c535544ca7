"""django-allauth adapter: where users land after login; the client address the login limiter counts."""
from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from copp.core.audit import client_ip


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request):
        return reverse("portal:cabinet")

    def get_client_ip(self, request):
        # The same address the audit log records: behind nginx, the one it forwarded, not 127.0.0.1.
        ip = client_ip(request)
        if not ip:
            raise PermissionDenied("Unable to determine client IP address")
        return ip
