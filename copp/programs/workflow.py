"""Statuses of programs, library modules and program versions, and who may move them between them. A version's
review outcome is the platform's move (the review engine decides it, M15), never a person's direct edit."""
from copp.core.roles import Cap
from copp.core.workflow import PLATFORM, Transition, Workflow

from .models import ModuleStatus, ProgramStatus, VersionStatus

TRANSITIONS = [
    # Publishing needs an approved version (services.program_transition checks it).
    Transition(ProgramStatus.DRAFT, ProgramStatus.PUBLISHED, Cap.PROGRAMS_OWN),
    Transition(ProgramStatus.PUBLISHED, ProgramStatus.ARCHIVED, Cap.PROGRAMS_OWN),
    Transition(ProgramStatus.PUBLISHED, ProgramStatus.DRAFT, Cap.PROGRAMS_OWN),
    Transition(ProgramStatus.ARCHIVED, ProgramStatus.DRAFT, Cap.PROGRAMS_OWN),
]
PROGRAM_WORKFLOW = Workflow(TRANSITIONS)

MODULE_TRANSITIONS = [
    Transition(ModuleStatus.DRAFT, ModuleStatus.PUBLISHED, Cap.PROGRAMS_OWN),
    Transition(ModuleStatus.PUBLISHED, ModuleStatus.ARCHIVED, Cap.PROGRAMS_OWN),
    Transition(ModuleStatus.PUBLISHED, ModuleStatus.DRAFT, Cap.PROGRAMS_OWN),
    Transition(ModuleStatus.ARCHIVED, ModuleStatus.DRAFT, Cap.PROGRAMS_OWN),
]
MODULE_WORKFLOW = Workflow(MODULE_TRANSITIONS)

VERSION_TRANSITIONS = [
    Transition("", VersionStatus.IN_REVIEW, Cap.PROGRAMS_OWN),
    Transition(VersionStatus.IN_REVIEW, VersionStatus.APPROVED, PLATFORM),
    Transition(VersionStatus.IN_REVIEW, VersionStatus.REVISION, PLATFORM),
    Transition(VersionStatus.IN_REVIEW, VersionStatus.REJECTED, PLATFORM),
    Transition(VersionStatus.APPROVED, VersionStatus.PUBLISHED, PLATFORM),
    Transition(VersionStatus.PUBLISHED, VersionStatus.SUPERSEDED, PLATFORM),
    Transition(VersionStatus.APPROVED, VersionStatus.SUPERSEDED, PLATFORM),
]
VERSION_WORKFLOW = Workflow(VERSION_TRANSITIONS)
