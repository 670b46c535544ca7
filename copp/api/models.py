"""Integrator tokens (M33): API keys the administrator issues to an organisation; only hashes are stored."""
import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def token_key_hash(key: str) -> str:
    """SHA-256 of a raw key; keys are long random strings, so an unsalted hash is enough to look them up."""
    return hashlib.sha256(key.encode()).hexdigest()


class IntegratorToken(models.Model):
    """An API key of an integrator; it acts for its organisation and, optionally, for one of its users."""

    name = models.CharField(_("name"), max_length=200,
                            help_text=_("Who uses the key and what for, e.g. the system's name."))
    organization = models.ForeignKey("organizations.Organization", verbose_name=_("organisation"),
                                     on_delete=models.CASCADE, related_name="integrator_tokens")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, blank=True,
                             on_delete=models.CASCADE, related_name="integrator_tokens")
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True, editable=False)
    key_prefix = models.CharField(_("key prefix"), max_length=8, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("issued by"), null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+", editable=False)
    created_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True,
                                      help_text=_("Leave empty for a key without an expiry date."))

    class Meta:
        verbose_name = _("integrator token")
        verbose_name_plural = _("integrator tokens")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.key_prefix}…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def is_usable(self) -> bool:
        return not self.is_revoked and not self.is_expired
