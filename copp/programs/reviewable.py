"""What the review engine needs of programs (M15), as plain functions: freeze a version, hear the decision,
show the version to experts. The engine sits above programs in the layers and registers these itself
(copp/reviews/subjects.py), so programs never imports it."""
from django.urls import reverse
from django.utils.translation import gettext as _

from .models import ProgramVersion
from .selectors import programs_editable_by, programs_visible_to
from .services import program_version_decided, program_version_submit
from .versions import snapshot_totals


def submit(actor, program, request=None) -> tuple[int, str]:
    version = program_version_submit(actor=actor, program=program, request=request)
    return version.pk, f"v{version.number}"


def decided(actor, version_ref, decision, comment="", publish=False, request=None) -> None:
    version = ProgramVersion.objects.get(pk=version_ref)
    program_version_decided(actor=actor, version=version, decision=decision, comment=comment, publish=publish,
                            request=request)


def organization_id(program) -> int:
    return program.provider_id


def title(program) -> str:
    return program.title


def author_url(program) -> str:
    return reverse("programs:constructor", args=[program.pk])


def version_context(version_ref) -> dict:
    version = ProgramVersion.objects.select_related("program").get(pk=version_ref)
    return {"version": version, "snapshot": version.snapshot, "totals": snapshot_totals(version.snapshot)}


def sections(version_ref) -> list[tuple[str, str]]:
    """The parts of a ДПО program a remark may refer to, then each module."""
    snapshot = ProgramVersion.objects.values_list("snapshot", flat=True).get(pk=version_ref)
    parts = [("general", _("General characteristics")), ("outcomes", _("Planned results")),
             ("curriculum", _("Curriculum")), ("assessment", _("Assessment materials")),
             ("conditions", _("Conditions"))]
    return parts + [(f"module-{i}", _("Module %(n)d. %(title)s") % {"n": i, "title": m["title"]})
                    for i, m in enumerate(snapshot["modules"], start=1)]


editable_by = programs_editable_by
visible_to = programs_visible_to
