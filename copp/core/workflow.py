"""A small workflow helper: a TRANSITIONS table of (from, to, capability), its checks, and the one way to move a
record's status (checked against the table, saved, and written to the shared status history)."""
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .access import has_capability

# A move the platform makes by itself as the consequence of an allowed action (a freed seat goes to the first
# person on the waitlist): no person's capability applies, so only a call that says `by_platform=True` may make it.
PLATFORM = "platform"


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    capability: str


class TransitionNotAllowed(Exception):
    """Raised when a status change is not in the table or the actor lacks the capability."""


class Workflow:
    def __init__(self, transitions: list[Transition], *, field: str = "status"):
        self.transitions = transitions
        self.field = field

    def find(self, source: str, target: str) -> Transition | None:
        return next((t for t in self.transitions if t.source == source and t.target == target), None)

    def targets(self, source: str, actor) -> list[str]:
        return [t.target for t in self.transitions
                if t.source == source and t.capability != PLATFORM and has_capability(actor, t.capability)]

    def allows(self, source: str, target: str, actor) -> bool:
        """Whether the actor may make this change (for the pages' flags; services call `check`/`move`)."""
        return target in self.targets(source, actor)

    def check(self, source: str, target: str, actor, *, by_platform: bool = False) -> Transition:
        transition = self.find(source, target)
        if transition is None:
            raise TransitionNotAllowed(_("This status change is not possible."))
        if transition.capability == PLATFORM:
            if not by_platform:
                raise TransitionNotAllowed(_("You are not allowed to make this status change."))
        elif not by_platform and not has_capability(actor, transition.capability):
            raise TransitionNotAllowed(_("You are not allowed to make this status change."))
        return transition

    def move(self, obj, target: str, *, actor, comment: str = "", by_platform: bool = False,
             update_fields=()):
        """Check the change against the table, set the status, save and record who, when and why.

        A new record (no primary key yet) starts from the empty status "", so its first status is checked too;
        `update_fields` names the other fields the caller changed together with the status."""
        from .models import StatusChange

        source = getattr(obj, self.field) if obj.pk else ""
        self.check(source, target, actor, by_platform=by_platform)
        setattr(obj, self.field, target)
        if obj.pk:
            fields = [self.field, *update_fields]
            if any(f.name == "updated_at" for f in obj._meta.concrete_fields):
                fields.append("updated_at")
            obj.save(update_fields=fields)
        else:
            obj.save()
        StatusChange.record(obj, source=source, target=target, actor=actor, comment=comment)
        return obj
