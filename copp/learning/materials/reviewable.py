"""What the review engine needs of materials (M25): the library sits above the engine in the layers, so it
registers itself (copp/reviews/subjects.py registers the kinds below the engine). Services are imported when
called: this module loads with the models."""
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from copp.core.roles import Cap
from copp.reviews.registry import ReviewableKind, register

from .models import Material, MaterialVersion

KEY = "material"


def submit(actor, material, request=None) -> tuple[int, str]:
    from .services import version_submit

    version = version_submit(actor=actor, material=material, request=request)
    return version.pk, f"v{version.number}"


def decided(actor, version_ref, decision, comment="", publish=False, request=None) -> None:
    from .services import version_decided

    version_decided(actor=actor, version_pk=version_ref, decision=decision, comment=comment, request=request)


def editable_by(user):
    from .selectors import materials_editable_by

    return materials_editable_by(user)


def visible_to(user):
    from .selectors import materials_visible_to

    return materials_visible_to(user)


def organization_id(material) -> int:
    return material.organization_id


def title(material) -> str:
    version = MaterialVersion.objects.filter(pk=material.latest_id).values_list("title", flat=True).first()
    return version or str(material.pk)


def author_url(material) -> str:
    return reverse("learning:materials_detail", args=[material.pk])


def version_context(version_ref) -> dict:
    version = (MaterialVersion.objects.select_related("material__organization", "material__profession")
               .prefetch_related("material__competencies").get(pk=version_ref))
    return {"version": version, "material": version.material}


SECTIONS = [
    ("content", gettext_lazy("Content accuracy")),
    ("method", gettext_lazy("Methodological quality")),
    ("accessibility", gettext_lazy("Accessibility")),
    ("licence", gettext_lazy("Licence")),
    ("technical", gettext_lazy("Technical quality")),
]


def sections(version_ref) -> list[tuple[str, str]]:
    return [(anchor, _(str(label))) for anchor, label in SECTIONS]


MATERIAL = register(ReviewableKind(
    key=KEY, label=gettext_lazy("Learning material"), model=Material,
    submit=submit, decided=decided, editable_by=editable_by, visible_to=visible_to,
    author_capability=Cap.MATERIALS_OWN, organization_id=organization_id, title=title, author_url=author_url,
    version_context=version_context, sections=sections, template="learning/materials/review_version.html",
    competency_ids=lambda material: material.competencies.values_list("pk", flat=True),
))
