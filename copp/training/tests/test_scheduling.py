"""Conflict-free scheduling: the database refuses a double-booked teacher, room, site and group, equipment
beyond its quantity is refused under a row lock, even when two requests race; the UI names the conflicting
lesson and suggests free slots; weekly patterns, moves and cancellations."""
import datetime
import threading

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from copp.core.roles import Role
from copp.organizations.models import OrganizationType
from copp.resources.tests import factories as rf

from ..models import Lesson, LessonStatus, TeacherBooking
from ..scheduling import LessonConflict, lesson_cancel, lesson_move
from .factories import at, make_group, make_lesson, scheduler, teacher_of


@pytest.fixture
def partner(world):
    return world.orgs[OrganizationType.PARTNER][0]


@pytest.mark.django_db
def test_service_names_each_busy_resource(world, partner):
    teacher = teacher_of(world.users[Role.TEACHER][0], partner)
    room = rf.room(rf.site(partner))
    welder = rf.equipment(partner, quantity=3)
    first = make_group(partner, teachers=[teacher], code="СВ-01")
    other = make_group(partner, teachers=[teacher], code="СВ-02")
    make_lesson(first, starts_at=at(1, 10), room=room, equipment=[(welder, 2)], topic="Сварка швов")
    with pytest.raises(LessonConflict) as caught:
        make_lesson(other, starts_at=at(1, 11), room=room, equipment=[(welder, 2)])
    text = " ".join(caught.value.conflicts)
    assert "СВ-01" in text and "Сварка швов" in text
    assert teacher.full_name in text and room.name in text and welder.name in text
    assert caught.value.slots  # free times are suggested
    # within the quantity and in another room it fits
    make_lesson(other, starts_at=at(1, 11), room=rf.room(room.site), teachers=[], equipment=[(welder, 1)])


@pytest.mark.django_db
def test_database_refuses_overlaps_without_the_service(world, partner):
    teacher = teacher_of(world.users[Role.TEACHER][0], partner)
    room = rf.room(rf.site(partner))
    group = make_group(partner, teachers=[teacher])
    lesson = make_lesson(group, starts_at=at(2, 10), room=room)
    other = make_group(partner)
    base = {"lesson_type": lesson.lesson_type, "topic": "x", "starts_at": at(2, 11), "ends_at": at(2, 12)}
    for fields in ({"group": group, "online_link": "https://x.ru"}, {"group": other, "room": room, "site": room.site}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Lesson.objects.create(**base, **fields)
    free = Lesson.objects.create(**base, group=other, online_link="https://x.ru")
    with pytest.raises(IntegrityError), transaction.atomic():
        TeacherBooking.objects.create(lesson=free, teacher=teacher, starts_at=free.starts_at, ends_at=free.ends_at)
    # back-to-back lessons do not overlap
    Lesson.objects.create(**base | {"starts_at": at(2, 12), "ends_at": at(2, 13)}, group=group, room=room,
                          site=room.site)


@pytest.mark.django_db
def test_cancel_frees_and_move_checks(world, partner):
    teacher = teacher_of(world.users[Role.TEACHER][0], partner)
    group = make_group(partner, teachers=[teacher])
    other = make_group(partner, teachers=[teacher])
    first = make_lesson(group, starts_at=at(3, 10))
    second = make_lesson(other, starts_at=at(3, 14))
    with pytest.raises(LessonConflict):
        lesson_move(actor=scheduler(), lesson=second, starts_at=at(3, 11), ends_at=at(3, 13), reason="Болезнь")
    with pytest.raises(LessonConflict):
        lesson_cancel(actor=scheduler(), lesson=first, reason=" ")
    lesson_cancel(actor=scheduler(), lesson=first, reason="Праздник")
    moved = lesson_move(actor=scheduler(), lesson=second, starts_at=at(3, 10), ends_at=at(3, 12), reason="Перенос")
    assert moved.starts_at == at(3, 10) and moved.change_reason == "Перенос"
    assert Lesson.objects.get(pk=first.pk).status == LessonStatus.CANCELLED


@pytest.mark.django_db
def test_ui_shows_busy_before_saving_and_refuses(client, world, partner):
    teacher = teacher_of(world.users[Role.TEACHER][0], partner)
    group = make_group(partner, teachers=[teacher])
    other = make_group(partner, teachers=[teacher], code="ЭЛ-07")
    make_lesson(other, starts_at=at(4, 10), topic="Монтаж щитов")
    client.force_login(world.users[Role.PARTNER][0])
    day = (at(4, 10)).date().isoformat()
    data = {"one-date": day, "one-start": "11:00", "one-end": "12:30", "one-topic": "Охрана труда",
            "one-lesson_type": group.lessons.model._meta.get_field("lesson_type").related_model.objects.first().pk,
            "one-teachers": [teacher.pk], "one-online_link": "https://meet.example.ru/a"}
    check = client.post(reverse("training:lesson_check", args=[group.pk]), data).content.decode()
    assert "ЭЛ-07" in check and "Монтаж щитов" in check
    response = client.post(reverse("training:lesson_add", args=[group.pk]), data)
    assert response.status_code == 409 and "Монтаж щитов" in response.content.decode()
    data |= {"one-start": "12:00", "one-end": "13:00"}
    assert client.post(reverse("training:lesson_add", args=[group.pk]), data).status_code == 302
    assert group.lessons.count() == 1


@pytest.mark.django_db
def test_weekly_pattern_skips_busy_days(client, world, partner):
    group = make_group(partner)
    start = at(7, 10).date()
    start -= datetime.timedelta(days=start.weekday())  # a Monday
    busy = make_lesson(group, starts_at=at((start - at(0).date()).days + 2, 9))  # Wednesday 9:00-11:00
    client.force_login(world.users[Role.STAFF][0])
    data = {"week-date": start.isoformat(), "week-date_to": (start + datetime.timedelta(days=13)).isoformat(),
            "week-weekdays": ["0", "2"], "week-start": "10:00", "week-end": "11:30", "week-topic": "Практика",
            "week-lesson_type": busy.lesson_type.pk, "week-online_link": "https://meet.example.ru/b"}
    response = client.post(reverse("training:lesson_pattern", args=[group.pk]), data)
    assert response.status_code == 302
    assert group.lessons.filter(topic="Практика").count() == 3


def _race(target, count=2):
    barrier = threading.Barrier(count)
    results = []

    def run(i):
        try:
            barrier.wait()
            target(i)
            results.append("ok")
        except LessonConflict:
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(results)


@pytest.mark.django_db(transaction=True)
def test_racing_requests_cannot_double_book(world):
    partner = world.orgs[OrganizationType.PARTNER][0]
    teacher = teacher_of(world.users[Role.TEACHER][0], partner)
    room = rf.room(rf.site(partner))
    welder = rf.equipment(partner, quantity=3)
    groups = [make_group(partner) for _ in range(8)]

    # the same teacher
    assert _race(lambda i: make_lesson(groups[i], starts_at=at(5, 10), teachers=[teacher])) == ["ok", "refused"]
    # the same room
    assert _race(lambda i: make_lesson(groups[2 + i], starts_at=at(5, 14), teachers=[], room=room)) == [
        "ok", "refused"]
    # the same group
    assert _race(lambda i: make_lesson(groups[4], starts_at=at(6, 10 + i % 2), teachers=[])) == ["ok", "refused"]
    # equipment: 2 + 2 > 3
    assert _race(lambda i: make_lesson(groups[5 + i], starts_at=at(6, 15), teachers=[],
                                       equipment=[(welder, 2)])) == ["ok", "refused"]
    assert Lesson.objects.count() == 4


@pytest.mark.django_db
def test_free_slots_are_free_and_read_in_few_queries(world, partner):
    from django.test.utils import CaptureQueriesContext

    from ..scheduling import conflicts_of, free_slots, plan_of

    teacher = teacher_of(world.users[Role.TEACHER][0], partner)
    group = make_group(partner, teachers=[teacher])
    for hour in (8, 10, 12, 14, 16, 18):
        make_lesson(make_group(partner, teachers=[teacher]), starts_at=at(2, hour))
    lesson = make_lesson(group, starts_at=at(3, 10))
    plan = plan_of(lesson, starts_at=at(2, 10), ends_at=at(2, 12))
    with CaptureQueriesContext(connection) as queries:
        slots = free_slots(plan, exclude=lesson)
    assert len(queries) <= 3 and len(slots) == 5
    for start, end in slots:
        assert not conflicts_of(plan_of(lesson, starts_at=start, ends_at=end), exclude=lesson)
