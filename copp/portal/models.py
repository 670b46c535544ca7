"""Branding settings (M2): name, logo, colours, contacts, official site link (M1), policy texts."""
from django.conf import settings
from django.core.cache import cache
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

color_validator = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Enter a colour as #RRGGBB."))
CACHE_KEY = "portal.branding"


def default_official_site() -> str:
    return settings.COPP_OFFICIAL_SITE_URL


class Branding(models.Model):
    """The single row of branding settings; the administrator edits it in the administration section."""

    singleton = models.BooleanField(default=True, unique=True, editable=False)
    name = models.CharField(_("platform name"), max_length=200,
                            default="Центр опережающей профессиональной подготовки")
    short_name = models.CharField(_("short name"), max_length=50, default="ЦОПП")
    tagline = models.CharField(_("tagline"), max_length=300, blank=True,
                               default="Обучение новым профессиям и повышение квалификации")
    logo = models.FileField(_("logo (SVG or PNG)"), upload_to="branding/", blank=True)
    color_primary = models.CharField(_("primary colour"), max_length=7, default="#0b4f8a",
                                     validators=[color_validator])
    color_accent = models.CharField(_("accent colour"), max_length=7, default="#e85d04",
                                    validators=[color_validator])
    official_site_url = models.URLField(_("official CoPP site"), default=default_official_site)
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    operator_details = models.TextField(
        _("personal data operator"), blank=True,
        help_text=_("Full name, INN, OGRN and address of the operator, shown in the policy."))
    privacy_policy = models.TextField(_("personal data processing policy"), blank=True)
    accessibility_statement = models.TextField(_("accessibility statement"), blank=True)

    class Meta:
        verbose_name = _("branding settings")
        verbose_name_plural = _("branding settings")

    def __str__(self):
        return str(self._meta.verbose_name)

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        cache.delete(CACHE_KEY)

    @classmethod
    def current(cls) -> "Branding":
        branding = cache.get(CACHE_KEY)
        if branding is None:
            branding = cls.objects.first() or cls()
            cache.set(CACHE_KEY, branding, 300)
        return branding
