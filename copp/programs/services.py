"""Writes about programs: save with modules and start dates (hours rules, search vector), status changes,
versions sent to expert review and their outcome (M14, M15); each atomic and audited."""
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Max, ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from copp.core.audit import audit_record
from copp.core.workflow import TransitionNotAllowed

from .models import HOUR_FIELDS, Program, ProgramStatus, ProgramVersion, VersionStatus
from .rules import construction_errors
from .selectors import approved_version, next_start_subquery, programs_editable_by, providers_for
from .versions import program_snapshot, same_contents
from .workflow import PROGRAM_WORKFLOW, VERSION_WORKFLOW


def hours_errors(*, kind, hours, module_hours: list[int]) -> dict[str, str]:
    """Volume rules of a program: the hours equal the sum of the modules' hours and meet the kind's minimum
    (order No. 499: upskilling at least 16 hours, retraining at least 250). Field name -> message."""
    errors = {}
    if hours is None:
        return errors
    if not module_hours:
        errors["modules"] = _("Add at least one module with its theory and practice hours.")
    elif sum(module_hours) != hours:
        errors["hours"] = _("The volume is %(hours)d h, but the modules add up to %(total)d h. Make them equal.") % {
            "hours": hours, "total": sum(module_hours)}
    if kind is not None and kind.min_hours and hours < kind.min_hours:
        errors.setdefault("hours", _("A program of the kind «%(kind)s» must last at least %(min)d h; "
                                     "this one has %(hours)d h.") % {"kind": kind.name, "min": kind.min_hours,
                                                                     "hours": hours})
    return errors


def program_next_start_update(program_ids=None, *, today=None) -> int:
    """Store the nearest start from today on of the given programs (every program when None): one UPDATE, so a
    bulk load or the daily refresh calls it once. Returns the number of programs updated."""
    today = today or timezone.localdate()
    qs = Program.objects.all() if program_ids is None else Program.objects.filter(pk__in=list(program_ids))
    return qs.update(next_start=next_start_subquery(today))


def program_next_starts_refresh(today=None) -> int:
    """The daily refresh: the programs whose stored nearest start has passed get the following one (an index
    range of `programs_catalogue_start`, not every program)."""
    today = today or timezone.localdate()
    passed = Program.objects.filter(next_start__lt=today).values_list("pk", flat=True)
    return program_next_start_update(passed, today=today)


def program_search_vector_update(program_ids) -> None:
    """Recompute the stored Russian search vector: the title weighs most (A); the other texts, the profession,
    the provider and the competencies less (B). One UPDATE, so bulk loads can call it once."""
    table = Program._meta.db_table
    through = Program.competencies.through._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""UPDATE {table} p SET search_vector =
                setweight(to_tsvector('russian', coalesce(p.title, '')), 'A')
                || setweight(to_tsvector('russian', concat_ws(' ', p.audience, p.goals, p.outcomes,
                     p.entry_requirements,
                     (SELECT name FROM directories_profession WHERE id = p.profession_id),
                     (SELECT short_name FROM organizations_organization WHERE id = p.provider_id),
                     (SELECT string_agg(d.name, ' ') FROM {through} t
                        JOIN directories_competency d ON d.id = t.competency_id WHERE t.program_id = p.id))), 'B')
                WHERE p.id = ANY(%s)""",  # noqa: S608 - table names come from the models
            [list(program_ids)],
        )


def _check_editable(actor, program: Program | None, provider) -> None:
    if program is not None and program.pk and not programs_editable_by(actor).filter(pk=program.pk).exists():
        raise PermissionDenied
    if not providers_for(actor).filter(pk=provider.pk).exists():
        raise PermissionDenied


@transaction.atomic
def program_save(*, actor, form, modules, starts, request=None) -> Program:
    """Create or update a program with its modules and start dates; the hours rules hold or nothing is saved."""
    program = form.instance
    _check_editable(actor, program if program.pk else None, form.cleaned_data["provider"])
    if program.pk and program.versions.filter(status=VersionStatus.IN_REVIEW).exists():
        raise ValidationError({"__all__": _("The program is in expert review: it can be changed after the "
                                            "decision.")})
    # The form edits theory and practice; the other kinds of hours (set in the constructor) stay as they are.
    module_hours = [f.cleaned_data["theory_hours"] + f.cleaned_data["practice_hours"]
                    + sum(getattr(f.instance, k) for k in HOUR_FIELDS[2:])
                    for f in modules.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
    errors = hours_errors(kind=form.cleaned_data["kind"], hours=form.cleaned_data["hours"], module_hours=module_hours)
    if errors:
        raise ValidationError(errors)
    created = program.pk is None
    changed = list(form.changed_data)
    funding = form.cleaned_data.get("funding")
    program = form.save(commit=False)
    program.is_free = funding.is_free_for_learner if funding else not program.price
    if program.is_free:
        program.price = 0
    program.save()
    form.save_m2m()
    for formset in (modules, starts):
        formset.instance = program
        try:
            formset.save()
        except ProtectedError as error:
            # A module learners already have grades (or lessons) for stays: the journal would lose them.
            titles = ", ".join(sorted({f"«{obj.module}»" for obj in error.protected_objects if hasattr(obj, "module")}))
            raise ValidationError({"modules": _("A module cannot be deleted while the journal holds grades for it: "
                                                "%(modules)s.") % {"modules": titles or "—"}}) from None
        if formset.has_changed():
            changed.append(formset.prefix)
    program_search_vector_update([program.pk])
    program_next_start_update([program.pk])
    audit_record(actor=actor, action="program.created" if created else "program.updated", obj=program,
                 details={"fields": changed}, request=request)
    return program


@transaction.atomic
def program_transition(*, actor, program: Program, target: str, comment: str = "", request=None) -> Program:
    """Move a program along its workflow (publish, archive, back to draft); the row lock queues double clicks."""
    if not programs_editable_by(actor).filter(pk=program.pk).exists():
        raise PermissionDenied
    locked = Program.objects.select_for_update().get(pk=program.pk)
    source = locked.status
    if source == target:
        raise TransitionNotAllowed(_("The program already has this status."))
    PROGRAM_WORKFLOW.check(source, target, actor)
    if target == ProgramStatus.PUBLISHED and not locked.provider.is_verified:
        raise TransitionNotAllowed(_("The organisation has not been verified yet: its programs can be published "
                                     "once the CoPP confirms it."))
    if target == ProgramStatus.PUBLISHED and not locked.modules.exists():
        raise TransitionNotAllowed(_("Add the program's modules before publishing it."))
    if target == ProgramStatus.PUBLISHED:
        _publish_approved(locked, actor=actor)
    locked.status = target
    locked.save(update_fields=["status", "reviewed_on", "updated_at"])
    audit_record(actor=actor, action="program.status_changed", obj=locked,
                 details={"from": source, "to": target, "comment": comment}, request=request)
    return locked


def _publish_approved(program: Program, *, actor) -> ProgramVersion:
    """Only a version approved by experts is published (M15), and only while the program is still what they
    approved; the version published before it is superseded."""
    version = approved_version(program)
    if version is None:
        raise TransitionNotAllowed(_("Only a program that passed expert review can be published: send it to "
                                     "review first."))
    if not same_contents(version.snapshot, program):
        raise TransitionNotAllowed(_("The program has changed since version %(number)d was approved: send the new "
                                     "version to review.") % {"number": version.number})
    if version.status == VersionStatus.APPROVED:
        for older in program.versions.filter(status=VersionStatus.PUBLISHED).exclude(pk=version.pk):
            VERSION_WORKFLOW.move(older, VersionStatus.SUPERSEDED, actor=actor, by_platform=True)
        version.published_at = timezone.now()
        VERSION_WORKFLOW.move(version, VersionStatus.PUBLISHED, actor=actor, by_platform=True,
                              update_fields=["published_at"])
    program.reviewed_on = timezone.localdate(version.decided_at) if version.decided_at else None
    return version


@transaction.atomic
def program_version_submit(*, actor, program: Program, request=None) -> ProgramVersion:
    """Freeze the program as a new version in review (M14); the construction rules must hold, else a
    ValidationError lists each broken one and nothing is saved."""
    if not programs_editable_by(actor).filter(pk=program.pk).exists():
        raise PermissionDenied
    locked = Program.objects.select_for_update().get(pk=program.pk)
    if locked.versions.filter(status=VersionStatus.IN_REVIEW).exists():
        raise ValidationError(_("The program is already in expert review."))
    errors = construction_errors(locked)
    if errors:
        raise ValidationError(errors)
    snapshot = program_snapshot(locked)
    last = locked.versions.order_by("-number").first()
    if last is not None and last.status in (VersionStatus.APPROVED, VersionStatus.PUBLISHED) \
            and last.snapshot == snapshot:
        raise ValidationError(_("Version %(number)d with these contents has already been approved.")
                              % {"number": last.number})
    number = (locked.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = ProgramVersion(program=locked, number=number, snapshot=snapshot, created_by=actor)
    VERSION_WORKFLOW.move(version, VersionStatus.IN_REVIEW, actor=actor)
    audit_record(actor=actor, action="program.version_submitted", obj=locked, details={"version": number},
                 request=request)
    return version


# What each decision of the review makes of the version.
DECISION_STATUS = {"approve": VersionStatus.APPROVED, "revise": VersionStatus.REVISION,
                   "reject": VersionStatus.REJECTED}


@transaction.atomic
def program_version_decided(*, actor, version: ProgramVersion, decision: str, comment: str = "",
                            publish: bool = False, request=None) -> ProgramVersion:
    """The review's outcome for a version (called by the review engine, M15): approved, back to the authors
    for changes, or rejected; an approved version is published at once when the chairperson says so."""
    locked = ProgramVersion.objects.select_for_update().get(pk=version.pk)
    target = DECISION_STATUS[decision]
    locked.decided_at = timezone.now()
    VERSION_WORKFLOW.move(locked, target, actor=actor, comment=comment, by_platform=True,
                          update_fields=["decided_at"])
    audit_record(actor=actor, action="program.version_decided", obj=locked.program,
                 details={"version": locked.number, "decision": decision}, request=request)
    if publish and target == VersionStatus.APPROVED:
        program = Program.objects.select_for_update().get(pk=locked.program_id)
        if not program.provider.is_verified:
            raise TransitionNotAllowed(_("The organisation has not been verified yet: its programs can be "
                                         "published once the CoPP confirms it."))
        _publish_approved(program, actor=actor)
        source = program.status
        program.status = ProgramStatus.PUBLISHED
        program.save(update_fields=["status", "reviewed_on", "updated_at"])
        audit_record(actor=actor, action="program.status_changed", obj=program,
                     details={"from": source, "to": ProgramStatus.PUBLISHED, "comment": comment}, request=request)
    return locked
