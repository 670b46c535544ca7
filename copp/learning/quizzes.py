"""Short tests in a group's course space (M22): a teacher builds a test of the survey engine's scorable question
kinds (single and multiple choice, number, short text) with the right answers and points, and publishes it; a
learner of the group takes it within the attempts and the time window allowed; the server reads the answers with
the survey engine (copp.surveys.answering), scores them, and the best attempt goes to the journal as the module's
grade with the source «Test» — unless the teacher has put a grade there by hand."""
import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from copp.core.audit import audit_record
from copp.directories.models import GradeValue
from copp.surveys.answering import read_answers
from copp.training.models import Enrolment, EnrolmentStatus, MarkSource, ModuleGrade
from copp.training.selectors import scale_of
from copp.training.services import module_grade_set

from .course import CourseRefused, can_teach
from .models import CourseSection, Quiz, QuizAttempt, QuizKind, QuizQuestion
from .sync import grade_value

CHOICE_KINDS = (QuizKind.SINGLE, QuizKind.MULTIPLE)
MAX_ATTEMPTS = 10


@dataclass
class AnswersInvalid(Exception):
    """The learner's answers have gaps or errors (by question id); nothing is stored."""

    values: dict = field(default_factory=dict)
    errors: dict = field(default_factory=dict)


def quiz_add(*, actor, section: CourseSection, title: str, instructions: str = "", attempts_allowed: int = 1,
             opens_at=None, due_at=None, module=None, request=None) -> Quiz:
    """A draft test in the section; its questions are added next, then it is published."""
    group = section.group
    if not can_teach(actor, group):
        raise PermissionDenied
    if module is not None and module.program_id != group.program_id:
        raise CourseRefused(_("The module is not a part of the group's program."))
    if not 1 <= attempts_allowed <= MAX_ATTEMPTS:
        raise CourseRefused(_("Allow from 1 to %(n)s attempts.") % {"n": MAX_ATTEMPTS})
    if opens_at and due_at and opens_at >= due_at:
        raise CourseRefused(_("The test must open before it is due."))
    quiz = Quiz.objects.create(section=section, title=title, instructions=instructions,
                               attempts_allowed=attempts_allowed, opens_at=opens_at, due_at=due_at,
                               module=module or section.module, created_by=actor)
    audit_record(actor=actor, action="learning.quiz_add", obj=group, request=request)
    return quiz


def _draft(actor, quiz: Quiz) -> None:
    if not can_teach(actor, quiz.section.group):
        raise PermissionDenied
    if quiz.is_published:
        raise CourseRefused(_("The test is published: its questions can no longer be changed."))


def key_of(kind: str, choices: list[str], answer: str):
    """The question's key from what the teacher wrote, or CourseRefused saying what is wrong. Choices are one per
    line with the right ones marked by an asterisk; a number or the accepted short answers go in `answer`."""
    if kind in CHOICE_KINDS:
        options = [line.lstrip("*").strip() for line in choices]
        right = [line.lstrip("*").strip() for line in choices if line.startswith("*")]
        if len(options) < 2 or len(set(options)) != len(options) or not all(options):
            raise CourseRefused(_("Give at least two different options, one per line."))
        if kind == QuizKind.SINGLE and len(right) != 1:
            raise CourseRefused(_("Mark exactly one right option with an asterisk: *Option."))
        if kind == QuizKind.MULTIPLE and not right:
            raise CourseRefused(_("Mark the right options with an asterisk: *Option."))
        return options, (right[0] if kind == QuizKind.SINGLE else right)
    if kind == QuizKind.NUMBER:
        try:
            number = float(answer.replace(",", ".").replace(" ", ""))
        except ValueError:
            raise CourseRefused(_("Enter the right answer as a number, for example 12 or 3,5.")) from None
        return [], number
    if kind == QuizKind.SHORT_TEXT:
        accepted = [line.strip() for line in answer.splitlines() if line.strip()]
        if not accepted:
            raise CourseRefused(_("Enter the right answer; several accepted variants go one per line."))
        return [], accepted
    raise CourseRefused(_("Choose the question type."))


def question_add(*, actor, quiz: Quiz, kind: str, text: str, hint: str = "", choices: str = "", answer: str = "",
                 points: int = 1, request=None) -> QuizQuestion:
    """Add a question with its key to a draft test."""
    _draft(actor, quiz)
    options, correct = key_of(kind, [line.strip() for line in choices.splitlines() if line.strip()], answer)
    last = quiz.questions.order_by("-order").values_list("order", flat=True).first()
    question = QuizQuestion.objects.create(quiz=quiz, kind=kind, text=text, hint=hint, choices=options,
                                           correct=correct, points=points, order=(last or 0) + 1)
    audit_record(actor=actor, action="learning.quiz_question_add", obj=quiz.section.group, request=request)
    return question


def question_delete(*, actor, question: QuizQuestion, request=None) -> None:
    _draft(actor, question.quiz)
    question.delete()
    audit_record(actor=actor, action="learning.quiz_question_delete", obj=question.quiz.section.group,
                 request=request)


def quiz_publish(*, actor, quiz: Quiz, request=None) -> Quiz:
    """Open the test to the group's learners; from now on its questions are fixed."""
    _draft(actor, quiz)
    if not quiz.questions.exists():
        raise CourseRefused(_("Add at least one question before publishing the test."))
    Quiz.objects.filter(pk=quiz.pk).update(published_at=timezone.now())
    quiz.refresh_from_db(fields=["published_at"])
    audit_record(actor=actor, action="learning.quiz_publish", obj=quiz.section.group, request=request)
    return quiz


def _normal(text) -> str:
    return " ".join(str(text).casefold().replace("ё", "е").split())


def is_right(question: QuizQuestion, value) -> bool:
    """Whether a value read by the survey engine is the right answer to the question."""
    if value is None:
        return False
    if question.kind == QuizKind.SINGLE:
        return value == question.correct
    if question.kind == QuizKind.MULTIPLE:
        return sorted(value) == sorted(question.correct)
    if question.kind == QuizKind.NUMBER:
        return abs(float(value) - float(question.correct)) < 1e-9
    if question.kind == QuizKind.SHORT_TEXT:
        return _normal(value) in {_normal(item) for item in question.correct}
    return False


def score(questions: list[QuizQuestion], values: dict) -> tuple[int, int]:
    """Points earned and the maximum: a question's points for a right answer, nothing for a wrong one."""
    return (sum(q.points for q in questions if is_right(q, values.get(q.pk))), sum(q.points for q in questions))


def closed_reason(quiz: Quiz, now=None) -> str:
    """Why the test cannot be taken now ("" when it can), whatever the person's attempts."""
    now = now or timezone.now()
    if not quiz.is_published:
        return _("The test is not published yet.")
    if quiz.opens_at and now < quiz.opens_at:
        return _("The test opens on %(when)s.") % {"when": date_format(timezone.localtime(quiz.opens_at),
                                                                       "j E, H:i")}
    if quiz.due_at and now > quiz.due_at:
        return _("The test was due on %(when)s; it is closed.") % {"when": date_format(
            timezone.localtime(quiz.due_at), "j E, H:i")}
    return ""


def questions_of(quiz: Quiz) -> list[QuizQuestion]:
    return list(quiz.questions.order_by("order", "pk"))


@transaction.atomic
def attempt_submit(*, actor, quiz: Quiz, data, number: int | None = None, now=None,
                   request=None) -> tuple[QuizAttempt, bool]:
    """Score the learner's answers and keep the attempt; returns (attempt, created). The form carries the
    attempt's number: the same form sent twice finds its attempt and makes no second one (the learner's row is
    locked and (quiz, enrolment, number) is unique)."""
    enrolment = (Enrolment.objects.select_for_update()
                 .filter(group_id=quiz.section.group_id, learner=actor, status=EnrolmentStatus.STUDYING).first())
    if enrolment is None:
        raise PermissionDenied
    done = QuizAttempt.objects.filter(quiz=quiz, enrolment=enrolment)
    if number is not None:
        same = done.filter(number=number).first()
        if same is not None:
            return same, False
    reason = closed_reason(quiz, now)
    if reason:
        raise CourseRefused(reason)
    used = done.count()
    if used >= quiz.attempts_allowed:
        raise CourseRefused(_("You have used all the attempts at this test."))
    questions = questions_of(quiz)
    filled = read_answers(questions, data)
    if filled.errors:
        raise AnswersInvalid(values=filled.values, errors=filled.errors)
    earned, maximum = score(questions, filled.values)
    attempt = QuizAttempt.objects.create(
        quiz=quiz, enrolment=enrolment, number=used + 1, score=earned, max_score=maximum,
        answers={str(pk): value for pk, value in filled.values.items()}, submitted_at=now or timezone.now())
    _to_journal(quiz, enrolment)
    audit_record(actor=actor, action="learning.quiz_attempt", obj=quiz.section.group, request=request,
                 details={"quiz": quiz.pk, "attempt": attempt.number, "score": earned, "max": maximum})
    return attempt, True


def _best(attempt: QuizAttempt) -> tuple[int, int]:
    """The best attempt: the highest score, the earlier of equal ones."""
    return attempt.score, -attempt.number


def best_attempt(quiz: Quiz, enrolment) -> QuizAttempt | None:
    return (QuizAttempt.objects.filter(quiz=quiz, enrolment=enrolment)
            .order_by("-score", "number").first())


def learner_state(quiz: Quiz, enrolment, now=None) -> dict:
    """What the learner's page shows: their attempts, the best one, why the test is closed, attempts left and
    whether the form is offered (the same rules attempt_submit enforces)."""
    attempts = list(QuizAttempt.objects.filter(quiz=quiz, enrolment=enrolment).order_by("number"))
    closed = closed_reason(quiz, now)
    left = quiz.attempts_allowed - len(attempts)
    return {"attempts": attempts, "best": max(attempts, key=_best) if attempts else None, "closed": closed,
            "left": left, "number": len(attempts) + 1,
            "can_take": not closed and left > 0 and enrolment.status == EnrolmentStatus.STUDYING}


def _to_journal(quiz: Quiz, enrolment) -> None:
    """The best attempt as the module's grade on the group's scale (as Moodle's grades are translated: under
    half of the maximum fails). A grade the teacher entered by hand stays; an automatic one is replaced."""
    if not quiz.module_id:
        return
    best = best_attempt(quiz, enrolment)
    value = grade_value(list(GradeValue.objects.filter(scale=scale_of(enrolment.group))), best.score, best.max_score)
    if value is None:
        return
    cell = ModuleGrade.objects.filter(enrolment=enrolment, module_id=quiz.module_id).first()
    if cell is not None and cell.grade_id and cell.source == MarkSource.TEACHER:
        return
    module_grade_set(actor=None, enrolment=enrolment, module=quiz.module, value=value, source=MarkSource.QUIZ)


def results(quiz: Quiz) -> list[dict]:
    """Every learner of the group with their attempts at the test and the best score (two queries)."""
    enrolments = list(Enrolment.objects.filter(
        group_id=quiz.section.group_id, status__in=(EnrolmentStatus.STUDYING, EnrolmentStatus.COMPLETED))
        .select_related("learner").order_by("learner__last_name", "learner__first_name", "pk"))
    attempts: dict[int, list[QuizAttempt]] = {}
    for attempt in QuizAttempt.objects.filter(quiz=quiz).order_by("number"):
        attempts.setdefault(attempt.enrolment_id, []).append(attempt)
    rows = []
    for enrolment in enrolments:
        mine = attempts.get(enrolment.pk, [])
        best = max(mine, key=lambda a: (a.score, -a.number)) if mine else None
        rows.append({"enrolment": enrolment, "attempts": mine, "best": best})
    return rows


def due_quizzes_for(user, *, days: int = 14):
    """Published tests of the learner's groups not yet attempted, due from a week ago to `days` ahead."""
    now = timezone.now()
    tried = QuizAttempt.objects.filter(quiz=OuterRef("pk"), enrolment__learner=user)
    return (Quiz.objects.filter(section__group__enrolments__learner=user,
                                section__group__enrolments__status=EnrolmentStatus.STUDYING,
                                published_at__isnull=False, due_at__gte=now - datetime.timedelta(days=7),
                                due_at__lt=now + datetime.timedelta(days=days))
            .filter(Q(opens_at__isnull=True) | Q(opens_at__lte=now + datetime.timedelta(days=days)))
            .exclude(Exists(tried)).select_related("section__group").order_by("due_at", "pk"))
