"""The indicators built from what the platform now records (M27): people trained by the category the learner
named on the application, participants of professional trials (within career guidance), citizens consulted on
an individual learning plan (each person once per period); the dashboard as a server-made PDF."""
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from copp.admissions.models import Application
from copp.careers.tests.factories import make_consultation
from copp.core.roles import Role
from copp.events.models import Event, EventRegistration, EventStatus, EventType
from tests.factories import UserFactory

from ..models import Metric
from ..selectors import Filters, dashboard, records, totals
from ..services import facts_refresh
from .world import build, moment

pytestmark = pytest.mark.django_db

MARCH = Filters(first=datetime.date(2025, 3, 1), last=datetime.date(2025, 3, 31))
APRIL = Filters(first=datetime.date(2025, 4, 1), last=datetime.date(2025, 4, 30))
YEAR = Filters(first=datetime.date(2025, 1, 1), last=datetime.date(2025, 12, 31))


@pytest.fixture
def world():
    w = build()
    # Categories the learners named: Ann applied to welding as unemployed (completed in March), to design without
    # a category (completed in April); Bob said pre-retirement age but was expelled, so he is not «trained».
    Application.objects.filter(pk=w.ann_w.application_id).update(category="unemployed")
    Application.objects.filter(pk=w.bob_w.application_id).update(category="pre_retirement")
    # A professional trial of the second organisation on 10 April: Eve and Cat came, Dan registered only.
    trial = Event.objects.create(title="Профпроба «Сварщик»", type=EventType.PROFESSIONAL_TRIAL, organizer=w.second,
                                 starts_at=moment(4, 10), ends_at=moment(4, 10, 15), status=EventStatus.PUBLISHED)
    for user, came in ((w.eve, True), (w.cat, True), (w.dan, False)):
        EventRegistration.objects.create(event=trial, user=user, queued_at=trial.starts_at,
                                         checked_in_at=trial.starts_at if came else None)
    # Consultations on an individual learning plan: Ann (a platform user) in March and April at the first
    # organisation; Ivanov (no account) twice in March, his phone written two ways; Petrov at the second in April.
    consultant = UserFactory(last_name="Консультантова")
    make_consultation(w.first, consultant, held_on=datetime.date(2025, 3, 4), citizen=w.ann)
    make_consultation(w.first, consultant, held_on=datetime.date(2025, 4, 7), citizen=w.ann)
    make_consultation(w.first, consultant, held_on=datetime.date(2025, 3, 12), full_name="Иванов Иван",
                      contact="+7 (912) 000-11-22")
    make_consultation(w.first, consultant, held_on=datetime.date(2025, 3, 20), full_name="иванов  иван",
                      contact="8 912 000 11 22")
    make_consultation(w.second, consultant, held_on=datetime.date(2025, 4, 15), full_name="Петров Пётр",
                      contact="petrov@example.ru", program=w.design)
    facts_refresh(full=True)
    return w


def test_trained_by_the_category_the_learner_named(world):
    by_category = {row["key"]: row["value"] for row in dashboard(YEAR)["by_category"]}
    assert by_category == {"school_student": 0, "unemployed": 1, "pre_retirement": 0, "teacher": 0, "employee": 0,
                           "none": 1}
    assert [r.learner for r in records(Metric.COMPLETED, YEAR, bar="category", key="unemployed")] == [world.ann]
    march = {row["key"]: row["value"] for row in dashboard(MARCH)["by_category"]}
    assert march["unemployed"] == 1 and march["none"] == 0
    # Bob named a category too, but was expelled: the expulsion carries it, the trained do not.
    assert records(Metric.EXPELLED, YEAR, bar="category", key="pre_retirement").get().learner == world.bob
    # Applications filed carry the category as well (Cat's application named none; Ann's and Bob's did).
    assert records(Metric.APPLICATIONS_FILED, YEAR, bar="category", key="unemployed").count() == 1


def test_professional_trials_counted_apart_and_within_career_guidance(world):
    april, march = totals(APRIL), totals(MARCH)
    assert april[Metric.PROFESSIONAL_TRIALS] == 2  # Eve and Cat; Dan did not come
    assert april[Metric.CAREER_GUIDANCE] == 2  # the trial is career guidance too
    assert april[Metric.EVENT_PARTICIPANTS] == 3  # the seminar's Dan and the trial's two
    assert march[Metric.PROFESSIONAL_TRIALS] == 0 and march[Metric.CAREER_GUIDANCE] == 2
    south = Filters(first=APRIL.first, last=APRIL.last, organization=world.first.pk)
    assert totals(south)[Metric.PROFESSIONAL_TRIALS] == 0
    assert {r.user for r in records(Metric.PROFESSIONAL_TRIALS, APRIL)} == {world.eve, world.cat}


def test_citizens_consulted_once_per_person_and_period(world):
    assert totals(MARCH)[Metric.PLAN_CONSULTATIONS] == 2  # Ann, and Ivanov once for his two visits
    assert totals(APRIL)[Metric.PLAN_CONSULTATIONS] == 2  # Ann again (a new period), Petrov
    assert totals(YEAR)[Metric.PLAN_CONSULTATIONS] == 3  # Ann, Ivanov, Petrov
    second = Filters(first=YEAR.first, last=YEAR.last, organization=world.second.pk)
    assert totals(second)[Metric.PLAN_CONSULTATIONS] == 1
    assert totals(Filters(first=YEAR.first, last=YEAR.last, program=world.design.pk))[Metric.PLAN_CONSULTATIONS] == 1
    assert records(Metric.PLAN_CONSULTATIONS, MARCH).count() == 3  # the drill-down lists every consultation
    card = next(c for c in dashboard(APRIL)["cards"] if c["metric"] == Metric.PLAN_CONSULTATIONS)
    assert (card["value"], card["previous"], card["drill"]) == (2, 2, True)


def test_an_organisation_sees_only_its_own_consultations_and_trials(world, client):
    client.force_login(world.partner_user)  # a member of the second organisation
    page = client.get(reverse("analytics:dashboard"), {"period": "year", "on": "2025-06-01"})
    cards = {c["metric"]: c["value"] for c in page.context["data"]["cards"]}
    assert cards[Metric.PLAN_CONSULTATIONS] == 1 and cards[Metric.PROFESSIONAL_TRIALS] == 2
    listed = client.get(reverse("analytics:records", args=["plan_consultations"]),
                        {"period": "year", "on": "2025-06-01"})
    assert [r["label"] for r in listed.context["rows"]] == ["Петров Пётр — Выбор программы"]


def test_api_lists_the_new_indicators(world, client):
    client.force_login(UserFactory(roles=[Role.COORDINATOR]))
    body = client.get(reverse("api:analytics-indicators-list"), {"date_from": "2025-04-01",
                                                                 "date_to": "2025-04-30"}).json()
    values = {row["code"]: row["value"] for row in body["indicators"]}
    assert values["plan_consultations"] == "2.00" and values["professional_trials"] == "2.00"
    assert values["career_guidance"] == "2.00"


def test_dashboard_pdf_holds_the_tables_with_the_figures(world, client):
    from pypdf import PdfReader

    client.force_login(UserFactory(roles=[Role.COORDINATOR]))
    response = client.get(reverse("analytics:dashboard_pdf"), {"period": "month", "on": "2025-04-15"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert 'filename="monitoring-20250401-20250430.pdf"' in response["Content-Disposition"]
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    assert "Период: 01.04.2025 — 30.04.2025" in text
    assert "Показатели пересчитаны" in text
    # Each indicator with its value and the previous period's: March had 3 filed applications, April 1.
    assert "Подано заявок 1 3 -66,7" in text
    assert "Граждане, получившие консультацию по индивидуальному учебному плану 2 2" in text
    assert "В том числе участники профессиональных проб 2 0" in text
    assert "Обучено по категориям" in text and "Безработные" in text
    # An organisation's PDF has only its own figures.
    client.force_login(world.partner_user)
    own = client.get(reverse("analytics:dashboard_pdf"), {"period": "year", "on": "2025-06-01"})
    own_text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(own.content)).pages).split())
    assert "Показатели моей организации" in own_text


def test_no_future_day_counts_and_facts_hold_no_consultations(world):
    from ..models import DailyFact

    # The consultations are counted when asked: the refresh stores no facts for them.
    assert not DailyFact.objects.filter(metric=Metric.PLAN_CONSULTATIONS).exists()
    assert totals(YEAR)[Metric.PROFESSIONAL_TRIALS] == Decimal(2)
