"""Branding settings (M2): name, logo, colours, typography, the region's time zone, contacts, official site link
(M1), policy texts."""
from django.conf import settings
from django.core.cache import cache
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

color_validator = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Enter a colour as #RRGGBB."))
CACHE_KEY = "portal.branding"


def default_official_site() -> str:
    return settings.COPP_OFFICIAL_SITE_URL


def default_platform_url() -> str:
    return settings.COPP_PLATFORM_URL


def default_time_zone() -> str:
    return settings.TIME_ZONE


# The zones of Russia's regions (one region, one zone: DESIGN.md).
TIME_ZONES = [
    ("Europe/Kaliningrad", _("Kaliningrad (UTC+2)")), ("Europe/Moscow", _("Moscow (UTC+3)")),
    ("Europe/Samara", _("Samara (UTC+4)")), ("Asia/Yekaterinburg", _("Yekaterinburg (UTC+5)")),
    ("Asia/Omsk", _("Omsk (UTC+6)")), ("Asia/Krasnoyarsk", _("Krasnoyarsk (UTC+7)")),
    ("Asia/Irkutsk", _("Irkutsk (UTC+8)")), ("Asia/Yakutsk", _("Yakutsk (UTC+9)")),
    ("Asia/Vladivostok", _("Vladivostok (UTC+10)")), ("Asia/Magadan", _("Magadan (UTC+11)")),
    ("Asia/Kamchatka", _("Kamchatka (UTC+12)")),
]


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2.1 contrast ratio of two #RRGGBB colours (1 to 21)."""
    def luminance(colour: str) -> float:
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


class FontFamily(models.TextChoices):
    """Typefaces with Cyrillic served by the platform itself from npm packages (no font CDN)."""

    GOLOS = "golos-text", "Golos Text"
    PT_SANS = "pt-sans", "PT Sans"
    ROBOTO = "roboto", "Roboto"
    OPEN_SANS = "open-sans", "Open Sans"


# The stylesheets of each face (regular and bold, Cyrillic and Latin), under static vendor/fonts/<face>/.
FONT_FILES = {
    FontFamily.GOLOS: ("cyrillic-400.css", "400.css", "600.css"),
    FontFamily.PT_SANS: ("cyrillic-400.css", "400.css", "cyrillic-700.css", "700.css"),
    FontFamily.ROBOTO: ("cyrillic-400.css", "400.css", "cyrillic-600.css", "600.css"),
    FontFamily.OPEN_SANS: ("cyrillic-400.css", "400.css", "cyrillic-600.css", "600.css"),
}


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
    font_family = models.CharField(_("font"), max_length=20, choices=FontFamily.choices, default=FontFamily.GOLOS,
                                   help_text=_("The typeface of the brand book; the platform serves it itself."))
    time_zone = models.CharField(_("time zone of the region"), max_length=40, choices=TIME_ZONES,
                                 default=default_time_zone,
                                 help_text=_("Every page, letter, calendar file, Excel export and the API show "
                                             "times in this zone."))
    official_site_url = models.URLField(_("official CoPP site"), default=default_official_site)
    platform_url = models.URLField(_("address of the platform"), default=default_platform_url,
                                   help_text=_("Letters link to it and sign with it."))
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

    def clean(self):
        """The brand colours keep WCAG AA: the primary colour carries white text and is the colour of links on
        white (4.5:1); the accent is the keyboard focus ring on white (3:1 for non-text contrast)."""
        from django.core.exceptions import ValidationError

        errors = {}
        if color_validator.regex.match(self.color_primary or "") and \
                contrast_ratio(self.color_primary, "#ffffff") < 4.5:
            errors["color_primary"] = _("Text on this colour and links in it are hard to read: the contrast with "
                                        "white is %(ratio).1f:1, at least 4.5:1 is needed. Choose a darker "
                                        "colour.") % {"ratio": contrast_ratio(self.color_primary, "#ffffff")}
        if color_validator.regex.match(self.color_accent or "") and \
                contrast_ratio(self.color_accent, "#ffffff") < 3:
            errors["color_accent"] = _("The focus frame in this colour is hard to see: the contrast with white is "
                                       "%(ratio).1f:1, at least 3:1 is needed. Choose a darker colour.") % {
                "ratio": contrast_ratio(self.color_accent, "#ffffff")}
        if errors:
            raise ValidationError(errors)

    @property
    def font_stylesheets(self) -> list[str]:
        """Static paths of the chosen face's stylesheets."""
        face = self.font_family if self.font_family in FONT_FILES else FontFamily.GOLOS
        return [f"vendor/fonts/{face}/{name}" for name in FONT_FILES[face]]

    @classmethod
    def current(cls) -> "Branding":
        branding = cache.get(CACHE_KEY)
        if branding is None:
            branding = cls.objects.first() or cls()
            cache.set(CACHE_KEY, branding, 300)
        return branding
