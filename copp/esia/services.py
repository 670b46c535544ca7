"""Account rules for sign-ins through ESIA: who signs in, who signs up, what gets linked; all journaled.

A new oid makes a learner whose profile comes from ESIA (after consent on the sign-up page); an account
that already has the ESIA-verified e-mail gets the oid only after its owner signs in with the password in
the same browser and confirms; one oid is linked to one account and one account to one oid. Only a
confirmed ESIA account (`trusted`) confirms profile data; a SNILS typed by hand gives way to the person
ESIA confirms it for.
"""
import logging
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

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


def snils_confirmed(user: User) -> bool:
    """Whether the user's SNILS was proven through ESIA: a confirmed profile of an account linked to ESIA
    (the SNILS of such a profile cannot be edited while linked). A SNILS typed by hand is not."""
    return bool(user.snils and user.confirmed_by_esia
                and SocialAccount.objects.filter(provider=PROVIDER, user=user).exists())


def _snils_conflict(identity: EsiaIdentity, user: User | None) -> User | None:
    """The other account that holds the identity's SNILS. Refused when ESIA confirmed it there; a SNILS typed
    by hand there is returned, to be given up to the owner ESIA confirms."""
    owner = _snils_owner(identity.snils)
    if owner is None or (user is not None and owner.pk == user.pk):
        return None
    if snils_confirmed(owner):
        raise EsiaRefusal(Reason.SNILS_TAKEN, oid=identity.oid)
    return owner


def _snils_release(holder: User, identity: EsiaIdentity, request) -> None:
    """ESIA confirmed this SNILS for another person: the account that typed it in gives it up, is told by a
    letter, and the audit log keeps the change (the SNILS itself is not written there, 152-ФЗ)."""
    holder = User.objects.select_for_update().get(pk=holder.pk)
    masked = holder.masked_snils
    holder.snils = ""
    holder.save(update_fields=["snils"])
    audit_record(actor=None, action="profile.snils_released", obj=holder,
                 details={"reason": "confirmed_by_esia_for_another_person", "oid": identity.oid}, request=request)
    subject = _("Your SNILS was removed from your profile")
    body = _("The SNILS %(snils)s that was entered by hand in your profile on the CoPP platform has been confirmed "
             "through Gosuslugi for another person, so it was removed from your profile. If it is your SNILS, "
             "sign in through Gosuslugi; otherwise enter your own SNILS in the profile.") % {"snils": masked}
    transaction.on_commit(lambda: send_mail(str(subject), str(body), None, [holder.email], fail_silently=True))
    logger.warning("ESIA oid=%s took SNILS from user %s (typed by hand)", identity.oid, holder.pk)


def esia_link_check(identity: EsiaIdentity, user: User) -> None:
    """EsiaRefusal unless the oid may be linked to the user: one oid to one account, one account to one
    oid, a SNILS confirmed for one person."""
    linked = SocialAccount.objects.filter(provider=PROVIDER, uid=identity.oid).first()
    if linked is not None and linked.user_id != user.pk:
        raise EsiaRefusal(Reason.OID_TAKEN, oid=identity.oid)
    other = SocialAccount.objects.filter(provider=PROVIDER, user=user).exclude(uid=identity.oid).first()
    if other is not None:
        raise EsiaRefusal(Reason.OTHER_OID_LINKED, oid=identity.oid, linked_oid=other.uid)
    if identity.trusted:
        _snils_conflict(identity, user)


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
    # Only an address ESIA has verified points at an account; an unverified one proves nothing and the
    # sign-up asks for another address instead (the owner may link ESIA from the profile).
    owner = email_owner(identity.email) if identity.email_verified else None
    if owner is not None:
        raise EsiaRefusal(Reason.EMAIL_TAKEN, oid=identity.oid, target=owner.pk)
    if identity.trusted:
        _snils_conflict(identity, None)
    return Decision("sign_up")


def _confirmed_profile(user: User | None, identity: EsiaIdentity, request) -> dict:
    """The profile fields a confirmed ESIA account sets, after the SNILS typed by hand elsewhere is released;
    an unconfirmed account sets nothing it could not set by hand and confirms nothing."""
    profile = identity.profile()
    if not identity.trusted:
        holder = _snils_owner(identity.snils)
        if holder is not None and (user is None or holder.pk != user.pk):
            profile["snils"] = ""  # not proven, so not claimed from anyone
        return {**profile, "confirmed_by_esia": False}
    holder = _snils_conflict(identity, user)
    if holder is not None:
        _snils_release(holder, identity, request)
    return {**profile, "confirmed_by_esia": True}


@transaction.atomic
def esia_sign_in(*, user: User, identity: EsiaIdentity, request=None) -> None:
    """Refresh what the link keeps from ESIA, the confirmed profile fields with it, and journal the sign-in."""
    user = User.objects.select_for_update().get(pk=user.pk)
    SocialAccount.objects.filter(provider=PROVIDER, uid=identity.oid, user=user).update(
        extra_data=identity.extra_data(), last_login=timezone.now())
    if identity.trusted:
        try:
            with transaction.atomic():
                changes = {**link_changes(user, identity), "confirmed_by_esia": True}
                _confirmed_profile(user, identity, request)
                profile_update(user=user, changes=changes, request=request)
        except EsiaRefusal:  # the SNILS is confirmed for another account: keep the profile as it is
            pass
    elif user.confirmed_by_esia:
        profile_update(user=user, changes={"confirmed_by_esia": False}, request=request)
    esia_event_record(outcome=Outcome.SIGNED_IN, oid=identity.oid, user=user, request=request,
                      details={} if identity.trusted else {"trusted": False})


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
    profile = _confirmed_profile(None, identity, request)
    user = User.objects.create_user(email=email)  # no password: the person signs in through ESIA
    EmailAddress.objects.create(user=user, email=email, primary=True,
                                verified=identity.email_verified and email == identity.email)
    citizen_register(user=user, profile=profile, request=request)
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
    if identity.trusted:  # an unconfirmed ESIA account links for signing in, but confirms nothing
        _confirmed_profile(user, identity, request)
        profile_update(user=user, changes={**link_changes(user, identity), "confirmed_by_esia": True},
                       request=request)
    elif user.confirmed_by_esia:
        profile_update(user=user, changes={"confirmed_by_esia": False}, request=request)
    esia_event_record(outcome=Outcome.LINKED, oid=identity.oid, user=user, request=request,
                      details={} if identity.trusted else {"trusted": False})
    return account


def link_changes(user: User, identity: EsiaIdentity) -> dict:
    """Profile fields that linking changes: ESIA's confirmed name, birth date and SNILS; the phone only
    when the profile has none. An unconfirmed ESIA account changes nothing."""
    changes = {}
    if not identity.trusted:
        return changes
    for field, value in identity.profile().items():
        if value in ("", None) or (field == "phone" and user.phone):
            continue
        if getattr(user, field) != value:
            changes[field] = value
    return changes
