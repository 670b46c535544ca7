"""Plain text of a material's file for the full-text search: PDF through pypdf, DOCX through python-docx (its
paragraphs and tables). Long documents are cut: the search needs words, not every page."""
import io
import logging

logger = logging.getLogger(__name__)

MAX_PAGES = 300
MAX_CHARS = 500_000
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EXTRACTABLE = frozenset({"application/pdf", DOCX})


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data), strict=False)
    parts, size = [], 0
    for page in reader.pages[:MAX_PAGES]:
        text = page.extract_text() or ""
        parts.append(text)
        size += len(text)
        if size > MAX_CHARS:
            break
    return "\n".join(parts)


def _docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(p for p in parts if p)


def text_of(data: bytes, content_type: str) -> str:
    """The document's text (at most MAX_CHARS); ValueError when the file cannot be read."""
    try:
        text = _pdf_text(data) if content_type == "application/pdf" else _docx_text(data)
    except Exception as error:  # the readers raise many kinds on damaged files
        logger.info("text extraction failed: %s", error)
        raise ValueError(str(error)) from None
    return text.replace("\x00", " ")[:MAX_CHARS]
