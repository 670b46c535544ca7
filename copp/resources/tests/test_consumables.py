"""Consumables: usage and receipts change the stock; the fall to the minimum level e-mails the responsible
person once, after the transaction commits."""
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from copp.core.models import AuditLog

from ..models import Consumable, ConsumableMovement, MovementKind
from ..services import StockError, consumable_movement_record, low_stock_recipients
from . import factories

pytestmark = pytest.mark.django_db


def use(client, consumable, quantity, kind="usage"):
    return client.post(reverse("resources:consumable_movement_add", args=[consumable.pk]), {
        "kind": kind, "quantity": quantity, "on_date": "2026-11-20", "purpose": "Группа СВ-12"})


def test_usage_lowers_the_stock_and_alerts_once_on_commit(client, org_a, partner_a,
                                                          django_capture_on_commit_callbacks):
    electrodes = factories.consumable(org_a, name="Электроды МР-3", unit="kg", stock=Decimal(12),
                                      minimum_level=Decimal(10), responsible=partner_a)
    client.force_login(partner_a)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = use(client, electrodes, "1,5")
    assert response.status_code == 302 and not callbacks and not mail.outbox
    electrodes.refresh_from_db()
    assert electrodes.stock == Decimal("10.5")

    with django_capture_on_commit_callbacks(execute=True):
        use(client, electrodes, "2")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [partner_a.email]
    assert message.subject == "Заканчивается: Электроды МР-3"
    assert "В наличии: 8,5 кг. Минимальный остаток: 10 кг." in message.body
    assert f"/resources/consumable/{electrodes.pk}/" in message.body

    with django_capture_on_commit_callbacks(execute=True):
        use(client, electrodes, "1")
    assert len(mail.outbox) == 1  # one shortage, one e-mail

    with django_capture_on_commit_callbacks(execute=True):
        use(client, electrodes, "20", kind="receipt")
        use(client, electrodes, "18")
    assert len(mail.outbox) == 2  # restocked above the minimum, then short again
    assert [m.kind for m in ConsumableMovement.objects.filter(consumable=electrodes).order_by("pk")] == [
        "usage", "usage", "usage", "receipt", "usage"]
    assert AuditLog.objects.filter(action="resources.consumable.usage", object_id=str(electrodes.pk)).count() == 4


def test_no_alert_when_the_transaction_rolls_back(org_a, partner_a, django_capture_on_commit_callbacks):
    wire = factories.consumable(org_a, stock=Decimal(11), minimum_level=Decimal(10), responsible=partner_a)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        consumable_movement_record(actor=partner_a, consumable=wire, kind=MovementKind.USAGE, quantity=Decimal(2),
                                   on_date="2026-11-20")
    assert len(callbacks) == 1 and not mail.outbox  # sent only when the commit happens


def test_using_more_than_the_stock_is_refused(client, org_a, partner_a):
    gas = factories.consumable(org_a, name="Газ", unit="l", stock=Decimal(5), minimum_level=Decimal(1))
    client.force_login(partner_a)
    response = use(client, gas, "7")
    assert response.status_code == 400
    assert "Осталось только 5 л" in response.content.decode()
    gas.refresh_from_db()
    assert gas.stock == 5 and not ConsumableMovement.objects.exists()
    with pytest.raises(StockError):
        consumable_movement_record(actor=partner_a, consumable=gas, kind=MovementKind.USAGE, quantity=Decimal(6),
                                   on_date="2026-11-20")


def test_without_a_responsible_person_the_representatives_are_alerted(org_a, partner_a, world):
    plates = factories.consumable(org_a)
    assert low_stock_recipients(plates) == [partner_a.email]


def test_a_new_consumable_records_its_opening_stock(client, org_a, partner_a):
    client.force_login(partner_a)
    response = client.post(reverse("resources:consumable_create"), {
        "name": "Проволока Св-08Г2С", "unit": "kg", "stock": "25,5", "minimum_level": "10"})
    assert response.status_code == 302
    wire = Consumable.objects.get()
    assert wire.stock == Decimal("25.5")
    assert list(wire.movements.values_list("kind", "quantity")) == [("receipt", Decimal("25.5"))]
    # later the stock changes only through movements
    client.post(reverse("resources:consumable_update", args=[wire.pk]), {
        "name": "Проволока Св-08Г2С", "unit": "kg", "stock": "999", "minimum_level": "10"})
    wire.refresh_from_db()
    assert wire.stock == Decimal("25.5")


def test_card_shows_the_history_and_the_form(client, org_a, partner_a, coordinator):
    wire = factories.consumable(org_a, name="Проволока", stock=Decimal(3), minimum_level=Decimal(5))
    consumable_movement_record(actor=partner_a, consumable=wire, kind=MovementKind.USAGE, quantity=Decimal(1),
                               on_date="2026-11-20", purpose="Группа СВ-12")
    client.force_login(partner_a)
    page = client.get(reverse("resources:consumable_detail", args=[wire.pk])).content.decode()
    assert "Группа СВ-12" in page and "Записать расход или поступление" in page and "Мало на складе" in page
    client.force_login(coordinator)
    page = client.get(reverse("resources:consumable_detail", args=[wire.pk])).content.decode()
    assert "Группа СВ-12" in page and "Записать расход или поступление" not in page


def test_raising_the_minimum_level_above_the_stock_alerts_once(client, org_a, partner_a,
                                                               django_capture_on_commit_callbacks):
    gas = factories.consumable(org_a, name="Аргон", unit="l", stock=Decimal(40), minimum_level=Decimal(10),
                               responsible=partner_a)
    client.force_login(partner_a)
    url = reverse("resources:consumable_update", args=[gas.pk])
    form = client.get(url).context["form"]
    data = {name: ("" if value is None else value) for name, value in form.initial.items()}
    data.update({"minimum_level": "50", "responsible": partner_a.pk, "site": data.get("site") or ""})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    assert len(mail.outbox) == 1 and mail.outbox[0].subject == "Заканчивается: Аргон"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {**data, "notes": "Баллоны по 40 л"})
    assert len(mail.outbox) == 1  # still the same shortage
