"""Writes about accounts: consents, roles, profile, invited learner accounts; each atomic and audited."""
import datetime
import logging

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from copp.core.audit import audit_record, client_ip
from copp.core.identity import platform_identity
from copp.core.links import absolute_url
from copp.core.models import AuditLog
from copp.core.personal_data import erase_subject
from copp.core.roles import Role
from copp.core.validators import format_snils

from .models import ConsentKind, ConsentRecord, ConsentText, ErasureRequest, RoleAssignment, User

logger = logging.getLogger(__name__)


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


class InvitationRefused(Exception):
    """A learner account cannot be found or made for the person: the message says what to fix."""


def invitation_url(user: User, request=None) -> str:
    """The link that lets an invited person set a password; it dies once the password is set."""
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str

    path = reverse("accounts:invitation", kwargs={"uidb36": user_pk_to_url_str(user),
                                                   "key": default_token_generator.make_token(user)})
    return absolute_url(path, request)


def invitation_user(uidb36: str, key: str) -> User | None:
    """The user an invitation link was made for, or None when the link is wrong or already used."""
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import url_str_to_user_pk

    try:
        user = User.objects.get(pk=url_str_to_user_pk(uidb36), is_active=True)
    except (ValueError, User.DoesNotExist):
        return None
    return user if default_token_generator.check_token(user, key) else None


def _send_invitation(user: User, reason: str, request=None) -> None:
    """The letter with the «set your password» link; `reason` says who made the account and why."""
    identity = platform_identity()
    with translation.override(settings.LANGUAGE_CODE):
        days = settings.PASSWORD_RESET_TIMEOUT // 86400
        body = "\n\n".join([
            _("Hello, %(name)s!") % {"name": user.first_name or user.email},
            reason,
            _("Your login is %(email)s.") % {"email": user.email},
            _("Set your password by this link (it works for %(days)s days and only once): %(url)s") % {
                "days": days, "url": invitation_url(user, request)},
            _("This letter was sent automatically, please do not reply to it."),
            f"{identity.name}\n{identity.url}",
        ])
        send_mail(_("Invitation to the platform «%(name)s»") % {"name": identity.short_name}, body, None,
                  [user.email], fail_silently=True)


@transaction.atomic
def account_invite(*, actor, user: User, request=None) -> User:
    """An account the administrator made: no password until its owner sets one by the invitation letter, whose
    use confirms the e-mail (they were never asked to confirm an address nobody told them about)."""
    if user.has_usable_password():
        user.set_unusable_password()
        user.save(update_fields=["password"])
    if not EmailAddress.objects.filter(user=user, email__iexact=user.email).exists():
        EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=False)
    audit_record(actor=actor, action="user.invited", obj=user, details={"by": "administrator"}, request=request)
    with translation.override(settings.LANGUAGE_CODE):
        reason = _("The administrator of «%(name)s» has made an account for you on the platform.") % {
            "name": platform_identity().name}
    _send_invitation(user, reason, request)
    return user


@transaction.atomic
def learner_account_for(*, actor, person: dict, invited_by: str, request=None) -> tuple[User, bool]:
    """The learner account of a person an organisation sent to study (M20): found by SNILS or e-mail, else
    made without a password and invited by e-mail to set one. Returns (user, created)."""
    email = User.objects.normalize_email((person.get("email") or "").strip()).lower()
    snils = (person.get("snils") or "").strip()
    snils = format_snils(snils) if snils else ""
    by_snils = User.objects.filter(snils=snils).first() if snils else None
    by_email = User.objects.filter(email=email).first() if email else None
    if by_snils and by_email and by_snils.pk != by_email.pk:
        raise InvitationRefused(_("The SNILS and the e-mail of %(name)s belong to two different accounts.") % {
            "name": _full_name(person)})
    user = by_snils or by_email
    created = False
    if user is None:
        if not email:
            raise InvitationRefused(_("%(name)s has no e-mail: without it an account cannot be made.") % {
                "name": _full_name(person)})
        try:
            with transaction.atomic():
                user = User.objects.create_user(
                    email=email, password=None, snils=snils,
                    **{f: (person.get(f) or "").strip() for f in ("last_name", "first_name", "patronymic", "phone")})
                EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
                created = True
        except IntegrityError:  # made a moment ago by a concurrent enrolment of the same person
            user = User.objects.get(email=email)
    if not user.is_active:
        raise InvitationRefused(_("The account of %(name)s is blocked.") % {"name": _full_name(person)})
    role_assign(actor=actor, user=user, role=Role.LEARNER, request=request)
    if created:
        audit_record(actor=actor, action="user.invited", obj=user, details={"by": invited_by}, request=request)
        with translation.override(settings.LANGUAGE_CODE):
            reason = " ".join([
                _("%(organization)s has sent you to study at «%(name)s» and an account has been made for you.") % {
                    "organization": invited_by, "name": platform_identity().name},
                _("In the cabinet you will find your schedule, attendance and grades.")])
        _send_invitation(user, reason, request)
    return user, created


def _full_name(person: dict) -> str:
    return " ".join(p for p in (person.get("last_name"), person.get("first_name"), person.get("patronymic")) if p)


@transaction.atomic
def invitation_accept(*, user: User, password: str, request=None) -> User:
    """The invited person sets a password and agrees to the processing of personal data; the link's
    e-mail is thereby confirmed."""
    user.set_password(password)
    user.save(update_fields=["password"])
    EmailAddress.objects.filter(user=user, email__iexact=user.email).update(verified=True)
    if not EmailAddress.objects.filter(user=user, email__iexact=user.email).exists():
        EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    consent_give(user=user, request=request)
    audit_record(actor=user, action="user.invitation_accepted", obj=user, request=request)
    return user


# 152-ФЗ: after consent is withdrawn the data is destroyed within 30 days unless a law requires keeping it.
ERASURE_PERIOD = datetime.timedelta(days=30)


def _erasure_letters(erasure_pk: int, request=None) -> None:
    """The subject hears what happens and by when; the administrators get a link to the request."""
    erasure = ErasureRequest.objects.select_related("user").get(pk=erasure_pk)
    user = erasure.user
    with translation.override(settings.LANGUAGE_CODE):
        due = formats.date_format(timezone.localtime(erasure.due_at), "j E Y")
        body = "\n\n".join([
            _("Hello, %(name)s!") % {"name": user.first_name or user.email},
            _("You have withdrawn your consent to the processing of personal data on the platform of the Centres "
              "for Advanced Vocational Training. Signing in to your account is blocked from now on."),
            _("Your personal data will be destroyed no later than %(date)s. Records of your education that the "
              "law requires to keep (enrolments and issued documents) stay, without your contact details.") % {
                "date": due},
            _("If you did not do this, write to the CoPP at once."),
            _("This letter was sent automatically, please do not reply to it."),
        ])
        send_mail(_("Your consent is withdrawn"), body, None, [user.email], fail_silently=True)
        admins = list(User.objects.filter(role_assignments__role=Role.ADMIN, is_active=True)
                      .exclude(pk=user.pk).values_list("email", flat=True).distinct())
        if admins:
            link = absolute_url(reverse("admin:accounts_erasurerequest_change", args=[erasure.pk]), request)
            body = "\n\n".join([
                _("User %(email)s has withdrawn consent to the processing of personal data; signing in is "
                  "blocked.") % {"email": user.email},
                _("The personal data is to be destroyed by %(date)s: the daily job does it then, or an "
                  "administrator earlier from the request page: %(url)s") % {"date": due, "url": link},
            ])
            send_mail(_("Consent withdrawn: erasure request No. %(pk)s") % {"pk": erasure.pk}, body, None, admins,
                      fail_silently=True)


def consent_withdraw(*, user: User, request=None) -> ErasureRequest:
    """The subject withdraws every consent (152-ФЗ): sign-in is blocked at once and an erasure request is
    opened, due in 30 days; a repeated request returns the open one."""
    with transaction.atomic():
        # The user row lock makes two concurrent submits open one request.
        user = User.objects.select_for_update().get(pk=user.pk)
        erasure = ErasureRequest.objects.filter(user=user, done_at__isnull=True).first()
        if erasure is not None:
            return erasure
        now = timezone.now()
        withdrawn = ConsentRecord.objects.filter(user=user, withdrawn_at__isnull=True).update(withdrawn_at=now)
        erasure = ErasureRequest.objects.create(user=user, requested_at=now, due_at=now + ERASURE_PERIOD,
                                                ip=client_ip(request))
        user.is_active = False
        user.save(update_fields=["is_active"])
        audit_record(actor=user, action="consent.withdrawn", obj=user,
                     details={"erasure_request": erasure.pk, "consents": withdrawn,
                              "due_at": erasure.due_at.isoformat()}, request=request)
        _erasure_letters(erasure.pk, request)
    return erasure


@transaction.atomic
def account_erase(*, user: User, actor=None, request=None) -> None:
    """Destroy the personal data of a user (152-ФЗ): every app's erasure hook runs, then the profile is blanked,
    the e-mail replaced, the password made unusable, e-mail addresses and the Gosuslugi link deleted. The user row
    stays, so records a law requires keeping (enrolments, issued documents) keep pointing at it, anonymised."""
    from allauth.socialaccount.models import SocialAccount

    user = User.objects.select_for_update().get(pk=user.pk)
    erased = erase_subject(user)
    SocialAccount.objects.filter(user=user).delete()
    EmailAddress.objects.filter(user=user).delete()
    for field in ("last_name", "first_name", "patronymic", "phone", "snils"):
        setattr(user, field, "")
    user.birth_date = user.education_level = user.municipality = None
    user.confirmed_by_esia = False
    user.email = f"erased-{user.pk}@invalid.local"
    user.is_active = False
    user.set_unusable_password()
    # The history of the user row holds the old values; the save below leaves one erased version.
    User.history.filter(id=user.pk).delete()
    user.save()
    AuditLog.objects.filter(object_type=User._meta.label, object_id=str(user.pk)).update(object_repr=user.email)
    now = timezone.now()
    done = ErasureRequest.objects.filter(user=user, done_at__isnull=True).update(
        done_at=now, done_by=actor if getattr(actor, "is_authenticated", False) else None)
    audit_record(actor=actor, action="personal_data.erased", obj=user,
                 details={"erasers": erased, "requests_closed": done}, request=request)


def erasure_due_run(now=None, *, dry_run: bool = False) -> int:
    """Erase the data of every open request whose due date has passed; returns how many were erased (with
    `dry_run`, how many would be). One failure is logged and does not stop the others."""
    now = now or timezone.now()
    erased = 0
    due = ErasureRequest.objects.filter(done_at__isnull=True, due_at__lte=now, user__isnull=False)
    if dry_run:
        return due.count()
    for erasure in due.select_related("user").order_by("due_at"):
        try:
            account_erase(user=erasure.user)
        except Exception:
            logger.exception("Erasure request %s failed", erasure.pk)
            continue
        erased += 1
    return erased
