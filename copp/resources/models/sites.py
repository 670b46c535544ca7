"""Sites and workshops (M18) with their rooms and photos; scheduling books a site or one of its rooms."""
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from copp.directories.models import Competency, Municipality

from ..files import GeneratedName, validate_photo
from .base import BookableMixin, ResourceModel, ResourceQuerySet


class SiteKind(models.TextChoices):
    WORKSHOP = "workshop", _("Workshop")
    TRAINING_SITE = "training_site", _("Training site")
    CLASSROOM = "classroom", _("Classroom")
    LABORATORY = "laboratory", _("Laboratory")


class Accessibility(models.TextChoices):
    STEP_FREE = "step_free", _("Step-free entrance or ramp")
    LIFT = "lift", _("Lift or platform lift")
    ADAPTED_TOILET = "adapted_toilet", _("Adapted toilet")
    ADAPTED_WORKPLACE = "adapted_workplace", _("Adapted workplaces")
    HEARING = "hearing", _("Induction loop or aids for the hard of hearing")
    VISION = "vision", _("Tactile signs and Braille")
    PARKING = "parking", _("Parking for people with disabilities")


class Site(ResourceModel, BookableMixin):
    """A workshop or training site of an organisation: where a program can run, for how many."""

    name = models.CharField(pgettext_lazy("resource", "name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=20, choices=SiteKind.choices, default=SiteKind.WORKSHOP,
                            db_index=True)
    address = models.CharField(_("address"), max_length=500)
    municipality = models.ForeignKey(Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT,
                                     related_name="+")
    area = models.DecimalField(_("area, m²"), max_digits=8, decimal_places=1, null=True, blank=True,
                               validators=[MinValueValidator(0)])
    capacity = models.PositiveIntegerField(_("capacity, workplaces"), validators=[MinValueValidator(1)],
                                           help_text=_("How many learners can work here at once."))
    competencies = models.ManyToManyField(Competency, verbose_name=_("competencies"), blank=True,
                                          related_name="+")
    is_demo_exam_center = models.BooleanField(_("demonstration exam centre"), default=False,
                                              help_text=_("The site is accredited to hold the demonstration exam."))
    accessibility = ArrayField(
        models.CharField(max_length=32, choices=Accessibility.choices), verbose_name=_("accessibility"),
        default=list, blank=True, help_text=_("What makes the site usable by people with disabilities."))
    accessibility_notes = models.TextField(_("accessibility notes"), blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("site or workshop")
        verbose_name_plural = _("sites and workshops")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="resources_site_unique_name"),
            models.CheckConstraint(condition=models.Q(capacity__gte=1), name="resources_site_capacity"),
        ]
        indexes = [
            models.Index(fields=["organization", "is_active"]),
            models.Index(fields=["municipality", "is_active"]),
            GinIndex(OpClass(Upper("name"), name="gin_trgm_ops"), name="resources_site_name_trgm"),
            # The load chart (D5) and the sites' searchable choice walk the sites in this order and stop after a
            # page (M32).
            models.Index(fields=["name", "id"], name="resources_site_name_order"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_accessible(self) -> bool:
        return bool(self.accessibility)

    def accessibility_labels(self) -> list[str]:
        return [str(Accessibility(code).label) for code in self.accessibility if code in Accessibility.values]


class Room(models.Model):
    """A room of a site that lessons book on its own (a classroom inside a college building)."""

    organization_path = "site__organization"

    site = models.ForeignKey(Site, verbose_name=_("site"), on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField(_("room"), max_length=100, help_text=_("For example, room 214"))
    capacity = models.PositiveIntegerField(_("capacity, workplaces"), validators=[MinValueValidator(1)])
    area = models.DecimalField(_("area, m²"), max_digits=8, decimal_places=1, null=True, blank=True,
                               validators=[MinValueValidator(0)])
    is_bookable = models.BooleanField(_("can be booked"), default=True)
    is_active = models.BooleanField(_("in use"), default=True)

    objects = ResourceQuerySet.as_manager()

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["site", "name"], name="resources_room_unique_name"),
            models.CheckConstraint(condition=models.Q(capacity__gte=1), name="resources_room_capacity"),
        ]

    def __str__(self):
        return f"{self.site} — {self.name}"

    def clean(self):
        if self.site_id and self.capacity and self.site.capacity and self.capacity > self.site.capacity:
            raise ValidationError({"capacity": _("A room cannot hold more than its site (%(n)s workplaces).")
                                   % {"n": self.site.capacity}})


class SitePhoto(models.Model):
    organization_path = "site__organization"

    site = models.ForeignKey(Site, verbose_name=_("site"), on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(_("photo"), upload_to=GeneratedName("resources/photos"), validators=[validate_photo],
                            help_text=_("JPEG, PNG or WebP, up to 5 MB."))
    caption = models.CharField(_("what the photo shows"), max_length=255,
                               help_text=_("Read aloud to blind users instead of the photo."))
    content_type = models.CharField(_("content type"), max_length=40, editable=False)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    objects = ResourceQuerySet.as_manager()

    class Meta:
        verbose_name = _("photo of a site")
        verbose_name_plural = _("photos of sites")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.caption
