"""Registers what the ESIA app keeps about a person (core.personal_data)."""
from allauth.socialaccount.models import SocialAccount
from django.utils.translation import gettext_lazy as _

from copp.core.personal_data import register, register_eraser

from .models import EsiaEvent

register(SocialAccount, fields=["provider", "uid", "extra_data", "date_joined", "last_login"],
         subject_lookup="user", purpose=_("Link to Gosuslugi and the data received from it"))
register(EsiaEvent, fields=["at", "outcome", "reason", "oid", "ip"], subject_lookup="user",
         purpose=_("Sign-ins through Gosuslugi"))


@register_eraser
def erase_esia_sign_ins(user) -> int:
    """A subject's erasure (152-ФЗ): the log of their sign-ins through Gosuslugi (oid, IP) goes; the ESIA link
    itself (SocialAccount) is deleted by accounts with the account's other sign-in data."""
    return EsiaEvent.objects.filter(user=user).delete()[0]
