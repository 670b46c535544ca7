"""Refusals of a sign-in through ESIA: the exception the flow raises and what the user is told."""
from django.utils.translation import gettext_lazy as _

from .models import Reason

REFUSAL_MESSAGES = {
    Reason.DISABLED: _("Sign-in through Gosuslugi is switched off on this platform."),
    Reason.SIGNER_FAILED: _("Sign-in through Gosuslugi is not available right now: the platform could not "
                            "prepare the request. We have recorded the problem."),
    Reason.STATE_MISMATCH: _("We could not confirm this sign-in through Gosuslugi: the answer does not belong to "
                             "a sign-in started here, or it is too old. Please start again."),
    Reason.TOKEN_STATE_MISMATCH: _("Gosuslugi sent an answer that does not match our request, so we did not "
                                   "accept it. Please start again."),
    Reason.ACCESS_DENIED: _("You did not allow access to your data on Gosuslugi, so we cannot sign you in. "
                            "To sign in through Gosuslugi, allow access to the requested data."),
    Reason.CODE_REJECTED: _("Gosuslugi did not accept the sign-in code: it has already been used or has expired. "
                            "Please sign in through Gosuslugi again."),
    Reason.SIGNATURE_REJECTED: _("Gosuslugi did not accept the platform's electronic signature. The administrator "
                                 "has to check the key and certificate."),
    Reason.CERTIFICATE_REJECTED: _("Gosuslugi did not recognise the platform's certificate. The administrator has "
                                   "to check the certificate registered on the technology portal."),
    Reason.CLOCK_SKEW: _("Gosuslugi did not accept the request time. The administrator has to check the server "
                         "clock."),
    Reason.UNCONFIRMED_ACCOUNT: _("Your Gosuslugi account is not confirmed. Confirm it on Gosuslugi and try "
                                  "again."),
    Reason.ESIA_ERROR: _("Gosuslugi answered with an error. Please try again later."),
    Reason.TIMEOUT: _("Gosuslugi did not answer in time. Please try again in a few minutes."),
    Reason.UNAVAILABLE: _("Gosuslugi is temporarily unavailable. Please try again later."),
    Reason.BAD_RESPONSE: _("Gosuslugi sent an answer we could not read. Please try again later."),
    Reason.TOKEN_INVALID: _("The answer from Gosuslugi failed our security checks, so we did not accept it."),
    Reason.MISSING_OID: _("Gosuslugi did not send your account identifier, so we cannot sign you in."),
    Reason.PERSON_FORBIDDEN: _("Gosuslugi did not give us your personal data, so we cannot sign you in."),
    Reason.OID_TAKEN: _("This Gosuslugi account is already linked to another account on the platform. Sign in "
                        "through Gosuslugi to use that account."),
    Reason.OTHER_OID_LINKED: _("Your account is already linked to another Gosuslugi account. One account can be "
                               "linked to one Gosuslugi account only."),
    Reason.EMAIL_TAKEN: _("An account with the e-mail from Gosuslugi already exists on the platform. Sign in to "
                          "it with your password, then confirm linking Gosuslugi to it."),
    Reason.SNILS_TAKEN: _("The SNILS from Gosuslugi is already confirmed through Gosuslugi for another account on "
                          "the platform. Please contact the CoPP."),
    Reason.ACCOUNT_INACTIVE: _("Your account on the platform is blocked. Please contact the CoPP."),
    Reason.LINK_EXPIRED: _("The data from Gosuslugi is no longer available. Please sign in through Gosuslugi "
                           "again."),
    Reason.SCOPE_MISSING: _("Gosuslugi did not give access to all the data the platform needs (full name, birth "
                            "date, SNILS, contacts). Sign in again and allow access to all the requested data."),
    Reason.LINK_FOREIGN: _("This Gosuslugi account was waiting to be linked to another account, so it was not "
                           "linked. Sign in to your account and link Gosuslugi from the profile."),
}

# Codes of ESIA errors (integrations.md §1.10) and what they mean for the user.
ESIA_CODES = {
    "007002": Reason.CERTIFICATE_REJECTED,
    "007004": Reason.ACCESS_DENIED,
    "007011": Reason.CODE_REJECTED,
    "007015": Reason.CLOCK_SKEW,
    "007053": Reason.SIGNATURE_REJECTED,
    "007055": Reason.UNCONFIRMED_ACCOUNT,
    "007008": Reason.UNAVAILABLE,
}


class EsiaRefusal(Exception):
    """A sign-in through ESIA refused for `reason`; `details` go to the journal, never to the user."""

    def __init__(self, reason: str, oid: str = "", **details):
        super().__init__(reason)
        self.reason, self.oid, self.details = reason, oid, details

    @property
    def message(self):
        return REFUSAL_MESSAGES[self.reason]

    @property
    def offers_password(self) -> bool:
        return self.reason not in (Reason.OID_TAKEN, Reason.OTHER_OID_LINKED, Reason.ACCOUNT_INACTIVE,
                                   Reason.LINK_FOREIGN, Reason.SNILS_TAKEN)


def reason_for_esia_error(description: str, error: str = "") -> str:
    """Reason from `ESIA-0070xx: …` in error_description, or from the OAuth error value."""
    for code, reason in ESIA_CODES.items():
        if f"ESIA-{code}" in (description or ""):
            return reason
    if error == "access_denied":
        return Reason.ACCESS_DENIED
    return Reason.ESIA_ERROR
