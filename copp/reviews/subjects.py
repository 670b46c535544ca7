"""Registration of the reviewable kinds of apps below reviews in the layers (programs): they cannot import the
engine, so the engine wires them. Apps above it (the materials library) register themselves."""
from django.utils.translation import gettext_lazy as _

from copp.core.roles import Cap
from copp.programs import reviewable as programs
from copp.programs.models import Program

from .registry import ReviewableKind, register

PROGRAM = register(ReviewableKind(
    key="program", label=_("Program"), model=Program,
    submit=programs.submit, decided=programs.decided, editable_by=programs.editable_by,
    visible_to=programs.visible_to, author_capability=Cap.PROGRAMS_OWN,
    organization_id=programs.organization_id, title=programs.title, author_url=programs.author_url,
    version_context=programs.version_context, sections=programs.sections,
    template="programs/review_version.html", can_publish=True,
    competency_ids=lambda program: program.competencies.values_list("pk", flat=True),
))
