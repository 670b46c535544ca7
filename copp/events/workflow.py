"""Statuses of an event and who may move it between them."""
from copp.core.roles import Cap
from copp.core.workflow import Transition, Workflow

from .models import EventStatus

TRANSITIONS = [
    Transition(EventStatus.DRAFT, EventStatus.PUBLISHED, Cap.EVENTS_OWN),
    Transition(EventStatus.PUBLISHED, EventStatus.DRAFT, Cap.EVENTS_OWN),
    Transition(EventStatus.PUBLISHED, EventStatus.CANCELLED, Cap.EVENTS_OWN),
    Transition(EventStatus.DRAFT, EventStatus.CANCELLED, Cap.EVENTS_OWN),
]
EVENT_WORKFLOW = Workflow(TRANSITIONS)
