"""Statuses of a program and who may move it between them; expert review joins this table later."""
from copp.core.roles import Cap
from copp.core.workflow import Transition, Workflow

from .models import ProgramStatus

TRANSITIONS = [
    Transition(ProgramStatus.DRAFT, ProgramStatus.PUBLISHED, Cap.PROGRAMS_OWN),
    Transition(ProgramStatus.PUBLISHED, ProgramStatus.ARCHIVED, Cap.PROGRAMS_OWN),
    Transition(ProgramStatus.PUBLISHED, ProgramStatus.DRAFT, Cap.PROGRAMS_OWN),
    Transition(ProgramStatus.ARCHIVED, ProgramStatus.DRAFT, Cap.PROGRAMS_OWN),
]
PROGRAM_WORKFLOW = Workflow(TRANSITIONS)
