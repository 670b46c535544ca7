"""Statuses of groups, enrolments and lessons move only through their TRANSITIONS tables, each step in the shared
status history; a group's provider rules live in `group_save`, which takes plain values."""
import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from copp.admissions.tests.factories import program as make_program
from copp.core.models import StatusChange
from copp.core.roles import Role
from copp.core.workflow import TransitionNotAllowed
from copp.organizations.models import OrganizationType
from copp.resources.tests.factories import site as make_site

from ..models import EnrolmentStatus, Group, GroupStatus, LessonStatus
from ..scheduling import lesson_cancel
from ..services import GroupRefused, enrolment_expel, group_save, group_set_status, learner_add
from ..workflow import GROUP
from .factories import at, make_group, make_lesson, scheduler, teacher_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(world):
    return world.orgs[OrganizationType.PARTNER][0]


def _history(obj):
    return [(c.from_status, c.to_status, c.comment) for c in StatusChange.of(obj)]


def _values(partner, **changes):
    return {"code": "СВ-2026-90", "program": make_program(partner), "provider": partner,
            "starts_on": datetime.date(2026, 12, 1), "ends_on": datetime.date(2026, 12, 25), "capacity": 12} | changes


def test_a_new_group_is_forming_and_its_history_says_who_made_it(world, partner):
    actor = world.users[Role.PARTNER][0]
    group = group_save(actor=actor, **_values(partner))
    assert group.status == GroupStatus.FORMING
    change = StatusChange.of(group).get()
    assert (change.from_status, change.to_status, change.actor) == ("", GroupStatus.FORMING, actor)


def test_a_finished_group_never_goes_back_to_forming(client, world, partner):
    staff = world.users[Role.STAFF][0]
    group = make_group(partner, status=GroupStatus.FORMING)
    group_set_status(actor=staff, group=group, target=GroupStatus.ACTIVE)
    group_set_status(actor=staff, group=group, target=GroupStatus.COMPLETED, comment="Выпуск")
    with pytest.raises(GroupRefused):
        group_set_status(actor=staff, group=group, target=GroupStatus.FORMING)
    assert GROUP.targets(GroupStatus.COMPLETED, staff) == []
    client.force_login(staff)
    response = client.post(reverse("training:group_status", args=[group.pk]), {"target": "forming"}, follow=True)
    assert "Такая смена статуса невозможна" in response.content.decode()
    # Nor through the form: the status is no field of it, and a finished group's form is closed.
    response = client.post(reverse("training:group_update", args=[group.pk]), {"status": "forming"}, follow=True)
    assert "больше нельзя изменить" in response.content.decode()
    group.refresh_from_db()
    assert group.status == GroupStatus.COMPLETED
    assert _history(group) == [("forming", "active", ""), ("active", "completed", "Выпуск")]


def test_a_group_with_learners_studying_is_not_finished_and_a_cancellation_needs_a_reason(world, partner):
    staff = world.users[Role.STAFF][0]
    group = make_group(partner, status=GroupStatus.ACTIVE)
    enrolment = learner_add(actor=staff, group=group, learner=world.users[Role.LEARNER][0])
    with pytest.raises(GroupRefused, match="ещё учатся"):
        group_set_status(actor=staff, group=group, target=GroupStatus.COMPLETED)
    with pytest.raises(GroupRefused):
        group_set_status(actor=staff, group=group, target=GroupStatus.CANCELLED, comment=" ")
    enrolment_expel(actor=staff, enrolment=enrolment, reason="Не приступил")
    group_set_status(actor=staff, group=group, target=GroupStatus.COMPLETED)
    assert _history(enrolment) == [("", "studying", ""), ("studying", "expelled", "Не приступил")]


def test_a_learner_or_teacher_cannot_move_a_group(world, partner):
    group = make_group(partner, status=GroupStatus.FORMING)
    with pytest.raises(PermissionDenied):
        group_set_status(actor=world.users[Role.TEACHER][0], group=group, target=GroupStatus.ACTIVE)
    with pytest.raises(TransitionNotAllowed):
        GROUP.check(GroupStatus.FORMING, GroupStatus.ACTIVE, world.users[Role.LEARNER][0])


def test_group_save_keeps_the_program_site_teachers_and_curator_the_providers(world, partner):
    actor = world.users[Role.STAFF][0]
    other = world.orgs[OrganizationType.PARTNER][1]
    foreign_site = make_site(other)
    foreign_teacher = teacher_of(world.users[Role.TEACHER][1], other)
    with pytest.raises(GroupRefused) as refusal:
        group_save(actor=actor, **_values(partner, program=make_program(other), site=foreign_site,
                                          teachers=[foreign_teacher], curator=world.users[Role.LEARNER][0]))
    assert set(refusal.value.errors) == {"program", "site", "teachers", "curator"}
    with pytest.raises(GroupRefused) as refusal:
        group_save(actor=actor, **_values(partner, ends_on=datetime.date(2026, 11, 1), capacity=0))
    assert set(refusal.value.errors) == {"ends_on", "capacity"}
    assert not Group.objects.filter(code="СВ-2026-90").exists()
    # A partner makes groups of its own organisation only.
    with pytest.raises(PermissionDenied):
        group_save(actor=world.users[Role.PARTNER][0], **_values(other))


def test_the_form_shows_the_services_refusal_on_its_field(client, world, partner):
    other = world.orgs[OrganizationType.PARTNER][1]
    client.force_login(world.users[Role.STAFF][0])
    data = {"code": "СВ-2026-91", "program": make_program(other).pk, "provider": partner.pk,
            "starts_on": "2026-12-01", "ends_on": "2026-12-25", "capacity": 12}
    response = client.post(reverse("training:group_create"), data)
    assert response.status_code == 400
    assert response.context["form"].errors["program"] == ["Выберите программу организации, которая ведёт группу."]
    assert not Group.objects.filter(code="СВ-2026-91").exists()


def test_a_cancelled_lesson_is_in_the_history_and_cannot_be_cancelled_again(world, partner):
    group = make_group(partner, teachers=[teacher_of(world.users[Role.TEACHER][0], partner)])
    lesson = make_lesson(group, starts_at=at(2, 10))
    lesson_cancel(actor=scheduler(), lesson=lesson, reason="Праздник")
    lesson.refresh_from_db()
    assert lesson.status == LessonStatus.CANCELLED
    assert _history(lesson) == [("", "planned", ""), ("planned", "cancelled", "Праздник")]
    assert StatusChange.of(lesson).last().actor == scheduler()


def test_erasure_ends_a_place_through_the_table(world, partner):
    from ..personal_data import erase_learner

    staff = world.users[Role.STAFF][0]
    learner = world.users[Role.LEARNER][0]
    enrolment = learner_add(actor=staff, group=make_group(partner), learner=learner)
    assert erase_learner(learner) == 1
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.EXPELLED
    last = StatusChange.of(enrolment).last()
    assert last.to_status == "expelled" and last.actor is None
