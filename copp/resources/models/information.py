"""ICT resources (D1): platforms and services with access details; information-and-reference resources
(D2): libraries, databases, normative documents, with links."""
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from copp.directories.models import Competency

from .base import ResourceModel


class IctKind(models.TextChoices):
    PLATFORM = "platform", _("Learning platform")
    LMS = "lms", _("Distance learning system")
    VIDEO = "video", _("Video conferencing service")
    CLOUD = "cloud", _("Cloud service")
    SERVICE = "service", _("Online service")
    OTHER = "other", _("Other")


class IctResource(ResourceModel):
    name = models.CharField(pgettext_lazy("resource", "name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=20, choices=IctKind.choices, db_index=True)
    url = models.URLField(_("address (link)"), max_length=500, blank=True)
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    access_details = models.TextField(
        _("how to get access"), blank=True,
        help_text=_("Who gives access and how. Do not write passwords here."))
    concurrent_users = models.PositiveIntegerField(_("users at once"), null=True, blank=True,
                                                   validators=[MinValueValidator(1)])
    valid_until = models.DateField(_("paid until"), null=True, blank=True)

    class Meta:
        verbose_name = _("ICT resource")
        verbose_name_plural = _("ICT resources")
        ordering = ["name", "pk"]
        constraints = [models.UniqueConstraint(fields=["organization", "name"], name="resources_ict_unique_name")]
        indexes = [
            models.Index(fields=["organization", "is_active"]),
            GinIndex(OpClass(Upper("name"), name="gin_trgm_ops"), name="resources_ict_name_trgm"),
        ]

    def __str__(self):
        return self.name


class ReferenceKind(models.TextChoices):
    LIBRARY = "library", _("Electronic library")
    DATABASE = "database", _("Database")
    NORMATIVE = "normative", _("Normative document")
    METHODICAL = "methodical", _("Methodical materials")
    OTHER = "other", _("Other")


class ReferenceResource(ResourceModel):
    name = models.CharField(pgettext_lazy("resource", "name"), max_length=500)
    kind = models.CharField(_("kind"), max_length=20, choices=ReferenceKind.choices, db_index=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    document_number = models.CharField(_("document number"), max_length=100, blank=True,
                                       help_text=_("For a normative document, for example No. 800"))
    document_date = models.DateField(_("document date"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    competencies = models.ManyToManyField(Competency, verbose_name=_("competencies"), blank=True,
                                          related_name="+")

    class Meta:
        verbose_name = _("information-and-reference resource")
        verbose_name_plural = _("information-and-reference resources")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="resources_reference_unique_name"),
        ]
        indexes = [
            models.Index(fields=["organization", "is_active"]),
            GinIndex(OpClass(Upper("name"), name="gin_trgm_ops"), name="resources_reference_name_trgm"),
        ]

    def __str__(self):
        return self.name
