"""Reminders before due dates (M22): with a fixed clock, a learner who has not sent an assignment or taken a
test gets one letter N hours before it is due — once, and never after submitting; the event's web conference is
linked from the event's page and the learner's «Онлайн-занятия» through the events hook."""
import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.db import IntegrityError, transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from copp.core.roles import Role
from copp.events.extensions import event_links
from copp.events.tests.factories import make_event, make_registration
from copp.organizations.models import OrganizationType
from copp.training.tests.factories import enrol
from tests.factories import UserFactory

from .. import course, quizzes, reminders
from ..models import DueReminder, EventConference, QuizKind

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime.datetime(2026, 12, 7, 10, 0))


@pytest.fixture
def due_items(klass):
    teacher, group = klass["teacher"], klass["group"]
    section = course.section_add(actor=teacher, group=group, title="Тема")
    assignment = course.assignment_add(actor=teacher, section=section, title="Эссе о профессии",
                                       due_at=NOW + datetime.timedelta(hours=30))
    quiz = quizzes.quiz_add(actor=teacher, section=section, title="Входной тест",
                            due_at=NOW + datetime.timedelta(hours=20))
    quizzes.question_add(actor=teacher, quiz=quiz, kind=QuizKind.NUMBER, text="1+1", answer="2")
    quizzes.quiz_publish(actor=teacher, quiz=quiz)
    neighbour = UserFactory(email="neighbour@example.ru", roles=[Role.LEARNER])
    enrol(group, neighbour)
    return {**klass, "assignment": assignment, "quiz": quiz, "neighbour": neighbour}


def _round(now, capture):
    with capture(execute=True):
        return reminders.reminders_send(now)


def test_a_reminder_goes_once_and_not_to_those_who_have_done_it(due_items, django_capture_on_commit_callbacks):
    learner, neighbour = due_items["learner"], due_items["neighbour"]
    # The neighbour has sent the assignment; the learner has taken the test.
    course.submission_save(actor=neighbour, assignment=due_items["assignment"], text="готово")
    from django.http import QueryDict

    data = QueryDict(mutable=True)
    data[f"q{due_items['quiz'].questions.get().pk}"] = "2"
    quizzes.attempt_submit(actor=learner, quiz=due_items["quiz"], data=data, now=NOW)
    mail.outbox.clear()
    # The test is due in 20 hours (within 24): only the neighbour, who has not taken it, hears of it.
    assert _round(NOW, django_capture_on_commit_callbacks) == {"assignments": 0, "quizzes": 1}
    assert [m.to for m in mail.outbox] == [[neighbour.email]]
    assert "Входной тест" in mail.outbox[0].subject and reverse("learning:quiz", args=[due_items["quiz"].pk]) in (
        mail.outbox[0].body)
    # Seven hours later the assignment (due in 23 hours) reaches the learner, who has not sent it; the test
    # reminder is not repeated.
    mail.outbox.clear()
    later = NOW + datetime.timedelta(hours=7)
    assert _round(later, django_capture_on_commit_callbacks) == {"assignments": 1, "quizzes": 0}
    assert [m.to for m in mail.outbox] == [[learner.email]] and "Эссе о профессии" in mail.outbox[0].subject
    # Another round (or the same hour twice) sends nothing.
    mail.outbox.clear()
    assert _round(later + datetime.timedelta(hours=1), django_capture_on_commit_callbacks) == {
        "assignments": 0, "quizzes": 0}
    assert not mail.outbox
    assert DueReminder.objects.count() == 2
    # The database refuses a second record for the same learner and item.
    with pytest.raises(IntegrityError), transaction.atomic():
        DueReminder.objects.create(enrolment=due_items["enrolment"], assignment=due_items["assignment"])


def test_the_hours_before_are_a_setting_and_past_items_are_left(due_items, django_capture_on_commit_callbacks):
    with override_settings(COPP_DUE_REMINDER_HOURS=2):
        assert _round(NOW, django_capture_on_commit_callbacks) == {"assignments": 0, "quizzes": 0}
    # Past the due date nothing is sent.
    assert _round(NOW + datetime.timedelta(hours=31), django_capture_on_commit_callbacks) == {
        "assignments": 0, "quizzes": 0}
    assert not mail.outbox


def test_a_draft_test_is_not_reminded(due_items, django_capture_on_commit_callbacks):
    quiz = quizzes.quiz_add(actor=due_items["teacher"], section=due_items["quiz"].section, title="Черновик",
                            due_at=NOW + datetime.timedelta(hours=5))
    _round(NOW, django_capture_on_commit_callbacks)
    assert not DueReminder.objects.filter(quiz=quiz).exists()


def test_the_event_conference_is_linked_from_the_event_and_online_lessons(world, bbb_on, login):
    partner = world.orgs[OrganizationType.PARTNER][0]
    event = make_event(partner, days=2, title="Онлайн-вебинар")
    learner, stranger = world.users[Role.LEARNER]
    organiser = world.users[Role.PARTNER][0]
    make_registration(event, learner)
    url = reverse("learning:event_join_page", args=[event.pk])
    # Before it is held online, only the organiser is offered the page (to plan it).
    assert [link.url for link in event_links(organiser, event)] == [url]
    assert event_links(learner, event) == []
    EventConference.objects.create(event=event)
    assert url in login(learner).get(reverse("events:detail", args=[event.pk])).content.decode()
    assert url not in login(stranger).get(reverse("events:detail", args=[event.pk])).content.decode()
    assert event_links(AnonymousUser(), event) == []
    page = login(learner).get(reverse("learning:my")).content.decode()
    assert "Онлайн-вебинар" in page and url in page
    assert "Онлайн-вебинар" not in login(stranger).get(reverse("learning:my")).content.decode()
