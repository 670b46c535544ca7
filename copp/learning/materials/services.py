"""Writes of the materials library (M25): a material is added with its first version; its authors change a
draft or a version sent back, start a new version of an approved one (the approved one stays published),
send it to review through the shared engine, and attach approved materials to library and program modules,
lessons and course sections. Each write
atomic and audited; text extraction runs in the background after commit."""
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import F
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from copp.core.access import has_capability
from copp.core.audit import audit_record
from copp.core.roles import Cap
from copp.core.uploads import UploadRefused, antivirus_check, learning_file_type

from . import extract
from .models import AttachTarget, ContentForm, ExtractionStatus, Material, MaterialUse, MaterialVersion, VersionStatus
from .selectors import materials_editable_by
from .workflow import DECISION_STATUS, VERSION_WORKFLOW

CATALOGUE_FIELDS = ("kind", "profession", "level", "audience", "hours", "language", "authors", "licence",
                    "licence_text")
VERSION_FIELDS = ("title", "annotation", "form", "link", "body", "change_note")


def checked_file(file) -> str:
    """The content type of an uploaded material file after every check (size, type by content, antivirus);
    ValidationError with the reason otherwise, before anything is stored."""
    limit = settings.COPP_MATERIAL_MAX_MB * 1024 * 1024
    if file.size > limit:
        raise ValidationError({"file": _("The file is too large: %(size)s. The limit is %(limit)s.") % {
            "size": filesizeformat(file.size), "limit": filesizeformat(limit)}})
    try:
        content_type = learning_file_type(file)
        antivirus_check(file)
    except UploadRefused as refused:
        raise ValidationError({"file": str(refused.message)}) from None
    return content_type


def _check_content(form: str, *, file, link: str, body: str, version: MaterialVersion | None) -> None:
    if form == ContentForm.FILE and not file and not (version and version.file):
        raise ValidationError({"file": _("Choose the file of the material.")})
    if form == ContentForm.LINK and not link:
        raise ValidationError({"link": _("Give the link to the video or course.")})
    if form == ContentForm.TEXT and not body.strip():
        raise ValidationError({"body": _("Write the text of the material.")})


def _set_file(version: MaterialVersion, file) -> None:
    content_type = checked_file(file)
    version.file_type, version.file_size = content_type, file.size
    version.file_name = (getattr(file, "name", "") or "file")[-255:]
    version.file.save("upload", file, save=False)  # the name comes from material_file_name
    version.extraction = ExtractionStatus.PENDING if content_type in extract.EXTRACTABLE else ExtractionStatus.NONE
    version.text = ""


def _after_commit_extract(version: MaterialVersion) -> None:
    from . import tasks

    if version.extraction == ExtractionStatus.PENDING:
        pk = version.pk
        transaction.on_commit(lambda: tasks.material_text_extract.delay(pk))


def _catalogue_data(material: Material, data: dict) -> None:
    for name in CATALOGUE_FIELDS:
        if name in data:
            setattr(material, name, data[name] if data[name] is not None or name in ("profession", "hours")
                    else "")
    if material.licence == "other" and not material.licence_text.strip():
        raise ValidationError({"licence_text": _("Describe the terms of the other licence.")})


def _author_organization(actor, organization):
    from copp.organizations.models import Membership

    if not Membership.objects.filter(user=actor, organization=organization, is_active=True).exists():
        raise ValidationError({"organization": _("Choose an organisation you work for.")})


@transaction.atomic
def material_create(*, actor, organization, data: dict, competencies=(), file=None, request=None) -> Material:
    """A new material with its first version (a draft). The file is checked before anything is saved."""
    if not has_capability(actor, Cap.MATERIALS_OWN):
        raise PermissionDenied
    _author_organization(actor, organization)
    form = data.get("form", ContentForm.FILE)
    _check_content(form, file=file, link=data.get("link", ""), body=data.get("body", ""), version=None)
    material = Material(author=actor, organization=organization)
    _catalogue_data(material, data)
    version = MaterialVersion(number=1, created_by=actor, **{k: data.get(k, "") for k in VERSION_FIELDS})
    if form == ContentForm.FILE:
        _set_file(version, file)  # refuses before the first row is written
    material.save()
    material.competencies.set(competencies)
    version.material = material
    version.save()
    material.latest = version
    material.save(update_fields=["latest"])
    search_vector_update([version.pk])
    _after_commit_extract(version)
    audit_record(actor=actor, action="material.created", obj=material, details={"version": 1}, request=request)
    return material


def _editable(actor, material: Material) -> Material:
    locked = materials_editable_by(actor).select_for_update(of=("self",)).filter(pk=material.pk).first()
    if locked is None:
        raise PermissionDenied
    return locked


@transaction.atomic
def material_update(*, actor, material: Material, data: dict, competencies=None, file=None,
                    request=None) -> MaterialVersion:
    """Save the authors' changes: the catalogue data at once; the title, annotation and content into the draft or
    the version sent back for changes, or into a new version when the latest one is approved or rejected (the
    approved one stays published until the new one is approved). A version in review cannot be changed."""
    locked = _editable(actor, material)
    latest = MaterialVersion.objects.select_for_update().get(pk=locked.latest_id)
    if latest.is_in_review:
        raise ValidationError(_("The version is in expert review: wait for the decision before changing it."))
    form = data.get("form", latest.form)
    keep_file = latest if form == ContentForm.FILE and latest.file else None
    _check_content(form, file=file, link=data.get("link", ""), body=data.get("body", ""), version=keep_file)
    _catalogue_data(locked, data)
    if latest.is_closed:
        version = MaterialVersion(material=locked, number=latest.number + 1, created_by=actor)
        if keep_file and not file:  # the new version keeps the same stored file until another is uploaded
            version.file = latest.file.name
            for name in ("file_type", "file_size", "file_name", "text", "extraction"):
                setattr(version, name, getattr(latest, name))
    else:
        version = latest
    for name in VERSION_FIELDS:
        if name in data:
            setattr(version, name, data[name] or "")
    if form == ContentForm.FILE and file:
        _set_file(version, file)
    elif form != ContentForm.FILE:
        version.file, version.file_type, version.file_size, version.file_name = "", "", 0, ""
        version.text, version.extraction = "", ExtractionStatus.NONE
    version.save()
    locked.latest = version
    locked.save()
    if competencies is not None:
        locked.competencies.set(competencies)
    search_vector_update([version.pk])
    _after_commit_extract(version)
    audit_record(actor=actor, action="material.updated", obj=locked, details={"version": version.number},
                 request=request)
    return version


def version_submit(*, actor, material: Material, request=None) -> MaterialVersion:
    """The engine's `submit` for materials: the latest version (a draft or one sent back) goes to review and is
    frozen. Called inside the engine's transaction (review_submit)."""
    locked = _editable(actor, material)
    version = MaterialVersion.objects.select_for_update().get(pk=locked.latest_id)
    if not version.is_editable:
        raise ValidationError(_("There is no new version to send: start a new version first."))
    if not version.title.strip() or not version.annotation.strip():
        raise ValidationError(_("Give the material a title and an annotation before sending it."))
    if not locked.competencies.exists():
        raise ValidationError(_("Choose at least one competency the material serves."))
    version.submitted_at = timezone.now()
    VERSION_WORKFLOW.move(version, VersionStatus.IN_REVIEW, actor=actor, update_fields=["submitted_at"])
    audit_record(actor=actor, action="material.submitted", obj=locked, details={"version": version.number},
                 request=request)
    return version


def version_decided(*, actor, version_pk: int, decision: str, comment: str = "", request=None) -> MaterialVersion:
    """The engine's `decided`: an approved version becomes the published one (the previous published version is
    replaced); a version sent back may be changed and sent again; a rejected one stays in the history."""
    version = MaterialVersion.objects.select_for_update().select_related("material").get(pk=version_pk)
    version.decided_at = timezone.now()
    VERSION_WORKFLOW.move(version, DECISION_STATUS[decision], actor=actor, comment=comment,
                          update_fields=["decided_at"])
    if version.is_approved:
        material = Material.objects.select_for_update().get(pk=version.material_id)
        if material.published_id and material.published_id != version.pk:
            previous = MaterialVersion.objects.select_for_update().get(pk=material.published_id)
            VERSION_WORKFLOW.move(previous, VersionStatus.SUPERSEDED, actor=actor, by_platform=True)
        material.published = version
        material.save(update_fields=["published", "updated_at"])
    audit_record(actor=actor, action="material.decided", obj=version.material,
                 details={"version": version.number, "decision": decision}, request=request)
    return version


def search_vector_update(version_ids) -> None:
    """Recompute the Russian search vector of versions: the title weighs most (A), the annotation next (B), the
    text of the page or the file least (C). One UPDATE, so the demo and bulk loads call it once."""
    table = MaterialVersion._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""UPDATE {table} v SET search_vector =
                setweight(to_tsvector('russian', coalesce(v.title, '')), 'A')
                || setweight(to_tsvector('russian', coalesce(v.annotation, '')), 'B')
                || setweight(to_tsvector('russian', concat_ws(' ', v.body, v.text)), 'C')
                WHERE v.id = ANY(%s)""",  # noqa: S608 - the table name comes from the model
            [list(version_ids)],
        )


def version_text_extract(version_pk: int) -> str:
    """The background task's work: read the file's text and index it. Idempotent: a version already done (or no
    longer there) is left as it is."""
    version = MaterialVersion.objects.filter(pk=version_pk, extraction=ExtractionStatus.PENDING).first()
    if version is None or not version.file:
        return "skipped"
    with version.file.open("rb") as handle:
        data = handle.read()
    try:
        text, status = extract.text_of(data, version.file_type), ExtractionStatus.DONE
    except ValueError:
        text, status = "", ExtractionStatus.FAILED
    # Every version sharing this stored file (a new version that kept it) gets the same text.
    ids = list(MaterialVersion.objects.filter(file=version.file.name).values_list("pk", flat=True))
    MaterialVersion.objects.filter(pk__in=ids).update(text=text, extraction=status)
    search_vector_update(ids)
    return status


def download_count(material: Material) -> None:
    """One more download of the material (a single UPDATE: parallel downloads are all counted)."""
    Material.objects.filter(pk=material.pk).update(downloads=F("downloads") + 1)


def _one_target(targets: dict):
    chosen = [(kind, target) for kind, target in targets.items() if target is not None]
    if len(chosen) != 1:
        raise ValidationError(_("Choose one module, lesson or course section."))
    return chosen[0]


@transaction.atomic
def material_attach(*, actor, material: Material, library_module=None, program_module=None, lesson=None,
                    course_section=None, request=None) -> MaterialUse:
    """Attach an approved material to one place (AttachTarget): a library module or a program module the actor
    edits, a lesson of a group the actor teaches or manages, a section of a course space the actor runs.
    Attaching twice changes nothing."""
    from .selectors import targets_attachable_by

    kind, target = _one_target({AttachTarget.LIBRARY_MODULE: library_module,
                                AttachTarget.PROGRAM_MODULE: program_module, AttachTarget.LESSON: lesson,
                                AttachTarget.COURSE_SECTION: course_section})
    if not targets_attachable_by(actor, kind).filter(pk=target.pk).exists():
        raise PermissionDenied
    if not Material.objects.filter(pk=material.pk, published__isnull=False).exists():
        raise ValidationError(_("Only a material that passed expert review can be attached."))
    use, created = MaterialUse.objects.get_or_create(material=material, **{kind: target},
                                                     defaults={"added_by": actor})
    if created:
        audit_record(actor=actor, action="material.attached", obj=material,
                     details={"target": kind, "id": target.pk}, request=request)
    return use


@transaction.atomic
def material_detach(*, actor, use: MaterialUse, request=None) -> None:
    """Take a material off its place: for who may attach there."""
    from .selectors import targets_attachable_by

    kind = use.target_kind
    if not targets_attachable_by(actor, kind).filter(pk=getattr(use, f"{kind}_id")).exists():
        raise PermissionDenied
    use.delete()
    audit_record(actor=actor, action="material.detached", obj=use.material,
                 details={"target": kind, "id": getattr(use, f"{kind}_id")}, request=request)
