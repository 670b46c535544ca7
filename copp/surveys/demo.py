"""Demo data of surveys: the two career tests come with the migrations; here two finished satisfaction surveys
with a few hundred answers each, and an open one for the completed demo group (M26)."""
import datetime
import random

from django.db import transaction
from django.utils import timezone

from copp.organizations.models import Organization
from copp.training.models import Group, GroupStatus

from .models import Answer, Audience, QuestionKind, Response, Survey, SurveyStatus
from .services import invitations_send, survey_from_template, survey_questions

FINISHED = [
    ("program_satisfaction", "Удовлетворённость обучением: итоги 2025 года", 260),
    ("event_satisfaction", "Отзывы о профориентационных мероприятиях 2025 года", 190),
]
IMPROVEMENTS = ["Больше практики на оборудовании", "Раньше присылать расписание", "Добавить занятия по чертежам",
                "Удобнее время занятий", "Больше раздаточных материалов", "Всё понравилось, спасибо!"]


def _value(question, rng: random.Random):
    """A plausible answer, skewed to the good side as real satisfaction surveys are."""
    kind = question.kind
    if kind == QuestionKind.SCALE5:
        return rng.choices([1, 2, 3, 4, 5], weights=[2, 4, 14, 40, 40])[0]
    if kind == QuestionKind.NPS:
        return rng.choices(range(11), weights=[1, 1, 1, 2, 2, 3, 5, 10, 20, 25, 30])[0]
    if kind == QuestionKind.MATRIX:
        return {row: rng.choices([2, 3, 4, 5], weights=[5, 15, 40, 40])[0] for row in question.rows}
    if kind == QuestionKind.SINGLE:
        return rng.choices(question.choices, weights=[45, 35, 12, 8][: len(question.choices)])[0]
    if kind == QuestionKind.MULTIPLE:
        return [choice for choice in question.choices if rng.random() < 0.5] or question.choices[:1]
    if kind == QuestionKind.LONG_TEXT:
        return rng.choice(IMPROVEMENTS) if rng.random() < 0.3 else None
    return None


def _finished(code: str, title: str, count: int, organization, rng: random.Random) -> None:
    if Survey.objects.filter(title=title).exists():
        return
    with transaction.atomic():
        survey = survey_from_template(actor=None, code=code, organization=organization, open_now=True)
        now = timezone.now()
        survey.title = title
        survey.audience = Audience.PUBLIC  # answered by link: the demo has no list of hundreds of people
        survey.opens_at = now - datetime.timedelta(days=120)
        survey.closes_at = now - datetime.timedelta(days=30)
        survey.status = SurveyStatus.CLOSED
        survey.save()
        questions = survey_questions(survey)
        for _n in range(count):
            response = Response.objects.create(
                survey=survey, organization=organization,
                submitted_at=survey.opens_at + datetime.timedelta(minutes=rng.randrange(60 * 24 * 85)))
            answers = [Answer(response=response, question=q, value=v) for q in questions
                       if (v := _value(q, rng)) is not None]
            Answer.objects.bulk_create(answers)


def load() -> int:
    """Create the demo surveys once (idempotent); returns how many surveys there are."""
    rng = random.Random(17)  # the same figures on every machine
    organization = Organization.objects.filter(type="copp").order_by("pk").first()
    for code, title, count in FINISHED:
        _finished(code, title, count, organization, rng)
    group = Group.objects.filter(code="ДЕМО-СВ-2026-01", status=GroupStatus.COMPLETED).first()
    if group and not Survey.objects.filter(template="program_satisfaction", audience_group=group).exists():
        survey = survey_from_template(actor=None, code="program_satisfaction", organization=group.provider,
                                      open_now=True, audience_group=group)
        survey.title = f"{survey.title}: {group.program.title} ({group.code})"[:300]
        survey.save(update_fields=["title"])
        invitations_send(survey)
    return Survey.objects.count()
