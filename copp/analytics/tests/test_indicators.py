"""Each indicator's exact figure on a small known world (M27), with its edge cases: a learner in two programs,
an expelled learner, a learner moved between groups, an application moved between periods; an organisation's
user sees only its own figures and drill-down rows."""
import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from copp.admissions.models import Application

from ..facts import SOURCES
from ..models import DailyFact, FactsRefresh, Metric
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
    facts_refresh(full=True)
    return w


def test_march_figures(world):
    figures = totals(MARCH)
    assert figures[Metric.APPLICATIONS_FILED] == 3
    assert figures[Metric.APPLICATIONS_ACCEPTED] == 3
    # Bob's «moved» place is not a second enrolment.
    assert figures[Metric.ENROLLED] == 3
    assert figures[Metric.COMPLETED] == 1
    assert figures[Metric.DOCUMENTS_ISSUED] == 1
    assert figures[Metric.EXPELLED] == 0
    # Ann (applied 3 March), Bob (10 March) and Dan (the guidance day): Eve registered but did not come.
    assert figures[Metric.CITIZENS_COVERED] == 3
    assert figures[Metric.CAREER_GUIDANCE] == 2
    assert figures[Metric.EVENT_PARTICIPANTS] == 2
    assert figures[Metric.ATTENDANCE_MARKS] == 3
    assert figures[Metric.ATTENDANCE_PRESENT] == 2
    assert figures[Metric.SITE_HOURS] == Decimal("2.00")


def test_april_figures(world):
    figures = totals(APRIL)
    assert figures[Metric.APPLICATIONS_FILED] == 1
    assert figures[Metric.ENROLLED] == 1
    # Ann's second program counts as a second training; its document has no number, so it is not «issued».
    assert figures[Metric.COMPLETED] == 1
    assert figures[Metric.DOCUMENTS_ISSUED] == 0
    assert figures[Metric.EXPELLED] == 1
    assert figures[Metric.CITIZENS_COVERED] == 1  # Cat; Dan was already counted in March
    assert figures[Metric.EVENT_PARTICIPANTS] == 1
    assert figures[Metric.CAREER_GUIDANCE] == 0
    assert figures[Metric.SITE_HOURS] == Decimal("3.00")


def test_a_person_in_two_programs_is_one_citizen_and_two_trainings(world):
    figures = totals(YEAR)
    assert figures[Metric.CITIZENS_COVERED] == 4  # Ann, Bob, Cat, Dan
    assert figures[Metric.COMPLETED] == 2  # both of Ann's programs


def test_funnel_rates_and_medians(world):
    data = dashboard(MARCH)
    funnel = {row["metric"]: row for row in data["funnel"]}
    assert funnel[Metric.FUNNEL_ACCEPTED]["median_days"] == 4  # 2, 4 and 10 days
    assert funnel[Metric.FUNNEL_ENROLLED]["median_days"] == 20  # 16, 20 and 22 days
    # The three March applications: all accepted and placed, two completed (both of Ann's), one with a document.
    assert [row["value"] for row in data["funnel"]] == [3, 3, 3, 2, 1]
    assert funnel[Metric.FUNNEL_ACCEPTED]["conversion"] == Decimal("100.0")
    assert funnel[Metric.FUNNEL_COMPLETED]["conversion"] == Decimal("66.7")
    assert funnel[Metric.FUNNEL_DOCUMENT]["conversion"] == Decimal("50.0")
    assert data["rates"]["attendance"] == Decimal("66.7")
    april = dashboard(APRIL)
    assert april["rates"]["completion"] == Decimal("50.0")  # Ann's design completed, Bob expelled


def test_breakdowns_and_load(world):
    data = dashboard(YEAR)
    assert {r["name"]: r["value"] for r in data["by_org"]} == {"Колледж Север": 1, "Техникум Юг": 1}
    assert {r["name"]: r["value"] for r in data["by_municipality"]} == {"Северск": 1, "Южноуральск": 1}
    assert {r["name"]: r["value"] for r in data["by_kind"]} == {"Повышение квалификации": 1,
                                                                "Профессиональная переподготовка": 1}
    assert data["load"]["months"] == ["03.2025", "04.2025"]
    assert data["load"]["rows"][0]["site"] == "Мастерская сварки"
    assert data["load"]["rows"][0]["values"] == [Decimal("2.00"), Decimal("3.00")]
    assert data["cards"][0]["metric"] == Metric.CITIZENS_COVERED and data["cards"][0]["value"] == 4


def test_previous_period_and_filters(world):
    data = dashboard(APRIL)
    filed = next(c for c in data["cards"] if c["metric"] == Metric.APPLICATIONS_FILED)
    assert (filed["value"], filed["previous"], filed["change"]) == (1, 3, Decimal("-66.7"))
    south = Filters(first=MARCH.first, last=MARCH.last, municipality=world.south.pk)
    assert totals(south)[Metric.APPLICATIONS_FILED] == 1
    by_program = Filters(first=MARCH.first, last=MARCH.last, program=world.welding.pk)
    assert totals(by_program)[Metric.APPLICATIONS_FILED] == 2
    assert totals(Filters(first=MARCH.first, last=MARCH.last, program_title="свар"))[Metric.APPLICATIONS_FILED] == 2
    assert totals(Filters(first=MARCH.first, last=MARCH.last, organization_name="юг"))[Metric.APPLICATIONS_FILED] == 1
    retraining = Filters(first=YEAR.first, last=YEAR.last, kind=world.design.kind_id)
    assert totals(retraining)[Metric.COMPLETED] == 1


def test_drill_down_holds_the_records_behind_the_figure(world):
    for metric in SOURCES:
        assert records(metric, MARCH).count() == totals(MARCH)[metric] or metric == Metric.SITE_HOURS
    expelled = list(records(Metric.EXPELLED, APRIL))
    assert [e.learner for e in expelled] == [world.bob]
    assert records(Metric.ENROLLED, YEAR, bar="category", key="employee").get().learner == world.cat
    assert records(Metric.ENROLLED, YEAR, bar="category", key="none").count() == 3
    by_org = records(Metric.COMPLETED, YEAR, bar="organization", key=str(world.second.pk))
    assert [e.learner for e in by_org] == [world.ann] and by_org[0].group.program == world.design


def test_an_application_moved_between_periods(world):
    Application.objects.filter(pk=world.app_cat.pk).update(submitted_at=moment(3, 28), updated_at=timezone.now())
    facts_refresh()  # incremental: the new day of the changed application is recomputed
    assert totals(MARCH)[Metric.APPLICATIONS_FILED] == 4
    facts_refresh(full=True)  # the nightly rebuild also clears the day it left
    assert totals(MARCH)[Metric.APPLICATIONS_FILED] == 4
    assert totals(APRIL)[Metric.APPLICATIONS_FILED] == 0
    assert FactsRefresh.objects.get().full_at is not None


def test_incremental_refresh_touches_only_changed_days(world):
    before = set(DailyFact.objects.values_list("pk", flat=True))
    result = facts_refresh()
    assert result == {"full": False, "days": 0, "rows": len(before)}
    assert set(DailyFact.objects.values_list("pk", flat=True)) == before


def test_organisation_sees_only_its_own(world, client):
    client.force_login(world.partner_user)
    page = client.get(reverse("analytics:dashboard"), {"period": "year", "on": "2025-06-01"})
    assert page.status_code == 200
    cards = {c["metric"]: c["value"] for c in page.context["data"]["cards"]}
    assert cards[Metric.APPLICATIONS_FILED] == 1 and cards[Metric.COMPLETED] == 1
    assert [r["name"] for r in page.context["data"]["by_org"]] == ["Техникум Юг"]
    listed = client.get(reverse("analytics:records", args=["enrolled"]), {"period": "year", "on": "2025-06-01"})
    assert [r["label"] for r in listed.context["rows"]] == [f"Анина Анна Сергеевич — {world.ann_d.group.code}"]
    # Another organisation's figures cannot be asked for: a search by its name finds nothing within the own.
    other = client.get(reverse("analytics:dashboard"), {"period": "year", "on": "2025-06-01",
                                                        "organization_name": "Север"})
    assert {c["metric"]: c["value"] for c in other.context["data"]["cards"]}[Metric.APPLICATIONS_FILED] == 0

    client.force_login(world.employer_user)
    listed = client.get(reverse("analytics:records", args=["enrolled"]), {"period": "year", "on": "2025-06-01"})
    assert [r["label"] for r in listed.context["rows"]] == [f"Котова Катя Сергеевич — {world.group_w.code}"]


def test_coordinator_dashboard_page_and_excel(world, client):
    from openpyxl import load_workbook

    from copp.core.roles import Role
    from tests.factories import UserFactory

    client.force_login(UserFactory(roles=[Role.COORDINATOR]))
    page = client.get(reverse("analytics:dashboard"), {"period": "month", "on": "2025-03-15"})
    text = page.content.decode()
    assert page.status_code == 200 and "echarts.min.js" in text and 'id="funnel-table"' in text
    bad = client.get(reverse("analytics:dashboard"), {"period": "custom", "date_from": "2025-05-01",
                                                      "date_to": "2025-01-01"})
    assert bad.status_code == 200 and "Конец периода раньше его начала" in bad.content.decode()
    response = client.get(reverse("analytics:dashboard_xlsx"), {"period": "month", "on": "2025-03-15"})
    book = load_workbook(__import__("io").BytesIO(b"".join(response.streaming_content)))
    sheet = book[book.sheetnames[1]]
    values = {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert values[str(Metric.APPLICATIONS_FILED.label)] == 3
    printable = client.get(reverse("analytics:print"), {"period": "month", "on": "2025-03-15"})
    assert printable.status_code == 200 and "print-page" in printable.content.decode()


def test_api_gives_the_same_figures_scoped_to_the_caller(world, client):
    from copp.api.models import IntegratorToken, token_key_hash
    from copp.core.roles import Role
    from tests.factories import OrganizationFactory, UserFactory

    url = reverse("api:analytics-indicators-list")
    client.force_login(UserFactory(roles=[Role.COORDINATOR]))
    body = client.get(url, {"date_from": "2025-03-01", "date_to": "2025-03-31"}).json()
    values = {row["code"]: row["value"] for row in body["indicators"]}
    assert values["applications_filed"] == "3.00" and values["citizens_covered"] == "3.00"
    assert client.get(url, {"date_from": "2025-03-31", "date_to": "2025-03-01"}).status_code == 400
    assert client.get(url, {"organization": "x"}).status_code == 400

    client.force_login(world.partner_user)
    body = client.get(url, {"date_from": "2025-03-01", "date_to": "2025-03-31"}).json()
    assert {row["code"]: row["value"] for row in body["indicators"]}["applications_filed"] == "1.00"

    client.logout()
    authority = OrganizationFactory(type="authority")
    IntegratorToken.objects.create(name="Региональная система", organization=authority,
                                   key_hash=token_key_hash("k" * 40), key_prefix="kkkkkkkk")
    body = client.get(url, {"date_from": "2025-03-01", "date_to": "2025-03-31"},
                      HTTP_AUTHORIZATION="Token " + "k" * 40).json()
    assert {row["code"]: row["value"] for row in body["indicators"]}["applications_filed"] == "3.00"


def test_the_funnel_never_passes_100_percent(world):
    """An employer's list places several people on one application, with no recorded acceptance: the cohort
    funnel still counts each application once, each step within the one before."""
    from copp.admissions.models import ApplicationKind
    from copp.admissions.tests.factories import application
    from copp.training.tests.factories import enrol, make_group

    from .world import set_dates

    mass = application(world.employer_user, world.welding, kind=ApplicationKind.MASS, organization=world.employer,
                       participants=3, status="enrolled")
    set_dates(mass, submitted_at=moment(3, 12))
    group = make_group(world.first, program=world.welding, starts_on=datetime.date(2025, 3, 24),
                       ends_on=datetime.date(2025, 4, 30))
    for person, participant in zip((world.dan, world.cat, world.bob), mass.participants.order_by("order"),
                                   strict=True):
        set_dates(enrol(group, person, participant=participant), created_at=moment(3, 26))
    facts_refresh()  # incremental: the places touched the application's day
    data = dashboard(MARCH)
    # Four applications filed; the list counts once at each step, accepted because its people were placed.
    assert [row["value"] for row in data["funnel"]][:3] == [4, 4, 4]
    assert all(row["conversion"] is None or row["conversion"] <= 100 for row in data["funnel"])
    assert totals(MARCH)[Metric.ENROLLED] == 6  # the flow of places still counts people


def test_career_tests_come_from_the_surveys_selector(world, monkeypatch):
    from copp.analytics import selectors as analytics_selectors
    from copp.surveys import selectors as survey_selectors
    from copp.surveys.models import Response, Survey

    ddo = Survey.objects.get(slug="ddo")
    for user, when in ((world.ann, moment(3, 4)), (world.ann, moment(3, 6)), (None, moment(3, 7)),
                       (world.bob, moment(4, 1))):
        Response.objects.create(survey=ddo, user=user, submitted_at=when)
    calls = []

    def spy(start, end):
        calls.append((start, end))
        return survey_selectors.career_test_participants(start, end)

    monkeypatch.setattr(analytics_selectors, "career_test_participants", spy)
    figures = totals(MARCH)
    assert figures[Metric.CAREER_TESTS] == 2  # Ann once however often she retook it, and one visitor
    assert calls and calls[0][0].date() == MARCH.first and calls[0][1].date() == datetime.date(2025, 4, 1)
    card = next(c for c in dashboard(APRIL)["cards"] if c["metric"] == Metric.CAREER_TESTS)
    assert (card["value"], card["previous"], card["drill"]) == (1, 2, False)
    # A test result belongs to no organisation: an organisation's figures have no such card.
    scoped = Filters(first=MARCH.first, last=MARCH.last, organization=world.first.pk)
    assert totals(scoped)[Metric.CAREER_TESTS] is None
    assert Metric.CAREER_TESTS not in {c["metric"] for c in dashboard(scoped)["cards"]}


def test_whole_months_read_the_monthly_roll_up_and_agree_with_the_days(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ..models import MonthlyFact
    from ..selectors import facts

    assert facts(MARCH).model is MonthlyFact
    part = Filters(first=datetime.date(2025, 3, 1), last=datetime.date(2025, 4, 10))
    assert facts(part).model is DailyFact
    daily = Filters(first=datetime.date(2025, 3, 1), last=datetime.date(2025, 3, 31))
    by_days = dict(DailyFact.objects.filter(day__gte=daily.first, day__lte=daily.last).values("metric")
                   .annotate(n=__import__("django.db.models", fromlist=["Sum"]).Sum("value"))
                   .values_list("metric", "n"))
    assert {m: v for m, v in totals(MARCH).items() if v} == {m: v for m, v in by_days.items() if v} | (
        {Metric.CAREER_TESTS: totals(MARCH)[Metric.CAREER_TESTS]} if totals(MARCH)[Metric.CAREER_TESTS] else {})
    with CaptureQueriesContext(connection) as ctx:
        dashboard(YEAR)
    sql = " ".join(q["sql"] for q in ctx.captured_queries)
    assert "analytics_monthlyfact" in sql and "analytics_dailyfact" not in sql
    # An incremental refresh rebuilds the roll-up of the months it touched.
    Application.objects.filter(pk=world.app_cat.pk).update(submitted_at=moment(3, 28), updated_at=timezone.now())
    facts_refresh()
    assert totals(MARCH)[Metric.APPLICATIONS_FILED] == 4


def test_dates_are_typed_the_regions_way():
    from django.utils import translation

    from ..forms import DashboardForm

    form = DashboardForm({"period": "custom", "date_from": "01.03.2025", "date_to": "2025-03-31"})
    filters = form.filters()
    assert (filters.first, filters.last) == (datetime.date(2025, 3, 1), datetime.date(2025, 3, 31))
    with translation.override("ru"):
        field = str(DashboardForm(initial={"date_from": datetime.date(2025, 3, 1)})["date_from"])
        assert 'type="text"' in field and 'value="01.03.2025"' in field and 'placeholder="ДД.ММ.ГГГГ"' in field
        bad = DashboardForm({"period": "custom", "date_from": "31/02/2025", "date_to": "01.03.2025"})
        assert not bad.is_valid() and "ДД.ММ.ГГГГ" in str(bad.errors["date_from"])
