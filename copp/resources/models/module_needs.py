"""What a module of the region's library needs from the resources registry (M14): kinds of equipment and rooms.
The links live here, above programs in the layers; the module page edits them through the part this app
registers with programs (module_needs.py)."""
from django.db import models
from django.utils.translation import gettext_lazy as _

from copp.programs.models import LibraryModule

from .equipment import EquipmentType
from .sites import Room


class ModuleEquipmentNeed(models.Model):
    """A kind of equipment (or tool) the module needs, with how many workplaces' worth."""

    module = models.ForeignKey(LibraryModule, verbose_name=_("library module"), on_delete=models.CASCADE,
                               related_name="equipment_needs")
    equipment_type = models.ForeignKey(EquipmentType, verbose_name=_("kind of equipment"),
                                       on_delete=models.PROTECT, related_name="module_needs")

    class Meta:
        verbose_name = _("equipment a module needs")
        verbose_name_plural = _("equipment modules need")
        ordering = ["module", "equipment_type__name"]
        constraints = [models.UniqueConstraint(fields=["module", "equipment_type"],
                                               name="resources_module_equipment_once")]

    def __str__(self):
        return f"{self.module} — {self.equipment_type}"


class ModuleRoomNeed(models.Model):
    """A room (of a site) the module is taught in."""

    module = models.ForeignKey(LibraryModule, verbose_name=_("library module"), on_delete=models.CASCADE,
                               related_name="room_needs")
    room = models.ForeignKey(Room, verbose_name=_("room"), on_delete=models.PROTECT, related_name="module_needs")

    class Meta:
        verbose_name = _("room a module needs")
        verbose_name_plural = _("rooms modules need")
        ordering = ["module", "room__name"]
        constraints = [models.UniqueConstraint(fields=["module", "room"], name="resources_module_room_once")]

    def __str__(self):
        return f"{self.module} — {self.room}"
