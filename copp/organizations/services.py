"""Writes about organisations: employer/partner sign-up (M5) and verification; atomic and audited."""

from allauth.account.internal.flows.email_verification import send_verification_email_to_address
from allauth.account.models import EmailAddress
from allauth.core.context import request_context
from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from copp.accounts.models import User
from copp.accounts.services import consent_give, profile_update, role_assign
from copp.core.audit import audit_record
from copp.core.links import absolute_url
from copp.core.roles import Role
from copp.core.workflow import TransitionNotAllowed

from .models import Membership, MembershipRole, Organization, OrganizationType, VerificationStatus
from .workflow import COMMENT_REQUIRED, VERIFICATION

# The sign-up URL's kind -> the organisation type and the role its representative receives.
SIGNUP_KINDS = {
    "customer": (OrganizationType.CUSTOMER, Role.CUSTOMER),
    "partner": (OrganizationType.PARTNER, Role.PARTNER),
    "educational": (OrganizationType.EDUCATIONAL, Role.PARTNER),
}

ORGANIZATION_FIELDS = ("name", "short_name", "inn", "ogrn", "kpp", "legal_address", "phone", "email",
                       "website")
PERSON_FIELDS = ("last_name", "first_name", "patronymic", "phone")
# The representative's fields that a Gosuslugi-confirmed account keeps as Gosuslugi gave them.
ESIA_CONFIRMED_FIELDS = ("last_name", "first_name", "patronymic")

# Namespaces of the advisory locks that serialise sign-ups of one INN and of one e-mail.
_LOCK_INN = 7301
_LOCK_EMAIL = 7302


class RegistrationConflict(Exception):
    """The INN or the e-mail is already registered; `field` names the form field to blame."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def duplicate_inn_message() -> str:
    return _("An organisation with this INN is already registered. If you work there, "
             "contact its representative or the CoPP.")


def duplicate_email_message() -> str:
    return _("An account with this e-mail already exists. Sign in with it or use another e-mail.")


def _advisory_lock(namespace: int, value: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", [namespace, value])


def inn_taken(inn: str) -> bool:
    return Organization.objects.filter(inn=inn).exists()


def email_taken(email: str) -> bool:
    return (User.objects.filter(email__iexact=email).exists()
            or EmailAddress.objects.filter(email__iexact=email).exists())


def registration_conflict(*, inn: str, email: str) -> RegistrationConflict | None:
    """The reason this INN or e-mail cannot be registered again, if any."""
    if inn_taken(inn):
        return RegistrationConflict("inn", duplicate_inn_message())
    if email_taken(email):
        return RegistrationConflict("email", duplicate_email_message())
    return None


@transaction.atomic
def organization_register(*, request, kind: str, org_data: dict, person_data: dict, competencies,
                          signup_token: str = "", existing_user: User | None = None) -> Organization:
    """Self sign-up of an organisation and its representative (M5); the organisation awaits verification.

    The representative is a new account (e-mail to confirm) or, with `existing_user`, the signed-in
    user: no account is made and nothing is sent, the given name and phone update the profile."""
    org_type, role = SIGNUP_KINDS[kind]
    # Two clicks on «Зарегистрировать» (or two people with one INN) queue here; the second then
    # sees the first one's rows and is refused. The unique constraints stay the backstop.
    _advisory_lock(_LOCK_INN, org_data["inn"])
    address = None
    if existing_user is None:
        email = User.objects.normalize_email(person_data["email"]).lower()
        _advisory_lock(_LOCK_EMAIL, email)
        conflict = registration_conflict(inn=org_data["inn"], email=email)
        if conflict:
            raise conflict
        user, address = _representative_create(request, email, person_data)
    else:
        if inn_taken(org_data["inn"]):
            raise RegistrationConflict("inn", duplicate_inn_message())
        user = existing_user
        _representative_update(request, user, person_data)

    organization = Organization.objects.create(
        type=org_type, verification_status=VerificationStatus.PENDING,
        municipality_id=org_data.get("municipality") or None,
        **{f: org_data.get(f) or "" for f in ORGANIZATION_FIELDS},
    )
    organization.competencies.set(competencies or [])
    Membership.objects.create(user=user, organization=organization, role=MembershipRole.REPRESENTATIVE,
                              position=person_data.get("position") or "")
    role_assign(actor=user, user=user, role=role, request=request)
    consent_give(user=user, request=request)
    if address is not None:
        audit_record(actor=user, action="user.registered", obj=user, details={"flow": "organization"},
                     request=request)
    audit_record(actor=user, action="organization.registered", obj=organization,
                 details={"type": org_type, "signup_token": signup_token,
                          "representative": "new" if address is not None else "signed_in"}, request=request)
    if address is not None:
        _send_email_confirmation(request, address)
    return organization


def _representative_create(request, email: str, person_data: dict) -> tuple[User, EmailAddress]:
    user = User(email=email, is_active=True, **{f: person_data.get(f) or "" for f in PERSON_FIELDS})
    if person_data.get("password_hash"):
        user.password = person_data["password_hash"]
    else:
        user.set_password(person_data["password"])
    user.save()
    address = EmailAddress.objects.add_email(request, user, email, confirm=False)
    address.primary = True
    address.save(update_fields=["primary"])
    return user, address


def _representative_update(request, user: User, person_data: dict) -> None:
    fields = PERSON_FIELDS
    if user.confirmed_by_esia:
        fields = tuple(f for f in fields if f not in ESIA_CONFIRMED_FIELDS)  # Gosuslugi's data is not overwritten
    changes = {f: person_data.get(f) or "" for f in fields
               if f in person_data and (person_data.get(f) or "") != getattr(user, f)}
    if changes:
        profile_update(user=user, changes=changes, request=request)


def _send_email_confirmation(request, address: EmailAddress) -> None:
    # allauth reads the request from its context; set it even when the commit comes after the view.
    with request_context(request):
        send_verification_email_to_address(request, address, signup=True)


def _already_message(status: str) -> str:
    if status == VerificationStatus.VERIFIED:
        return _("The organisation has already been verified.")
    if status == VerificationStatus.REJECTED:
        return _("The organisation has already been refused verification.")
    return _("This status change is not possible.")


def _verification_decide(*, actor, organization: Organization, target: str, comment: str,
                         request) -> Organization:
    comment = (comment or "").strip()
    # The row lock makes two staff members clicking at once queue; the second sees the new status.
    locked = Organization.objects.select_for_update().get(pk=organization.pk)
    source = locked.verification_status
    if source == target:
        raise TransitionNotAllowed(_already_message(target))
    VERIFICATION.check(source, target, actor)
    if target in COMMENT_REQUIRED and not comment:
        raise TransitionNotAllowed(_("Give the reason for the refusal: the representative will read it."))
    locked.verification_status = target
    locked.verification_comment = comment
    locked.verified_by = actor
    locked.verified_at = timezone.now()
    locked.save(update_fields=["verification_status", "verification_comment", "verified_by", "verified_at",
                               "updated_at"])
    audit_record(actor=actor, action=f"organization.{target}", obj=locked,
                 details={"from": source, "to": target, "comment": comment}, request=request)
    _notify_representatives(locked, request)
    for field in ("verification_status", "verification_comment", "verified_by", "verified_at", "updated_at"):
        setattr(organization, field, getattr(locked, field))
    return locked


@transaction.atomic
def organization_verify(*, actor, organization: Organization, comment: str = "",
                        request=None) -> Organization:
    """Confirm an organisation after checking its details; its representatives are told by e-mail."""
    return _verification_decide(actor=actor, organization=organization, target=VerificationStatus.VERIFIED,
                                comment=comment, request=request)


@transaction.atomic
def organization_reject(*, actor, organization: Organization, comment: str, request=None) -> Organization:
    """Refuse verification with a stated reason; its representatives are told by e-mail."""
    return _verification_decide(actor=actor, organization=organization, target=VerificationStatus.REJECTED,
                                comment=comment, request=request)


def _notify_representatives(organization: Organization, request) -> None:
    recipients = list(
        Membership.objects.filter(organization=organization, role=MembershipRole.REPRESENTATIVE,
                                  is_active=True, user__is_active=True).values_list("user__email", flat=True)
    )
    if not recipients:
        return
    url = absolute_url(reverse("organizations:own"), request)
    context = {"organization": organization, "url": url,
               "verified": organization.verification_status == VerificationStatus.VERIFIED}
    # Representatives have no language preference yet: write in the platform's language.
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string("organizations/email/verification_subject.txt", context).split())
        body = render_to_string("organizations/email/verification_body.txt", context)
    send_mass_mail([(subject, body, None, [email]) for email in recipients])
