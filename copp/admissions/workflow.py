"""Statuses of applications and participants and who may move them (the TRANSITIONS table)."""
from copp.core.roles import Cap
from copp.core.workflow import Transition, Workflow

from .models import ACTIVE_STATUSES, ApplicationStatus

S = ApplicationStatus

# Staff (and partners, for their own programs) process; the applicant fixes and resubmits, or withdraws.
TRANSITIONS = [
    Transition(S.SUBMITTED, S.IN_REVIEW, Cap.APPLICATIONS_PROCESS),
    Transition(S.IN_REVIEW, S.NEEDS_CHANGES, Cap.APPLICATIONS_PROCESS),
    Transition(S.IN_REVIEW, S.ACCEPTED, Cap.APPLICATIONS_PROCESS),
    Transition(S.IN_REVIEW, S.REJECTED, Cap.APPLICATIONS_PROCESS),
    Transition(S.ACCEPTED, S.ENROLLED, Cap.APPLICATIONS_ENROLL),  # set by training when a group takes the learner
    Transition(S.ENROLLED, S.COMPLETED, Cap.APPLICATIONS_ENROLL),  # set by training when the learner completes
]
# The applicant's own moves. Any signed-in user holds the capability; the services let only the applicant's
# side make them (the citizen who applied, or a representative of the organisation that applied).
APPLICANT_TARGETS = frozenset({S.SUBMITTED, S.WITHDRAWN})
TRANSITIONS.append(Transition(S.NEEDS_CHANGES, S.SUBMITTED, Cap.CABINET))
TRANSITIONS += [Transition(source, S.WITHDRAWN, Cap.CABINET) for source in ACTIVE_STATUSES if source != S.ENROLLED]

APPLICATION = Workflow(TRANSITIONS)

# A refusal and a request for changes always say why: the applicant reads the comment.
COMMENT_REQUIRED = frozenset({S.REJECTED, S.NEEDS_CHANGES})

# What a processor can set on one participant of an organisation's application.
PARTICIPANT_TARGETS = (S.ACCEPTED, S.REJECTED)

# After acceptance each participant goes on alone: training enrols them into a group and records their
# completion (M20). The application follows once none of its participants is left behind.
PARTICIPANT = Workflow([
    Transition(S.ACCEPTED, S.ENROLLED, Cap.APPLICATIONS_ENROLL),
    Transition(S.ENROLLED, S.COMPLETED, Cap.APPLICATIONS_ENROLL),
])
