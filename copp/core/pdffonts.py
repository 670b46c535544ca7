"""The DejaVu fonts (Debian's fonts-dejavu-core) for reportlab PDFs with Cyrillic text, registered once per process."""
from pathlib import Path

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FACES = {"DejaVuSans": "DejaVuSans.ttf", "DejaVuSans-Bold": "DejaVuSans-Bold.ttf"}


def dejavu_fonts() -> tuple[str, str]:
    """Names of the regular and bold faces: DejaVu when installed, else reportlab's Helvetica (no Cyrillic).
    Each face is registered on its own: several documents share the process, and one may need only one face."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if not all((FONT_DIR / file).exists() for file in FACES.values()):
        return "Helvetica", "Helvetica-Bold"
    registered = set(pdfmetrics.getRegisteredFontNames())
    for name, file in FACES.items():
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / file)))
    return "DejaVuSans", "DejaVuSans-Bold"
