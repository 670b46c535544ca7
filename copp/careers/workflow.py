"""Statuses of a vacancy and who may move them (the TRANSITIONS table, M9): an employer writes and sends an own
vacancy to moderation, CoPP staff publish it or return it with a comment; imported vacancies are published and
closed by the platform as their source says; an expired vacancy is closed by the platform."""
from copp.core.roles import Cap
from copp.core.workflow import PLATFORM, Transition, Workflow

from .models import VacancyStatus as S

TRANSITIONS = [
    Transition("", S.DRAFT, Cap.VACANCIES_OWN),
    Transition(S.DRAFT, S.MODERATION, Cap.VACANCIES_OWN),
    Transition(S.RETURNED, S.MODERATION, Cap.VACANCIES_OWN),
    Transition(S.MODERATION, S.PUBLISHED, Cap.VACANCIES_MODERATE),
    Transition(S.MODERATION, S.RETURNED, Cap.VACANCIES_MODERATE),
    Transition(S.PUBLISHED, S.CLOSED, Cap.VACANCIES_OWN),
    Transition(S.DRAFT, S.CLOSED, Cap.VACANCIES_OWN),
    Transition(S.RETURNED, S.CLOSED, Cap.VACANCIES_OWN),
    Transition(S.PUBLISHED, S.RETURNED, Cap.VACANCIES_MODERATE),  # staff withdraw a published one for changes
    # The platform: expiry, and imported vacancies following their source.
    Transition(S.PUBLISHED, S.CLOSED, PLATFORM),
    Transition("", S.PUBLISHED, PLATFORM),
    Transition(S.CLOSED, S.PUBLISHED, PLATFORM),
]
VACANCY_WORKFLOW = Workflow(TRANSITIONS)
