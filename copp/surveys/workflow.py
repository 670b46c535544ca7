"""Statuses of a survey and who may move them: a draft is built, opened to answers, closed (by hand or at its
deadline by the platform); a closed survey may be opened again with a later deadline."""
from copp.core.roles import Cap
from copp.core.workflow import PLATFORM, Transition, Workflow

from .models import SurveyStatus

S = SurveyStatus

SURVEY_TRANSITIONS = [
    Transition("", S.DRAFT, Cap.SURVEYS_OWN),
    Transition("", S.OPEN, PLATFORM),  # a template launched by a scheduled job when a group completes
    Transition(S.DRAFT, S.OPEN, Cap.SURVEYS_OWN),
    Transition(S.OPEN, S.CLOSED, Cap.SURVEYS_OWN),
    Transition(S.OPEN, S.CLOSED, PLATFORM),
    Transition(S.CLOSED, S.OPEN, Cap.SURVEYS_OWN),
]
SURVEY = Workflow(SURVEY_TRANSITIONS)
