"""Partner A reads and changes only its own organisation's records; CoPP staff change all; the
coordinator reads all and changes none."""
import pytest
from django.urls import reverse

from copp.core.models import AuditLog
from copp.core.roles import Role

from ..kinds import KINDS
from ..models import Equipment, Site, StaffMember
from . import factories

pytestmark = pytest.mark.django_db


def test_querysets_follow_the_capability_table(world, org_a, org_b, partner_a, staff_user, coordinator):
    own, foreign = factories.equipment(org_a), factories.equipment(org_b)
    assert set(Equipment.objects.visible_to(partner_a)) == {own}
    assert set(Equipment.objects.editable_by(partner_a)) == {own}
    assert set(Equipment.objects.visible_to(coordinator)) == {own, foreign}
    assert not Equipment.objects.editable_by(coordinator).exists()
    assert set(Equipment.objects.editable_by(staff_user)) == {own, foreign}
    for role in (Role.LEARNER, Role.CUSTOMER, Role.TEACHER):
        assert not Equipment.objects.visible_to(world.users[role][0]).exists()


@pytest.mark.parametrize("code", list(KINDS))
def test_partner_b_gets_404_for_every_page_of_a_record_of_partner_a(client, org_a, partner_b, code):
    record = factories.MAKERS[code](org_a)
    client.force_login(partner_b)
    for action, method in (("detail", "get"), ("update", "get"), ("update", "post"), ("archive", "post")):
        response = getattr(client, method)(reverse(KINDS[code].url_name(action), args=[record.pk]))
        assert response.status_code == 404, (action, method)
    record.refresh_from_db()
    assert record.is_active


def test_partner_b_cannot_change_partner_a_equipment(client, org_a, partner_b):
    item = factories.equipment(org_a, name="Сварочный аппарат", quantity=3)
    client.force_login(partner_b)
    response = client.post(reverse("resources:equipment_update", args=[item.pk]), {
        "name": "Чужой", "equipment_type": item.equipment_type_id, "quantity": 1, "condition": "working"})
    assert response.status_code == 404
    item.refresh_from_db()
    assert (item.name, item.quantity) == ("Сварочный аппарат", 3)


def test_partner_lists_show_only_own_records(client, org_a, org_b, partner_a):
    factories.site(org_a, name="Своя мастерская")
    factories.site(org_b, name="Чужая мастерская")
    client.force_login(partner_a)
    page = client.get(reverse("resources:manage"), {"kind": "site"}).content.decode()
    assert "Своя мастерская" in page and "Чужая мастерская" not in page
    assert client.get(reverse("resources:registry")).status_code == 403


def test_coordinator_reads_everything_and_changes_nothing(client, org_a, coordinator):
    site = factories.site(org_a, name="Мастерская «Электромонтаж»")
    client.force_login(coordinator)
    detail = client.get(reverse("resources:site_detail", args=[site.pk]))
    assert detail.status_code == 200
    assert "Мастерская «Электромонтаж»" in detail.content.decode()
    assert "Редактировать" not in detail.content.decode()
    assert client.get(reverse("resources:site_update", args=[site.pk])).status_code == 403
    assert client.post(reverse("resources:site_archive", args=[site.pk])).status_code == 403


def test_staff_edit_records_of_any_organisation(client, org_b, staff_user):
    person = factories.staff(org_b, last_name="Шестаков", first_name="Виктор")
    client.force_login(staff_user)
    response = client.post(reverse("resources:staff_update", args=[person.pk]), {
        "last_name": "Шестаков", "first_name": "Виктор", "kind": "master", "position": "Старший мастер",
        "weekly_hours_limit": 20, "is_bookable": "on",
        "competencies-TOTAL_FORMS": 0, "competencies-INITIAL_FORMS": 0,
        "documents-TOTAL_FORMS": 0, "documents-INITIAL_FORMS": 0,
    })
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.position == "Старший мастер"
    assert AuditLog.objects.filter(action="resources.staffmember.updated", object_id=str(person.pk),
                                   actor=staff_user).exists()


def test_partner_adds_equipment_to_own_workshop(client, org_a, partner_a):
    workshop = factories.site(org_a, name="Мастерская сварки")
    kind = factories.equipment_type()
    client.force_login(partner_a)
    form = client.get(reverse("resources:equipment_create"), {"site": workshop.pk})
    assert form.status_code == 200
    assert f'<option value="{workshop.pk}" selected>' in form.content.decode()
    response = client.post(reverse("resources:equipment_create"), {
        "name": "Сварочный полуавтомат", "equipment_type": kind.pk, "site": workshop.pk, "quantity": 4,
        "condition": "working", "inventory_number": "УПК-0001", "is_bookable": "on"})
    item = Equipment.objects.get(inventory_number="УПК-0001")
    assert response.status_code == 302 and response.url == reverse("resources:equipment_detail", args=[item.pk])
    assert (item.organization, item.site, item.quantity) == (org_a, workshop, 4)
    assert AuditLog.objects.filter(action="resources.equipment.created", object_id=str(item.pk)).exists()


def test_another_organisations_site_cannot_be_chosen(client, org_a, org_b, partner_a):
    foreign_site = factories.site(org_b)
    client.force_login(partner_a)
    response = client.post(reverse("resources:equipment_create"), {
        "name": "Станок", "equipment_type": factories.equipment_type().pk, "site": foreign_site.pk, "quantity": 1,
        "condition": "working"})
    assert response.status_code == 400
    assert "Выберите корректный вариант" in response.content.decode()
    assert not Equipment.objects.exists()


def test_duplicate_inventory_number_is_refused_within_the_organisation_only(client, org_a, org_b, partner_a):
    factories.equipment(org_a, inventory_number="ИНВ-1")
    factories.equipment(org_b, inventory_number="ИНВ-2")
    client.force_login(partner_a)
    data = {"name": "Станок", "equipment_type": factories.equipment_type().pk, "quantity": 1, "condition": "working"}
    refused = client.post(reverse("resources:equipment_create"), {**data, "inventory_number": "ИНВ-1"})
    assert refused.status_code == 400
    assert "У организации уже есть запись с таким значением" in refused.content.decode()
    accepted = client.post(reverse("resources:equipment_create"), {**data, "inventory_number": "ИНВ-2"})
    assert accepted.status_code == 302


def test_staff_choose_the_organisation_first(client, org_a, staff_user):
    client.force_login(staff_user)
    chooser = client.get(reverse("resources:site_create"))
    assert "Выберите организацию" in chooser.content.decode() or "Сначала выберите организацию" in \
        chooser.content.decode()
    form = client.get(reverse("resources:site_create"), {"organization": org_a.pk})
    assert 'name="capacity"' in form.content.decode()


def test_archive_hides_a_record_from_the_registry(client, org_a, partner_a, staff_user):
    site = factories.site(org_a, name="Старая мастерская")
    client.force_login(partner_a)
    assert client.post(reverse("resources:site_archive", args=[site.pk])).status_code == 302
    site.refresh_from_db()
    assert not site.is_active
    client.force_login(staff_user)
    assert site not in [row["record"] for row in client.get(reverse("resources:registry")).context["rows"]]
    archived = client.get(reverse("resources:manage"), {"kind": "site", "archived": "on"}).content.decode()
    assert "Старая мастерская" in archived and "В архиве" in archived
    client.post(reverse("resources:site_archive", args=[site.pk]), {"restore": "1"})
    site.refresh_from_db()
    assert site.is_active


def test_site_with_rooms_and_staff_with_competencies_are_saved_together(client, org_a, partner_a):
    welding = factories.competency("Сварочные технологии")
    client.force_login(partner_a)
    response = client.post(reverse("resources:site_create"), {
        "name": "Мастерская «Сварка»", "kind": "workshop", "address": "ул. Ленина, 1",
        "municipality": org_a.municipality_id, "capacity": 12, "area": "180,5", "competencies": [welding.pk],
        "accessibility": ["step_free", "lift"], "is_bookable": "on",
        "rooms-TOTAL_FORMS": 2, "rooms-INITIAL_FORMS": 0,
        "rooms-0-name": "Сварочный участок", "rooms-0-capacity": 12, "rooms-0-is_bookable": "on",
        "rooms-0-is_active": "on", "rooms-1-name": "", "rooms-1-capacity": "",
        # the blank extra row as a browser sends it: its checkboxes come ticked
        "rooms-1-is_bookable": "on", "rooms-1-is_active": "on",
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    site = Site.objects.get(name="Мастерская «Сварка»")
    assert [r.name for r in site.rooms.all()] == ["Сварочный участок"]
    assert site.accessibility == ["step_free", "lift"] and str(site.area) == "180.5"

    response = client.post(reverse("resources:staff_create"), {
        "last_name": "Громов", "first_name": "Сергей", "kind": "master", "position": "Мастер",
        "weekly_hours_limit": 24, "is_bookable": "on",
        "competencies-TOTAL_FORMS": 1, "competencies-INITIAL_FORMS": 0,
        "competencies-0-competency": welding.pk, "competencies-0-level": "expert",
        "documents-TOTAL_FORMS": 1, "documents-INITIAL_FORMS": 0,
        "documents-0-kind": "demo_exam_expert", "documents-0-title": "Эксперт ДЭ",
        "documents-0-issued_on": "2026-01-10", "documents-0-valid_until": "2025-01-10",
    })
    assert response.status_code == 400
    assert "Документ не может истечь раньше, чем выдан" in response.content.decode()
    assert not StaffMember.objects.exists()


def test_room_cannot_hold_more_than_its_site(client, org_a, partner_a):
    site = factories.site(org_a, capacity=10)
    client.force_login(partner_a)
    response = client.post(reverse("resources:site_update", args=[site.pk]), {
        "name": site.name, "kind": "workshop", "address": site.address, "municipality": site.municipality_id,
        "capacity": 10, "rooms-TOTAL_FORMS": 1, "rooms-INITIAL_FORMS": 0,
        "rooms-0-name": "Зал", "rooms-0-capacity": 30})
    assert response.status_code == 400
    assert not site.rooms.exists()
