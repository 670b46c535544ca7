"""ESIA as a django-allauth provider: allauth lists it and links accounts through SocialAccount(provider="esia",
uid=oid); the protocol itself lives in copp.esia.flow because ESIA signs every request (no client secret)."""
from allauth.socialaccount.providers.base import Provider, ProviderAccount
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _


class EsiaAccount(ProviderAccount):
    def to_str(self) -> str:
        data = self.account.extra_data or {}
        name = " ".join(p for p in (data.get("last_name"), data.get("first_name"), data.get("patronymic")) if p)
        return name or f"{_('Gosuslugi')} {self.account.uid}"


class EsiaProvider(Provider):
    id = "esia"
    name = _("Gosuslugi")
    uses_apps = False  # settings come from copp.esia.options, not from a SocialApp row
    supports_redirect = False  # the sign-in starts at esia_login (copp.esia.views), not through allauth
    account_class = EsiaAccount

    def get_login_url(self, request, **kwargs) -> str:
        url = reverse("esia_login")
        return f"{url}?{urlencode(kwargs)}" if kwargs else url

    def extract_uid(self, data) -> str:
        return str(data["oid"])


provider_classes = [EsiaProvider]
