"""The register of consultations on an individual learning plan (ИУП): staff record whom they consulted, once per
person, organisation and day (M27)."""
import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from copp.accounts.models import User
from copp.core.audit import audit_record
from copp.organizations.models import Membership, Organization

from ..models import PlanConsultation

FIELDS = ("held_on", "citizen", "full_name", "contact", "organization", "consultant", "topic", "result", "program")


def person_key(*, citizen=None, full_name: str = "", contact: str = "") -> str:
    """The same person written the same way: a platform user by id; anyone else by the name and the contact
    without case, spaces and, for a phone, anything but digits (8 912… and +7 (912)… are one phone)."""
    if citizen is not None:
        return f"u:{citizen.pk}"
    name = " ".join(full_name.lower().replace("ё", "е").split())
    contact = contact.strip().lower()
    if "@" not in contact:
        digits = re.sub(r"\D", "", contact)
        contact = "7" + digits[1:] if len(digits) == 11 and digits[0] in "78" else digits
    return f"n:{name}|{contact}"[:320]


def consultation_organizations(user):
    """The organisations whose register the user keeps: their own, active memberships."""
    return Organization.objects.filter(pk__in=Membership.objects.filter(user=user, is_active=True)
                                       .values("organization_id")).order_by("short_name")


def consultants_of(organizations):
    """People who may be named as the consultant: active members of the organisations."""
    return (User.objects.filter(is_active=True, memberships__organization__in=organizations,
                                memberships__is_active=True).distinct().order_by("last_name", "first_name"))


@transaction.atomic
def consultation_save(*, actor, consultation: PlanConsultation | None = None, request=None,
                      **fields) -> PlanConsultation:
    """Add or correct a consultation of the actor's organisation. Refuses (ValidationError, nothing saved): a date
    in the future, an organisation not the actor's, a consultant from outside it, a person without an account or
    a contact, and the same person consulted by the organisation that day already (a repeated click)."""
    data = {name: fields.get(name) for name in FIELDS}
    data["full_name"] = " ".join((data["full_name"] or "").split())
    data["contact"] = (data["contact"] or "").strip()
    data["topic"] = (data["topic"] or "").strip()
    data["result"] = (data["result"] or "").strip()
    citizen = data["citizen"]
    if citizen is not None and not data["full_name"]:
        data["full_name"] = citizen.get_full_name() or citizen.email
    errors = {}
    if data["held_on"] and data["held_on"] > timezone.localdate():
        errors["held_on"] = _("The consultation cannot be in the future.")
    own = consultation_organizations(actor)
    if data["organization"] is None or not own.filter(pk=data["organization"].pk).exists():
        errors["organization"] = _("Choose one of your organisations.")
    elif data["consultant"] is None or not consultants_of([data["organization"]]).filter(
            pk=data["consultant"].pk).exists():
        errors["consultant"] = _("The consultant must work in the chosen organisation.")
    if consultation is not None and not PlanConsultation.objects.editable_by(actor).filter(pk=consultation.pk).exists():
        errors["organization"] = _("Choose one of your organisations.")
    if citizen is None and not data["full_name"]:
        errors["full_name"] = _("Give the citizen's full name or the e-mail of their account.")
    elif citizen is None and not data["contact"]:
        errors["contact"] = _("Give a phone or an e-mail so that the same person is counted once.")
    if not data["topic"]:
        errors["topic"] = _("Say what the consultation was about.")
    if errors:
        raise ValidationError(errors)
    key = person_key(citizen=citizen, full_name=data["full_name"], contact=data["contact"])
    twin = PlanConsultation.objects.filter(organization=data["organization"], held_on=data["held_on"],
                                           person_key=key)
    if consultation is not None:
        twin = twin.exclude(pk=consultation.pk)
    if twin.exists():
        raise ValidationError({"full_name": _("This person's consultation on this day is already in the register.")})
    target = consultation or PlanConsultation(created_by=actor)
    for name, value in data.items():
        setattr(target, name, value)
    target.person_key = key
    try:
        with transaction.atomic():
            target.save()
    except IntegrityError:  # a parallel submission of the same form won
        raise ValidationError(
            {"full_name": _("This person's consultation on this day is already in the register.")}) from None
    audit_record(actor=actor, action="careers.consultation_saved" if consultation is None
                 else "careers.consultation_changed", obj=target,
                 details={"organization": target.organization_id, "held_on": str(target.held_on)}, request=request)
    return target
