"""Uploaded scans and photos must parse as what their first bytes claim (issue 14): images are opened and
verified with Pillow and stored re-encoded (no EXIF: no camera, no location), PDFs are read with pypdf; a
polyglot (a JPEG header before a PHP body, a PDF that is also HTML) or a broken file is refused."""
import io
import logging
import warnings

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

PILLOW_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}
# A scan of an A4 page at 600 dpi is about 35 megapixels; anything far bigger is a decompression bomb.
MAX_PIXELS = 60_000_000
MAX_PDF_PAGES = 500


class UploadRefused(Exception):
    """The file does not parse as the type it claims; `message` says so in the user's language."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def _bytes_of(file) -> bytes:
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    data = file.read()
    file.seek(position)
    return data


def _open_image(data: bytes, content_type: str):
    from PIL import Image

    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        image = Image.open(io.BytesIO(data))
        if image.format != PILLOW_FORMATS[content_type]:
            raise UploadRefused(_("The file is not the image it claims to be."))
        if image.width * image.height > MAX_PIXELS:
            raise UploadRefused(_("The image is too large in pixels: scan it at a lower resolution."))
        image.verify()  # checksums and structure; the image object cannot be used after it
        image = Image.open(io.BytesIO(data))
        image.load()  # decodes every pixel: a truncated or forged body fails here
    return image


def _check_image_tail(data: bytes, content_type: str) -> None:
    """Nothing after the image's own end: a JPEG ends with FFD9, a PNG with its IEND chunk (a script appended
    after a valid image is how polyglots pass a decoder)."""
    if content_type == "image/jpeg":
        tail = data.rstrip(b"\x00\r\n ")
        if not tail.endswith(b"\xff\xd9"):
            raise UploadRefused(_("The file is not the image it claims to be."))
    elif content_type == "image/png":
        end = data.rfind(b"IEND")
        if end < 0 or data[end + 8:].strip(b"\x00"):
            raise UploadRefused(_("The file is not the image it claims to be."))


def check_parses(file, content_type: str) -> None:
    """Raise UploadRefused unless the file parses as `content_type` (an image type or application/pdf)."""
    data = _bytes_of(file)
    if content_type in PILLOW_FORMATS:
        try:
            _open_image(data, content_type)
        except UploadRefused:
            raise
        except Exception as error:  # Pillow raises many kinds (OSError, SyntaxError, ValueError, bomb warnings)
            logger.info("image refused: %s", error)
            raise UploadRefused(_("The image is damaged or not an image: save it again and upload.")) from None
        _check_image_tail(data, content_type)
    elif content_type == "application/pdf":
        _check_pdf(data)
    else:
        raise UploadRefused(_("This type of file is not accepted."))


def _check_pdf(data: bytes) -> None:
    from pypdf import PdfReader

    if b"%%EOF" not in data[-2048:]:
        raise UploadRefused(_("The PDF is damaged or incomplete: save it again and upload."))
    lowered = data.lower()
    if b"<html" in lowered or b"<script" in lowered or b"<svg" in lowered or b"<?php" in lowered:
        raise UploadRefused(_("The PDF holds web page or script code: save it again from the scanner or as PDF."))
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise UploadRefused(_("The PDF is password-protected: save it without a password."))
        pages = len(reader.pages)
        if pages < 1 or pages > MAX_PDF_PAGES:
            raise UploadRefused(_("The PDF has no pages or too many of them."))
        reader.pages[0].mediabox  # noqa: B018 - reading the first page's tree proves the structure
    except UploadRefused:
        raise
    except Exception as error:  # pypdf raises PdfReadError, ValueError, KeyError... on broken files
        logger.info("pdf refused: %s", error)
        raise UploadRefused(_("The PDF is damaged or incomplete: save it again and upload.")) from None


def reencoded(file, content_type: str):
    """The file to store: an image decoded and written again in its own format, turned upright by its EXIF
    orientation and without any metadata (camera, time, GPS location); anything else unchanged."""
    if content_type not in PILLOW_FORMATS:
        return file
    from PIL import ImageOps

    image = ImageOps.exif_transpose(_open_image(_bytes_of(file), content_type))
    if content_type == "image/jpeg" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    out = io.BytesIO()
    options = {"JPEG": {"quality": 90, "optimize": True}, "PNG": {"optimize": True}, "WEBP": {"quality": 90}}
    fmt = PILLOW_FORMATS[content_type]
    image.info.pop("exif", None)
    image.save(out, format=fmt, **options[fmt])  # no exif= given: Pillow writes none
    return SimpleUploadedFile(getattr(file, "name", "") or "upload", out.getvalue(), content_type=content_type)


LOGO_MAX_BYTES = 1024 * 1024
SVG_FORBIDDEN_ELEMENTS = {"script", "foreignobject", "iframe", "embed", "object", "handler", "listener"}


def check_logo(file) -> str:
    """A logo: a PNG that parses, or an SVG with nothing that runs or loads (no script or foreign content, no
    on… handlers, no links outside the document, no DTD); it is served to every visitor. Returns its type."""
    data = _bytes_of(file)
    if len(data) > LOGO_MAX_BYTES:
        raise UploadRefused(_("The logo is too large: the limit is 1 MB."))
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        check_parses(file, "image/png")
        return "image/png"
    from defusedxml import ElementTree
    from defusedxml.common import DefusedXmlException

    try:
        root = ElementTree.fromstring(data, forbid_dtd=True)
    except (DefusedXmlException, ElementTree.ParseError, ValueError):
        raise UploadRefused(_("Upload the logo as SVG or PNG.")) from None
    if root.tag.rsplit("}", 1)[-1].lower() != "svg":
        raise UploadRefused(_("Upload the logo as SVG or PNG."))
    for element in root.iter():
        if element.tag.rsplit("}", 1)[-1].lower() in SVG_FORBIDDEN_ELEMENTS:
            raise UploadRefused(_("The SVG holds a script or embedded content: save it as plain SVG or PNG."))
        for name, value in element.attrib.items():
            local = name.rsplit("}", 1)[-1].lower()
            if local.startswith("on"):
                raise UploadRefused(_("The SVG holds a script or embedded content: save it as plain SVG or PNG."))
            if local == "href" and not value.strip().startswith(("#", "data:image/png", "data:image/jpeg")):
                raise UploadRefused(_("The SVG links to other files: save it with everything inside."))
    return "image/svg+xml"


# --- Files of the digital materials library (M25): office documents, packages, video -----------------------

# Office and package formats are ZIP containers; the member that names each one.
OOXML_MEMBERS = {
    "word/document.xml": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "ppt/presentation.xml": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"),
    "xl/workbook.xml": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}
ODF_TYPES = {
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.presentation": "odp",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
}
SCORM_TYPE, HTML5_TYPE = "application/x-scorm+zip", "application/x-html5+zip"
VIDEO_BRANDS = (b"isom", b"iso2", b"mp41", b"mp42", b"avc1", b"M4V ", b"dash")
# A ZIP may not unpack to more than this many times its size, nor hold more members (a "zip bomb").
ZIP_MAX_RATIO = 200
ZIP_MAX_MEMBERS = 5000
EXTENSION_OF = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png", "image/webp": "webp",
                "video/mp4": "mp4", "video/webm": "webm", SCORM_TYPE: "zip", HTML5_TYPE: "zip",
                **dict(OOXML_MEMBERS.values()), **ODF_TYPES}


def _head(file, size: int = 64) -> bytes:
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(size)
    file.seek(position)
    return head


def _zip_type(file) -> str:
    import zipfile

    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
            if not members or len(members) > ZIP_MAX_MEMBERS:
                raise UploadRefused(_("The archive is empty or holds too many files."))
            unpacked = sum(m.file_size for m in members)
            if unpacked > ZIP_MAX_RATIO * max(file.size if hasattr(file, "size") else 1, 1):
                raise UploadRefused(_("The archive unpacks to far more than its size: it is refused."))
            names = {m.filename for m in members}
            if any(n.startswith("/") or ".." in n.split("/") for n in names):
                raise UploadRefused(_("The archive holds paths outside itself: it is refused."))
            if archive.testzip() is not None:
                raise UploadRefused(_("The archive is damaged: save it again and upload."))
            if "[Content_Types].xml" in names:
                for member, (content_type, _ext) in OOXML_MEMBERS.items():
                    if member in names:
                        return content_type
            if "mimetype" in names:
                declared = archive.read("mimetype").decode("ascii", "replace").strip()
                if declared in ODF_TYPES:
                    return declared
            if "imsmanifest.xml" in names:
                return SCORM_TYPE
            if "index.html" in names:
                return HTML5_TYPE
    except UploadRefused:
        raise
    except Exception as error:  # zipfile raises BadZipFile, LargeZipFile, KeyError, OSError, ...
        logger.info("archive refused: %s", error)
        raise UploadRefused(_("The archive is damaged: save it again and upload.")) from None
    finally:
        file.seek(position)
    raise UploadRefused(_("The archive is neither an office document nor an HTML5 or SCORM package (a SCORM "
                          "package has imsmanifest.xml, an HTML5 one index.html at its top)."))


def learning_file_type(file) -> str:
    """The content type of a learning material's file told by its content, not its name: PDF, DOCX, PPTX, XLSX,
    ODF, MP4/WebM video, a ZIP of an HTML5 or SCORM package, JPEG/PNG/WebP images. PDFs and images are parsed
    whole (check_parses); anything else (an executable renamed to .pdf) raises UploadRefused."""
    head = _head(file)
    if head.startswith(b"%PDF-"):
        check_parses(file, "application/pdf")
        return "application/pdf"
    for signature, content_type in ((b"\xff\xd8\xff", "image/jpeg"), (b"\x89PNG\r\n\x1a\n", "image/png")):
        if head.startswith(signature):
            check_parses(file, content_type)
            return content_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        check_parses(file, "image/webp")
        return "image/webp"
    if head[4:8] == b"ftyp" and head[8:12] in VIDEO_BRANDS:
        return "video/mp4"
    if head.startswith(b"\x1a\x45\xdf\xa3") and b"webm" in head:
        return "video/webm"
    if head.startswith(b"PK\x03\x04"):
        return _zip_type(file)
    raise UploadRefused(_("This type of file is not accepted: upload PDF, DOCX, PPTX, XLSX, an OpenDocument file, "
                          "MP4 or WebM video, a ZIP of an HTML5 or SCORM package, or a JPEG, PNG or WebP image."))


def antivirus_check(file) -> None:
    """When COPP_ANTIVIRUS_CLAMD is set («host:port» or a Unix socket path), stream the file to clamd (INSTREAM)
    and refuse it on a finding; an antivirus that does not answer refuses the file too (we never store
    unchecked files once a check is configured). Without the setting, nothing is checked here."""
    import socket
    import struct

    from django.conf import settings

    address = getattr(settings, "COPP_ANTIVIRUS_CLAMD", "")
    if not address:
        return
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        if address.startswith("/"):
            connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            target = address
        else:
            host, _sep, port = address.rpartition(":")
            connection = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            target = (host, int(port))
        connection.settimeout(getattr(settings, "COPP_ANTIVIRUS_TIMEOUT", 30))
        with connection:
            connection.connect(target)
            connection.sendall(b"zINSTREAM\0")
            file.seek(0)
            while chunk := file.read(64 * 1024):
                connection.sendall(struct.pack("!L", len(chunk)) + chunk)
            connection.sendall(struct.pack("!L", 0))
            answer = b""
            while not answer.endswith(b"\0") and (part := connection.recv(4096)):
                answer += part
    except (OSError, ValueError) as error:
        logger.warning("antivirus unreachable: %s", error)
        raise UploadRefused(_("The antivirus check is not available now: try to upload the file later.")) from None
    finally:
        file.seek(position)
    text = answer.rstrip(b"\0").decode("utf-8", "replace")
    if text.endswith("FOUND"):
        logger.warning("antivirus finding: %s", text)
        raise UploadRefused(_("The antivirus found a threat in the file: it is refused."))
    if not text.endswith("OK"):
        logger.warning("antivirus answer: %s", text)
        raise UploadRefused(_("The antivirus check is not available now: try to upload the file later."))
