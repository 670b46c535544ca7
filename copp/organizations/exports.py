"""The database of organisations as an Excel file (XlsxWriter), written row by row from an iterator."""
from django.utils import timezone
from django.utils.translation import gettext as _

from copp.core.xlsx import XLSX_CONTENT_TYPE, table_xlsx

from .models import Organization

__all__ = ["XLSX_CONTENT_TYPE", "organizations_xlsx"]
CHUNK = 1000


def _columns():
    field = Organization._meta.get_field
    return [
        (str(field("short_name").verbose_name).capitalize(), 40, lambda o: o.short_name),
        (str(field("name").verbose_name).capitalize(), 60, lambda o: o.name),
        (str(field("type").verbose_name).capitalize(), 28, lambda o: o.get_type_display()),
        (str(field("inn").verbose_name), 14, lambda o: o.inn),
        (str(field("ogrn").verbose_name), 17, lambda o: o.ogrn),
        (str(field("kpp").verbose_name), 11, lambda o: o.kpp),
        (str(field("municipality").verbose_name).capitalize(), 28, lambda o: str(o.municipality or "")),
        (str(field("legal_address").verbose_name).capitalize(), 50, lambda o: o.legal_address),
        (str(field("phone").verbose_name).capitalize(), 18, lambda o: o.phone),
        (str(field("email").verbose_name).capitalize(), 28, lambda o: o.email),
        (str(field("website").verbose_name).capitalize(), 28, lambda o: o.website),
        (str(field("competencies").verbose_name).capitalize(), 50,
         lambda o: "; ".join(c.name for c in o.competencies.all())),
        (str(field("verification_status").verbose_name).capitalize(), 18,
         lambda o: o.get_verification_status_display()),
        (_("Members"), 10, lambda o: o.member_count),
        (_("Registered"), 14, lambda o: timezone.localtime(o.created_at).date()),
    ]


def organizations_xlsx(rows, progress=None, total: int = 0):
    """Write the rows (annotated with member_count, competencies prefetched) to a temporary xlsx file."""
    return table_xlsx(rows.iterator(chunk_size=CHUNK), _columns(), sheet_title=_("Organisations"),
                      progress=progress, total=total)
