"""The demonstration exam register does not grow with the region (issue 15, M32): its page, with every filter and
the search, makes the same queries for a few exams and for more than a page of them, reads the exams' own
participants' totals (no query reads the participants), and the totals the services keep match the participants."""
import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from copp.core.roles import Role
from copp.organizations.models import OrganizationType
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

from .. import exam_services as services
from ..exam_models import DemoExam, ExamParticipant, summarize
from ..exam_selectors import exam_statistics
from .exam_factories import centre, competency, expert, make_exam

pytestmark = pytest.mark.django_db

# Every filter and the search of the register, each on its own (the chosen values exist in the data).
VARIANTS = ("", "q=Колледж", "q=1.1", "year=2025", "competency", "organization_name=Колледж", "municipality",
            "level=basic", "status=draft")


@pytest.fixture
def college():
    org = OrganizationFactory(type=OrganizationType.PARTNER, short_name="Колледж")
    user = UserFactory(roles=[Role.PARTNER])
    MembershipFactory(user=user, organization=org)
    return org, user


def _add_exams(org, user, comp, place, people, first: int, n: int) -> None:
    for day in range(first, first + n):
        starts_on = datetime.date(2025, 1, 1) + datetime.timedelta(days=day)
        exam = make_exam(org, comp=comp, place=place, starts_on=starts_on, experts=people)
        for k in range(3):
            services.participant_add(actor=user, exam=exam, full_name=f"Студент {day}-{k}", points=str(10 + k * 25))


def _query(variant: str, comp, place) -> str:
    if variant == "competency":
        return f"competency={comp.pk}"
    if variant == "municipality":
        return f"municipality={place.municipality_id}"
    return variant


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return response, [q["sql"] for q in ctx.captured_queries]


def test_the_register_with_each_filter_makes_the_same_queries_for_few_and_many_exams(college, client):
    org, user = college
    comp = competency()
    place = centre(org, comp)
    assert place.municipality_id
    people = [expert(org, comp) for _ in range(2)]
    staff = UserFactory(roles=[Role.STAFF])
    client.force_login(staff)
    base = reverse("training:demo_exams")
    urls = {v: base + "?" + _query(v, comp, place) for v in VARIANTS}
    _add_exams(org, user, comp, place, people, 0, 2)
    client.get(base)  # the first page of the session caches the branding
    few = {v: len(_queries(client, url)[1]) for v, url in urls.items()}
    _add_exams(org, user, comp, place, people, 2, 28)  # more than a page (20)
    for variant, url in urls.items():
        response, sql = _queries(client, url)
        assert len(sql) == few[variant], variant
        # The rows' students and averages and the statistics are the exams' totals: no query reads participants.
        assert not [s for s in sql if "training_examparticipant" in s], variant
        assert len(response.context["exams"]) == 20 and response.context["stats"]["people"] == 90, variant


def test_the_totals_follow_every_change_of_the_participants(college):
    org, user = college
    comp = competency()
    exam = make_exam(org, comp=comp, experts=[expert(org, comp)])
    first = services.participant_add(actor=user, exam=exam, full_name="Первый", points="65")
    services.participant_add(actor=user, exam=exam, full_name="Второй", points="30")
    services.participant_add(actor=user, exam=exam, full_name="Без баллов")
    exam.refresh_from_db()
    assert (exam.people, exam.scored, exam.points_total) == (3, 2, Decimal("95"))
    assert (exam.grade_2, exam.grade_3, exam.grade_4, exam.grade_5) == (0, 1, 0, 1) and exam.average == Decimal("47.5")
    services.participant_remove(actor=user, participant=first)
    exam.refresh_from_db()
    assert (exam.people, exam.scored, exam.points_total, exam.grade_5) == (2, 1, Decimal("30"), 0)
    # New thresholds regrade the participants and their totals: 30 points is a «5» when 5 is reached at 25.
    services.exam_save(actor=user, exam=exam, organization=org, competency=comp, assessment_set=exam.assessment_set,
                       level=exam.level, centre=exam.centre, accredited_until=exam.accredited_until,
                       starts_on=exam.starts_on, ends_on=exam.ends_on, experts=list(exam.experts.all()),
                       max_points=Decimal(100), threshold_3=Decimal(10), threshold_4=Decimal(20),
                       threshold_5=Decimal(25))
    exam.refresh_from_db()
    assert (exam.grade_3, exam.grade_5) == (0, 1)
    # The same statement over every exam (the migration and the generator) gives the same totals.
    before = list(DemoExam.objects.values_list("people", "scored", "points_total", "grade_3", "grade_5"))
    DemoExam.objects.update(people=0, scored=0, points_total=0, grade_3=0, grade_5=0)
    summarize()
    assert list(DemoExam.objects.values_list("people", "scored", "points_total", "grade_3", "grade_5")) == before
    assert ExamParticipant.objects.filter(exam=exam).count() == 2


def test_the_statistics_of_nothing_are_zero(college):
    org, _user = college
    make_exam(org)
    for qs in (DemoExam.objects.none(), DemoExam.objects.filter(pk=0)):
        stats = exam_statistics(qs)
        assert (stats["exams"], stats["people"], stats["average"], stats["by_competency"], stats["centres"]) == (
            0, 0, None, [], [])
    stats = exam_statistics(DemoExam.objects.all())
    assert stats["exams"] == 1 and stats["centres"][0]["exams"] == 1 and stats["by_competency"] == []


def test_the_tables_hold_the_first_groups_by_their_figure_shown_by_figure_then_name(college):
    """More organisations and experts than a table shows: the first STATS_TOP by students (experts by exams) are
    chosen before any name is read, and they are shown by the figure, then alphabetically; the whole region's
    groups kept by `summarize` give the same tables as the groups computed for a filter that keeps every exam."""
    _org, _user = college
    comp = competency()
    owner = OrganizationFactory(type=OrganizationType.PARTNER, short_name="Центр")
    place = centre(owner, comp)
    experts = [expert(owner, comp, last_name=f"Эксперт {i:02}") for i in range(17)]
    for i in range(17):
        # Organisation i has 1 + i // 2 students: pairs tie, and the two with one student fall out of the top 15.
        org = OrganizationFactory(type=OrganizationType.PARTNER, short_name=f"Орг {i:02}")
        exam = make_exam(org, comp=comp, place=place, experts=experts[i:])
        ExamParticipant.objects.bulk_create([ExamParticipant(exam=exam, full_name=f"Студент {i}-{k}",
                                                             points=Decimal(70), grade=5) for k in range(1 + i // 2)])
    summarize()
    whole = exam_statistics(DemoExam.objects.all())
    assert whole == exam_statistics(DemoExam.objects.filter(competency=comp))
    shown = [(row["name"], row["people"]) for row in whole["by_organization"]]
    expected = [(f"Орг {i:02}", 1 + i // 2) for i in range(16, 1, -1)]
    assert shown == sorted(expected, key=lambda row: (-row[1], row[0]))
    assert shown[:3] == [("Орг 16", 9), ("Орг 14", 8), ("Орг 15", 8)]
    assert whole["people"] == sum(1 + i // 2 for i in range(17)) and whole["exams"] == 17
    assert whole["centres"] == [{"centre__name": place.name, "exams": 17, "people": whole["people"]}]
    # Expert i sits on the exams of organisations 0..i: i + 1 exams; the first fifteen are experts 16 … 2.
    assert [(row["name"].split(" ")[1], row["exams"]) for row in whole["experts"]] == [
        (f"{i:02}", i + 1) for i in range(16, 1, -1)]


def test_the_region_groups_follow_the_services_and_rebuild_one_after_another(college):
    """The kept groups change with every service call (a new exam, a participant, a move to another centre), and
    the rebuild takes a transaction lock so that two changes at once do not leave a stale table."""
    org, user = college
    comp = competency()
    whole = DemoExam.objects.all()
    assert exam_statistics(whole)["exams"] == 0
    exam = make_exam(org, comp=comp, experts=[expert(org, comp)])
    services.participant_add(actor=user, exam=exam, full_name="Первый", points="65")
    stats = exam_statistics(whole)
    assert (stats["exams"], stats["people"], stats["by_organization"][0]["name"]) == (1, 1, "Колледж")
    other = centre(org, comp)
    services.exam_save(actor=user, exam=exam, organization=org, competency=comp, assessment_set=exam.assessment_set,
                       level=exam.level, centre=other, accredited_until=exam.accredited_until,
                       starts_on=exam.starts_on, ends_on=exam.ends_on, experts=list(exam.experts.all()),
                       max_points=Decimal(100), threshold_3=Decimal(20), threshold_4=Decimal(40),
                       threshold_5=Decimal(60))
    assert [row["centre__name"] for row in exam_statistics(whole)["centres"]] == [other.name]
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()")
        assert cursor.fetchone()[0] == 1  # held by this test's transaction until it ends
