"""Account rules for sign-ins through ESIA: who signs in, who signs up, what gets linked; all journaled.

A new oid makes a learner whose profile comes from ESIA (after consent on the sign-up page); an account
that already has the e-mail or SNILS gets the oid only after its owner signs in with the password and
confirms; one oid is linked to one account and one account to one oid.
"""
import logging
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.db import IntegrityError, transaction
from django.utils import timezone

from copp.accounts.models import User
from copp.accounts.services import citizen_register, profile_update
from copp.core.audit import audit_record, client_ip

from .identity import EsiaIdentity
from .models import EsiaEvent, Outcome, Reason
from .refusals import EsiaRefusal

PROVIDER = "esia"
logger = logging.getLogger("copp.esia")


def esia_event_record(*, outcome: str, reason: str = "", oid: str = "", user=None, details: dict | None = None,
                      request=None) -> EsiaEvent:
    """Journal one outcome of a sign-in through ESIA and mirror it in the audit log."""
    user = user if getattr(user, "is_authenticated", False) else None
    event = EsiaEvent.objects.create(outcome=outcome, reason=reason, oid=oid, user=user, ip=client_ip(request),
                                     details=details or {})
    audit_record(actor=user, action=f"esia.{outcome}", obj=event,
                 details={"reason": reason, "oid": oid, **(details or {})}, request=request)
    log = logger.warning if outcome == Outcome.REFUSED else logger.info
    log("ESIA %s %s oid=%s user=%s %s", outcome, reason, oid, user.pk if user else "-", details or "")
    return event


def esia_refusal_record(refusal: EsiaRefusal, *, request=None) -> EsiaEvent:
    """Journal a refused sign-in: nothing was created or linked."""
    return esia_event_record(outcome=Outcome.REFUSED, reason=refusal.reason, oid=refusal.oid,
                             user=getattr(request, "user", None), details=refusal.details, request=request)


def esia_account_of(user) -> SocialAccount | None:
    """The user's link to ESIA, if any."""
    return SocialAccount.objects.filter(provider=PROVIDER, user=user).first() if user.is_authenticated else None


@dataclass(frozen=True)
class Decision:
    action: str  # "sign_in", "sign_up", "confirm_link" or "already_linked"
    user: User | None = None


def email_owner(email: str) -> User | None:
    """The account that has this e-mail as its login or as one of its addresses."""
    if not email:
        return None
    return (User.objects.filter(email__iexact=email).first()
            or User.objects.filter(emailaddress__email__iexact=email).first())


def _snils_owner(snils: str) -> User | None:
    return User.objects.filter(snils=snils).first() if snils else None


def esia_link_check(identity: EsiaIdentity, user: User) -> None:
    """EsiaRefusal unless the oid may be linked to the user: one oid to one account, one account to one
    oid, a SNILS to one person."""
    linked = SocialAccount.objects.filter(provider=PROVIDER, uid=identity.oid).first()
    if linked is not None and linked.user_id != user.pk:
        raise EsiaRefusal(Reason.OID_TAKEN, oid=identity.oid)
    other = SocialAccount.objects.filter(provider=PROVIDER, user=user).exclude(uid=identity.oid).first()
    if other is not None:
        raise EsiaRefusal(Reason.OTHER_OID_LINKED, oid=identity.oid, linked_oid=other.uid)
    owner = _snils_owner(identity.snils)
    if owner is not None and owner.pk != user.pk:
        raise EsiaRefusal(Reason.SNILS_TAKEN, oid=identity.oid)
    # Person data left waiting in a shared browser must not go to whoever signs in next: when the ESIA
    # e-mail belongs to an account, only that account may take the link.
    owner = email_owner(identity.email)
    if owner is not None and owner.pk != user.pk:
        raise EsiaRefusal(Reason.EMAIL_TAKEN, oid=identity.oid)


def esia_decide(*, identity: EsiaIdentity, process: str, current_user) -> Decision:
    """What a checked ESIA identity leads to; EsiaRefusal for what the account rules forbid."""
    account = SocialAccount.objects.filter(provider=PROVIDER, uid=identity.oid).select_related("user").first()
    if process == "connect":
        if account is not None and account.user_id == current_user.pk:
            return Decision("already_linked", current_user)
        esia_link_check(identity, current_user)
        return Decision("confirm_link", current_user)
    if account is not None:
        if not account.user.is_active:
            raise EsiaRefusal(Reason.ACCOUNT_INACTIVE, oid=identity.oid)
        return Decision("sign_in", account.user)
    if email_owner(identity.email) is not None:
        raise EsiaRefusal(Reason.EMAIL_TAKEN, oid=identity.oid)
    if _snils_owner(identity.snils) is not None:
        raise EsiaRefusal(Reason.SNILS_TAKEN, oid=identity.oid)
    return Decision("sign_up")


@transaction.atomic
def esia_sign_in(*, user: User, identity: EsiaIdentity, request=None) -> None:
    """Refresh what the link keeps from ESIA and journal the sign-in."""
    SocialAccount.objects.filter(provider=PROVIDER, uid=identity.oid, user=user).update(
        extra_data=identity.extra_data(), last_login=timezone.now())
    esia_event_record(outcome=Outcome.SIGNED_IN, oid=identity.oid, user=user, request=request)


def esia_sign_up(*, identity: EsiaIdentity, email: str, request=None) -> User:
    """A learner for a new oid: the profile from ESIA marked as confirmed, consent recorded, the oid linked."""
    email = email.strip().lower()
    try:
        return _sign_up(identity, email, request)
    except IntegrityError as exc:  # a parallel request took the oid, e-mail or SNILS first
        raise EsiaRefusal(Reason.OID_TAKEN, oid=identity.oid, race=True) from exc


@transaction.atomic
def _sign_up(identity: EsiaIdentity, email: str, request) -> User:
    if SocialAccount.objects.filter(provider=PROVIDER, uid=identity.oid).exists():
        raise EsiaRefusal(Reason.OID_TAKEN, oid=identity.oid)
    if email_owner(email) is not None:
        raise EsiaRefusal(Reason.EMAIL_TAKEN, oid=identity.oid)
    if _snils_owner(identity.snils) is not None:
        raise EsiaRefusal(Reason.SNILS_TAKEN, oid=identity.oid)
    user = User.objects.create_user(email=email)  # no password: the person signs in through ESIA
    EmailAddress.objects.create(user=user, email=email, primary=True,
                                verified=identity.email_verified and email == identity.email)
    citizen_register(user=user, profile={**identity.profile(), "confirmed_by_esia": True}, request=request)
    SocialAccount.objects.create(user=user, provider=PROVIDER, uid=identity.oid, extra_data=identity.extra_data(),
                                 last_login=timezone.now())
    esia_event_record(outcome=Outcome.SIGNED_UP, oid=identity.oid, user=user, request=request)
    return user


def esia_link(*, user: User, identity: EsiaIdentity, request=None) -> SocialAccount:
    """Link the oid to the signed-in account the owner confirmed; ESIA's confirmed data fills the profile."""
    try:
        return _link(user, identity, request)
    except IntegrityError as exc:
        raise EsiaRefusal(Reason.OID_TAKEN, oid=identity.oid, race=True) from exc


@transaction.atomic
def _link(user: User, identity: EsiaIdentity, request) -> SocialAccount:
    user = User.objects.select_for_update().get(pk=user.pk)
    esia_link_check(identity, user)
    account, _created = SocialAccount.objects.update_or_create(
        provider=PROVIDER, uid=identity.oid, defaults={"user": user, "extra_data": identity.extra_data()})
    changes = link_changes(user, identity)
    profile_update(user=user, changes={**changes, "confirmed_by_esia": True}, request=request)
    esia_event_record(outcome=Outcome.LINKED, oid=identity.oid, user=user, request=request)
    return account


def link_changes(user: User, identity: EsiaIdentity) -> dict:
    """Profile fields that linking changes: ESIA's confirmed name, birth date and SNILS; the phone only
    when the profile has none."""
    changes = {}
    for field, value in identity.profile().items():
        if value in ("", None) or (field == "phone" and user.phone):
            continue
        if getattr(user, field) != value:
            changes[field] = value
    return changes
