"""The one client for Moodle's REST web services (integrations.md §4): PHP bracket arrays, JSON answers, and
Moodle's errors (HTTP 200 with an `exception` body) raised as MoodleError with a message staff understand."""
import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlencode

from django.utils.translation import gettext as _

TIMEOUT = 15
# What the platform calls; the connection page lists those the token lacks.
NEEDED_FUNCTIONS = (
    "core_webservice_get_site_info", "core_user_create_users", "core_user_get_users_by_field",
    "core_course_create_courses", "core_course_duplicate_course", "core_course_get_courses_by_field",
    "enrol_manual_enrol_users", "core_enrol_get_enrolled_users", "gradereport_user_get_grade_items",
    "core_completion_get_course_completion_status",
)
SSO_FUNCTION = "auth_userkey_request_login_url"


class MoodleError(Exception):
    """A refused or failed call: `code` is Moodle's errorcode (or timeout / unreachable / badresponse)."""

    def __init__(self, code: str, message: str, debuginfo: str = ""):
        super().__init__(f"{code}: {message}")
        self.code, self.message, self.debuginfo = code, message, debuginfo

    @property
    def retryable(self) -> bool:
        """Worth another try later: the network, a maintenance page; not a refused token or bad data."""
        return self.code in ("timeout", "unreachable", "httperror", "badresponse")

    def explain(self) -> str:
        """The error in plain words for staff."""
        texts = {
            "invalidtoken": _("Moodle does not accept the token: check it in the connection settings."),
            "accessexception": _("The token may not call a needed Moodle function; add it to the web service."),
            "invalidparameter": _("Moodle refused the data sent to it."),
            "shortnametaken": _("A Moodle course with this short name already exists: link the group to it."),
            "timeout": _("Moodle did not answer in time; the platform will try again."),
            "unreachable": _("Moodle cannot be reached; the platform will try again."),
            "httperror": _("Moodle answered with an error page (maintenance?); the platform will try again."),
            "badresponse": _("Moodle's answer could not be read; the platform will try again."),
        }
        text = texts.get(self.code, _("Moodle refused the request."))
        detail = self.debuginfo or self.message
        return f"{text} ({self.code}{': ' + detail if detail else ''})"[:1000]


def php_flatten(obj, prefix: str = ""):
    """`{"users": [{"email": "x"}]}` → ("users[0][email]", "x"): the array encoding PHP reads."""
    if isinstance(obj, dict):
        items = obj.items()
    elif isinstance(obj, list | tuple):
        items = enumerate(obj)
    else:
        yield prefix, ("1" if obj is True else "0" if obj is False else str(obj))
        return
    for key, value in items:
        yield from php_flatten(value, f"{prefix}[{key}]" if prefix else str(key))


@dataclass(frozen=True)
class Client:
    url: str
    token: str

    def call(self, function: str, **params):
        """POST one function with the token; Moodle's `exception` answers raise MoodleError."""
        data = urlencode([("wstoken", self.token), ("wsfunction", function), ("moodlewsrestformat", "json"),
                          *php_flatten(params)]).encode()
        endpoint = self.url.rstrip("/") + "/webservice/rest/server.php"
        request = urllib.request.Request(endpoint, data=data,  # noqa: S310  the configured address
                                         headers={"Content-Type": "application/x-www-form-urlencoded"})
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as reply:  # noqa: S310  the configured address
                body = reply.read()
        except urllib.error.HTTPError as exc:
            raise MoodleError("httperror", f"HTTP {exc.code}") from exc
        except TimeoutError as exc:
            raise MoodleError("timeout", str(exc)) from exc
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            code = "timeout" if isinstance(reason, TimeoutError) else "unreachable"
            raise MoodleError(code, str(reason)) from exc
        try:
            result = json.loads(body) if body.strip() else None
        except ValueError as exc:
            raise MoodleError("badresponse", "not JSON") from exc
        if isinstance(result, dict) and "exception" in result:
            raise MoodleError(result.get("errorcode", "unknown"), result.get("message", ""),
                              result.get("debuginfo", ""))
        return result
