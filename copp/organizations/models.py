"""Organisations with their verification status, and memberships of users in them."""
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from copp.core.models import TimeStampedModel
from copp.core.validators import validate_inn, validate_kpp, validate_ogrn
from copp.directories.models import Competency, Municipality


class OrganizationType(models.TextChoices):
    COPP = "copp", _("CoPP")
    PARTNER = "partner", _("Partner organisation")
    CUSTOMER = "customer", _("Customer / employer")
    EDUCATIONAL = "educational", _("Educational organisation")
    AUTHORITY = "authority", _("Executive authority")


class VerificationStatus(models.TextChoices):
    # A context, because Russian agrees the adjective with «организация» (feminine).
    PENDING = "pending", pgettext_lazy("organisation status", "On verification")
    VERIFIED = "verified", pgettext_lazy("organisation status", "Verified")
    REJECTED = "rejected", pgettext_lazy("organisation status", "Rejected")


class Organization(TimeStampedModel):
    type = models.CharField(_("type"), max_length=20, choices=OrganizationType.choices, db_index=True)
    name = models.CharField(_("full name"), max_length=500)
    short_name = models.CharField(_("short name"), max_length=200)
    inn = models.CharField(_("INN"), max_length=12, unique=True, validators=[validate_inn])
    ogrn = models.CharField(_("OGRN"), max_length=15, blank=True, validators=[validate_ogrn])
    kpp = models.CharField(_("KPP"), max_length=9, blank=True, validators=[validate_kpp])
    legal_address = models.CharField(_("legal address"), max_length=500, blank=True)
    postal_address = models.CharField(_("postal address"), max_length=500, blank=True)
    municipality = models.ForeignKey(Municipality, verbose_name=_("municipality"), null=True, blank=True,
                                     on_delete=models.PROTECT)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    competencies = models.ManyToManyField(Competency, verbose_name=_("competencies"), blank=True)
    verification_status = models.CharField(_("verification"), max_length=20,
                                           choices=VerificationStatus.choices,
                                           default=VerificationStatus.PENDING, db_index=True)
    verification_comment = models.TextField(_("verification comment"), blank=True)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("verified by"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["short_name"]
        indexes = [
            models.Index(fields=["type", "verification_status"]),
            models.Index(fields=["short_name"]),
            models.Index(fields=["created_at"]),  # the database is sorted by registration date (M16)
            # The searchable choice of an organisation (copp.organizations.choices): text anywhere in a name.
            GinIndex(OpClass(Upper("short_name"), name="gin_trgm_ops"), name="organizations_short_name_trgm"),
            GinIndex(OpClass(Upper("name"), name="gin_trgm_ops"), name="organizations_name_trgm"),
            # The catalogue's providers in their order (programs.selectors.catalogue_providers): verified
            # organisations of the types that teach, without walking past the region's thousands of employers.
            models.Index(fields=["short_name", "id"], name="organizations_provider_order",
                         condition=Q(type__in=[OrganizationType.COPP, OrganizationType.PARTNER,
                                               OrganizationType.EDUCATIONAL],
                                    verification_status=VerificationStatus.VERIFIED)),
        ]

    def __str__(self):
        return self.short_name or self.name

    @property
    def is_pending(self) -> bool:
        """Waits for CoPP staff to check it (M5)."""
        return self.verification_status == VerificationStatus.PENDING

    @property
    def is_rejected(self) -> bool:
        return self.verification_status == VerificationStatus.REJECTED

    @property
    def is_verified(self) -> bool:
        """Verified by the CoPP: only then is what the organisation makes public (issue 14)."""
        return self.verification_status == VerificationStatus.VERIFIED


class MembershipRole(models.TextChoices):
    REPRESENTATIVE = "representative", _("Representative")
    HEAD = "head", _("Head")
    EMPLOYEE = "employee", _("Employee")


class Membership(TimeStampedModel):
    """A user's place in an organisation; a representative acts for it in the cabinet."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
                             related_name="memberships")
    organization = models.ForeignKey(Organization, verbose_name=_("organisation"), on_delete=models.CASCADE,
                                     related_name="memberships")
    position = models.CharField(_("position"), max_length=200, blank=True)
    role = models.CharField(_("role in the organisation"), max_length=20, choices=MembershipRole.choices,
                            default=MembershipRole.EMPLOYEE)
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["user", "organization"], name="membership_unique")]

    def __str__(self):
        return f"{self.user} — {self.organization}"
