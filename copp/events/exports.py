"""Excel export of an event's registrations (staff live in Excel), through the shared table writer."""
from django.utils import timezone
from django.utils.translation import gettext as _

from copp.core.xlsx import XLSX_CONTENT_TYPE, table_xlsx

__all__ = ["XLSX_CONTENT_TYPE", "registrations_xlsx"]


def _local(moment):
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def _columns():
    """Columns over (number, registration) pairs."""
    return [
        (_("No."), 5, lambda r: r[0]),
        (_("Surname, name, patronymic"), 36, lambda r: r[1].user.get_full_name() or r[1].user.email),
        (_("E-mail"), 30, lambda r: r[1].user.email),
        (_("Phone"), 18, lambda r: getattr(r[1].user, "phone", "") or ""),
        (_("Registration status"), 22, lambda r: str(r[1].get_status_display())),
        (_("Signed up at"), 18, lambda r: _local(r[1].queued_at)),
        (_("Came"), 8, lambda r: _("yes") if r[1].checked_in_at else ""),
        (_("Check-in time"), 18, lambda r: _local(r[1].checked_in_at)),
    ]


def registrations_xlsx(event, registrations, *, progress=None, total: int = 0):
    """The registrations under the event's title and start; returns an open temporary xlsx file."""
    preamble = [event.title, timezone.localtime(event.starts_at).strftime("%d.%m.%Y %H:%M")]
    return table_xlsx(enumerate(registrations, start=1), _columns(), sheet_title=_("Registrations"),
                      datetime_format="dd.mm.yyyy hh:mm", preamble=preamble, progress=progress, total=total)
