"""Materials for tests: small real PDF and DOCX files, and materials made through the services or, for lists
and the access matrix, written straight to the tables."""
import io

from django.core.files.uploadedfile import SimpleUploadedFile

from copp.directories.models import Competency
from copp.learning.materials.models import ContentForm, Material, MaterialVersion, VersionStatus
from copp.learning.materials.services import search_vector_update


def pdf_bytes(text: str = "Сварка металлов") -> bytes:
    """A real one-page PDF whose text layer holds `text` (drawn in DejaVu, so Cyrillic is extractable)."""
    from copp.learning.materials.demo import pdf_with_text

    return pdf_with_text(text, "Материал")


def docx_bytes(text: str = "Охрана труда") -> bytes:
    from copp.learning.materials.demo import docx_with_text

    return docx_with_text(text, "Материал")


def upload(name: str, data: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def competency() -> Competency:
    return Competency.objects.filter(is_active=True).order_by("pk").first() or Competency.objects.create(
        code="T-MAT", name="Проверка материалов")


def material_row(author, organization, *, title="Материал", status=VersionStatus.APPROVED, annotation="Аннотация",
                 body="Текст страницы", kind="lecture", file=None, file_type="") -> Material:
    """A material written straight to the tables (no review): approved ones are published."""
    material = Material.objects.create(author=author, organization=organization, kind=kind)
    version = MaterialVersion.objects.create(
        material=material, number=1, status=status, title=title, annotation=annotation,
        form=ContentForm.FILE if file else ContentForm.TEXT, body="" if file else body, created_by=author,
        file_type=file_type, file_size=len(file) if file else 0, file_name="material.pdf" if file else "")
    if file:
        version.file.save("upload", io.BytesIO(file), save=True)
    material.latest = version
    material.published = version if status == VersionStatus.APPROVED else None
    material.save(update_fields=["latest", "published"])
    material.competencies.add(competency())
    search_vector_update([version.pk])
    return material
