"""The rules of conflict-free scheduling beyond «one resource, one lesson»: a whole site takes every room of it,
one person is one teacher across organisations, the weekly hours limit, archived or unbookable resources, the
group's study period and status, dates the calendar and the database can hold. Every refusal names the reason
in Russian and changes nothing."""
import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from copp.core.roles import Role
from copp.organizations.models import OrganizationType
from copp.resources.models import Equipment, Room, Site, StaffMember
from copp.resources.tests import factories as rf

from ..models import GroupStatus, Lesson, TeacherBooking
from ..scheduling import LessonConflict, free_slots, lesson_move, lessons_from_pattern, pattern_dates, plan_of
from .factories import at, make_group, make_lesson, scheduler, teacher_of
from .test_scheduling import _race


@pytest.fixture
def partner(world):
    return world.orgs[OrganizationType.PARTNER][0]


def _monday(weeks=1) -> int:
    """Days from today to the Monday `weeks` weeks ahead."""
    today = at(0).date()
    return 7 * weeks - today.weekday()


# 1. A whole site and its rooms

@pytest.mark.django_db
def test_whole_site_and_its_rooms_exclude_each_other(partner):
    site = rf.site(partner, name="Корпус Б")
    room, other_room = rf.room(site, name="Ауд. 101"), rf.room(site, name="Ауд. 102")
    whole = make_lesson(make_group(partner, code="ЦЕЛ-01"), starts_at=at(2, 10), site=site, topic="Экзамен")
    with pytest.raises(LessonConflict) as caught:
        make_lesson(make_group(partner), starts_at=at(2, 11), room=room)
    assert "Площадка Корпус Б занята" in caught.value.conflicts[0] and "Экзамен" in caught.value.conflicts[0]
    # after the whole-site lesson: the rooms are free again
    make_lesson(make_group(partner), starts_at=at(2, 12), room=room, topic="Лекция")
    with pytest.raises(LessonConflict) as caught:
        make_lesson(make_group(partner), starts_at=at(2, 13), site=site)
    assert "Площадка Корпус Б занята" in caught.value.conflicts[0] and "Ауд. 101" in caught.value.conflicts[0]
    assert "Лекция" in caught.value.conflicts[0]
    # another room at the same time is fine; moving the whole-site lesson onto it is not
    make_lesson(make_group(partner), starts_at=at(2, 12), room=other_room)
    with pytest.raises(LessonConflict):
        lesson_move(actor=scheduler(), lesson=whole, starts_at=at(2, 13), ends_at=at(2, 14), reason="Перенос")
    # another site is another place
    make_lesson(make_group(partner), starts_at=at(2, 10), site=rf.site(partner))
    assert Lesson.objects.count() == 4


@pytest.mark.django_db
def test_database_keeps_the_place_rule(partner):
    site = rf.site(partner)
    room = rf.room(site)
    group, other = make_group(partner), make_group(partner)
    kind = make_lesson(group, starts_at=at(3, 8)).lesson_type
    base = {"lesson_type": kind, "topic": "x", "starts_at": at(3, 10), "ends_at": at(3, 12)}
    Lesson.objects.create(**base, group=group, site=site)
    with pytest.raises(IntegrityError), transaction.atomic():
        Lesson.objects.create(**base, group=other, site=site, room=room)
    with pytest.raises(IntegrityError), transaction.atomic():  # a room lesson must carry its site
        Lesson.objects.create(**base | {"starts_at": at(4, 10), "ends_at": at(4, 12)}, group=other, room=room)
    Lesson.objects.create(**base | {"starts_at": at(3, 12), "ends_at": at(3, 14)}, group=other, site=site,
                          room=room)
    with pytest.raises(IntegrityError), transaction.atomic():
        Lesson.objects.create(**base | {"starts_at": at(3, 13), "ends_at": at(3, 15)}, group=group, site=site)


@pytest.mark.django_db
def test_room_lesson_always_carries_its_rooms_site(partner):
    room = rf.room(rf.site(partner))
    lesson = make_lesson(make_group(partner), starts_at=at(2, 10), room=room, site=rf.site(partner))
    assert lesson.site_id == room.site_id


@pytest.mark.django_db
def test_free_slots_keep_the_place_rule(partner):
    site = rf.site(partner)
    room = rf.room(site)
    make_lesson(make_group(partner), starts_at=at(2, 10), site=site, teachers=[])
    lesson = make_lesson(make_group(partner), starts_at=at(5, 10), room=room, teachers=[])
    plan = plan_of(lesson, starts_at=at(2, 10), ends_at=at(2, 12))
    slots = free_slots(plan, exclude=lesson)
    assert slots and all(not (start < at(2, 12) and end > at(2, 10)) for start, end in slots)


# 2. One person, two staff records

@pytest.fixture
def two_records(world):
    person = world.users[Role.TEACHER][0]
    first, second = world.orgs[OrganizationType.PARTNER][:2]
    return person, teacher_of(person, first), teacher_of(person, second)


@pytest.mark.django_db
def test_one_person_cannot_teach_in_two_organisations_at_once(two_records):
    person, here, there = two_records
    make_lesson(make_group(there.organization, code="ТАМ-01"), starts_at=at(2, 10), teachers=[there],
                topic="Сварка труб")
    assert TeacherBooking.objects.get().person == person
    with pytest.raises(LessonConflict) as caught:
        make_lesson(make_group(here.organization), starts_at=at(2, 11), teachers=[here])
    text = " ".join(caught.value.conflicts)
    assert here.full_name in text and there.organization.short_name in text and "Сварка труб" in text
    assert "ТАМ-01" in text
    later = make_lesson(make_group(here.organization), starts_at=at(2, 12), teachers=[here])
    with pytest.raises(LessonConflict):
        lesson_move(actor=scheduler(), lesson=later, starts_at=at(2, 9), ends_at=at(2, 11), reason="Перенос")
    plan = plan_of(later, starts_at=at(2, 10), ends_at=at(2, 12))
    assert all(not (start < at(2, 12) and end > at(2, 10)) for start, end in free_slots(plan, exclude=later))
    # the database refuses it without the service
    with pytest.raises(IntegrityError), transaction.atomic():
        TeacherBooking.objects.create(lesson=later, teacher=there, person=person, starts_at=at(2, 11),
                                      ends_at=at(2, 13))


# 3. The weekly hours limit; archived and unbookable resources

@pytest.mark.django_db
def test_weekly_hours_limit(partner, world):
    teacher = teacher_of(world.users[Role.TEACHER][0], partner)
    StaffMember.objects.filter(pk=teacher.pk).update(weekly_hours_limit=4)
    group = make_group(partner, teachers=[teacher])
    monday = _monday()
    make_lesson(group, starts_at=at(monday, 10))
    second = make_lesson(group, starts_at=at(monday + 1, 10))
    with pytest.raises(LessonConflict) as caught:
        make_lesson(group, starts_at=at(monday + 2, 10))
    assert "превышен недельный лимит — уже 4 ч из 4 на неделе с" in caught.value.conflicts[0]
    # the slots offered are in the next week
    assert caught.value.slots and all(start.date() >= at(monday + 7).date() for start, _end in caught.value.slots)
    # moving a lesson inside the week counts it once; the next week is free
    lesson_move(actor=scheduler(), lesson=second, starts_at=at(monday + 3, 10), ends_at=at(monday + 3, 12),
                reason="Перенос")
    make_lesson(group, starts_at=at(monday + 7, 10))
    # hours of the same person through another organisation count too
    there = teacher_of(world.users[Role.TEACHER][0], world.orgs[OrganizationType.PARTNER][1])
    make_lesson(make_group(there.organization), starts_at=at(monday + 8, 10), teachers=[there])
    with pytest.raises(LessonConflict) as caught:
        make_lesson(group, starts_at=at(monday + 9, 10), hours=1)
    assert "уже 4 ч из 4" in caught.value.conflicts[0]
    assert Lesson.objects.count() == 4


@pytest.mark.django_db
@pytest.mark.parametrize("what", ["site", "room", "teacher", "equipment"])
@pytest.mark.parametrize("flag", ["is_active", "is_bookable"])
def test_archived_or_unbookable_resources_are_refused(partner, world, what, flag):
    teacher = teacher_of(world.users[Role.TEACHER][0], partner)
    room = rf.room(rf.site(partner, name="Корпус В"), name="Ауд. 5")
    welder = rf.equipment(partner, quantity=2)
    model = {"site": Site, "room": Room, "teacher": StaffMember, "equipment": Equipment}[what]
    pk = {"site": room.site_id, "room": room.pk, "teacher": teacher.pk, "equipment": welder.pk}[what]
    model.objects.filter(pk=pk).update(**{flag: False})
    room.refresh_from_db()
    room.site.refresh_from_db()
    teacher.refresh_from_db()
    welder.refresh_from_db()
    with pytest.raises(LessonConflict) as caught:
        make_lesson(make_group(partner), starts_at=at(2, 10), room=room, teachers=[teacher],
                    equipment=[(welder, 1)])
    assert "нельзя" in caught.value.conflicts[0] and not Lesson.objects.exists()


# 4. The group's study period and status

@pytest.mark.django_db
def test_lessons_stay_inside_the_study_period(partner):
    group = make_group(partner, starts_on=at(0).date(), ends_on=at(10).date())
    with pytest.raises(LessonConflict) as caught:
        make_lesson(group, starts_at=at(11, 10))
    assert "вне периода обучения группы" in caught.value.conflicts[0]
    assert "Сначала измените период группы" in caught.value.conflicts[0]
    lesson = make_lesson(group, starts_at=at(10, 10))
    with pytest.raises(LessonConflict):
        lesson_move(actor=scheduler(), lesson=lesson, starts_at=at(-1, 10), ends_at=at(-1, 12), reason="Перенос")
    with pytest.raises(LessonConflict) as caught:
        lessons_from_pattern(actor=scheduler(), plan=plan_of(lesson), date_from=at(1).date(), date_to=at(20).date(),
                             weekdays=[0, 1, 2, 3, 4], start_time=datetime.time(14), end_time=datetime.time(15))
    assert "выходят за период обучения группы" in caught.value.conflicts[0]
    assert Lesson.objects.count() == 1 and Lesson.objects.get().starts_at == at(10, 10)


@pytest.mark.django_db
@pytest.mark.parametrize("status", [GroupStatus.COMPLETED, GroupStatus.CANCELLED])
def test_closed_group_gets_no_new_or_moved_lessons(partner, status):
    group = make_group(partner)
    lesson = make_lesson(group, starts_at=at(2, 10))
    group.status = status
    group.save(update_fields=["status"])
    lesson.refresh_from_db()
    with pytest.raises(LessonConflict) as caught:
        make_lesson(group, starts_at=at(3, 10))
    assert "добавлять и переносить занятия нельзя" in caught.value.conflicts[0]
    with pytest.raises(LessonConflict):
        lesson_move(actor=scheduler(), lesson=lesson, starts_at=at(4, 10), ends_at=at(4, 12), reason="Перенос")
    with pytest.raises(LessonConflict):
        lessons_from_pattern(actor=scheduler(), plan=plan_of(lesson), date_from=at(5).date(), date_to=at(6).date(),
                             weekdays=range(7), start_time=datetime.time(14), end_time=datetime.time(15))
    assert Lesson.objects.get().starts_at == at(2, 10)


@pytest.mark.django_db
def test_pattern_beyond_the_period_is_refused_in_the_ui(client, world, partner):
    group = make_group(partner, starts_on=at(0).date(), ends_on=at(10).date())
    client.force_login(world.users[Role.STAFF][0])
    kind = make_lesson(make_group(partner), starts_at=at(1, 8)).lesson_type
    data = {"week-date": at(1).date().isoformat(), "week-date_to": at(30).date().isoformat(),
            "week-weekdays": ["0", "2"], "week-start": "10:00", "week-end": "11:30", "week-topic": "Практика",
            "week-lesson_type": kind.pk, "week-online_link": "https://meet.example.ru/b"}
    response = client.post(reverse("training:lesson_pattern", args=[group.pk]), data)
    assert response.status_code == 409 and "Сначала измените период группы" in response.content.decode()
    assert not group.lessons.exists()


# 5. Dates the calendar and the database can hold

@pytest.mark.django_db
def test_bad_dates_are_refused_not_crashed(client, world, partner):
    BAD_DATE = rf.ru("Give a date between 2000 and 2100.")  # noqa: N806
    assert BAD_DATE != "Give a date between 2000 and 2100."
    group = make_group(partner)
    lesson = make_lesson(group, starts_at=at(2, 10))
    client.force_login(world.users[Role.STAFF][0])
    data = {"week-date": at(1).date().isoformat(), "week-date_to": "9999-12-31", "week-weekdays": ["0"],
            "week-start": "10:00", "week-end": "11:30", "week-topic": "Практика",
            "week-lesson_type": lesson.lesson_type.pk, "week-online_link": "https://meet.example.ru/b"}
    response = client.post(reverse("training:lesson_pattern", args=[group.pk]), data)
    assert response.status_code == 400 and BAD_DATE in response.content.decode()
    move = client.post(reverse("training:lesson_change", args=[lesson.pk]), {
        "action": "move", "date": "0001-01-01", "start": "10:00", "end": "12:00", "reason": "Опечатка"})
    assert move.status_code == 400 and BAD_DATE in move.content.decode()
    one = {"one-date": "2101-01-01", "one-start": "10:00", "one-end": "11:00", "one-topic": "Т",
           "one-lesson_type": lesson.lesson_type.pk, "one-online_link": "https://meet.example.ru/c"}
    assert client.post(reverse("training:lesson_add", args=[group.pk]), one).status_code == 400
    assert client.post(reverse("training:lesson_check", args=[group.pk]), one).status_code == 200
    assert Lesson.objects.get().starts_at == at(2, 10)
    # the last day of the calendar does not overflow
    assert pattern_dates(datetime.date.max - datetime.timedelta(days=2), datetime.date.max, {0, 1, 2, 3, 4, 5, 6})


# Racing requests: the database refuses

@pytest.mark.django_db(transaction=True)
def test_racing_whole_site_and_room(world):
    partner = world.orgs[OrganizationType.PARTNER][0]
    site = rf.site(partner)
    room = rf.room(site)
    groups = [make_group(partner) for _ in range(2)]
    places = [{"site": site}, {"room": room}]
    assert _race(lambda i: make_lesson(groups[i], starts_at=at(5, 10), teachers=[], **places[i])) == [
        "ok", "refused"]
    assert Lesson.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_racing_one_person_through_two_staff_records(world):
    person = world.users[Role.TEACHER][0]
    orgs = world.orgs[OrganizationType.PARTNER][:2]
    records = [teacher_of(person, org) for org in orgs]
    groups = [make_group(org) for org in orgs]
    assert _race(lambda i: make_lesson(groups[i], starts_at=at(5, 14), teachers=[records[i]])) == [
        "ok", "refused"]
    assert TeacherBooking.objects.count() == 1


def test_a_lesson_books_several_pieces_of_equipment(client, world, partner):
    from copp.directories.models import LessonType

    group = make_group(partner)
    room = rf.room(rf.site(partner))
    welder, grinder = rf.equipment(partner, quantity=4), rf.equipment(partner, quantity=2)
    client.force_login(world.users[Role.STAFF][0])
    day = at(1).date().isoformat()
    data = {"one-date": day, "one-start": "10:00", "one-end": "12:00", "one-topic": "Сварка и зачистка",
            "one-lesson_type": LessonType.objects.first().pk, "one-room": room.pk,
            "one-equipment": welder.pk, "one-equipment_quantity": "3",
            "one-equipment_2": grinder.pk, "one-equipment_quantity_2": "2"}
    url = reverse("training:lesson_add", args=[group.pk])
    page = client.get(reverse("training:schedule", args=[group.pk])).content.decode()
    assert "Оборудование (2)" in page and "Количество (3)" in page
    refused = client.post(url, data | {"one-equipment_2": welder.pk})
    assert refused.status_code == 400 and "Каждое оборудование — в одной строке" in refused.content.decode()
    assert client.post(url, data).status_code == 302
    lesson = Lesson.objects.get(group=group)
    assert sorted((b.equipment_id, b.quantity) for b in lesson.equipment_bookings.all()) == sorted(
        [(welder.pk, 3), (grinder.pk, 2)])
    # the grinders are all taken now: another group at the same time gets a clear refusal
    other = make_group(partner)
    response = client.post(reverse("training:lesson_add", args=[other.pk]),
                           data | {"one-room": "", "one-online_link": "https://meet.example.ru/x",
                                   "one-equipment": "", "one-equipment_quantity": ""})
    assert response.status_code == 409 and "свободно 0 из 2" in response.content.decode()
