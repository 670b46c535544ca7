"""Uploads of applications: checked by their content (not the name or the browser's word) and size,
stored under generated names."""
import uuid

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from copp.core.uploads import UploadRefused, check_parses
from copp.core.xlsx import WorkbookRefused, check_workbook

# Leading bytes of the formats we accept -> (content type, extension).
SIGNATURES = {
    b"\xff\xd8\xff": ("image/jpeg", "jpg"),
    b"\x89PNG\r\n\x1a\n": ("image/png", "png"),
    b"%PDF-": ("application/pdf", "pdf"),
}
EXTENSIONS = dict(SIGNATURES.values())
DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
XLSX_MAX_BYTES = 2 * 1024 * 1024
ZIP_SIGNATURE = b"PK\x03\x04"


def sniff(file) -> str | None:
    """The content type told by the file's first bytes, or None for anything we do not accept."""
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(16)
    file.seek(position)
    for signature, (content_type, _ext) in SIGNATURES.items():
        if head.startswith(signature):
            return content_type
    return None


def validate_document(file):
    """A scan in PDF, JPEG or PNG of at most 10 MB."""
    if file.size > DOCUMENT_MAX_BYTES:
        raise ValidationError(
            _("The file is too large: %(size)s. The limit is %(limit)s.")
            % {"size": filesizeformat(file.size), "limit": filesizeformat(DOCUMENT_MAX_BYTES)}, code="file_size")
    content_type = sniff(file)
    if content_type is None:
        raise ValidationError(_("Upload a scan in PDF, JPEG or PNG format."), code="file_type")
    try:
        check_parses(file, content_type)  # the whole file, not just its first bytes (issue 14)
    except UploadRefused as refused:
        raise ValidationError(refused.message, code="file_content") from None


def validate_xlsx(file):
    """An Excel workbook (.xlsx, a zip inside) of at most 2 MB."""
    if file.size > XLSX_MAX_BYTES:
        raise ValidationError(
            _("The file is too large: %(size)s. The limit is %(limit)s.")
            % {"size": filesizeformat(file.size), "limit": filesizeformat(XLSX_MAX_BYTES)}, code="file_size")
    file.seek(0)
    head = file.read(4)
    file.seek(0)
    if head != ZIP_SIGNATURE:
        raise ValidationError(_("Upload the list as an Excel file (.xlsx): take the template from this page."),
                              code="file_type")
    try:
        check_workbook(file)  # unpacked sizes and no DTD, before anything parses the workbook
    except WorkbookRefused as refused:
        raise ValidationError(refused.message, code="file_content") from None


@deconstructible
class GeneratedName:
    """upload_to: a random name under `folder`, with the extension of the detected content type."""

    def __init__(self, folder):
        self.folder = folder

    def __call__(self, instance, filename):
        extension = EXTENSIONS.get(sniff(instance.file.file) or "", "bin")
        return f"{self.folder}/{uuid.uuid4().hex}.{extension}"

    def __eq__(self, other):
        return isinstance(other, GeneratedName) and self.folder == other.folder
