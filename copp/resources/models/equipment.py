"""Equipment, tools and software (M18); equipment types are a small dictionary of this app."""
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from copp.directories.models import Competency, DictionaryItem

from .base import BookableMixin, Condition, ResourceModel
from .sites import Site


class EquipmentCategory(models.TextChoices):
    EQUIPMENT = "equipment", _("Equipment")
    TOOL = "tool", _("Tools")


class EquipmentType(DictionaryItem):
    """A dictionary of equipment and tool types; kept here because only resources use it."""

    category = models.CharField(_("for"), max_length=20, choices=EquipmentCategory.choices,
                                default=EquipmentCategory.EQUIPMENT, db_index=True)

    class Meta(DictionaryItem.Meta):
        verbose_name = _("equipment type")
        verbose_name_plural = _("equipment types")


class SiteBoundModel(ResourceModel):
    """A resource kept at one of its organisation's sites (or in no site, such as a store room)."""

    name = models.CharField(pgettext_lazy("resource", "name"), max_length=255)
    site = models.ForeignKey(Site, verbose_name=_("site"), null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+", help_text=_("Where it is kept; leave empty if not at a site."))

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.site_id and self.organization_id and self.site.organization_id != self.organization_id:
            raise ValidationError({"site": _("The site belongs to another organisation.")})


class InventoryItem(SiteBoundModel):
    inventory_number = models.CharField(_("inventory number"), max_length=64, blank=True)
    quantity = models.PositiveIntegerField(_("quantity"), default=1, validators=[MinValueValidator(1)])
    condition = models.CharField(_("condition"), max_length=20, choices=Condition.choices,
                                 default=Condition.WORKING, db_index=True)

    class Meta:
        abstract = True


class Equipment(InventoryItem, BookableMixin):
    """A piece (or a batch of identical pieces) of equipment; scheduling books up to its quantity."""

    equipment_type = models.ForeignKey(EquipmentType, verbose_name=_("type"), on_delete=models.PROTECT,
                                       related_name="+",
                                       limit_choices_to={"category": EquipmentCategory.EQUIPMENT})
    manufacturer = models.CharField(_("manufacturer"), max_length=200, blank=True)
    model = models.CharField(_("model"), max_length=200, blank=True)
    competencies = models.ManyToManyField(Competency, verbose_name=_("competencies"), blank=True,
                                          related_name="+")

    class Meta:
        verbose_name = _("equipment")
        verbose_name_plural = _("equipment")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "inventory_number"],
                                    condition=~models.Q(inventory_number=""),
                                    name="resources_equipment_unique_inventory_number"),
            models.CheckConstraint(condition=models.Q(quantity__gte=1), name="resources_equipment_quantity"),
        ]
        indexes = [
            models.Index(fields=["organization", "is_active"]),
            models.Index(fields=["site", "is_active"]),
            GinIndex(OpClass(Upper("name"), name="gin_trgm_ops"), name="resources_equipment_name_trgm"),
        ]


class Tool(InventoryItem):
    tool_type = models.ForeignKey(EquipmentType, verbose_name=_("type"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+",
                                  limit_choices_to={"category": EquipmentCategory.TOOL})

    class Meta:
        verbose_name = _("tool")
        verbose_name_plural = _("tools")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "inventory_number"],
                                    condition=~models.Q(inventory_number=""),
                                    name="resources_tool_unique_inventory_number"),
            models.CheckConstraint(condition=models.Q(quantity__gte=1), name="resources_tool_quantity"),
        ]
        indexes = [
            models.Index(fields=["organization", "is_active"]),
            models.Index(fields=["site", "is_active"]),
            GinIndex(OpClass(Upper("name"), name="gin_trgm_ops"), name="resources_tool_name_trgm"),
        ]


class LicenceType(models.TextChoices):
    PERPETUAL = "perpetual", _("Perpetual")
    SUBSCRIPTION = "subscription", _("Subscription")
    FREE = "free", _("Free or open source")
    EDUCATIONAL = "educational", _("Educational")
    TRIAL = "trial", _("Trial")


class Software(SiteBoundModel):
    version = models.CharField(_("version"), max_length=64, blank=True)
    vendor = models.CharField(_("vendor"), max_length=200, blank=True)
    licence_type = models.CharField(_("licence type"), max_length=20, choices=LicenceType.choices,
                                    default=LicenceType.PERPETUAL)
    seats = models.PositiveIntegerField(_("seats"), null=True, blank=True, validators=[MinValueValidator(1)],
                                        help_text=_("How many workplaces the licence covers; empty if unlimited."))
    valid_until = models.DateField(_("licence valid until"), null=True, blank=True,
                                   help_text=_("Leave empty if the licence does not expire."))
    competencies = models.ManyToManyField(Competency, verbose_name=_("competencies"), blank=True,
                                          related_name="+")

    class Meta:
        verbose_name = _("software")
        verbose_name_plural = _("software")
        ordering = ["name", "version", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name", "version"],
                                    name="resources_software_unique_version"),
        ]
        indexes = [
            models.Index(fields=["organization", "is_active"]),
            GinIndex(OpClass(Upper("name"), name="gin_trgm_ops"), name="resources_software_name_trgm"),
        ]

    def __str__(self):
        return f"{self.name} {self.version}".strip()

    @property
    def is_expired(self) -> bool:
        return bool(self.valid_until and self.valid_until < timezone.localdate())
