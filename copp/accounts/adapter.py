"""django-allauth adapter: where users land after login; the client address the login limiter counts;
account letters signed with the centre's name and the platform's address from the branding settings."""
from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from copp.core.audit import client_ip
from copp.core.identity import platform_identity


class _LetterSite:
    """What allauth's letter templates read as `current_site`: the centre's name and the platform's address."""

    def __init__(self, identity):
        self.name = identity.name
        self.domain = identity.domain


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request):
        return reverse("portal:cabinet")

    def get_client_ip(self, request):
        # The same address the audit log records: behind nginx, the one it forwarded, not 127.0.0.1.
        ip = client_ip(request)
        if not ip:
            raise PermissionDenied("Unable to determine client IP address")
        return ip

    def send_mail(self, template_prefix, email, context):
        identity = platform_identity()
        context = {**context, "current_site": _LetterSite(identity), "platform_url": identity.url}
        super().send_mail(template_prefix, email, context)
