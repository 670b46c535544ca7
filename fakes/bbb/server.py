"""A local BigBlueButton that speaks the API and checks what the real one checks (integrations.md §5).

Calls under /bigbluebutton/api/: create, join, end, isMeetingRunning, getMeetingInfo, getRecordings. The
checksum is verified on the raw query string as received (the algorithm chosen by the checksum's length, as
bbb-web does), parameter names are case-sensitive, `create` is idempotent (duplicateWarning) and a differing
repeat is refused (idNotUnique), `join` redirects to a small client page (or answers XML with redirect=false)
and `getMeetingInfo` lists the attendees in the room. Standard library only; state lives in memory. Tests
reach in through `leave`, `add_recording`, `fire_end_callback` and `requests`.
"""
import base64
import hashlib
import hmac
import html
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.error import HTTPError
from urllib.parse import parse_qsl, urlencode, urlsplit
from urllib.request import Request, urlopen
from xml.sax.saxutils import escape

API = "/bigbluebutton/api"
ALGORITHMS = {40: "sha1", 64: "sha256", 96: "sha384", 128: "sha512"}
CALLS = ("create", "join", "end", "isMeetingRunning", "getMeetingInfo", "getRecordings")
# create's parameters that make a repeat "the same meeting"; any other difference is idNotUnique.
IDENTITY = ("name", "attendeePW", "moderatorPW", "voiceBridge", "duration", "record")


class ApiError(Exception):
    def __init__(self, key: str, message: str):
        super().__init__(message)
        self.key, self.message = key, message


def checksum(call: str, query: str, secret: str, algorithm: str = "sha1") -> str:
    """hex(SHA(callName + queryString + secret)), the string exactly as sent."""
    return hashlib.new(algorithm, f"{call}{query}{secret}".encode()).hexdigest()


def strip_checksum(query: str, value: str) -> str:
    """The raw query without the checksum parameter, removed as text (ParamsProcessorUtil.isChecksumSame)."""
    return (query.replace(f"&checksum={value}", "").replace(f"checksum={value}&", "")
            .replace(f"checksum={value}", ""))


def _ms() -> int:
    return int(time.time() * 1000)


@dataclass
class Attendee:
    user_id: str
    full_name: str
    role: str
    joined_at: int
    left_at: int | None = None


@dataclass
class Meeting:
    meeting_id: str
    name: str
    params: dict
    create_time: int
    attendee_pw: str
    moderator_pw: str
    voice_bridge: str
    metadata: dict = field(default_factory=dict)
    internal_id: str = ""
    start_time: int = 0
    end_time: int = 0
    ended: bool = False
    attendees: list[Attendee] = field(default_factory=list)

    @property
    def running(self) -> bool:
        return not self.ended and any(a.left_at is None for a in self.attendees)

    def present(self) -> list[Attendee]:
        return [a for a in self.attendees if a.left_at is None]


class FakeBbb:
    """The local BigBlueButton. `start()` serves it on a thread; `url` is its API base (…/bigbluebutton/)."""

    def __init__(self, *, secret: str, host: str = "127.0.0.1", port: int = 0,
                 algorithms: tuple = ("sha1", "sha256", "sha384", "sha512")):
        self.secret = secret
        self.algorithms = set(algorithms)
        self.meetings: dict[str, Meeting] = {}
        self.recordings: list[dict] = []
        self.requests: list[dict] = []
        self.faults: dict[str, object] = {}
        self.lock = threading.Lock()
        self.httpd = ThreadingHTTPServer((host, port), _handler(self))
        self.httpd.daemon_threads = True
        self.base = f"http://{host}:{self.httpd.server_address[1]}"
        self.url = self.base + "/bigbluebutton/"
        self._thread: threading.Thread | None = None

    def start(self) -> "FakeBbb":
        self._thread = threading.Thread(target=self.httpd.serve_forever, name="fake-bbb", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def serve_forever(self) -> None:
        self.httpd.serve_forever()

    # --- the checks bbb-web makes ---------------------------------------------------------------

    def verify(self, call: str, query: str, params: dict) -> None:
        value = params.get("checksum", "")
        algorithm = ALGORITHMS.get(len(value))
        if not value or algorithm not in self.algorithms:
            raise ApiError("checksumError", "Checksums do not match")
        expected = checksum(call, strip_checksum(query, value), self.secret, algorithm)
        if not hmac.compare_digest(expected, value.lower()):
            raise ApiError("checksumError", "Checksums do not match")

    def call(self, call: str, query: str, params: dict) -> tuple[str, object]:
        """Run one API call; returns ("xml", body) or ("redirect", url)."""
        if call not in CALLS:
            raise ApiError("unsupportedRequest", "This request is not supported.")
        self.verify(call, query, params)
        with self.lock:
            return getattr(self, "_" + call)(params)

    def _meeting_id(self, params: dict) -> str:
        meeting_id = params.get("meetingID", "")
        if not meeting_id:
            raise ApiError("missingParamMeetingID", "You must specify a meeting ID for the meeting.")
        if not 2 <= len(meeting_id) <= 256 or "," in meeting_id:
            raise ApiError("validationError", "Meeting ID must be between 2 and 256 characters and not contain commas")
        return meeting_id

    def _existing(self, params: dict) -> Meeting:
        meeting = self.meetings.get(self._meeting_id(params))
        if meeting is None:
            raise ApiError("notFound", "We could not find a meeting with that meeting ID - perhaps the meeting "
                                       "is not yet running?")
        return meeting

    def _create(self, params: dict):
        meeting_id = self._meeting_id(params)
        name = params.get("name", "")
        if not name:
            raise ApiError("missingParamName", "You must specify a name for the meeting.")
        if len(name) > 256:
            raise ApiError("validationError", "Meeting name must be between 2 and 256 characters")
        for password in ("attendeePW", "moderatorPW"):
            if password in params and not 2 <= len(params[password]) <= 64:
                raise ApiError("invalidPassword", "Password must be between 2 and 64 characters")
        existing = self.meetings.get(meeting_id)
        if existing is not None and not existing.ended:
            if any(params.get(k) != existing.params.get(k) for k in IDENTITY):
                raise ApiError("idNotUnique", "A meeting already exists with that meeting ID.  Please use a "
                                              "different meeting ID.")
            return "xml", _meeting_xml(existing, created=True, key="duplicateWarning", message=(
                "This conference was already in existence and may currently be in progress."))
        create_time = _ms()
        meeting = Meeting(
            meeting_id=meeting_id, name=name, params={k: params.get(k) for k in IDENTITY}, create_time=create_time,
            attendee_pw=params.get("attendeePW") or secrets.token_hex(4),
            moderator_pw=params.get("moderatorPW") or secrets.token_hex(4),
            voice_bridge=params.get("voiceBridge") or str(70000 + secrets.randbelow(9999)),
            metadata={k[5:]: v for k, v in params.items() if k.startswith("meta_")},
            internal_id=f"{hashlib.sha1(meeting_id.encode()).hexdigest()}-{create_time}")  # noqa: S324  bbb-web's id
        self.meetings[meeting_id] = meeting
        return "xml", _meeting_xml(meeting, created=True)

    def _join(self, params: dict):
        full_name = params.get("fullName", "")
        if not full_name:
            raise ApiError("missingParamFullName", "You must specify a name for the attendee who will be joining "
                                                   "the meeting.")
        meeting = self.meetings.get(self._meeting_id(params))
        if meeting is None:
            raise ApiError("invalidMeetingIdentifier", "The meeting ID that you supplied did not match any "
                                                       "existing meetings")
        if meeting.ended:
            raise ApiError("meetingForciblyEnded", "You can not re-join a meeting that has already been "
                                                   "forcibly ended.")
        role = params.get("role", "")
        if role:
            if role.upper() not in ("MODERATOR", "VIEWER"):
                raise ApiError("invalidRole", "The role you supplied is not valid.")
            role = role.upper()
        elif params.get("password") == meeting.moderator_pw:
            role = "MODERATOR"
        elif params.get("password") == meeting.attendee_pw:
            role = "VIEWER"
        else:
            raise ApiError("invalidPassword", "The password you submitted is not valid.")
        if "createTime" in params and params["createTime"] != str(meeting.create_time):
            raise ApiError("mismatchCreateTimeParam", "The createTime parameter submitted mismatches with the "
                                                      "current meeting.")
        user_id = params.get("userID") or "w_" + secrets.token_hex(6)
        now = _ms()
        if not meeting.start_time:
            meeting.start_time = now
        meeting.attendees.append(Attendee(user_id=user_id, full_name=full_name, role=role, joined_at=now))
        token = secrets.token_urlsafe(12)
        client = f"{self.base}/fake-client?" + urlencode({"sessionToken": token, "meetingID": meeting.meeting_id,
                                                          "userID": user_id})
        if params.get("redirect", "true").lower() == "false":
            return "xml", _response("SUCCESS", "successfullyJoined", "You have joined successfully.", (
                f"<meeting_id>{escape(meeting.internal_id)}</meeting_id><user_id>{escape(user_id)}</user_id>"
                f"<auth_token>{secrets.token_hex(6)}</auth_token><session_token>{token}</session_token>"
                f"<guestStatus>ALLOW</guestStatus><url>{escape(client)}</url>"))
        return "redirect", client

    def _end(self, params: dict):
        meeting = self._existing(params)
        if "password" in params and params["password"] != meeting.moderator_pw:
            raise ApiError("invalidPassword", "You must supply the moderator password for this call.")
        self._finish(meeting)
        return "xml", _response("SUCCESS", "sentEndMeetingRequest", "A request to end the meeting was sent.  "
                                "Please wait a few seconds, and then use the getMeetingInfo or isMeetingRunning API "
                                "calls to verify that it was ended.")

    def _isMeetingRunning(self, params: dict):  # noqa: N802  the API's call name
        meeting = self.meetings.get(self._meeting_id(params))
        running = bool(meeting and meeting.running)
        return "xml", _response("SUCCESS", body=f"<running>{str(running).lower()}</running>")

    def _getMeetingInfo(self, params: dict):  # noqa: N802
        return "xml", _meeting_xml(self._existing(params), created=False)

    def _getRecordings(self, params: dict):  # noqa: N802
        wanted = {m for m in params.get("meetingID", "").split(",") if m}
        records = {r for r in params.get("recordID", "").split(",") if r}
        rows = [r for r in self.recordings if (not wanted or r["meetingID"] in wanted)
                and (not records or r["recordID"] in records)]
        if not rows:
            return "xml", _response("SUCCESS", "noRecordings", "There are no recordings for the meeting(s).",
                                    "<recordings></recordings>")
        return "xml", _response("SUCCESS", body="<recordings>" + "".join(_recording_xml(r) for r in rows)
                                + "</recordings>")

    # --- what happens in the room (tests and the client page drive it) ---------------------------

    def _finish(self, meeting: Meeting) -> None:
        now = _ms()
        for attendee in meeting.present():
            attendee.left_at = now
        meeting.ended, meeting.end_time = True, now

    def leave(self, meeting_id: str, user_id: str) -> None:
        """The person closes the conference tab."""
        with self.lock:
            for attendee in self.meetings[meeting_id].present():
                if attendee.user_id == user_id:
                    attendee.left_at = _ms()

    def shift(self, meeting_id: str, minutes: int) -> None:
        """Move every join and leave back in time: lets a test show 40 minutes in the room without waiting."""
        delta = minutes * 60_000
        with self.lock:
            meeting = self.meetings[meeting_id]
            meeting.start_time -= delta
            for attendee in meeting.attendees:
                attendee.joined_at -= delta

    def add_recording(self, meeting_id: str, *, minutes: int = 45, published: bool = True,
                      notify: bool = True) -> dict:
        """A processed recording of a meeting, as bbb-web lists it once the presentation format is ready; a
        published one is announced to meta_bbb-recording-ready-url as bbb-web does (`notify`)."""
        with self.lock:
            meeting = self.meetings[meeting_id]
            record_id = meeting.internal_id
            row = {"recordID": record_id, "meetingID": meeting_id, "internalMeetingID": meeting.internal_id,
                   "name": meeting.name, "published": published, "state": "published" if published else "unpublished",
                   "startTime": meeting.start_time or meeting.create_time,
                   "endTime": (meeting.start_time or meeting.create_time) + minutes * 60_000,
                   "participants": len({a.user_id for a in meeting.attendees}), "metadata": meeting.metadata,
                   "url": f"{self.base}/playback/presentation/2.3/{record_id}", "length": minutes}
            self.recordings.append(row)
        if published and notify:
            try:
                row["callback_status"] = self.fire_recording_ready(meeting_id)
            except HTTPError as error:
                row["callback_status"] = error.code
            except OSError:  # the platform is not reachable from here: it still finds the recording by polling
                row["callback_status"] = None
        return row

    def fire_end_callback(self, meeting_id: str) -> int:
        """GET meta_endCallbackUrl with recordingmarks, as bbb-web does when a meeting ends."""
        url = self.meetings[meeting_id].metadata.get("endCallbackUrl")
        if not url:
            return 0
        joiner = "&" if "?" in url else "?"
        target = f"{url}{joiner}recordingmarks=false&meetingID={meeting_id}"
        with urlopen(Request(target), timeout=5) as reply:  # noqa: S310  the callback URL create was given
            return reply.status

    def fire_recording_ready(self, meeting_id: str) -> int:
        """POST signed_parameters (a JWT HS256 with the shared secret) to meta_bbb-recording-ready-url."""
        meeting = self.meetings[meeting_id]
        url = meeting.metadata.get("bbb-recording-ready-url")
        if not url:
            return 0
        token = jwt_hs256({"meeting_id": meeting_id, "record_id": meeting.internal_id}, self.secret)
        data = urlencode({"signed_parameters": token}).encode()
        with urlopen(Request(url, data=data, method="POST"), timeout=5) as reply:  # noqa: S310  create's URL
            return reply.status


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def jwt_hs256(payload: dict, secret: str) -> str:
    head = _b64(json.dumps({"typ": "JWT", "alg": "HS256"}).encode()) + "." + _b64(json.dumps(payload).encode())
    return head + "." + _b64(hmac.new(secret.encode(), head.encode(), hashlib.sha256).digest())


def _response(returncode: str, key: str = "", message: str = "", body: str = "") -> str:
    parts = [f"<returncode>{returncode}</returncode>", body]
    if key:
        parts.append(f"<messageKey>{escape(key)}</messageKey><message>{escape(message)}</message>")
    return "<response>" + "".join(parts) + "</response>"


def _meeting_xml(meeting: Meeting, *, created: bool, key: str = "", message: str = "") -> str:
    common = (f"<meetingID>{escape(meeting.meeting_id)}</meetingID>"
              f"<internalMeetingID>{meeting.internal_id}</internalMeetingID><parentMeetingID>bbb-none"
              f"</parentMeetingID><attendeePW>{escape(meeting.attendee_pw)}</attendeePW>"
              f"<moderatorPW>{escape(meeting.moderator_pw)}</moderatorPW><createTime>{meeting.create_time}"
              f"</createTime><voiceBridge>{meeting.voice_bridge}</voiceBridge><dialNumber>613-555-1234</dialNumber>"
              f"<createDate>{time.strftime('%a %b %d %H:%M:%S UTC %Y', time.gmtime(meeting.create_time / 1000))}"
              f"</createDate><hasUserJoined>{str(bool(meeting.attendees)).lower()}</hasUserJoined>"
              f"<duration>{meeting.params.get('duration') or 0}</duration>"
              f"<hasBeenForciblyEnded>{str(meeting.ended).lower()}</hasBeenForciblyEnded>")
    if created:
        return _response("SUCCESS", key, message, common)
    present = meeting.present()
    attendees = "".join(
        f"<attendee><userID>{escape(a.user_id)}</userID><fullName>{escape(a.full_name)}</fullName>"
        f"<role>{a.role}</role><isPresenter>{str(a.role == 'MODERATOR').lower()}</isPresenter>"
        f"<isListeningOnly>false</isListeningOnly><hasJoinedVoice>true</hasJoinedVoice><hasVideo>false</hasVideo>"
        f"<clientType>HTML5</clientType><joinTime>{a.joined_at}</joinTime></attendee>" for a in present)
    metadata = "".join(f"<{escape(k)}>{escape(v)}</{escape(k)}>" for k, v in meeting.metadata.items())
    return _response("SUCCESS", body=(
        f"<meetingName>{escape(meeting.name)}</meetingName>{common}<running>{str(meeting.running).lower()}</running>"
        f"<recording>false</recording><startTime>{meeting.start_time}</startTime><endTime>{meeting.end_time}"
        f"</endTime><participantCount>{len(present)}</participantCount><listenerCount>0</listenerCount>"
        f"<voiceParticipantCount>{len(present)}</voiceParticipantCount><videoCount>0</videoCount>"
        f"<maxUsers>0</maxUsers><moderatorCount>{sum(a.role == 'MODERATOR' for a in present)}</moderatorCount>"
        f"<attendees>{attendees}</attendees><metadata>{metadata}</metadata><isBreakout>false</isBreakout>"))


def _recording_xml(row: dict) -> str:
    metadata = "".join(f"<{escape(k)}>{escape(str(v))}</{escape(k)}>" for k, v in row["metadata"].items())
    return (f"<recording><recordID>{row['recordID']}</recordID><meetingID>{escape(row['meetingID'])}</meetingID>"
            f"<internalMeetingID>{row['internalMeetingID']}</internalMeetingID><name>{escape(row['name'])}</name>"
            f"<isBreakout>false</isBreakout><published>{str(row['published']).lower()}</published>"
            f"<state>{row['state']}</state><startTime>{row['startTime']}</startTime><endTime>{row['endTime']}"
            f"</endTime><participants>{row['participants']}</participants><metadata>{metadata}</metadata>"
            f"<playback><format><type>presentation</type><url>{escape(row['url'])}</url>"
            f"<processingTime>7177</processingTime><length>{row['length']}</length></format></playback>"
            f"</recording>")


PAGE = ("<!doctype html><html lang=\"ru\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
        "content=\"width=device-width\"><title>{title}</title></head><body style=\"font-family:sans-serif;"
        "max-width:40em;margin:2em auto;padding:0 1em\">{body}</body></html>")


def _handler(fake: FakeBbb):
    class Handler(BaseHTTPRequestHandler):
        server_version = "FakeBBB/1.0"

        def log_message(self, format, *args):  # noqa: A002  keep the test output quiet
            pass

        def _send(self, status: int, body: str, content_type: str, headers: dict | None = None):
            data = body.encode()
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def _api(self, call: str, query: str, params: dict):
            with fake.lock:
                fake.requests.append({"call": call, "query": query, "params": params})
            if fake.faults.get("down"):
                return self._send(503, "<html><body>503 Service Unavailable</body></html>", "text/html")
            try:
                kind, result = fake.call(call, query, params)
            except ApiError as exc:
                return self._send(200, _response("FAILED", exc.key, exc.message), "text/xml; charset=utf-8")
            if kind == "redirect":
                return self._send(302, "", "text/plain", {"Location": result})
            return self._send(200, result, "text/xml; charset=utf-8")

        def do_GET(self):  # noqa: N802
            url = urlsplit(self.path)
            params = dict(parse_qsl(url.query, keep_blank_values=True))
            if url.path.startswith(API + "/"):
                return self._api(url.path[len(API) + 1:], url.query, params)
            if url.path in (API, API + "/"):
                return self._send(200, _response("SUCCESS", body="<version>2.0</version><apiVersion>2.0</apiVersion>"
                                                 "<bbbVersion>3.0.0</bbbVersion>"), "text/xml; charset=utf-8")
            if url.path == "/fake-client":
                meeting = fake.meetings.get(params.get("meetingID", ""))
                title = html.escape(meeting.name if meeting else "Конференция")
                form = (f"<form method=\"post\" action=\"/fake-client/leave\">"
                        f"<input type=\"hidden\" name=\"meetingID\" "
                        f"value=\"{html.escape(params.get('meetingID', ''))}\">"
                        f"<input type=\"hidden\" name=\"userID\" "
                        f"value=\"{html.escape(params.get('userID', ''))}\"><button>Выйти из конференции</button>"
                        f"</form>")
                return self._send(200, PAGE.format(title=title, body=f"<h1>{title}</h1><p>Учебный BigBlueButton: "
                                                   f"вы в конференции.</p>{form}"), "text/html; charset=utf-8")
            return self._send(404, PAGE.format(title="Не найдено", body="<h1>Не найдено</h1>"), "text/html")

        def do_POST(self):  # noqa: N802
            url = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode()
            form = dict(parse_qsl(body, keep_blank_values=True))
            if url.path == "/fake-client/leave":
                if form.get("meetingID") in fake.meetings:
                    fake.leave(form["meetingID"], form.get("userID", ""))
                return self._send(200, PAGE.format(title="Вы вышли", body="<h1>Вы вышли из конференции</h1>"),
                                  "text/html; charset=utf-8")
            if url.path.startswith(API + "/"):
                call = url.path[len(API) + 1:]
                if call not in ("create", "end"):
                    return self._send(405, "", "text/plain")
                query_params = dict(parse_qsl(url.query, keep_blank_values=True))
                if set(query_params) & set(form) - {"checksum"} or ("checksum" in query_params and "checksum" in form):
                    return self._send(200, _response("FAILED", "checksumError", "Checksums do not match"),
                                      "text/xml; charset=utf-8")
                # The form body joins the query string; the checksum covers what was sent, in that order.
                query = "&".join(p for p in (url.query, body) if p)
                return self._api(call, query, {**query_params, **form})
            return self._send(404, "", "text/plain")

    return Handler
