"""Writes of the module library and the program constructor (M14): library modules saved and moved between
statuses; a program's modules added from the library or as its own, reordered, given hours, removed. The
program's volume is always the sum of its modules' hours; nothing changes while a version is in review."""
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from copp.core.audit import audit_record

from .models import HOUR_FIELDS, LibraryModule, ModuleStatus, Program, ProgramModule, VersionStatus
from .selectors import library_editable_by, library_visible_to, programs_editable_by
from .workflow import MODULE_WORKFLOW

MAX_MODULE_HOURS = 2000


@transaction.atomic
def library_module_save(*, actor, form, parts=(), request=None) -> LibraryModule:
    """Create or update a library module of one of the actor's organisations, with the parts other apps
    registered (programs.extensions): each saves its valid form for the saved module."""
    module = form.instance
    if module.pk and not library_editable_by(actor).filter(pk=module.pk).exists():
        raise PermissionDenied
    created = module.pk is None
    module = form.save()
    changed = list(form.changed_data)
    for part, part_form in parts:
        changed += part.save(actor=actor, module=module, form=part_form, request=request)
    audit_record(actor=actor, action="library_module.created" if created else "library_module.updated",
                 obj=module, details={"fields": changed}, request=request)
    return module


@transaction.atomic
def library_module_transition(*, actor, module: LibraryModule, target: str, request=None) -> LibraryModule:
    """Publish a library module to the region, archive it or return it to drafts."""
    if not library_editable_by(actor).filter(pk=module.pk).exists():
        raise PermissionDenied
    locked = LibraryModule.objects.select_for_update().get(pk=module.pk)
    if target == ModuleStatus.PUBLISHED and locked.total_hours == 0:
        raise ValidationError(_("Plan the module's hours before publishing it."))
    if target == ModuleStatus.PUBLISHED and not locked.outcomes:
        raise ValidationError(_("Describe what the learner will know, be able to do and master."))
    source = locked.status
    MODULE_WORKFLOW.move(locked, target, actor=actor)
    audit_record(actor=actor, action="library_module.status_changed", obj=locked,
                 details={"from": source, "to": target}, request=request)
    return locked


def _locked_program(actor, program: Program) -> Program:
    if not programs_editable_by(actor).filter(pk=program.pk).exists():
        raise PermissionDenied
    locked = Program.objects.select_for_update().get(pk=program.pk)
    if locked.versions.filter(status=VersionStatus.IN_REVIEW).exists():
        raise ValidationError(_("The program is in expert review: it can be changed after the decision."))
    return locked


def _recount(program: Program) -> None:
    """The volume is the sum of the modules' hours; the order numbers run 1, 2, 3 without gaps."""
    modules = list(program.modules.order_by("order", "pk"))
    for number, module in enumerate(modules, start=1):
        if module.order != number:
            module.order = number
            module.save(update_fields=["order"])
    program.hours = sum(m.total_hours for m in modules)
    program.save(update_fields=["hours", "updated_at"])


@transaction.atomic
def program_module_add_from_library(*, actor, program: Program, library_module: LibraryModule,
                                    request=None) -> ProgramModule:
    """Copy a published library module (or a draft of the actor's own organisation) to the end of the program;
    the copy remembers its origin, so versions can tell it apart. A module already in the program is refused."""
    locked = _locked_program(actor, program)
    if not library_visible_to(actor).filter(pk=library_module.pk).exists():
        raise PermissionDenied
    if locked.modules.filter(library_module=library_module).exists():
        raise ValidationError(_("The module «%(title)s» is already in the program.") % {"title": library_module.title})
    module = ProgramModule.objects.create(
        program=locked, order=locked.modules.count() + 1, title=library_module.title,
        library_module=library_module, outcomes=library_module.outcomes, summary=library_module.summary,
        assessment_form=library_module.assessment_form,
        **{f: getattr(library_module, f) for f in HOUR_FIELDS})
    module.competencies.set(library_module.competencies.all())
    _recount(locked)
    audit_record(actor=actor, action="program.module_added", obj=locked,
                 details={"library_module": library_module.pk}, request=request)
    return module


@transaction.atomic
def program_module_add_own(*, actor, program: Program, cleaned: dict, request=None) -> ProgramModule:
    """Add a module of the program's own (not from the library) at the end."""
    locked = _locked_program(actor, program)
    competencies = cleaned.pop("competencies", [])
    module = ProgramModule.objects.create(program=locked, order=locked.modules.count() + 1, **cleaned)
    module.competencies.set(competencies)
    _recount(locked)
    audit_record(actor=actor, action="program.module_added", obj=locked, details={"title": module.title},
                 request=request)
    return module


@transaction.atomic
def program_module_set_hours(*, actor, program: Program, module_pk: int, hours: dict, request=None) -> ProgramModule:
    """Change a module's hours by kind; each kind from 0 to 2000."""
    locked = _locked_program(actor, program)
    module = locked.modules.filter(pk=module_pk).first()
    if module is None:
        raise ValidationError(_("The module is not in this program."))
    for field in HOUR_FIELDS:
        value = hours.get(field)
        if value is None:
            continue
        if not 0 <= value <= MAX_MODULE_HOURS:
            raise ValidationError(_("Hours must be a whole number from 0 to %(max)d.") % {"max": MAX_MODULE_HOURS})
        setattr(module, field, value)
    module.save()
    _recount(locked)
    return module


@transaction.atomic
def program_modules_reorder(*, actor, program: Program, order: list[int], request=None) -> None:
    """Put the modules in the given order; the list must name each of the program's modules once."""
    locked = _locked_program(actor, program)
    modules = {m.pk: m for m in locked.modules.all()}
    if sorted(order) != sorted(modules):
        raise ValidationError(_("The list of modules has changed: reload the page."))
    for number, pk in enumerate(order, start=1):
        if modules[pk].order != number:
            modules[pk].order = number
            modules[pk].save(update_fields=["order"])
    _recount(locked)


@transaction.atomic
def program_module_move(*, actor, program: Program, module_pk: int, step: int, request=None) -> None:
    """Move a module one place up (-1) or down (+1): the keyboard's way of reordering."""
    order = list(program.modules.order_by("order", "pk").values_list("pk", flat=True))
    if module_pk not in order:
        raise ValidationError(_("The module is not in this program."))
    i = order.index(module_pk)
    j = max(0, min(len(order) - 1, i + step))
    order[i], order[j] = order[j], order[i]
    program_modules_reorder(actor=actor, program=program, order=order, request=request)


@transaction.atomic
def program_module_remove(*, actor, program: Program, module_pk: int, request=None) -> None:
    """Remove a module from the program, unless the journal already holds grades for it."""
    locked = _locked_program(actor, program)
    module = locked.modules.filter(pk=module_pk).first()
    if module is None:
        return  # already removed: a repeated click changes nothing
    try:
        with transaction.atomic():
            module.delete()
    except ProtectedError:
        raise ValidationError(_("A module cannot be deleted while the journal holds grades for it: "
                                "%(modules)s.") % {"modules": f"«{module.title}»"}) from None
    _recount(locked)
    audit_record(actor=actor, action="program.module_removed", obj=locked, details={"title": module.title},
                 request=request)


@transaction.atomic
def program_final_assessment_set(*, actor, program: Program, form: str, outcomes: str | None = None,
                                 request=None) -> Program:
    """Set the form of the final assessment (and the program's outcomes, when given)."""
    locked = _locked_program(actor, program)
    locked.final_assessment = form
    fields = ["final_assessment", "updated_at"]
    if outcomes is not None:
        locked.outcomes = outcomes
        fields.append("outcomes")
    locked.save(update_fields=fields)
    return locked
