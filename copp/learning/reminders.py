"""Reminders before due dates (M22): a learner who has not yet sent an assignment or taken a test gets one letter
(through the outbox) a set number of hours before it is due. A `DueReminder` row per learner and item, unique,
is written in the same transaction as the letter, so a round run twice, or two rounds at once, send it once."""
import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from copp.training.models import Enrolment, EnrolmentStatus

from . import notifications
from .models import Assignment, DueReminder, Quiz, QuizAttempt, Submission


def _waiting(group_id, done, reminded):
    """The group's studying learners who have not done the item and have not been reminded of it."""
    return (Enrolment.objects.filter(group_id=group_id, status=EnrolmentStatus.STUDYING)
            .exclude(Exists(done)).exclude(Exists(reminded)).select_related("learner").order_by("pk"))


def _send(item, enrolment, **kind) -> bool:
    with transaction.atomic():
        _reminder, created = DueReminder.objects.get_or_create(enrolment=enrolment, **kind)
        if created:
            notifications.remind_due(item, enrolment.learner, quiz="quiz" in kind)
    return created


def reminders_send(now=None) -> dict:
    """Remind of assignments and published tests due within the next COPP_DUE_REMINDER_HOURS hours."""
    now = now or timezone.now()
    horizon = now + datetime.timedelta(hours=settings.COPP_DUE_REMINDER_HOURS)
    sent = {"assignments": 0, "quizzes": 0}
    for assignment in Assignment.objects.filter(due_at__gt=now, due_at__lte=horizon).select_related("section"):
        for enrolment in _waiting(assignment.section.group_id,
                                  Submission.objects.filter(assignment=assignment, enrolment=OuterRef("pk")),
                                  DueReminder.objects.filter(assignment=assignment, enrolment=OuterRef("pk"))):
            sent["assignments"] += _send(assignment, enrolment, assignment=assignment)
    for quiz in (Quiz.objects.filter(published_at__isnull=False, due_at__gt=now, due_at__lte=horizon)
                 .select_related("section")):
        for enrolment in _waiting(quiz.section.group_id,
                                  QuizAttempt.objects.filter(quiz=quiz, enrolment=OuterRef("pk")),
                                  DueReminder.objects.filter(quiz=quiz, enrolment=OuterRef("pk"))):
            sent["quizzes"] += _send(quiz, enrolment, quiz=quiz)
    return sent
