"""Every allowed and every forbidden status change, and who may make it."""
import itertools

import pytest
from django.core import mail

from copp.core.roles import Role
from copp.core.workflow import TransitionNotAllowed
from copp.organizations.models import OrganizationType

from ..models import ApplicationStatus, Notification, StatusChange
from ..services import application_set_status
from ..workflow import APPLICATION
from . import factories

pytestmark = pytest.mark.django_db
S = ApplicationStatus

# (from, to) -> the role whose first user may make it.
ALLOWED = {
    (S.SUBMITTED, S.IN_REVIEW): Role.STAFF,
    (S.IN_REVIEW, S.NEEDS_CHANGES): Role.STAFF,
    (S.IN_REVIEW, S.ACCEPTED): Role.STAFF,
    (S.IN_REVIEW, S.REJECTED): Role.STAFF,
    (S.ACCEPTED, S.ENROLLED): Role.STAFF,
    (S.ENROLLED, S.COMPLETED): Role.STAFF,  # set by training when the learner completes (issue 6)
    (S.NEEDS_CHANGES, S.SUBMITTED): Role.LEARNER,
    (S.SUBMITTED, S.WITHDRAWN): Role.LEARNER,
    (S.IN_REVIEW, S.WITHDRAWN): Role.LEARNER,
    (S.NEEDS_CHANGES, S.WITHDRAWN): Role.LEARNER,
    (S.ACCEPTED, S.WITHDRAWN): Role.LEARNER,
}
FORBIDDEN = [pair for pair in itertools.permutations(S.values, 2) if pair not in ALLOWED]


@pytest.mark.parametrize(("source", "target"), list(ALLOWED), ids=[f"{a}->{b}" for a, b in ALLOWED])
def test_allowed_transition_records_history_and_notifies(world, program, source, target,
                                                         django_capture_on_commit_callbacks):
    learner = world.users[Role.LEARNER][0]
    application = factories.application(learner, program, status=source)
    actor = world.users[ALLOWED[(source, target)]][0]
    with django_capture_on_commit_callbacks(execute=True):
        application_set_status(actor=actor, application=application, target=target, comment="Причина")
    application.refresh_from_db()
    assert application.status == target
    change = StatusChange.objects.filter(application=application).last()
    assert (change.from_status, change.to_status, change.actor, change.comment) == (source, target, actor, "Причина")
    if target != S.WITHDRAWN:
        assert Notification.objects.filter(user=learner, application=application).exists()
        assert mail.outbox and learner.email in mail.outbox[-1].to


@pytest.mark.parametrize(("source", "target"), FORBIDDEN, ids=[f"{a}->{b}" for a, b in FORBIDDEN])
def test_forbidden_transition_changes_nothing(world, program, source, target):
    application = factories.application(world.users[Role.LEARNER][0], program, status=source)
    for role in (Role.STAFF, Role.LEARNER):
        with pytest.raises(TransitionNotAllowed):
            application_set_status(actor=world.users[role][0], application=application, target=target, comment="x")
    application.refresh_from_db()
    assert application.status == source


@pytest.mark.parametrize("role", [Role.LEARNER, Role.CUSTOMER, Role.TEACHER, Role.COORDINATOR, Role.ADMIN])
def test_only_processors_decide(world, program, role):
    application = factories.application(world.users[Role.LEARNER][0], program, status=S.IN_REVIEW)
    with pytest.raises(TransitionNotAllowed):
        application_set_status(actor=world.users[role][0], application=application, target=S.ACCEPTED)


def test_partner_processes_only_own_programs(world, program):
    application = factories.application(world.users[Role.LEARNER][0], program)
    with pytest.raises(TransitionNotAllowed):
        application_set_status(actor=world.users[Role.PARTNER][1], application=application, target=S.IN_REVIEW)
    application_set_status(actor=world.users[Role.PARTNER][0], application=application, target=S.IN_REVIEW)
    assert application.status == S.IN_REVIEW


def test_enrolment_is_for_staff_and_the_programs_partner(world, program):
    """Training (issue 6) lets partners enrol into their own groups; a partner of another organisation cannot."""
    application = factories.application(world.users[Role.LEARNER][0], program, status=S.ACCEPTED)
    with pytest.raises(TransitionNotAllowed):
        application_set_status(actor=world.users[Role.PARTNER][1], application=application, target=S.ENROLLED)
    application_set_status(actor=world.users[Role.PARTNER][0], application=application, target=S.ENROLLED)


def test_only_the_applicant_withdraws(world, program):
    application = factories.application(world.users[Role.LEARNER][0], program)
    for user in (world.users[Role.LEARNER][1], world.users[Role.STAFF][0]):
        with pytest.raises(TransitionNotAllowed):
            application_set_status(actor=user, application=application, target=S.WITHDRAWN)


@pytest.mark.parametrize("target", [S.REJECTED, S.NEEDS_CHANGES])
def test_refusal_needs_a_reason(world, program, target):
    application = factories.application(world.users[Role.LEARNER][0], program, status=S.IN_REVIEW)
    with pytest.raises(TransitionNotAllowed, match="причину|Укажите"):
        application_set_status(actor=world.users[Role.STAFF][0], application=application, target=target, comment=" ")


def test_participants_follow_the_application(world, program):
    application = factories.application(world.users[Role.CUSTOMER][0], program, kind="mass", participants=3,
                                        organization=world.orgs[OrganizationType.CUSTOMER][0])
    application_set_status(actor=world.users[Role.STAFF][0], application=application, target=S.IN_REVIEW)
    assert set(application.participants.values_list("status", flat=True)) == {S.IN_REVIEW}


def test_workflow_targets_table():
    assert set(APPLICATION.targets(S.SUBMITTED, None)) == set()
