"""Consumables (D3): stock, minimum level, usage and receipt records, the person alerted on low stock."""
from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from .base import ResourceQuerySet
from .equipment import SiteBoundModel

QUANTITY = {"max_digits": 12, "decimal_places": 3}


class Unit(models.TextChoices):
    PIECE = "pcs", _("pcs")
    KILOGRAM = "kg", _("kg")
    GRAM = "g", _("g")
    LITRE = "l", _("l")
    METRE = "m", _("m")
    SQUARE_METRE = "m2", _("m²")
    PACK = "pack", _("pack")
    SET = "set", _("set")


class Consumable(SiteBoundModel):
    unit = models.CharField(_("unit"), max_length=8, choices=Unit.choices, default=Unit.PIECE)
    stock = models.DecimalField(_("in stock"), **QUANTITY, default=Decimal(0), validators=[MinValueValidator(0)])
    minimum_level = models.DecimalField(
        _("minimum level"), **QUANTITY, default=Decimal(0), validators=[MinValueValidator(0)],
        help_text=_("When the stock falls to this level, the responsible person gets an e-mail."))
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("responsible person"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
        help_text=_("Gets the low-stock e-mail; if empty, the organisation's representatives get it."))
    # Set when the low-stock e-mail goes out and cleared when the stock rises above the minimum again,
    # so one shortage sends one e-mail however many usages follow.
    low_stock_alerted_at = models.DateTimeField(_("low-stock e-mail sent"), null=True, blank=True,
                                                editable=False)

    class Meta:
        verbose_name = _("consumable")
        verbose_name_plural = _("consumables")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(stock__gte=0), name="resources_consumable_stock"),
            models.CheckConstraint(condition=models.Q(minimum_level__gte=0),
                                   name="resources_consumable_minimum_level"),
            models.UniqueConstraint(fields=["organization", "name"], name="resources_consumable_unique_name"),
        ]
        indexes = [
            models.Index(fields=["organization", "is_active"]),
            models.Index(fields=["site", "is_active"]),
            GinIndex(OpClass(Upper("name"), name="gin_trgm_ops"), name="resources_consumable_name_trgm"),
        ]

    @property
    def is_low(self) -> bool:
        return self.minimum_level > 0 and self.stock <= self.minimum_level


class MovementKind(models.TextChoices):
    USAGE = "usage", _("Used")
    RECEIPT = "receipt", _("Received")


class ConsumableMovement(models.Model):
    """One usage or receipt of a consumable, with the stock it left."""

    organization_path = "consumable__organization"

    consumable = models.ForeignKey(Consumable, verbose_name=_("consumable"), on_delete=models.CASCADE,
                                   related_name="movements")
    kind = models.CharField(_("operation"), max_length=10, choices=MovementKind.choices)
    quantity = models.DecimalField(_("quantity"), **QUANTITY, validators=[MinValueValidator(Decimal("0.001"))])
    on_date = models.DateField(_("date"))
    purpose = models.CharField(_("purpose"), max_length=300, blank=True,
                               help_text=_("For example, the group or the lesson it was used for."))
    stock_after = models.DecimalField(_("stock after"), **QUANTITY)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    objects = ResourceQuerySet.as_manager()

    class Meta:
        verbose_name = _("consumable usage record")
        verbose_name_plural = _("consumable usage records")
        ordering = ["-on_date", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="resources_movement_quantity"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.quantity} {self.consumable.get_unit_display()}"
