"""Statuses of an employer's invitation to a candidate and who may move them (M28): an employer sends it, the
learner accepts or declines it."""
from copp.core.roles import Cap
from copp.core.workflow import Transition, Workflow

from .models import InvitationStatus as S

INVITATION_TRANSITIONS = [
    Transition("", S.SENT, Cap.PORTFOLIOS_INVITE),
    Transition(S.SENT, S.ACCEPTED, Cap.PORTFOLIO_OWN),
    Transition(S.SENT, S.DECLINED, Cap.PORTFOLIO_OWN),
]
INVITATION_WORKFLOW = Workflow(INVITATION_TRANSITIONS)
