"""Statuses of a review and who moves them: the authors send a version (opening a round), the chairperson's
decision closes it (approved, back for revision, rejected); a revised or new version opens the next round."""
from copp.core.roles import Cap
from copp.core.workflow import Transition, Workflow

from .models import ReviewStatus

TRANSITIONS = [
    Transition(ReviewStatus.IN_REVIEW, ReviewStatus.APPROVED, Cap.REVIEWS_MANAGE),
    Transition(ReviewStatus.IN_REVIEW, ReviewStatus.REVISION, Cap.REVIEWS_MANAGE),
    Transition(ReviewStatus.IN_REVIEW, ReviewStatus.REJECTED, Cap.REVIEWS_MANAGE),
    # A new round: the authors send the revised version, or a new version of an approved or rejected subject.
    Transition(ReviewStatus.REVISION, ReviewStatus.IN_REVIEW, Cap.CABINET),
    Transition(ReviewStatus.APPROVED, ReviewStatus.IN_REVIEW, Cap.CABINET),
    Transition(ReviewStatus.REJECTED, ReviewStatus.IN_REVIEW, Cap.CABINET),
]
REVIEW_WORKFLOW = Workflow(TRANSITIONS)

# The review's status after each decision of a round.
DECISION_STATUS = {"approve": ReviewStatus.APPROVED, "revise": ReviewStatus.REVISION,
                   "reject": ReviewStatus.REJECTED}
