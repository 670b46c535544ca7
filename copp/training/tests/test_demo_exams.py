"""The demonstration exam register (D6): entry by the organisation with the rules of the centre, the experts and
the thresholds; grades from points; sending, returning and locking; a list from Excel; the register's list with
filters, statistics and Excel in a fixed number of queries; an outsider sees nothing; results for the portfolio
and the monitoring indicators."""
import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from copp.core.roles import Role
from copp.organizations.models import OrganizationType
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

from .. import exam_services as services
from ..exam_models import DemoExam, ExamStatus
from ..exam_selectors import demo_exam_results_of, exam_statistics, exams_filtered
from .exam_factories import centre, competency, expert, make_exam

pytestmark = pytest.mark.django_db


@pytest.fixture
def college():
    org = OrganizationFactory(type=OrganizationType.PARTNER, short_name="Колледж")
    user = UserFactory(roles=[Role.PARTNER])
    MembershipFactory(user=user, organization=org)
    return org, user


@pytest.fixture
def staff_user():
    return UserFactory(roles=[Role.STAFF])


def _facts(org, place, comp, **extra):
    return {"organization": org, "competency": comp, "assessment_set": "1.1-2026", "level": "basic",
            "centre": place, "accredited_until": datetime.date(2026, 12, 31), "starts_on": datetime.date(2026, 6, 1),
            "ends_on": datetime.date(2026, 6, 2), "max_points": Decimal(100), "threshold_3": Decimal(20),
            "threshold_4": Decimal(40), "threshold_5": Decimal(60), **extra}


def test_the_organisation_enters_an_exam_with_the_rules_checked(college):
    org, user = college
    comp = competency()
    place, chief = centre(org, comp), expert(org, comp, last_name="Главный")
    exam = services.exam_save(actor=user, **_facts(org, place, comp, chief_expert=chief, experts=[chief]))
    assert exam.status == ExamStatus.DRAFT and exam.created_by == user

    plain_site = centre(org, comp)
    plain_site.is_demo_exam_center = False
    plain_site.save()
    stranger = expert(org, comp.__class__.objects.create(code="t-other", name="Другая"))
    with pytest.raises(ValidationError) as refused:
        services.exam_save(actor=user, **_facts(org, plain_site, comp, experts=[stranger],
                                                accredited_until=datetime.date(2026, 5, 1),
                                                threshold_4=Decimal(10)))
    errors = refused.value.message_dict
    assert set(errors) == {"centre", "experts", "accredited_until", "threshold_3"}
    other = OrganizationFactory(type=OrganizationType.PARTNER)
    with pytest.raises(PermissionDenied):  # not the user's organisation
        services.exam_save(actor=user, **_facts(other, place, comp))


def test_points_give_grades_and_the_finished_exam_is_locked(college, staff_user):
    org, user = college
    exam = make_exam(org)
    for name, points in (("Иванов Иван", "65"), ("Петров Пётр", "40"), ("Сидоров Сидор", "19,5")):
        services.participant_add(actor=user, exam=exam, full_name=name, points=points)
    assert sorted(exam.participants.values_list("full_name", "grade")) == [
        ("Иванов Иван", 5), ("Петров Пётр", 4), ("Сидоров Сидор", 2)]
    with pytest.raises(ValidationError):
        services.participant_add(actor=user, exam=exam, full_name="Много Баллов", points="101")

    wrong = services.participant_add(actor=user, exam=exam, full_name="Лишняя Строка", points="1")
    services.participant_remove(actor=user, participant=wrong)
    assert exam.participants.count() == 3
    services.exam_move(actor=user, exam=exam, target=ExamStatus.SUBMITTED)
    exam.refresh_from_db()
    assert not services.can_edit(user, exam) and services.can_edit(staff_user, exam)
    with pytest.raises(ValidationError):  # a return says what to correct
        services.exam_move(actor=staff_user, exam=exam, target=ExamStatus.DRAFT)
    with pytest.raises(ValidationError):  # the organisation does not lock its own exam
        services.exam_move(actor=user, exam=exam, target=ExamStatus.FINISHED)
    services.exam_move(actor=staff_user, exam=exam, target=ExamStatus.FINISHED)
    exam.refresh_from_db()
    assert exam.is_locked and not services.can_edit(staff_user, exam)
    with pytest.raises(ValidationError):
        services.participant_add(actor=staff_user, exam=exam, full_name="Поздний Студент", points="50")
    with pytest.raises(ValidationError):
        services.participant_remove(actor=staff_user, participant=exam.participants.first())


def test_an_exam_is_sent_only_with_every_result(college):
    org, user = college
    exam = make_exam(org)
    with pytest.raises(ValidationError):
        services.exam_move(actor=user, exam=exam, target=ExamStatus.SUBMITTED)
    services.participant_add(actor=user, exam=exam, full_name="Без Баллов")
    with pytest.raises(ValidationError):
        services.exam_move(actor=user, exam=exam, target=ExamStatus.SUBMITTED)


def _xlsx(rows) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append(["ФИО", "Баллы", "E-mail"])
    for row in rows:
        sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    data.name = "list.xlsx"
    return data


def test_a_list_from_excel_adds_all_rows_or_none(college, client):
    org, user = college
    exam = make_exam(org)
    learner = UserFactory(roles=[Role.LEARNER], email="student@example.com")
    client.force_login(user)
    url = reverse("training:demo_exam_import", args=[exam.pk])
    bad = client.post(url, {"file": _xlsx([["Иванов Иван", 50, ""], ["", 30, ""], ["Петров", "много", ""]])})
    assert bad.status_code == 400 and exam.participants.count() == 0
    errors = bad.context["import_errors"]
    assert len(errors) == 2 and " 3" in errors[0] and " 4" in errors[1]  # the faulty rows are named
    good = client.post(url, {"file": _xlsx([["Иванов Иван", 50, ""], [None, 61, "student@example.com"]])})
    assert good.status_code == 302
    rows = {p.full_name: (p.grade, p.learner) for p in exam.participants.all()}
    assert rows == {"Иванов Иван": (4, None), learner.get_full_name(): (5, learner)}
    # The totals are recomputed once for the whole list and hold every row of it.
    exam.refresh_from_db()
    assert (exam.people, exam.scored, exam.grade_4, exam.grade_5) == (2, 2, 1, 1)
    assert exam_statistics(DemoExam.objects.all())["people"] == 2
    assert client.post(url, {"file": io.BytesIO(b"not a workbook")}).status_code == 400


def test_register_filters_statistics_and_excel(college, staff_user, client):
    org, user = college
    comp = competency()
    second = comp.__class__.objects.create(code="t-cook", name="Поварское дело")
    chief = expert(org, comp, last_name="Экспертов")
    first_exam = make_exam(org, comp=comp, experts=[chief])
    other_exam = make_exam(org, comp=second, place=centre(org, second), starts_on=datetime.date(2024, 5, 1))
    for exam, points in ((first_exam, ("65", "45", "10")), (other_exam, ("30",))):
        for n, value in enumerate(points):
            services.participant_add(actor=user, exam=exam, full_name=f"Студент {n}", points=value)
    assert list(exams_filtered(staff_user, year=2024)) == [other_exam]
    assert list(exams_filtered(staff_user, q="повар")) == [other_exam]
    assert list(exams_filtered(staff_user, competency=comp)) == [first_exam]
    stats = exam_statistics(exams_filtered(staff_user))
    assert (stats["exams"], stats["people"]) == (2, 4)
    assert dict(stats["grade_shares"]) == {5: 25.0, 4: 25.0, 3: 25.0, 2: 25.0}
    by_comp = {row["name"]: row for row in stats["by_competency"]}
    assert by_comp[comp.name]["people"] == 3 and by_comp[comp.name]["shares"] == [33.3, 33.3, 0.0, 33.3]
    assert stats["experts"] == [{"name": chief.full_name, "exams": 1}]
    assert [row["name"] for row in stats["by_year"]] == [2025, 2024]

    client.force_login(staff_user)
    page = client.get(reverse("training:demo_exams"), {"competency": comp.pk})
    assert page.status_code == 200 and list(page.context["exams"]) == [first_exam]
    response = client.get(reverse("training:demo_exams_xlsx"), {"competency": comp.pk})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [row for row in sheet.iter_rows(values_only=True) if row and row[-2] is not None]
    assert sorted(v[-2] for v in values[1:]) == [10, 45, 65] and {v[0] for v in values[1:]} == {comp.name}


def test_an_outsider_organisation_sees_none_of_the_exams(college, client):
    org, _user = college
    exam = make_exam(org)
    outsider = UserFactory(roles=[Role.PARTNER])
    MembershipFactory(user=outsider, organization=OrganizationFactory(type=OrganizationType.PARTNER))
    client.force_login(outsider)
    assert list(client.get(reverse("training:demo_exams")).context["exams"]) == []
    assert client.get(reverse("training:demo_exam", args=[exam.pk])).status_code == 404


def _queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_register_page_makes_the_same_queries_for_few_and_many_exams(college, staff_user, client):
    org, user = college
    comp = competency()
    place = centre(org, comp)
    people = [expert(org, comp) for _ in range(3)]
    make_exam(org, comp=comp, place=place, experts=people[:1])
    client.force_login(staff_user)
    url = reverse("training:demo_exams")
    few = _queries(client, url)
    for n in range(30):
        exam = make_exam(org, comp=comp, place=place, starts_on=datetime.date(2025, 1, 1) + datetime.timedelta(days=n),
                         experts=people)
        services.participant_add(actor=user, exam=exam, full_name=f"Студент {n}", points=str(n * 3))
    assert _queries(client, url) == few
    detail = reverse("training:demo_exam", args=[exam.pk])
    assert _queries(client, detail) <= few


def test_results_for_the_portfolio_and_the_monitoring_indicators(college, staff_user):
    from copp.analytics.models import Metric
    from copp.analytics.selectors import Filters, totals
    from copp.analytics.services import facts_refresh

    org, user = college
    learner = UserFactory(roles=[Role.LEARNER])
    exam = make_exam(org, starts_on=datetime.date(2025, 6, 2))
    services.participant_add(actor=user, exam=exam, full_name="", learner=learner, points="70")
    services.participant_add(actor=user, exam=exam, full_name="Список Студент", points="15")
    june = Filters(first=datetime.date(2025, 6, 1), last=datetime.date(2025, 6, 30))
    facts_refresh(full=True)
    assert totals(june)[Metric.DEMO_EXAM_PARTICIPANTS] == 0  # not checked yet
    assert list(demo_exam_results_of(learner)) == []
    services.exam_move(actor=user, exam=exam, target=ExamStatus.SUBMITTED)
    services.exam_move(actor=staff_user, exam=exam, target=ExamStatus.FINISHED)
    facts_refresh()  # incremental: the exam's change touches its participants' day
    figures = totals(june)
    assert (figures[Metric.DEMO_EXAM_PARTICIPANTS], figures[Metric.DEMO_EXAM_PASSED]) == (2, 1)
    [result] = demo_exam_results_of(learner)
    assert (result.grade, result.exam) == (5, exam)
