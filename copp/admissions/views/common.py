"""Helpers shared by the admissions views: steps, timelines, session drafts."""
import datetime

from django.utils.translation import gettext as _

from ..models import ApplicationStatus, StatusChange


def steps(current: int, labels=None):
    labels = labels or [_("Application"), _("Check the details"), _("Done")]
    return [{"number": i, "label": label, "current": i == current} for i, label in enumerate(labels, start=1)]


def timeline(application):
    """The application's status changes, oldest first, with who made them."""
    return list(StatusChange.objects.filter(application=application).select_related("actor", "participant"))


def status_label(code: str) -> str:
    return ApplicationStatus(code).label if code else ""


def to_json(values: dict) -> dict:
    return {k: (v.isoformat() if isinstance(v, datetime.date) else v) for k, v in values.items()}


def from_json_date(value):
    return datetime.date.fromisoformat(value) if value else None


def session_get(request, key: str) -> dict:
    return dict(request.session.get(key) or {})


def session_put(request, key: str, name: str, value) -> None:
    data = session_get(request, key)
    if value is None:
        data.pop(name, None)
    else:
        data[name] = value
    request.session[key] = data
