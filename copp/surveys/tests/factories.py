"""Surveys for the tests: a partner's survey with questions, answers given through the services."""
from django.http import QueryDict
from django.utils import timezone

from copp.organizations.models import OrganizationType

from ..answering import read_answers
from ..models import Audience, Question, QuestionKind, Survey, SurveyStatus
from ..services import response_submit, survey_questions


def make_survey(*, owner=None, status=SurveyStatus.OPEN, audience=Audience.PUBLIC, questions=None, **fields):
    survey = Survey.objects.create(title=fields.pop("title", "Удовлетворённость обучением"),
                                   owner_organization=owner, status=status, audience=audience,
                                   opens_at=timezone.now(), **fields)
    for order, (kind, text, extra) in enumerate(questions or [
            (QuestionKind.SCALE5, "Оценка в целом", {}),
            (QuestionKind.SINGLE, "Пригодится ли?", {"choices": ["Да", "Нет"]})], start=1):
        Question.objects.create(survey=survey, order=order, kind=kind, text=text, **extra)
    return survey


def world_survey(w, **fields) -> Survey:
    """A survey of the first partner organisation (the second partner is the outsider)."""
    return make_survey(owner=w.orgs[OrganizationType.PARTNER][0], **fields)


def post_data(pairs: dict) -> QueryDict:
    data = QueryDict(mutable=True)
    for key, value in pairs.items():
        if isinstance(value, list):
            data.setlist(key, value)
        else:
            data[key] = value
    return data


def answer(survey, user, pairs: dict):
    """Submit answers as the form would send them: {"q<id>": value}."""
    filled = read_answers(survey_questions(survey), post_data(pairs))
    assert not filled.errors, filled.errors
    return response_submit(survey=survey, user=user, filled=filled)
