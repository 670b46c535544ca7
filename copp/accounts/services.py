"""Writes about accounts: consents, roles, profile; each atomic and audited."""
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from copp.core.audit import audit_record, client_ip
from copp.core.roles import Role

from .models import ConsentKind, ConsentRecord, ConsentText, RoleAssignment, User


class NoConsentText(Exception):
    """No current consent text is published; sign-up cannot record consent."""


def consent_text_current(kind: str = ConsentKind.PERSONAL_DATA) -> ConsentText | None:
    return ConsentText.objects.filter(kind=kind, is_current=True).first()


@transaction.atomic
def consent_give(*, user: User, kind: str = ConsentKind.PERSONAL_DATA, request=None) -> ConsentRecord:
    """Record that the user agreed to the current text of this kind, with time and IP (152-ФЗ)."""
    text = consent_text_current(kind)
    if text is None:
        raise NoConsentText(_("The consent text has not been published yet."))
    record = ConsentRecord.objects.create(user=user, text=text, ip=client_ip(request))
    audit_record(actor=user, action="consent.given", obj=user, details={"text": text.pk}, request=request)
    return record


@transaction.atomic
def consent_text_publish(*, actor, kind: str, title: str, body: str, request=None) -> ConsentText:
    """Publish a new version of a consent text; the previous one stays for the records that cite it."""
    last = ConsentText.objects.select_for_update().filter(kind=kind).order_by("-version").first()
    ConsentText.objects.filter(kind=kind, is_current=True).update(is_current=False)
    text = ConsentText.objects.create(kind=kind, version=(last.version + 1) if last else 1,
                                      title=title, body=body, is_current=True)
    audit_record(actor=actor, action="consent_text.published", obj=text, request=request)
    return text


def role_assign(*, actor, user: User, role: str, request=None) -> RoleAssignment:
    """Give a user a role; giving one already held changes nothing."""
    try:
        with transaction.atomic():
            assignment, created = RoleAssignment.objects.get_or_create(user=user, role=role)
            if created:
                audit_record(actor=actor, action="role.assigned", obj=user, details={"role": role}, request=request)
    except IntegrityError:  # a concurrent request assigned it first
        assignment = RoleAssignment.objects.get(user=user, role=role)
    user.__dict__.pop("_copp_roles", None)
    return assignment


@transaction.atomic
def role_remove(*, actor, user: User, role: str, request=None) -> None:
    deleted, _count = RoleAssignment.objects.filter(user=user, role=role).delete()
    if deleted:
        audit_record(actor=actor, action="role.removed", obj=user, details={"role": role}, request=request)


@transaction.atomic
def citizen_register(*, user: User, profile: dict, request=None) -> User:
    """Finish a citizen's sign-up (M5): profile, the learner role, consent."""
    for field, value in profile.items():
        setattr(user, field, value)
    user.save()
    role_assign(actor=user, user=user, role=Role.LEARNER, request=request)
    consent_give(user=user, request=request)
    audit_record(actor=user, action="user.registered", obj=user, details={"flow": "citizen"}, request=request)
    return user


@transaction.atomic
def profile_update(*, user: User, changes: dict, request=None) -> User:
    old = {field: str(getattr(user, field)) for field in changes}
    for field, value in changes.items():
        setattr(user, field, value)
    user.save()
    audit_record(actor=user, action="profile.updated", obj=user,
                 details={"changed": [f for f in changes if old[f] != str(changes[f])]}, request=request)
    return user


def user_block(*, actor, user: User, request=None) -> None:
    user.is_active = False
    user.save(update_fields=["is_active"])
    audit_record(actor=actor, action="user.blocked", obj=user, request=request)


def account_erasure_date(user: User):
    """152-ФЗ: data is destroyed within 30 days after consent is withdrawn."""
    return timezone.now() + timezone.timedelta(days=30)
