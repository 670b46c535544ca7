"""The part of a library module's page that links it to the resources registry (M14): the kinds of equipment and
the rooms the module needs. Registered with programs (programs.extensions) when the app is ready, so the module
form of programs edits the links without importing this app."""
from collections.abc import Iterable

from django import forms
from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import EquipmentType, ModuleEquipmentNeed, ModuleRoomNeed, Room

MULTI_HINT = _("To choose several, hold Ctrl (⌘ on a Mac) while clicking.")


class ModuleNeedsForm(forms.Form):
    equipment_types = forms.ModelMultipleChoiceField(
        label=_("Kinds of equipment the module needs"), required=False, queryset=EquipmentType.objects.none(),
        help_text=MULTI_HINT,
        widget=forms.SelectMultiple(attrs={"size": 8}))
    rooms = forms.ModelMultipleChoiceField(
        label=_("Rooms the module is taught in"), required=False, queryset=Room.objects.none(),
        help_text=_("Rooms of the author organisations' sites in the resources registry."),
        widget=forms.SelectMultiple(attrs={"size": 6}))

    def __init__(self, *args, module, authors, **kwargs):
        initial = {}
        if module.pk:
            initial = {"equipment_types": list(module.equipment_needs.values_list("equipment_type_id", flat=True)),
                       "rooms": list(module.room_needs.values_list("room_id", flat=True))}
        super().__init__(*args, initial=initial, prefix="needs", **kwargs)
        self.fields["equipment_types"].queryset = EquipmentType.objects.filter(is_active=True).order_by("name")
        rooms = Room.objects.filter(site__organization__in=authors, is_active=True)
        if module.pk:  # rooms already linked stay choosable even if the author has changed
            rooms = rooms | Room.objects.filter(module_needs__module=module)
        self.fields["rooms"].queryset = rooms.select_related("site").distinct().order_by("site__name", "name")


@transaction.atomic
def module_needs_save(*, module, equipment_types, rooms) -> list[str]:
    """Make the module's links exactly the given equipment kinds and rooms; return what changed."""
    changed = []
    wanted = {t.pk for t in equipment_types}
    have = set(module.equipment_needs.values_list("equipment_type_id", flat=True))
    if wanted != have:
        module.equipment_needs.exclude(equipment_type_id__in=wanted).delete()
        ModuleEquipmentNeed.objects.bulk_create(
            [ModuleEquipmentNeed(module=module, equipment_type_id=pk) for pk in wanted - have])
        changed.append("equipment_types")
    wanted = {r.pk for r in rooms}
    have = set(module.room_needs.values_list("room_id", flat=True))
    if wanted != have:
        module.room_needs.exclude(room_id__in=wanted).delete()
        ModuleRoomNeed.objects.bulk_create([ModuleRoomNeed(module=module, room_id=pk) for pk in wanted - have])
        changed.append("rooms")
    return changed


def module_needs_describe(module_ids: Iterable[int]) -> dict[int, list[str]]:
    """«Equipment: …» and «Rooms: …» lines per module, in two queries for all the modules."""
    ids = list(module_ids)
    kinds: dict[int, list[str]] = {}
    for module_id, name in (ModuleEquipmentNeed.objects.filter(module_id__in=ids)
                            .order_by("equipment_type__name").values_list("module_id", "equipment_type__name")):
        kinds.setdefault(module_id, []).append(name)
    rooms: dict[int, list[str]] = {}
    for need in (ModuleRoomNeed.objects.filter(module_id__in=ids).select_related("room__site")
                 .order_by("room__site__name", "room__name")):
        rooms.setdefault(need.module_id, []).append(f"{need.room.site.name}, {need.room.name}")
    result = {}
    for pk in ids:
        lines = []
        if kinds.get(pk):
            lines.append(gettext("Equipment: %(list)s") % {"list": ", ".join(kinds[pk])})
        if rooms.get(pk):
            lines.append(gettext("Rooms: %(list)s") % {"list": "; ".join(rooms[pk])})
        result[pk] = lines
    return result


class ResourcesModulePart:
    """The resources part of a library module's page."""

    key = "resources"

    def form(self, *, module, data, authors):
        return ModuleNeedsForm(data, module=module, authors=authors)

    def save(self, *, actor, module, form, request=None) -> list[str]:
        return module_needs_save(module=module, equipment_types=form.cleaned_data["equipment_types"],
                                 rooms=form.cleaned_data["rooms"])

    def describe(self, module_ids):
        return module_needs_describe(module_ids)
