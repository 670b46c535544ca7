"""Test data of the programs app: programs with modules and start dates, valid by the hours rules."""
import datetime
import itertools

from django.utils import timezone

from copp.directories.models import Competency, FundingSource, ProgramKind, StudyForm
from copp.programs.models import (
    IssuedDocument,
    LibraryModule,
    ModuleStatus,
    Program,
    ProgramModule,
    ProgramStart,
    ProgramStatus,
    ProgramVersion,
    VersionStatus,
)
from copp.programs.services import program_next_start_update, program_search_vector_update
from copp.programs.versions import program_snapshot

_serial = itertools.count(1)


def make_program(provider, *, title=None, kind="upskilling", status=ProgramStatus.PUBLISHED, hours=72,
                 competencies=(), free=True, starts_in_days=(30,), update_vector=True, **fields) -> Program:
    kind_obj = ProgramKind.objects.get(code=kind)
    funding = FundingSource.objects.get(code="regional_budget" if free else "personal")
    program = Program.objects.create(
        title=title or f"Программа {next(_serial)}", kind=kind_obj, provider=provider, hours=hours,
        study_form=fields.pop("study_form", None) or StudyForm.objects.get(code="full_time"),
        audience=fields.pop("audience", "Рабочие и специалисты предприятий"),
        goals=fields.pop("goals", "Освоить профессию"),
        funding=funding, is_free=free, price=0 if free else 25000,
        document=IssuedDocument.UPSKILLING_CERTIFICATE, status=status, **fields,
    )
    ProgramModule.objects.create(program=program, order=1, title="Теория", theory_hours=hours // 2,
                                 practice_hours=0)
    ProgramModule.objects.create(program=program, order=2, title="Практика", theory_hours=0,
                                 practice_hours=hours - hours // 2)
    for days in starts_in_days:
        ProgramStart.objects.create(program=program, starts_on=timezone.localdate() + datetime.timedelta(days=days))
    if starts_in_days:
        program_next_start_update([program.pk])
        program.refresh_from_db(fields=["next_start"])
    program.competencies.set(competencies or [Competency.objects.order_by("pk").first()])
    if update_vector:
        program_search_vector_update([program.pk])
    return program


def make_library_module(author, *, title=None, status=ModuleStatus.PUBLISHED, competencies=(), theory=8, practice=8,
                        open_for_individual=False, **fields) -> LibraryModule:
    module = LibraryModule.objects.create(
        title=title or f"Модуль {next(_serial)}", author=author, status=status, theory_hours=theory,
        practice_hours=practice, knowledge=fields.pop("knowledge", "Устройство оборудования"),
        skills=fields.pop("skills", "Настраивать оборудование"), open_for_individual=open_for_individual, **fields)
    module.competencies.set(competencies or [Competency.objects.order_by("pk").first()])
    return module


def make_constructed(provider, *, kind="upskilling", modules=2, hours=(8, 8), final="exam", **fields) -> Program:
    """A draft program built from library modules that meets every construction rule (with the defaults)."""
    competency = Competency.objects.order_by("pk").first()
    program = make_program(provider, kind=kind, status=ProgramStatus.DRAFT, hours=0, competencies=[competency],
                           outcomes="Умеет выполнять работы", final_assessment=final, **fields)
    program.modules.all().delete()
    for i in range(modules):
        source = make_library_module(provider, competencies=[competency], theory=hours[0], practice=hours[1])
        module = ProgramModule.objects.create(program=program, order=i + 1, title=source.title, library_module=source,
                                              outcomes=source.outcomes, theory_hours=hours[0], practice_hours=hours[1])
        module.competencies.set([competency])
    program.hours = modules * sum(hours)
    program.save()
    return program


def approve(program, *, status=VersionStatus.APPROVED) -> ProgramVersion:
    """Freeze the program as a version that passed expert review (what publishing needs)."""
    number = (program.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    return ProgramVersion.objects.create(program=program, number=number, snapshot=program_snapshot(program),
                                         status=status, decided_at=timezone.now())
