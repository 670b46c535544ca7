"""Verification of an organisation: the statuses it moves through and who may move it."""
from copp.core.roles import Cap
from copp.core.workflow import Transition, Workflow

from .models import VerificationStatus

VERIFICATION = Workflow([
    Transition(VerificationStatus.PENDING, VerificationStatus.VERIFIED, Cap.ORGANIZATIONS_VERIFY),
    Transition(VerificationStatus.PENDING, VerificationStatus.REJECTED, Cap.ORGANIZATIONS_VERIFY),
    Transition(VerificationStatus.REJECTED, VerificationStatus.VERIFIED, Cap.ORGANIZATIONS_VERIFY),
    Transition(VerificationStatus.VERIFIED, VerificationStatus.REJECTED, Cap.ORGANIZATIONS_VERIFY),
])

# A refusal always says why: the representative reads the comment in the e-mail and the cabinet.
COMMENT_REQUIRED = frozenset({VerificationStatus.REJECTED})
