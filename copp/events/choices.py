"""The events as a searchable choice (copp.core.choices): the audience of a survey (the participants of one event).
The rows are the events the user manages (`events_managed_by`): every event of the region for CoPP staff
(≈ 2 000 at region scale), the own organisations' for a partner."""
from django.utils import timezone
from django.utils.formats import date_format

from copp.core.access import has_capability
from copp.core.choices import ChoiceSource
from copp.core.roles import Cap

from .models import Event
from .selectors import events_managed_by


def _label(row) -> str:
    return f"{row.title} — {date_format(timezone.localtime(row.starts_at), 'SHORT_DATE_FORMAT')}"


EVENTS = ChoiceSource(
    model=Event, rows=events_managed_by,
    allowed=lambda user: has_capability(user, Cap.EVENTS_ALL) or has_capability(user, Cap.EVENTS_OWN),
    search=("title",), order=("-starts_at", "-pk"), label=_label)
