"""Groups, lessons and marks for the training tests."""
import datetime
import itertools

from django.utils import timezone

from copp.admissions.tests.factories import program as make_program
from copp.core.roles import Role
from copp.directories.models import LessonType
from copp.organizations.models import OrganizationType
from copp.resources.models import StaffMember

from ..models import Enrolment, Group, GroupStatus
from ..scheduling import LessonPlan, lesson_schedule

_serial = itertools.count(1)


def teacher_of(user, org) -> StaffMember:
    staff, _ = StaffMember.objects.get_or_create(
        organization=org, user=user,
        defaults={"last_name": user.last_name or "Учитель", "first_name": user.first_name or "Иван",
                  "position": "Преподаватель"})
    return staff


def make_group(provider, *, program=None, teachers=(), capacity=25, status=GroupStatus.ACTIVE, **fields) -> Group:
    today = timezone.localdate()
    group = Group.objects.create(
        code=fields.pop("code", None) or f"ГР-{next(_serial):04d}", program=program or make_program(provider),
        provider=provider, starts_on=fields.pop("starts_on", today - datetime.timedelta(days=14)),
        ends_on=fields.pop("ends_on", today + datetime.timedelta(days=60)), capacity=capacity, status=status,
        **fields)
    group.teachers.set(teachers)
    return group


def scheduler():
    """A CoPP staff member who plans lessons in the tests (lesson statuses move only for someone allowed to)."""
    from copp.accounts.models import RoleAssignment, User

    user, _created = User.objects.get_or_create(email="scheduler@copp.test",
                                                defaults={"last_name": "Планов", "first_name": "Пётр"})
    RoleAssignment.objects.get_or_create(user=user, role=Role.STAFF)
    return user


def at(days=0, hour=10, minute=0) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def make_lesson(group, *, starts_at=None, hours=2, teachers=None, room=None, site=None, equipment=(), topic=None):
    starts_at = starts_at or at(0, 10)
    plan = LessonPlan(group=group, starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=hours),
                      topic=topic or f"Тема {next(_serial)}", lesson_type=LessonType.objects.get(code="practice"),
                      site=site or (room.site if room else None), room=room,
                      teachers=list(group.teachers.all()) if teachers is None else list(teachers),
                      equipment=list(equipment), online_link="" if (room or site) else "https://meet.example.ru/x")
    return lesson_schedule(actor=scheduler(), plan=plan)


def enrol(group, user, **fields) -> Enrolment:
    return Enrolment.objects.create(group=group, learner=user, **fields)


def world_group(world):
    """A group of the first partner organisation, taught by the first teacher, with the first learner."""
    partner = world.orgs[OrganizationType.PARTNER][0]
    teacher = teacher_of(world.users[Role.TEACHER][0], partner)
    group = make_group(partner, teachers=[teacher])
    enrolment = enrol(group, world.users[Role.LEARNER][0], sent_by=world.orgs[OrganizationType.CUSTOMER][0])
    lesson = make_lesson(group)
    return group, enrolment, lesson
