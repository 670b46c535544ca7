"""A library module's equipment kinds and rooms are links to the resources registry (M14): the module page edits
them through the part resources registers with programs, the program document lists them, and the old free text
was turned into links by name with the rest kept in the note."""
import importlib
import io

import pytest
from django.apps import apps
from django.urls import reverse
from docx import Document

from copp.core.roles import Role
from copp.directories.models import Competency
from copp.organizations.models import OrganizationType
from copp.programs.extensions import module_parts
from copp.programs.models import LibraryModule
from copp.programs.tests.factories import make_constructed, make_library_module
from copp.programs.versions import program_snapshot

from ..models import EquipmentType, ModuleEquipmentNeed, ModuleRoomNeed
from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(world):
    return world.orgs[OrganizationType.PARTNER][0]


@pytest.fixture
def rep(world, login):
    return login(world.users[Role.PARTNER][0])


def _module_data(partner, **extra):
    return {"title": "Сварка в среде защитных газов", "author": partner.pk, "knowledge": "Виды швов",
            "competencies": [Competency.objects.order_by("pk").first().pk], "theory_hours": "8",
            "practice_hours": "8", "internship_hours": "0", "self_study_hours": "0", "assessment_hours": "0",
            "assessment_form": "credit", **extra}


def test_resources_register_their_part_of_the_module_page():
    assert [part.key for part in module_parts()] == ["resources"]


def test_module_form_links_equipment_kinds_and_rooms(rep, partner, world):
    kind = factories.equipment_type()
    workshop = factories.site(partner, name="Мастерская сварки")
    room = factories.room(workshop, name="Ауд. 101")
    foreign_room = factories.room(factories.site(world.orgs[OrganizationType.PARTNER][1]), name="Чужая")
    page = rep.get(reverse("programs:module_create")).content.decode()
    assert "needs-equipment_types" in page and "Ауд. 101" in page and "Чужая" not in page

    # A room of another organisation is not offered and not accepted.
    response = rep.post(reverse("programs:module_create"),
                        _module_data(partner, **{"needs-rooms": [foreign_room.pk]}))
    assert response.status_code == 400 and not LibraryModule.objects.exists()

    response = rep.post(reverse("programs:module_create"),
                        _module_data(partner, equipment="Лицензия на САПР",
                                     **{"needs-equipment_types": [kind.pk], "needs-rooms": [room.pk]}))
    assert response.status_code == 302
    module = LibraryModule.objects.get()
    assert list(module.equipment_needs.values_list("equipment_type", flat=True)) == [kind.pk]
    assert list(module.room_needs.values_list("room", flat=True)) == [room.pk]
    assert module.equipment == "Лицензия на САПР"

    # Editing: the chosen values come back; clearing the rooms removes the link.
    page = rep.get(reverse("programs:module_update", args=[module.pk])).content.decode()
    assert f'value="{room.pk}" selected' in page
    rep.post(reverse("programs:module_update", args=[module.pk]),
             _module_data(partner, **{"needs-equipment_types": [kind.pk]}))
    assert not ModuleRoomNeed.objects.exists() and ModuleEquipmentNeed.objects.count() == 1


def test_program_document_lists_the_linked_needs(rep, partner):
    program = make_constructed(partner, modules=1)
    source = program.modules.get().library_module
    kind = factories.equipment_type()
    room = factories.room(factories.site(partner, name="Корпус Б"), name="Ауд. 7")
    ModuleEquipmentNeed.objects.create(module=source, equipment_type=kind)
    ModuleRoomNeed.objects.create(module=source, room=room)
    source.equipment = "Спецодежда"
    source.save()
    line = program_snapshot(program)["modules"][0]["equipment"]
    assert line == f"Оборудование: {kind.name}; Помещения: Корпус Б, Ауд. 7; Спецодежда"
    response = rep.get(reverse("programs:document", args=[program.pk]), {"format": "docx"})
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "Корпус Б, Ауд. 7" in text and kind.name in text


def test_the_data_migration_links_matching_names_and_keeps_the_rest(partner):
    kind = EquipmentType.objects.create(code="weld-mig", name="Сварочный полуавтомат")
    room = factories.room(factories.site(partner, name="Мастерская"), name="Ауд. 214")
    module = make_library_module(partner)
    module.equipment = "сварочный  полуавтомат\nАуд. 214; Компьютер с САПР"
    module.save()
    migration = importlib.import_module("copp.resources.migrations.0004_module_needs")
    migration.link_text_needs(apps, None)
    module.refresh_from_db()
    assert list(module.equipment_needs.values_list("equipment_type", flat=True)) == [kind.pk]
    assert list(module.room_needs.values_list("room", flat=True)) == [room.pk]
    assert module.equipment == "Компьютер с САПР"
