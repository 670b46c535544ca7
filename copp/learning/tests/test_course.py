"""The built-in course space of a group (M22): sections, materials, assignments; a learner submits, the teacher
grades, the grade is in the journal with the source «Assignment»; nobody sees another learner's answer."""
import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from copp.core.roles import Role
from copp.directories.models import GradeValue
from copp.programs.models import ProgramModule
from copp.training.models import MarkChange, MarkSource, ModuleGrade
from copp.training.selectors import scale_of
from copp.training.tests.factories import enrol
from tests.factories import UserFactory, sample_pdf

from .. import course
from ..models import Assignment, CourseMaterial, CourseSection, MaterialKind, Submission

pytestmark = pytest.mark.django_db

PDF = sample_pdf()


def module_of(group):
    return ProgramModule.objects.filter(program=group.program).first() or ProgramModule.objects.create(
        program=group.program, title="Основы", theory_hours=16)


def a_grade(group, passing=True):
    return GradeValue.objects.filter(scale=scale_of(group), is_passing=passing).order_by("-points").first()


@pytest.fixture
def space(klass):
    group = klass["group"]
    module = module_of(group)
    section = course.section_add(actor=klass["teacher"], group=group, title="Тема 1", module=module)
    assignment = course.assignment_add(actor=klass["teacher"], section=section, title="Эссе",
                                       due_at=timezone.now() + datetime.timedelta(days=3))
    return {**klass, "module": module, "section": section, "assignment": assignment}


def test_the_teacher_builds_the_space_on_its_pages(klass, login):
    group = klass["group"]
    module = module_of(group)
    client = login(klass["teacher"])
    url = reverse("learning:course", args=[group.pk])
    assert "Пространство курса пусто" in client.get(url).content.decode()
    assert client.post(reverse("learning:section_add", args=[group.pk]),
                       {"title": "Введение", "module": module.pk}).status_code == 302
    section = CourseSection.objects.get(group=group)
    assert section.module == module
    prefix = f"m{section.pk}"
    # A link without its address is refused with the field named.
    refused = client.post(reverse("learning:material_add", args=[section.pk]),
                          {f"{prefix}-kind": "link", f"{prefix}-title": "Сайт"})
    assert refused.status_code == 400 and "Укажите адрес" in refused.content.decode()
    for data in ({"kind": "link", "title": "Сайт", "url": "https://example.org/"},
                 {"kind": "video", "title": "Лекция", "url": "https://video.example.org/1"},
                 {"kind": "page", "title": "Памятка", "body": "Прочитайте до занятия."},
                 {"kind": "file", "title": "Конспект", "file": SimpleUploadedFile("c.pdf", PDF)}):
        response = client.post(reverse("learning:material_add", args=[section.pk]),
                               {f"{prefix}-{k}": v for k, v in data.items()})
        assert response.status_code == 302, response.content.decode()[:2000]
    assert set(CourseMaterial.objects.values_list("kind", flat=True)) == set(MaterialKind.values)
    # A file that only claims to be a PDF is refused by the upload check.
    fake = client.post(reverse("learning:material_add", args=[section.pk]),
                       {f"{prefix}-kind": "file", f"{prefix}-title": "x",
                        f"{prefix}-file": SimpleUploadedFile("x.pdf", b"<html>hi</html>")})
    assert fake.status_code == 400
    due = (timezone.localtime() + datetime.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(reverse("learning:assignment_add", args=[section.pk]),
                           {f"a{section.pk}-title": "Проект", f"a{section.pk}-due_at": due})
    assignment = Assignment.objects.get()
    assert response["Location"] == reverse("learning:assignment", args=[assignment.pk])
    assert assignment.module == module  # the section's module by default
    page = client.get(url).content.decode()
    assert "Памятка" in page and "Проект" in page and "ответов: 0, оценено: 0" in page
    # The learner reads it all and downloads the file.
    learner = login(klass["learner"])
    page = learner.get(url).content.decode()
    assert "Прочитайте до занятия." in page and "ещё не отправлено" in page and "Добавить материал" not in page
    file_material = CourseMaterial.objects.get(kind=MaterialKind.FILE)
    assert b"".join(learner.get(reverse("learning:material_file", args=[file_material.pk])).streaming_content) == PDF


def test_a_learner_submits_the_teacher_grades_and_the_grade_is_in_the_journal(space, login):
    group, assignment = space["group"], space["assignment"]
    learner = login(space["learner"])
    url = reverse("learning:assignment", args=[assignment.pk])
    assert learner.post(reverse("learning:assignment_submit", args=[assignment.pk]), {}).status_code == 400
    response = learner.post(reverse("learning:assignment_submit", args=[assignment.pk]),
                            {"text": "Мой ответ", "file": SimpleUploadedFile("a.pdf", PDF)}, follow=True)
    assert "Ваш ответ отправлен преподавателю." in response.content.decode()
    submission = Submission.objects.get()
    assert submission.enrolment == space["enrolment"] and submission.file
    teacher = login(space["teacher"])
    page = teacher.get(url).content.decode()
    assert "Мой ответ" in page and "Сохранить оценку" in page
    grade = a_grade(group)
    response = teacher.post(reverse("learning:submission_grade", args=[submission.pk]),
                            {f"s{submission.pk}-grade": grade.pk, f"s{submission.pk}-comment": "Хорошо"}, follow=True)
    assert "Она в журнале как оценка за модуль" in response.content.decode()
    cell = ModuleGrade.objects.get(enrolment=space["enrolment"], module=space["module"])
    assert cell.grade == grade and cell.source == MarkSource.ASSIGNMENT
    change = MarkChange.objects.get(module_grade=cell)
    assert change.source == MarkSource.ASSIGNMENT and change.actor == space["teacher"]
    # The journal shows it with its source.
    journal = teacher.get(reverse("training:journal", args=[group.pk])).content.decode()
    assert "Задание" in journal
    # The learner sees the grade and the comment and cannot change a graded answer.
    page = login(space["learner"]).get(url).content.decode()
    assert "Хорошо" in page and "Отправить повторно" not in page
    with pytest.raises(course.CourseRefused):
        course.submission_save(actor=space["learner"], assignment=assignment, text="другой")


def test_a_learner_cannot_see_another_learners_answer(space, login):
    group, assignment = space["group"], space["assignment"]
    neighbour = UserFactory(roles=[Role.LEARNER])
    enrol(group, neighbour)
    course.submission_save(actor=space["learner"], assignment=assignment, text="секрет",
                           file=SimpleUploadedFile("a.pdf", PDF))
    submission = Submission.objects.get()
    client = login(neighbour)
    assert "секрет" not in client.get(reverse("learning:assignment", args=[assignment.pk])).content.decode()
    assert client.get(reverse("learning:submission_file", args=[submission.pk])).status_code == 404
    assert login(space["outsider"]).get(reverse("learning:submission_file", args=[submission.pk])).status_code == 404
    assert login(space["learner"]).get(reverse("learning:submission_file", args=[submission.pk])).status_code == 200
    # A learner cannot grade, not even through the service.
    with pytest.raises(PermissionDenied):
        course.submission_grade(actor=neighbour, submission=submission, grade=a_grade(group))


def test_a_grade_of_another_scale_is_refused(space):
    submission = course.submission_save(actor=space["learner"], assignment=space["assignment"], text="ответ")
    foreign = GradeValue.objects.exclude(scale=scale_of(space["group"])).first()
    if foreign is None:
        pytest.skip("one grade scale in the seed")
    with pytest.raises(course.CourseRefused):
        course.submission_grade(actor=space["teacher"], submission=submission, grade=foreign)
    assert not ModuleGrade.objects.exists()


def test_my_learning_shows_what_is_due_and_new(space, login):
    course.material_add(actor=space["teacher"], section=space["section"], kind=MaterialKind.LINK, title="Статья",
                        url="https://example.org/a")
    page = login(space["learner"]).get(reverse("learning:my")).content.decode()
    assert "Эссе" in page and "Статья" in page and reverse("learning:course", args=[space["group"].pk]) in page
    course.submission_save(actor=space["learner"], assignment=space["assignment"], text="готово")
    assert "Эссе" not in login(space["learner"]).get(reverse("learning:my")).content.decode()


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_course_and_assignment_pages_read_a_fixed_number_of_queries(space, login):
    group = space["group"]
    teacher = login(space["teacher"])
    course_url = reverse("learning:course", args=[group.pk])
    assignment_url = reverse("learning:assignment", args=[space["assignment"].pk])

    def grow(n):
        for i in range(n):
            learner = UserFactory(roles=[Role.LEARNER])
            enrolment = enrol(group, learner)
            Submission.objects.create(assignment=space["assignment"], enrolment=enrolment, text=f"ответ {i}",
                                      submitted_at=timezone.now())
            section = CourseSection.objects.create(group=group, title=f"Тема {i + 2}")
            CourseMaterial.objects.create(section=section, kind=MaterialKind.LINK, title="ссылка",
                                          url="https://example.org/")
            Assignment.objects.create(section=section, title=f"Задание {i}", due_at=timezone.now())

    grow(1)
    teacher.get(course_url), teacher.get(assignment_url)  # warm the per-process caches (site settings)
    small = (_queries(teacher, course_url), _queries(teacher, assignment_url))
    grow(4)
    assert (_queries(teacher, course_url), _queries(teacher, assignment_url)) == small


def test_the_demo_course_space(klass):
    from .. import demo

    group = klass["group"]
    module_of(group)
    neighbour = UserFactory(roles=[Role.LEARNER])
    enrol(group, neighbour)
    demo._course_space(group, klass["teacher"])
    demo._course_space(group, klass["teacher"])  # idempotent
    assert CourseSection.objects.filter(group=group).count() == 2
    assert Submission.objects.filter(graded_at__isnull=False).count() == 1
    assert ModuleGrade.objects.get(source=MarkSource.ASSIGNMENT).grade_id
