"""Registers the remote-learning app's personal-data models (core.personal_data): a learner's answers to
assignments and tests, presence in web conferences and the Moodle account (152-ФЗ export and erasure)."""
from django.utils.translation import gettext_lazy as _

from copp.core.personal_data import register, register_eraser

from .models import ConferenceVisit, MoodleAccount, QuizAttempt, Submission

register(Submission, fields=["assignment__title", "text", "file", "submitted_at", "grade__name", "comment",
                             "graded_at"], subject_lookup="enrolment__learner",
         purpose=_("Answers to assignments in the course space"))
register(QuizAttempt, fields=["quiz__title", "number", "answers", "score", "max_score", "submitted_at"],
         subject_lookup="enrolment__learner", purpose=_("Attempts of tests in the course space"))
register(ConferenceVisit, fields=["conference__lesson__topic", "full_name", "role", "first_seen", "last_seen"],
         subject_lookup="user", purpose=_("Presence in web conferences"))
register(MoodleAccount, fields=["moodle_id", "username"], subject_lookup="user",
         purpose=_("Account in the connected Moodle"))


@register_eraser
def erase_learning(user) -> int:
    """What the learner wrote goes: answers' texts and files, tests' answers, the name shown in conferences. The
    grades and scores stay, as the journal's marks do (education records the law keeps)."""
    touched = 0
    for submission in Submission.objects.filter(enrolment__learner=user).exclude(file=""):
        submission.file.delete(save=False)
    touched += Submission.objects.filter(enrolment__learner=user).update(text="", file="")
    touched += QuizAttempt.objects.filter(enrolment__learner=user).update(answers={})
    touched += ConferenceVisit.objects.filter(user=user).update(full_name="—")
    return touched
