"""The survey form's audience at region scale (issue 15, M32): the organisations whose contacts answer (≈ 5 000)
and the event (≈ 2 000) are searchable choices, so the page holds only the chosen rows and neither its size nor its
queries grow with the region; the form takes only what the endpoints offer the user."""
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from copp.core.roles import Role
from copp.events.models import Event
from copp.events.tests.factories import make_event
from copp.organizations.models import Organization, OrganizationType, VerificationStatus
from copp.surveys.models import Audience, Survey

pytestmark = pytest.mark.django_db


def _organisations(n, start, status=VerificationStatus.VERIFIED):
    return Organization.objects.bulk_create([
        Organization(type=OrganizationType.CUSTOMER, name=f"ООО «Завод {i:04}»", short_name=f"Завод {i:04}",
                     inn=f"77{i:08}", verification_status=status) for i in range(start, start + n)])


def _events(organizer, n, start):
    template = make_event(organizer, title="Образец")
    Event.objects.bulk_create([
        Event(title=f"Семинар региона {i:04}", type=template.type, organizer=organizer,
              starts_at=template.starts_at, ends_at=template.ends_at, venue=template.venue,
              capacity=template.capacity, status=template.status, description=template.description)
        for i in range(start, start + n)])


def _page(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    body = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", response.content)
    return len(body), len(queries), body.decode()


def _select(body, name):
    return re.search(rf'<select name="{name}".*?</select>', body, re.S).group(0)


def _post(**fields):
    return {"title": "Опрос работодателей", "audience": "contacts", "remind_after_days": 3, "max_reminders": 2,
            **fields}


def test_the_new_survey_form_does_not_grow_with_organisations_and_events(world, login):
    client = login(world.users[Role.STAFF][0])
    copp = world.orgs[OrganizationType.COPP][0]
    url = reverse("surveys:create")
    _organisations(40, 0)
    _events(copp, 40, 0)
    _page(client, url)
    size, queries, body = _page(client, url)
    _organisations(400, 40)
    _events(copp, 400, 40)
    assert Organization.objects.count() > 440 and Event.objects.count() > 440
    assert _page(client, url)[:2] == (size, queries)
    organisations = _select(body, "audience_organizations")
    assert "<option" not in organisations
    assert f'data-autocomplete-url="{reverse("surveys:organization_choices")}"' in organisations
    assert "multiple" in organisations and 'data-autocomplete-remove="Убрать «{}»"' in organisations
    event = _select(body, "audience_event")
    assert "Семинар региона" not in event and event.count("<option") == 1  # the empty one
    assert f'data-autocomplete-url="{reverse("events:choices")}"' in event


def test_an_existing_survey_shows_its_chosen_organisations_and_does_not_grow(world, login):
    client = login(world.users[Role.STAFF][0])
    first, second = _organisations(40, 0)[:2]
    survey = Survey.objects.create(title="Опрос заводов", audience=Audience.CONTACTS)
    survey.audience_organizations.set([first, second])
    url = reverse("surveys:update", args=[survey.pk])
    _page(client, url)
    size, queries, body = _page(client, url)
    _organisations(400, 40)
    assert _page(client, url)[:2] == (size, queries)
    organisations = _select(body, "audience_organizations")
    assert organisations.count("<option") == 2
    for org in (first, second):
        assert f'value="{org.pk}" selected>{org.short_name} — Заказчик / работодатель' in organisations


def test_chosen_organisations_are_saved_and_one_outside_the_source_is_refused(world, login):
    client = login(world.users[Role.STAFF][0])
    first, second, third = _organisations(40, 0)[:3]
    rejected = _organisations(1, 90, status=VerificationStatus.REJECTED)[0]
    response = client.post(reverse("surveys:create"), _post(audience_organizations=[first.pk, third.pk]))
    assert response.status_code == 302
    survey = Survey.objects.get(title="Опрос работодателей")
    assert set(survey.audience_organizations.all()) == {first, third}

    # A rejected organisation is not among the source's rows: the form says so and saves nothing.
    refused = client.post(reverse("surveys:update", args=[survey.pk]),
                          _post(title="Изменённый", audience_organizations=[second.pk, rejected.pk]))
    assert refused.status_code == 400
    assert "Один из выбранных вариантов вам недоступен" in refused.content.decode()
    survey.refresh_from_db()
    assert survey.title == "Опрос работодателей" and set(survey.audience_organizations.all()) == {first, third}
    # The page keeps the valid choice as a chip and drops the refused one.
    organisations = _select(refused.content.decode(), "audience_organizations")
    assert f'value="{second.pk}" selected' in organisations and f'value="{rejected.pk}"' not in organisations
    count = Survey.objects.count()
    client.post(reverse("surveys:create"), _post(title="Новый", audience_organizations=[rejected.pk]))
    assert Survey.objects.count() == count


def test_the_organisations_endpoint_is_for_copp_staff_and_offers_no_rejected_one(world, login):
    _organisations(3, 0)
    rejected = _organisations(1, 3, status=VerificationStatus.REJECTED)[0]
    staff = login(world.users[Role.STAFF][0])
    found = staff.get(reverse("surveys:organization_choices"), {"q": "завод"}).json()
    assert len(found["results"]) == 3 and rejected.pk not in {row["id"] for row in found["results"]}
    assert found["results"][0]["text"] == "Завод 0000 — Заказчик / работодатель"
    assert login(world.users[Role.PARTNER][0]).get(reverse("surveys:organization_choices")).status_code == 403


def test_a_partner_chooses_only_own_events_and_has_no_organisations_field(world, login):
    own, other = world.orgs[OrganizationType.PARTNER][:2]
    mine = make_event(own, title="Свой семинар")
    theirs = make_event(other, title="Чужой семинар")
    client = login(world.users[Role.PARTNER][0])
    found = client.get(reverse("events:choices"), {"q": "семинар"}).json()
    assert [row["id"] for row in found["results"]] == [mine.pk]
    body = client.get(reverse("surveys:create")).content.decode()
    assert "<select name=\"audience_organizations\"" not in body
    refused = client.post(reverse("surveys:create"), _post(audience="event", audience_event=theirs.pk))
    assert refused.status_code == 400 and not Survey.objects.filter(audience_event=theirs).exists()
    client.post(reverse("surveys:create"), _post(audience="event", audience_event=mine.pk))
    assert Survey.objects.filter(audience_event=mine).exists()


def test_staff_choose_an_event_among_many_by_search(world, login):
    copp = world.orgs[OrganizationType.COPP][0]
    _events(copp, 40, 0)
    chosen = Event.objects.get(title="Семинар региона 0007")
    client = login(world.users[Role.STAFF][0])
    found = client.get(reverse("events:choices"), {"q": "региона 0007"}).json()
    assert [row["id"] for row in found["results"]] == [chosen.pk] and not found["more"]
    assert found["results"][0]["text"].startswith("Семинар региона 0007 — ")
    client.post(reverse("surveys:create"), _post(audience="event", audience_event=chosen.pk))
    survey = Survey.objects.get(audience_event=chosen)
    body = client.get(reverse("surveys:update", args=[survey.pk])).content.decode()
    event = _select(body, "audience_event")
    assert event.count("<option") == 2 and f'value="{chosen.pk}" selected>Семинар региона 0007' in event
    assert login(world.users[Role.LEARNER][0]).get(reverse("events:choices")).status_code == 403
