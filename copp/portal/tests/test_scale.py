"""The large-data generator at a tiny scale: row counts, check digits, constraints, sign-in, data on the pages."""
import pytest
from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.test import Client

from copp.accounts.models import RoleAssignment, User
from copp.admissions.models import Application, ApplicationKind, Participant, StatusChange
from copp.core.validators import inn_is_valid, ogrn_is_valid, snils_is_valid
from copp.events.models import Event, EventRegistration
from copp.organizations.models import Membership, Organization
from copp.portal.scale import PASSWORD, Sizes, generate
from copp.portal.scale.base import LEARNERS_PER_GROUP, LESSONS_PER_GROUP
from copp.portal.scale.bench import gates
from copp.programs.models import Program, ProgramModule
from copp.resources.models import Room, Site, StaffMember
from copp.training.models import Enrolment, Group, Lesson, Mark, ModuleGrade, TeacherBooking

SCALE = 0.0005


@pytest.fixture
def generated(db):
    return generate(SCALE)


def _scalar(sql):
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


def test_row_counts_follow_the_scale(generated):
    sizes = Sizes.for_scale(SCALE)
    assert sizes == generated.sizes
    assert User.objects.filter(email__startswith="citizen").count() == sizes.citizens
    assert Organization.objects.count() == sizes.organizations
    assert Program.objects.count() == sizes.programs
    assert ProgramModule.objects.count() == sizes.programs * 4
    assert Application.objects.count() == sizes.applications
    assert set(Application.objects.values_list("kind", flat=True)) == set(ApplicationKind.values)
    assert Participant.objects.count() == 3 * Application.objects.filter(kind__in=["mass", "upskilling"]).count()
    assert StatusChange.objects.count() >= sizes.applications
    assert Event.objects.count() == sizes.events and EventRegistration.objects.exists()
    assert Group.objects.count() == sizes.groups
    assert Enrolment.objects.count() == sizes.groups * LEARNERS_PER_GROUP
    assert Lesson.objects.count() == TeacherBooking.objects.count() == sizes.groups * LESSONS_PER_GROUP
    # Marks only on past lessons, one per learner of the group.
    past = Lesson.objects.filter(starts_at__lt=_scalar("SELECT now()")).count()
    assert 0 < past < Lesson.objects.count()
    assert Mark.objects.count() == past * LEARNERS_PER_GROUP
    assert ModuleGrade.objects.exists() and Site.objects.exists() and Room.objects.exists()
    assert StaffMember.objects.filter(user__isnull=False).count() == StaffMember.objects.count()
    assert RoleAssignment.objects.count() == User.objects.count()
    assert Membership.objects.exists()


def test_the_later_apps_are_filled(generated):
    """Library modules, vacancies (with competencies, responses, saved searches), surveys with answers to every
    question, and the monitoring's facts; the vacancy search finds generated vacancies by a Russian word."""
    from copp.analytics.models import DailyFact, FactsRefresh
    from copp.careers.models import SavedSearch, Vacancy, VacancyCompetency, VacancyResponse
    from copp.programs.models import LibraryModule
    from copp.surveys.models import Answer, Question, Response, Survey

    assert LibraryModule.objects.filter(status="published").exists()
    assert LibraryModule.competencies.through.objects.count() == LibraryModule.objects.count()
    vacancies = Vacancy.objects.count()
    assert vacancies >= 40 and VacancyCompetency.objects.count() == 2 * vacancies
    assert set(Vacancy.objects.values_list("source", flat=True)) == {"own", "trudvsem", "hhru"}
    assert Vacancy.objects.filter(status="published").exists()
    # Every response is to an own vacancy; the search vector is computed by PostgreSQL.
    assert VacancyResponse.objects.exists() and not VacancyResponse.objects.exclude(vacancy__source="own").exists()
    assert Vacancy.objects.filter(search=SearchQuery("сварщик", config="russian")).exists()
    assert SavedSearch.objects.exists()
    generated_surveys = Survey.objects.filter(title__startswith="Оценка качества обучения")  # not the seeded tests
    assert Question.objects.filter(survey__in=generated_surveys).count() == 5 * generated_surveys.count()
    responses = Response.objects.count()
    assert Answer.objects.count() == 5 * responses
    # An answer belongs to a question of its response's survey.
    assert _scalar("""SELECT count(*) FROM surveys_answer a JOIN surveys_response r ON r.id = a.response_id
                      JOIN surveys_question q ON q.id = a.question_id WHERE q.survey_id <> r.survey_id""") == 0
    # A program's fact is one of its organisation's programs.
    assert DailyFact.objects.exists()
    assert _scalar("""SELECT count(*) FROM analytics_dailyfact f JOIN programs_program p ON p.id = f.program_id
                      WHERE p.provider_id <> f.organization_id""") == 0
    assert FactsRefresh.objects.get().rows == DailyFact.objects.count()
    # The catalogue's stored nearest start is the earliest start date of every generated program.
    assert _scalar("""SELECT count(*) FROM programs_program p WHERE next_start IS DISTINCT FROM
                      (SELECT min(starts_on) FROM programs_programstart s WHERE s.program_id = p.id)""") == 0


def test_the_upper_apps_are_filled(generated):
    """Demonstration exams with participants and experts, portfolios (open ones with the consent and searchable
    competency rows), materials with versions and search vectors, and their expert review with scores."""
    from copp.careers.models import Portfolio, PortfolioCompetency, PortfolioItem
    from copp.learning.materials.models import Material, MaterialVersion
    from copp.reviews.models import Assignment, Review, Round, Score
    from copp.training.exam_models import DemoExam, ExamParticipant

    exams = DemoExam.objects.count()
    assert exams >= 4 and set(DemoExam.objects.values_list("status", flat=True)) == {"draft", "submitted",
                                                                                     "finished"}
    assert ExamParticipant.objects.count() == 12 * exams
    assert not ExamParticipant.objects.filter(exam__status="finished", grade__isnull=True).exists()
    # The participants' totals the register reads are filled as the platform fills them.
    assert not DemoExam.objects.exclude(people=12).exists()
    assert not DemoExam.objects.filter(status="finished").exclude(scored=12).exists()
    # The centre is a demonstration exam centre; the chief expert works at the centre's organisation.
    assert _scalar("""SELECT count(*) FROM training_demoexam e JOIN resources_site s ON s.id = e.centre_id
                      JOIN resources_staffmember m ON m.id = e.chief_expert_id
                      WHERE NOT s.is_demo_exam_center OR m.organization_id <> s.organization_id""") == 0
    open_ = Portfolio.objects.filter(is_open=True)
    assert open_.exists() and not open_.filter(consent__isnull=True).exists()
    assert PortfolioItem.objects.count() == Portfolio.objects.count() == PortfolioCompetency.objects.count()
    assert PortfolioCompetency.objects.filter(searchable=True).count() == open_.count()
    assert Material.objects.filter(published__isnull=False).exists()
    assert MaterialVersion.objects.filter(search_vector__isnull=True).count() == 0
    assert Review.objects.filter(kind="material").count() == Round.objects.count() > 0
    # No expert reviews a material of the own organisation; decided rounds have scores.
    assert _scalar("""SELECT count(*) FROM reviews_assignment a JOIN reviews_expert x ON x.id = a.expert_id
                      JOIN resources_staffmember m ON m.id = x.staff_id JOIN reviews_round r ON r.id = a.round_id
                      JOIN reviews_review v ON v.id = r.review_id WHERE m.organization_id = v.organization_id""") == 0
    assert Assignment.objects.exists() and Score.objects.exists()


def test_check_digits_pass_the_platforms_validators(generated):
    snils = list(User.objects.exclude(snils="").values_list("snils", flat=True))
    assert len(snils) == generated.sizes.citizens
    assert all(snils_is_valid(s) for s in snils)
    assert all(snils_is_valid(s) for s in Participant.objects.values_list("snils", flat=True))
    for inn, ogrn in Organization.objects.values_list("inn", "ogrn"):
        assert inn_is_valid(inn) and ogrn_is_valid(ogrn), (inn, ogrn)


def test_no_booking_overlaps_and_references_hold(generated):
    # The exclusion constraints already refused overlaps on insert; check the layout's facts as well.
    assert _scalar("""SELECT count(*) FROM training_lesson a JOIN training_lesson b
                      ON a.room_id = b.room_id AND a.id < b.id
                      AND tstzrange(a.starts_at, a.ends_at) && tstzrange(b.starts_at, b.ends_at)""") == 0
    assert _scalar("""SELECT count(*) FROM training_teacherbooking a JOIN training_teacherbooking b
                      ON a.person_id = b.person_id AND a.id < b.id
                      AND tstzrange(a.starts_at, a.ends_at) && tstzrange(b.starts_at, b.ends_at)""") == 0
    assert _scalar("""SELECT count(*) FROM training_teacherbooking t JOIN training_lesson l ON l.id = t.lesson_id
                      WHERE t.starts_at <> l.starts_at""") == 0
    # A mark's learner studies in the lesson's group; a booked teacher is one of the group's teachers.
    assert _scalar("""SELECT count(*) FROM training_mark m JOIN training_enrolment e ON e.id = m.enrolment_id
                      JOIN training_lesson l ON l.id = m.lesson_id WHERE e.group_id <> l.group_id""") == 0
    assert _scalar("""SELECT count(*) FROM training_teacherbooking t JOIN training_lesson l ON l.id = t.lesson_id
                      LEFT JOIN training_group_teachers gt ON gt.group_id = l.group_id
                      AND gt.staffmember_id = t.teacher_id WHERE gt.id IS NULL""") == 0
    assert _scalar("""SELECT count(*) FROM training_group g JOIN programs_program p ON p.id = g.program_id
                      WHERE p.provider_id <> g.provider_id""") == 0
    # Foreign keys were checked at commit (the test runs with the checks on); the program's search vector is set.
    assert not Program.objects.filter(search_vector__isnull=True).exists()
    # As the services do: people's names and SNILS digits (and the organisation) — a new-program request has none.
    assert _scalar("SELECT count(*) FROM admissions_application WHERE search_text = '' AND kind <> 'new_program'") == 0


def test_a_generated_user_signs_in_and_sees_the_data(generated):
    client = Client()
    assert client.login(username="staff@scale.example", password=PASSWORD)
    newest = Application.objects.order_by("-submitted_at", "-id").first()
    inbox = client.get("/applications/inbox/")
    assert inbox.status_code == 200
    assert newest.number in inbox.content.decode()
    catalogue = Client().get("/programs/")
    assert catalogue.status_code == 200
    assert Program.objects.filter(status="published").order_by("pk").first().title.split(" (")[0][:10] \
        in catalogue.content.decode()
    # Russian full-text search finds generated programs by a competency word.
    found = Program.objects.filter(search_vector=SearchQuery("мехатроники", config="russian"))
    assert found.exists()
    assert set(found) == set(Program.objects.filter(title__icontains="мехатроника"))
    assert not Client().login(username="staff@scale.example", password="wrong")


def test_gates_fail_when_large_is_slower_or_asks_more():
    class Page:
        def __init__(self, name, s, big, heavy=False):
            self.name, self.heavy, self.role = name, heavy, "staff"
            self.result = {"S": s, "L": big}

    def r(ms, queries=5, over=0):
        return {"status": 200, "queries": queries, "median_ms": ms, "slowest_ms": 1.0, "slowest_sql": "",
                "over_limit": over}
    floor = Page("floor", r(1), r(1))
    fine = Page("fine", r(10), r(12))
    _rows, results = gates([floor, fine])
    assert all(ok for _name, ok, _pages in results)
    slow = Page("slow", r(10, queries=5), r(40, queries=6, over=1))
    _rows, results = gates([floor, fine, slow])
    assert [ok for _name, ok, _pages in results] == [False, False, False, False]
    assert all(pages == "slow" for _name, _ok, pages in results)
