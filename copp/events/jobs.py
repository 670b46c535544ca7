"""Background jobs of events: the participants' Excel export when an event is big."""
from django.utils.translation import gettext_lazy as _

from copp.core.jobs import Export, register_export

from . import exports, selectors
from .models import RegistrationStatus

REGISTRATIONS_EXPORT = "events.registrations"


def exported_registrations(event):
    """The registrations an export lists: everyone but those who cancelled."""
    return selectors.event_registrations(event).exclude(status=RegistrationStatus.CANCELLED)


def _registrations_xlsx(owner, query, progress):
    # The job re-checks that its owner still manages the event.
    event = selectors.events_managed_by(owner).get(pk=query.get("event"))
    rows = exported_registrations(event)
    total = rows.count() if progress else 0
    return (exports.registrations_xlsx(event, rows, progress=progress, total=total),
            f"registrations-{event.pk}.xlsx")


register_export(Export(REGISTRATIONS_EXPORT, _("Event participants in Excel"), _registrations_xlsx))
