"""The registry of reviewable kinds: the engine knows its subjects only through it. A kind names its model,
its criteria sets (by `CriteriaSet.kind`) and the subject's own services the engine calls: to freeze a
version for review and to hear of the decision."""
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet


@dataclass(frozen=True)
class ReviewableKind:
    key: str
    label: str
    model: type
    # submit(actor, obj, request) -> (version_ref, version_label); raises ValidationError with the rules broken.
    submit: Callable
    # decided(actor, version_ref, decision, comment, publish, request): the subject's service on a decision.
    decided: Callable
    # editable_by(user) -> QuerySet of subjects the user authors (who may send them and see their reviews).
    editable_by: Callable[..., QuerySet]
    # visible_to(user) -> QuerySet of subjects the user may see (seeing but not editing is a 403, not a 404).
    visible_to: Callable[..., QuerySet]
    # The capability of the subjects' authors (they see their reviews' history).
    author_capability: str
    organization_id: Callable  # (obj) -> the author organisation's id, for the conflict-of-interest rule
    title: Callable  # (obj) -> str
    author_url: Callable  # (obj) -> the subject's page for its authors
    version_context: Callable  # (version_ref) -> dict for `template`, the version the experts read
    sections: Callable  # (version_ref) -> [(anchor, label)] a comment may be anchored to
    template: str
    can_publish: bool = False  # the chairperson may publish an approved version at once
    # (obj) -> ids of the subject's competencies: experts who review one of them come first in the choice.
    competency_ids: Callable | None = None


_KINDS: dict[str, ReviewableKind] = {}


def register(kind: ReviewableKind) -> ReviewableKind:
    _KINDS[kind.key] = kind
    return kind


def get(key: str) -> ReviewableKind:
    """The registered kind; KeyError for an unknown one (views turn it into 404)."""
    return _KINDS[key]


def kinds() -> list[ReviewableKind]:
    return list(_KINDS.values())
