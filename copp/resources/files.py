"""Uploads of the resources app: checked by their content (not the name or the browser's word), type and
size, and stored under generated names."""
import uuid

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from copp.core.uploads import UploadRefused, check_parses

# Leading bytes of the formats we accept -> (content type, extension).
SIGNATURES = {
    b"\xff\xd8\xff": ("image/jpeg", "jpg"),
    b"\x89PNG\r\n\x1a\n": ("image/png", "png"),
    b"%PDF-": ("application/pdf", "pdf"),
}
IMAGE_TYPES = frozenset({"image/jpeg", "image/png", "image/webp"})
DOCUMENT_TYPES = IMAGE_TYPES | {"application/pdf"}
PHOTO_MAX_BYTES = 5 * 1024 * 1024
DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "application/pdf": "pdf"}


def sniff(file) -> str | None:
    """The content type told by the file's first bytes, or None for anything we do not accept."""
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(16)
    file.seek(position)
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    for signature, (content_type, _ext) in SIGNATURES.items():
        if head.startswith(signature):
            return content_type
    return None


@deconstructible
class ContentValidator:
    """Refuses files whose content is not one of `allowed` types or that are larger than `max_bytes`."""

    def __init__(self, allowed, max_bytes, message):
        self.allowed = tuple(sorted(allowed))
        self.max_bytes = max_bytes
        self.message = message

    def __call__(self, file):
        if file.size > self.max_bytes:
            raise ValidationError(
                _("The file is too large: %(size)s. The limit is %(limit)s.")
                % {"size": filesizeformat(file.size), "limit": filesizeformat(self.max_bytes)},
                code="file_size")
        content_type = sniff(file)
        if content_type not in self.allowed:
            raise ValidationError(self.message, code="file_type")
        try:
            check_parses(file, content_type)  # the whole file, not just its first bytes (issue 14)
        except UploadRefused as refused:
            raise ValidationError(refused.message, code="file_content") from None

    def __eq__(self, other):
        return isinstance(other, ContentValidator) and (self.allowed, self.max_bytes) == (
            other.allowed, other.max_bytes)


validate_photo = ContentValidator(IMAGE_TYPES, PHOTO_MAX_BYTES,
                                  _("Upload a photo in JPEG, PNG or WebP format."))
validate_document = ContentValidator(DOCUMENT_TYPES, DOCUMENT_MAX_BYTES,
                                     _("Upload a scan in PDF, JPEG, PNG or WebP format."))


@deconstructible
class GeneratedName:
    """upload_to: a random name under `folder`, with the extension of the detected content type."""

    def __init__(self, folder):
        self.folder = folder

    def __call__(self, instance, filename):
        extension = EXTENSIONS.get(sniff(instance_file(instance)) or "", "bin")
        return f"{self.folder}/{uuid.uuid4().hex}.{extension}"

    def __eq__(self, other):
        return isinstance(other, GeneratedName) and self.folder == other.folder


def instance_file(instance):
    return instance.file.file
