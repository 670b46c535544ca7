"""The electronic journal: a fixed number of queries for a 25 × 60 grid whatever else is stored, a small fixed
number per saved mark, tap cycles attendance, whole-column fill, history of every change; a teacher cannot
mark another group's journal; a learner sees only their own marks; the sending organisation sees its employee."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from copp.core.roles import Role
from copp.directories.models import AttendanceStatus, GradeValue, LessonType
from copp.organizations.models import OrganizationType
from tests.factories import UserFactory

from ..models import Lesson, Mark, MarkChange, ModuleGrade
from .factories import at, enrol, make_group, make_lesson, teacher_of, world_group

pytestmark = pytest.mark.django_db


def big_group(partner, teacher, learners=25, lessons=60, marked=True, modules=4):
    group = make_group(partner, teachers=[teacher])
    modules_ = [group.program.modules.create(order=i, title=f"Модуль {i}") for i in range(1, modules + 1)]
    enrolments = [enrol(group, UserFactory()) for _ in range(learners)]
    kind = LessonType.objects.get(code="practice")
    start = at(-70, 9)
    lessons_ = Lesson.objects.bulk_create([
        Lesson(group=group, starts_at=start + datetime.timedelta(days=i), topic=f"Тема {i}", lesson_type=kind,
               ends_at=start + datetime.timedelta(days=i, hours=1), online_link="https://x.ru")
        for i in range(lessons)])
    if marked:
        present = AttendanceStatus.objects.get(code="present")
        five = GradeValue.objects.get(scale__code="five_point", code="5")
        Mark.objects.bulk_create([
            Mark(enrolment=e, lesson=lesson, attendance=present, grade=five if i % 3 == 0 else None)
            for e in enrolments for i, lesson in enumerate(lessons_)])
        ModuleGrade.objects.bulk_create([ModuleGrade(enrolment=e, module=m, grade=five)
                                         for e in enrolments for m in modules_])
    return group


def test_grid_query_count_does_not_grow(client, world):
    partner = world.orgs[OrganizationType.PARTNER][0]
    teacher = teacher_of(world.users[Role.TEACHER][0], partner)
    small = big_group(partner, teacher, learners=2, lessons=3)
    client.force_login(world.users[Role.TEACHER][0])
    url = reverse("training:journal", args=[small.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    group = big_group(partner, teacher)
    big_group(partner, teacher, learners=10, lessons=20, modules=6)  # the rest of the data
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("training:journal", args=[group.pk]))
    assert response.status_code == 200
    assert response.content.decode().count('class="jr-att jr-present"') == 25 * 60
    assert response.content.decode().count('<option value="5" selected>') == 25 * 60 // 3 + 25 * 4
    assert len(many) == len(few) <= 20, [q["sql"] for q in many.captured_queries]


def test_one_mark_saves_with_few_queries_and_keeps_history(client, world):
    group, enrolment, lesson = world_group(world)
    client.force_login(world.users[Role.TEACHER][0])
    url = reverse("training:mark_save", args=[lesson.pk, enrolment.pk])
    client.post(url, {"cycle": "1"})
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            response = client.post(url, {"cycle": "1"})
        counts.append(len(queries))
    assert response.status_code == 200
    assert counts[0] == counts[1] <= 16, [q["sql"][:120] for q in queries.captured_queries]
    mark = Mark.objects.get(enrolment=enrolment, lesson=lesson)
    assert mark.attendance.code == "excused"  # present → late → excused
    client.post(url, {"attendance": "late"})
    client.post(url, {"grade": "4"})
    mark.refresh_from_db()
    assert mark.grade.code == "4"
    changes = list(MarkChange.objects.filter(mark=mark).order_by("pk").values_list("field", "old_value", "new_value"))
    assert changes == [("attendance", "", "present"), ("attendance", "present", "late"),
                       ("attendance", "late", "excused"), ("attendance", "excused", "late"), ("grade", "", "4")]
    history = client.get(reverse("training:mark_history", args=[lesson.pk, enrolment.pk])).content.decode()
    assert "excused" in history


def test_teacher_cannot_mark_another_group(client, world):
    _group, enrolment, lesson = world_group(world)
    client.force_login(world.users[Role.TEACHER][1])
    assert client.post(reverse("training:mark_save", args=[lesson.pk, enrolment.pk]), {"cycle": "1"}).status_code == 404
    assert client.post(reverse("training:column_fill", args=[lesson.pk]), {"attendance": "present"}).status_code == 404
    assert client.get(reverse("training:journal", args=[lesson.group_id])).status_code == 404
    assert not Mark.objects.exists()


def test_column_fill_marks_only_empty_cells(client, world):
    group, enrolment, lesson = world_group(world)
    second = enrol(group, UserFactory())
    Mark.objects.create(enrolment=enrolment, lesson=lesson, attendance=AttendanceStatus.objects.get(code="absent"))
    client.force_login(world.users[Role.STAFF][0])
    client.post(reverse("training:column_fill", args=[lesson.pk]), {"attendance": "present"})
    codes = dict(Mark.objects.filter(lesson=lesson).values_list("enrolment_id", "attendance__code"))
    assert codes == {enrolment.pk: "absent", second.pk: "present"}


def test_learner_sees_only_own_marks_and_employer_sees_employee(client, world):
    group, enrolment, lesson = world_group(world)
    stranger = enrol(group, UserFactory(last_name="Посторонний"))
    absent = AttendanceStatus.objects.get(code="absent")
    Mark.objects.create(enrolment=enrolment, lesson=lesson, attendance=AttendanceStatus.objects.get(code="present"))
    Mark.objects.create(enrolment=stranger, lesson=lesson, attendance=absent)
    client.force_login(world.users[Role.LEARNER][0])
    page = client.get(reverse("training:my_marks")).content.decode()
    assert lesson.topic in page and "Присутствовал" in page and "Посторонний" not in page
    assert client.get(reverse("training:journal", args=[group.pk])).status_code == 403
    client.force_login(world.users[Role.CUSTOMER][0])
    page = client.get(reverse("training:employees")).content.decode()
    assert str(world.users[Role.LEARNER][0]) in page and "Посторонний" not in page and "1 / 1" in page
    client.force_login(world.users[Role.CUSTOMER][1])
    assert str(world.users[Role.LEARNER][0]) not in client.get(reverse("training:employees")).content.decode()


def test_ratings_follow_the_formula(client, world):
    group, enrolment, lesson = world_group(world)
    second = make_lesson(group, starts_at=at(1, 10))
    present, absent = (AttendanceStatus.objects.get(code=c) for c in ("present", "absent"))
    four = GradeValue.objects.get(scale__code="five_point", code="4")
    Mark.objects.create(enrolment=enrolment, lesson=lesson, attendance=present, grade=four)
    Mark.objects.create(enrolment=enrolment, lesson=second, attendance=absent)
    client.force_login(world.users[Role.PARTNER][0])
    response = client.get(reverse("training:ratings", args=[group.pk]))
    rating = response.context["ratings"][0]
    # attendance 50 %, grades 4/5 = 80 %; 0.6 × 80 + 0.4 × 50 = 68
    assert (rating.attendance, rating.grade, rating.intermediate) == (50, 80, 68)
    assert "0,6 × оценки" in response.content.decode()


def test_program_rating_spans_groups(client, world):
    group, enrolment, lesson = world_group(world)
    other = make_group(group.provider, program=group.program, code="ГР-ВТОРАЯ")
    second = enrol(other, UserFactory(last_name="Второгруппник"))
    other_lesson = make_lesson(other, starts_at=at(2, 15), teachers=[])
    present = AttendanceStatus.objects.get(code="present")
    Mark.objects.create(enrolment=enrolment, lesson=lesson, attendance=present)
    Mark.objects.create(enrolment=second, lesson=other_lesson, attendance=present)
    client.force_login(world.users[Role.PARTNER][0])
    page = client.get(reverse("training:ratings", args=[group.pk]), {"scope": "program"}).content.decode()
    assert "Второгруппник" in page and "ГР-ВТОРАЯ" in page and "Рейтинг по программе" in page
