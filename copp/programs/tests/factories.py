"""Test data of the programs app: programs with modules and start dates, valid by the hours rules."""
import datetime
import itertools

from django.utils import timezone

from copp.directories.models import Competency, FundingSource, ProgramKind, StudyForm
from copp.programs.models import IssuedDocument, Program, ProgramModule, ProgramStart, ProgramStatus
from copp.programs.services import program_search_vector_update

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
    program.competencies.set(competencies or [Competency.objects.order_by("pk").first()])
    if update_vector:
        program_search_vector_update([program.pk])
    return program
