"""A small workflow helper: a TRANSITIONS table of (from, to, capability) and its checks."""
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .access import has_capability


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    capability: str


class TransitionNotAllowed(Exception):
    """Raised when a status change is not in the table or the actor lacks the capability."""


class Workflow:
    def __init__(self, transitions: list[Transition]):
        self.transitions = transitions

    def find(self, source: str, target: str) -> Transition | None:
        return next((t for t in self.transitions if t.source == source and t.target == target), None)

    def targets(self, source: str, actor) -> list[str]:
        return [t.target for t in self.transitions if t.source == source and has_capability(actor, t.capability)]

    def check(self, source: str, target: str, actor) -> Transition:
        transition = self.find(source, target)
        if transition is None:
            raise TransitionNotAllowed(_("This status change is not possible."))
        if not has_capability(actor, transition.capability):
            raise TransitionNotAllowed(_("You are not allowed to make this status change."))
        return transition
