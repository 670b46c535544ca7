"""The cabinet's training panels (issue 6): the learner's next lesson and cancelled lessons, the teacher's
lessons of today with the journal, the groups a provider runs, the employees an employer sent; the
cabinet reads the same number of queries however many lessons and groups there are."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from copp.core.roles import Role
from copp.organizations.models import OrganizationType
from copp.training.models import GroupStatus, LessonStatus
from copp.training.tests.factories import at, enrol, make_group, make_lesson, world_group

pytestmark = pytest.mark.django_db


def cabinet(client, user) -> str:
    client.force_login(user)
    return client.get(reverse("portal:cabinet")).content.decode()


def test_learner_sees_the_next_lesson_and_a_cancelled_one(client, world):
    group, _enrolment, todays = world_group(world)
    # Today's 10:00 lesson would be «next» until 10:00: the test must not depend on the hour it runs at.
    todays.delete()
    make_lesson(group, starts_at=at(2, 14), topic="Сварка труб")
    cancelled = make_lesson(group, starts_at=at(1, 14), topic="Экскурсия на завод")
    cancelled.status, cancelled.change_reason = LessonStatus.CANCELLED, "Завод закрыт на карантин."
    cancelled.save()
    page = cabinet(client, world.users[Role.LEARNER][0])
    assert "Моё обучение" in page
    assert "Следующее занятие" in page and "«Сварка труб»" in page and group.code in page
    assert "Отменено" in page and "Завод закрыт на карантин." in page
    # Another learner, not in the group, sees no training panel at all.
    assert "Моё обучение" not in cabinet(client, world.users[Role.LEARNER][1])


def test_teacher_sees_todays_lesson_with_the_journal_link(client, world):
    group, _enrolment, lesson = world_group(world)
    page = cabinet(client, world.users[Role.TEACHER][0])
    journal = reverse("training:journal", args=[group.pk]) + f"#lesson-{lesson.pk}"
    assert "Сегодня:" in page and journal in page
    assert journal not in cabinet(client, world.users[Role.TEACHER][1])


def test_provider_and_employer_numbers(client, world):
    group, _enrolment, _lesson = world_group(world)
    make_group(group.provider, status=GroupStatus.FORMING)
    page = cabinet(client, world.users[Role.PARTNER][0])
    assert "Учебные группы" in page and "Набираются" in page
    page = cabinet(client, world.users[Role.CUSTOMER][0])
    assert "Обучение сотрудников" in page and reverse("training:employees") in page


@pytest.mark.parametrize("role", [Role.LEARNER, Role.TEACHER, Role.PARTNER, Role.CUSTOMER])
def test_cabinet_reads_fixed_queries_with_growing_training_data(client, world, role):
    group, _enrolment, _lesson = world_group(world)

    def grow(offset):
        other = make_group(group.provider, teachers=list(group.teachers.all()))
        enrol(other, world.users[Role.LEARNER][0], sent_by=world.orgs[OrganizationType.CUSTOMER][0])
        for hour in (8, 12, 16):
            make_lesson(other, starts_at=at(offset, hour), hours=1)

    client.force_login(world.users[role][0])
    client.get(reverse("portal:cabinet"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("portal:cabinet"))
    for offset in (1, 2, 3):
        grow(offset)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("portal:cabinet"))
    assert len(many) == len(few)


def test_teacher_without_lessons_today_sees_the_next_one(client, world):
    group, _enrolment, lesson = world_group(world)
    lesson.delete()
    assert "Занятий у вас пока не запланировано." in cabinet(client, world.users[Role.TEACHER][0])
    make_lesson(group, starts_at=at(3, 15), topic="Сварка в потолочном положении")
    page = cabinet(client, world.users[Role.TEACHER][0])
    assert "Сегодня занятий нет. Следующее занятие:" in page and "«Сварка в потолочном положении»" in page
