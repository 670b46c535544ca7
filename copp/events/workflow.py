"""Statuses of an event and of a registration for it, and who may move them (the TRANSITIONS tables)."""
from copp.core.roles import Cap
from copp.core.workflow import PLATFORM, Transition, Workflow

from .models import EventStatus, RegistrationStatus

TRANSITIONS = [
    Transition(EventStatus.DRAFT, EventStatus.PUBLISHED, Cap.EVENTS_OWN),
    Transition(EventStatus.PUBLISHED, EventStatus.DRAFT, Cap.EVENTS_OWN),
    Transition(EventStatus.PUBLISHED, EventStatus.CANCELLED, Cap.EVENTS_OWN),
    Transition(EventStatus.DRAFT, EventStatus.CANCELLED, Cap.EVENTS_OWN),
]
EVENT_WORKFLOW = Workflow(TRANSITIONS)

R = RegistrationStatus

# A person signs up (a seat, or the waitlist when the seats are taken), cancels, and may sign up again; the
# platform moves the first person on the waitlist up when a seat frees (M13).
REGISTRATION_TRANSITIONS = [
    Transition(source, target, Cap.EVENTS_REGISTER)
    for source in ("", R.CANCELLED) for target in (R.REGISTERED, R.WAITLIST)
] + [
    Transition(R.REGISTERED, R.CANCELLED, Cap.EVENTS_REGISTER),
    Transition(R.WAITLIST, R.CANCELLED, Cap.EVENTS_REGISTER),
    Transition(R.WAITLIST, R.REGISTERED, PLATFORM),
]
REGISTRATION = Workflow(REGISTRATION_TRANSITIONS)
