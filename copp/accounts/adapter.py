"""django-allauth adapter: where users land after login; account letters signed with the centre's name and
the platform's address from the branding settings (not the host the request came to)."""
from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse

from copp.core.identity import platform_identity


class _LetterSite:
    """What allauth's letter templates read as `current_site`: the centre's name and the platform's address."""

    def __init__(self, identity):
        self.name = identity.name
        self.domain = identity.domain


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request):
        return reverse("portal:cabinet")

    def send_mail(self, template_prefix, email, context):
        identity = platform_identity()
        context = {**context, "current_site": _LetterSite(identity), "platform_url": identity.url}
        super().send_mail(template_prefix, email, context)
