"""Statuses of a material version and who moves them: the authors send a draft or a revised version to review;
the review's chairperson decides (through the review engine); an approved version is replaced when a newer one
is approved."""
from copp.core.roles import Cap
from copp.core.workflow import PLATFORM, Transition, Workflow

from .models import VersionStatus as S

TRANSITIONS = [
    Transition(S.DRAFT, S.IN_REVIEW, Cap.MATERIALS_OWN),
    Transition(S.REVISION, S.IN_REVIEW, Cap.MATERIALS_OWN),
    Transition(S.IN_REVIEW, S.APPROVED, Cap.REVIEWS_MANAGE),
    Transition(S.IN_REVIEW, S.REVISION, Cap.REVIEWS_MANAGE),
    Transition(S.IN_REVIEW, S.REJECTED, Cap.REVIEWS_MANAGE),
    Transition(S.APPROVED, S.SUPERSEDED, PLATFORM),
]
VERSION_WORKFLOW = Workflow(TRANSITIONS)

# The version's status after each decision of the review engine.
DECISION_STATUS = {"approve": S.APPROVED, "revise": S.REVISION, "reject": S.REJECTED}
