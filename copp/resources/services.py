"""Writes about resource records: create and edit, archive, site photos, consumable usage with the
low-stock alert, xlsx import; each atomic and audited."""
import zipfile
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from copp.core.audit import audit_record
from copp.core.links import absolute_url
from copp.core.xlsx import WorkbookRefused
from copp.organizations.models import Membership, MembershipRole, Organization

from .files import sniff
from .imports import (
    MAX_ROWS,
    RELATION_PARSERS,
    SPECS,
    ImportContext,
    ImportReport,
    check_rows,
    header_map,
    read_rows,
)
from .models import Consumable, ConsumableMovement, MovementKind, StaffCompetency, organizations_editable_by


class StockError(Exception):
    """A usage larger than the stock; the message is for the user."""


def _check_editable(actor, organization) -> None:
    # Views scope their querysets already; this keeps a service called from elsewhere just as strict.
    if not organizations_editable_by(actor).filter(pk=organization.pk).exists():
        raise PermissionDenied


def _action(record, verb: str) -> str:
    return f"resources.{record._meta.model_name}.{verb}"


@transaction.atomic
def resource_save(*, actor, form, formsets=(), request=None):
    """Create or update a resource record and its inline parts (rooms, competencies, documents)."""
    _check_editable(actor, form.organization)
    created = form.instance.pk is None
    changed = list(form.changed_data)
    record = form.save()
    for formset in formsets:
        formset.instance = record
        formset.save()
        if formset.has_changed():
            changed.append(formset.prefix)
    if created and isinstance(record, Consumable) and record.stock > 0:
        ConsumableMovement.objects.create(consumable=record, kind=MovementKind.RECEIPT, quantity=record.stock,
                                          on_date=timezone.localdate(), purpose=_("Opening stock"),
                                          stock_after=record.stock, recorded_by=actor)
    if isinstance(record, Consumable) and _low_stock_check(record, request):
        record.save(update_fields=["low_stock_alerted_at"])
    audit_record(actor=actor, action=_action(record, "created" if created else "updated"), obj=record,
                 details={"fields": changed}, request=request)
    return record


@transaction.atomic
def resource_archive(*, actor, record, archived: bool, request=None):
    """Take a record out of use (hidden from the registry and scheduling) or bring it back."""
    _check_editable(actor, record.organization)
    record.is_active = not archived
    record.save(update_fields=["is_active", "updated_at"])
    audit_record(actor=actor, action=_action(record, "archived" if archived else "restored"), obj=record,
                 request=request)
    return record


@transaction.atomic
def site_photo_add(*, actor, site, form, request=None):
    """Attach a checked photo to a site, stored under a generated name."""
    _check_editable(actor, site.organization)
    photo = form.save(commit=False)
    photo.site = site
    photo.content_type = sniff(photo.file.file) or ""
    photo.save()
    audit_record(actor=actor, action="resources.site.photo_added", obj=site, details={"photo": photo.pk},
                 request=request)
    return photo


@transaction.atomic
def site_photo_delete(*, actor, photo, request=None):
    """Remove a photo; the file goes once the transaction commits."""
    site = photo.site
    _check_editable(actor, site.organization)
    file = photo.file
    photo.delete()
    transaction.on_commit(partial(file.storage.delete, file.name))
    audit_record(actor=actor, action="resources.site.photo_deleted", obj=site, details={"photo": file.name},
                 request=request)


def low_stock_recipients(consumable) -> list[str]:
    """The responsible person, or else the organisation's representatives."""
    if consumable.responsible_id and consumable.responsible.is_active and consumable.responsible.email:
        return [consumable.responsible.email]
    return sorted(Membership.objects.filter(
        organization_id=consumable.organization_id, is_active=True, user__is_active=True,
        role__in=[MembershipRole.REPRESENTATIVE, MembershipRole.HEAD],
    ).values_list("user__email", flat=True))


def _send_low_stock_alert(consumable, base_url: str) -> None:
    # The consumable as changed in this transaction (not yet saved): the letter shows the new stock.
    recipients = low_stock_recipients(consumable)
    if not recipients:
        return
    context = {"consumable": consumable, "unit": consumable.get_unit_display(),
               "url": base_url + reverse("resources:consumable_detail", args=[consumable.pk])}
    subject = render_to_string("resources/email/low_stock_subject.txt", context).strip()
    body = render_to_string("resources/email/low_stock_body.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)


def _low_stock_check(consumable, request) -> bool:
    """Mark the first fall to the minimum level and e-mail the responsible person once (queued in the outbox
    with the change); a stock back above the level re-arms the alert. Returns whether low_stock_alerted_at changed."""
    if consumable.is_low and consumable.low_stock_alerted_at is None:
        consumable.low_stock_alerted_at = timezone.now()
        base_url = absolute_url("/", request).rstrip("/")
        _send_low_stock_alert(consumable, base_url)
        return True
    if not consumable.is_low and consumable.low_stock_alerted_at is not None:
        consumable.low_stock_alerted_at = None
        return True
    return False


@transaction.atomic
def consumable_movement_record(*, actor, consumable, kind: str, quantity, on_date, purpose: str = "",
                               request=None) -> ConsumableMovement:
    """Record a usage or a receipt and change the stock; the first fall to the minimum level sends the
    responsible person one e-mail, queued in the outbox with the change."""
    locked = Consumable.objects.select_for_update().select_related("organization").get(pk=consumable.pk)
    _check_editable(actor, locked.organization)
    if kind == MovementKind.USAGE:
        if quantity > locked.stock:
            raise StockError(_("Only %(stock)s %(unit)s left: record the receipt first or use less.")
                             % {"stock": _plain(locked.stock), "unit": locked.get_unit_display()})
        locked.stock -= quantity
    else:
        locked.stock += quantity
    _low_stock_check(locked, request)
    locked.save(update_fields=["stock", "low_stock_alerted_at", "updated_at"])
    movement = ConsumableMovement.objects.create(consumable=locked, kind=kind, quantity=quantity, on_date=on_date,
                                                 purpose=purpose, stock_after=locked.stock, recorded_by=actor)
    audit_record(actor=actor, action=f"resources.consumable.{kind}", obj=locked,
                 details={"quantity": str(quantity), "stock": str(locked.stock)}, request=request)
    consumable.stock, consumable.low_stock_alerted_at = locked.stock, locked.low_stock_alerted_at
    return movement


def _plain(number) -> str:
    return str(number.normalize() if number != number.to_integral_value() else int(number)).replace(".", ",")


def resources_import(*, actor, organization: Organization, kind, file, request=None, progress=None) -> ImportReport:
    """Import the records of one kind from an xlsx file into an organisation: all or nothing; `progress` is a
    background job's reporter."""
    _check_editable(actor, organization)
    spec = SPECS[kind.code]
    report = ImportReport(kind=kind.code)
    try:
        header, data = read_rows(file)
    except WorkbookRefused as refused:
        report.file_errors.append(refused.message)
        return report
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError):
        report.file_errors.append(_("The file could not be read. Save it as «Excel workbook (.xlsx)» and upload "
                                    "it again."))
        return report
    if len(data) > MAX_ROWS:
        report.file_errors.append(_("The file has more than %(n)s rows. Split it into several files.")
                                  % {"n": f"{MAX_ROWS:,}".replace(",", "\u202f")})
        return report
    positions, missing, report.ignored_columns = header_map(spec, header)
    if missing:
        report.file_errors.append(_("The file has no columns: %(columns)s. Download the template and keep "
                                    "its first row.") % {"columns": ", ".join(f"«{c}»" for c in missing)})
        return report
    report.rows = len(data)
    if not data:
        report.file_errors.append(_("The file has no rows with data."))
        return report
    try:
        with transaction.atomic():
            # One import of one organisation at a time: the second waits, then sees the first one's rows.
            Organization.objects.select_for_update().filter(pk=organization.pk).first()
            prepared = check_rows(spec, positions, data, ImportContext(organization), report, progress)
            if report.faults:
                return report
            report.created, report.updated = _save_rows(spec, prepared, actor, list(positions.values()))
            audit_record(actor=actor, action="resources.imported", obj=organization, request=request, details={
                "kind": kind.code, "rows": report.rows, "created": report.created, "updated": report.updated})
    except IntegrityError:
        report.file_errors.append(_("The records changed while the file was being imported. Upload it again."))
        report.created = report.updated = 0
        return report
    report.saved = True
    return report


def _save_rows(spec, prepared, actor, present) -> tuple[int, int]:
    """Insert and update in batches; links (competencies) are replaced only where the file has their column."""
    model = spec.model
    new = [p.instance for p in prepared if p.instance.pk is None]
    old = [p.instance for p in prepared if p.instance.pk is not None]
    model.objects.bulk_create(new, batch_size=500)
    if old:
        now = timezone.now()
        for instance in old:
            instance.updated_at = now
        fields = [c.field for c in present if c.parser not in RELATION_PARSERS] + ["updated_at"]
        model.objects.bulk_update(old, fields, batch_size=500)
    for column in present:
        if column.parser == "refs":
            through = getattr(model, column.field).through
            source = f"{model._meta.model_name}_id"
            through.objects.filter(**{f"{source}__in": [i.pk for i in old]}).delete()
            through.objects.bulk_create([through(**{source: p.instance.pk, "competency_id": item.pk})
                                         for p in prepared for item in p.relations.get(column.field, [])],
                                        batch_size=1000)
        elif column.parser == "levels":
            StaffCompetency.objects.filter(staff__in=old).delete()
            StaffCompetency.objects.bulk_create([StaffCompetency(staff=p.instance, competency=c, level=level)
                                                 for p in prepared for c, level in p.relations.get(column.field, [])],
                                                batch_size=1000)
    if model is Consumable:
        _record_imported_stock(prepared, actor)
    return len(new), len(old)


def _record_imported_stock(prepared, actor) -> None:
    """Each change of stock an import makes gets a movement, so the history still explains the stock."""
    movements = []
    for p in prepared:
        before = p.instance._stock_before or 0
        difference = p.instance.stock - before
        if difference:
            movements.append(ConsumableMovement(
                consumable=p.instance, kind=MovementKind.RECEIPT if difference > 0 else MovementKind.USAGE,
                quantity=abs(difference), on_date=timezone.localdate(), stock_after=p.instance.stock,
                purpose=_("Stock taken from an Excel import"), recorded_by=actor))
    ConsumableMovement.objects.bulk_create(movements, batch_size=1000)
