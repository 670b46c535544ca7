"""The scheduled round: invitations to the audience, reminders only to those who have not answered, closing at the
deadline, satisfaction surveys launched when a group completes or an event ends."""
import datetime

import pytest
from django.core import mail
from django.utils import timezone

from copp.core.roles import Role
from copp.events.models import Event, EventRegistration, EventStatus, EventType
from copp.organizations.models import OrganizationType
from copp.surveys.models import Audience, Invitation, Survey, SurveyStatus
from copp.surveys.selectors import audience_users, may_answer
from copp.surveys.services import (
    invitations_send,
    reminders_send,
    survey_questions,
    surveys_dispatch,
    surveys_launch_due,
)
from copp.training.models import EnrolmentStatus, GroupStatus
from copp.training.tests.factories import enrol, make_group
from tests.factories import UserFactory

from .factories import answer, make_survey

pytestmark = pytest.mark.django_db


def _group_with_learners(world, count=3):
    group = make_group(world.orgs[OrganizationType.PARTNER][0])
    learners = [UserFactory(email=f"learner-{n}@example.ru", roles=[Role.LEARNER]) for n in range(count)]
    for learner in learners:
        enrol(group, learner)
    return group, learners


def test_reminders_go_only_to_those_who_have_not_answered(world, django_capture_on_commit_callbacks):
    group, (first, second, third) = _group_with_learners(world)
    survey = make_survey(audience=Audience.GROUP, audience_group=group, remind_after_days=2, max_reminders=1)
    start = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        assert invitations_send(survey, start) == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in (first, second, third))
    scale, single = survey_questions(survey)
    answer(survey, first, {f"q{scale.pk}": "5", f"q{single.pk}": "Да"})
    mail.outbox.clear()
    # Before the pause is over nobody is reminded; after it only those who have not answered, once.
    assert reminders_send(survey, start + datetime.timedelta(days=1)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send(survey, start + datetime.timedelta(days=2, minutes=1)) == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([second.email, third.email])
    assert all(m.subject.startswith("Напоминание") for m in mail.outbox)
    assert reminders_send(survey, start + datetime.timedelta(days=5)) == 0  # max_reminders reached
    # A second round of invitations sends nothing new.
    assert invitations_send(survey, start + datetime.timedelta(days=5)) == 0


def test_an_expelled_learner_and_outsiders_are_not_the_audience(world):
    group, (first, second, _third) = _group_with_learners(world)
    second.enrolments.update(status=EnrolmentStatus.EXPELLED)
    survey = make_survey(audience=Audience.GROUP, audience_group=group)
    assert first in audience_users(survey) and second not in audience_users(survey)
    assert not may_answer(survey, world.users[Role.LEARNER][0])
    role_survey = make_survey(audience=Audience.ROLE, audience_role=Role.TEACHER)
    assert set(audience_users(role_survey)) == set(world.users[Role.TEACHER])
    contacts = make_survey(audience=Audience.CONTACTS, audience_org_type=OrganizationType.CUSTOMER)
    assert set(audience_users(contacts)) == set(world.users[Role.CUSTOMER])


def test_satisfaction_surveys_launch_when_a_group_completes_and_an_event_ends(world,
                                                                             django_capture_on_commit_callbacks):
    group, learners = _group_with_learners(world, count=2)
    group.status = GroupStatus.COMPLETED
    group.save()
    now = timezone.now()
    organizer = world.orgs[OrganizationType.PARTNER][0]
    event = Event.objects.create(title="День открытых дверей", type=EventType.OPEN_DAY, organizer=organizer,
                                 starts_at=now - datetime.timedelta(hours=3), ends_at=now - datetime.timedelta(hours=1),
                                 status=EventStatus.PUBLISHED)
    guest = world.users[Role.LEARNER][0]
    EventRegistration.objects.create(event=event, user=guest, queued_at=now - datetime.timedelta(days=2))
    with django_capture_on_commit_callbacks(execute=True):
        result = surveys_dispatch(now)
    assert result["launched"] == 2 and result["invited"] == 3
    after_group = Survey.objects.get(template="program_satisfaction", audience_group=group)
    assert after_group.status == SurveyStatus.OPEN and after_group.is_anonymous
    assert after_group.questions.count() == 5
    assert set(Invitation.objects.filter(survey=after_group).values_list("user", flat=True)) == {
        p.pk for p in learners}
    assert Survey.objects.filter(template="event_satisfaction", audience_event=event).exists()
    assert surveys_launch_due(now) == 0  # each once


def test_a_survey_past_its_deadline_is_closed_by_the_round(world):
    survey = make_survey(closes_at=timezone.now() - datetime.timedelta(hours=1))
    surveys_dispatch()
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.CLOSED
