"""The one client for the BigBlueButton API (integrations.md §5): every call is signed with the shared secret
over the query string exactly as sent, answers are XML with returncode/messageKey."""
import base64
import binascii
import hashlib
import hmac
import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlencode

from defusedxml import ElementTree

TIMEOUT = 10


class BbbError(Exception):
    """The server refused a call (messageKey) or could not be reached."""

    def __init__(self, key: str, message: str):
        super().__init__(f"{key}: {message}")
        self.key, self.message = key, message


@dataclass(frozen=True)
class Server:
    url: str  # …/bigbluebutton/
    secret: str
    algorithm: str = "sha256"

    def signed(self, call: str, params: dict) -> str:
        """The full URL of a call: the query built once and the checksum taken over that very string."""
        query = urlencode(params)
        checksum = hashlib.new(self.algorithm, f"{call}{query}{self.secret}".encode()).hexdigest()
        base = self.url.rstrip("/") + "/api/" + call
        return f"{base}?{query}&checksum={checksum}" if query else f"{base}?checksum={checksum}"

    def call(self, call: str, params: dict) -> ElementTree:
        """Run a call and return the <response> element; FAILED answers raise BbbError with the server's key."""
        try:
            with urllib.request.urlopen(self.signed(call, params), timeout=TIMEOUT) as reply:  # noqa: S310  configured
                body = reply.read()
        except urllib.error.HTTPError as exc:
            raise BbbError("httpError", f"HTTP {exc.code}") from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise BbbError("unreachable", str(getattr(exc, "reason", exc))) from exc
        try:
            root = ElementTree.fromstring(body)
        except ElementTree.ParseError as exc:
            raise BbbError("badResponse", "not XML") from exc
        if root.findtext("returncode") != "SUCCESS":
            raise BbbError(root.findtext("messageKey") or "failed", root.findtext("message") or "")
        return root

    def create(self, *, meeting_id: str, name: str, duration: int, logout_url: str = "", end_callback: str = "",
               recording_ready: str = "", record: bool = True) -> dict:
        """Create the meeting (idempotent on the server: the same parameters again answer duplicateWarning)."""
        params = {"name": name, "meetingID": meeting_id, "record": "true" if record else "false",
                  "duration": str(duration)}
        if logout_url:
            params["logoutURL"] = logout_url
        if end_callback:
            params["meta_endCallbackUrl"] = end_callback
        if recording_ready:
            params["meta_bbb-recording-ready-url"] = recording_ready
        root = self.call("create", params)
        return {"create_time": int(root.findtext("createTime") or 0),
                "duplicate": root.findtext("messageKey") == "duplicateWarning"}

    def join_url(self, *, meeting_id: str, full_name: str, user_id: str, moderator: bool,
                 create_time: int | None) -> str:
        """The browser's join address (BBB 2.4+: role instead of the deprecated passwords); createTime ties it
        to this meeting's run so an old address cannot enter a later one."""
        params = {"fullName": full_name, "meetingID": meeting_id, "role": "MODERATOR" if moderator else "VIEWER",
                  "userID": user_id}
        if create_time:
            params["createTime"] = str(create_time)
        return self.signed("join", params)

    def end(self, *, meeting_id: str) -> None:
        self.call("end", {"meetingID": meeting_id})

    def meeting_info(self, *, meeting_id: str) -> dict | None:
        """Whether the meeting runs and who is in it now; None for a meeting the server does not know."""
        try:
            root = self.call("getMeetingInfo", {"meetingID": meeting_id})
        except BbbError as exc:
            if exc.key == "notFound":
                return None
            raise
        attendees = [{"user_id": a.findtext("userID") or "", "full_name": a.findtext("fullName") or "",
                      "role": a.findtext("role") or ""} for a in root.iterfind("attendees/attendee")]
        return {"running": root.findtext("running") == "true", "attendees": attendees,
                "ended": root.findtext("hasBeenForciblyEnded") == "true" or (root.findtext("endTime") or "0") != "0"}

    def recordings(self, *, meeting_id: str) -> list[dict]:
        root = self.call("getRecordings", {"meetingID": meeting_id})
        rows = []
        for rec in root.iterfind("recordings/recording"):
            if rec.findtext("published") != "true":
                continue
            rows.append({"record_id": rec.findtext("recordID") or "", "start": int(rec.findtext("startTime") or 0),
                         "end": int(rec.findtext("endTime") or 0),
                         "url": rec.findtext("playback/format/url") or "",
                         "minutes": int(rec.findtext("playback/format/length") or 0)})
        return rows


def _unb64(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def recording_ready_payload(token: str, secret: str) -> dict | None:
    """The payload of the recording-ready callback's `signed_parameters`: a JWT HS256 signed with the shared
    secret ({meeting_id, record_id}); None when it is malformed, not HS256 or the signature does not match."""
    try:
        head, body, signature = token.split(".")
        header = json.loads(_unb64(head))
        if header.get("alg") != "HS256":
            return None
        expected = hmac.new(secret.encode(), f"{head}.{body}".encode(), hashlib.sha256).digest()
        if not hmac.compare_digest(expected, _unb64(signature)):
            return None
        payload = json.loads(_unb64(body))
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        return None
    return payload if isinstance(payload, dict) else None
