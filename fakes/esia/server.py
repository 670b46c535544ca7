"""A local ESIA (Госуслуги) that speaks the current protocol and checks what the real one checks.

Endpoints (integrations.md §1.2, §1.11): GET /aas/oauth2/v2/ac, POST /aas/oauth2/v3/te, GET /idp/ext/Logout,
GET /rs/prns/{oid}[/ctts|/docs|/addrs[/{id}]]. Standard library HTTP server, no Django, so tests and
`make run` start it the same way; state lives in memory. Tests reach in through `faults`, `codes` and
`requests` to make ESIA misbehave or to see what the platform sent.
"""
import base64
import binascii
import copy
import datetime as dt
import html
import json
import re
import secrets
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

from . import gost
from .citizens import DEMO_CITIZENS, Citizen

JWT_ALG = "GOST3410_2012_256"
UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.IGNORECASE)
AC_REQUIRED = ("client_id", "client_secret", "client_certificate_hash", "redirect_uri", "scope",
               "response_type", "state", "timestamp")
TE_REQUIRED = ("client_id", "grant_type", "client_certificate_hash", "client_secret", "state",
               "redirect_uri", "scope", "timestamp", "token_type")
PERSON_SCOPES = {"fullname": ("firstName", "lastName", "middleName"), "birthdate": ("birthDate",),
                 "gender": ("gender",), "snils": ("snils",), "inn": ("inn",), "birthplace": ("birthPlace",),
                 "id_doc": ("rIdDoc",)}
SCOPE_TITLES = {"openid": "вход в систему", "fullname": "фамилия, имя, отчество", "birthdate": "дата рождения",
                "gender": "пол", "snils": "СНИЛС", "inn": "ИНН", "id_doc": "документ, удостоверяющий личность",
                "birthplace": "место рождения", "email": "адрес электронной почты",
                "mobile": "номер мобильного телефона", "contacts": "контактные данные", "addresses": "адреса"}
ERRORS = {
    "007002": "The certificate does not match the client or no certificate was registered",
    "007003": "The request contains an invalid, missing or duplicated parameter",
    "007004": "The owner of the resource or the authorization service denied the request",
    "007006": "The requested scope is invalid, unknown or not allowed for the client",
    "007008": "The service is overloaded or under maintenance",
    "007009": "The grant type is not supported",
    "007011": "The authorization code is invalid, expired, revoked or was issued to another client",
    "007012": "The response type is not supported",
    "007014": "The request does not contain the mandatory parameter",
    "007015": "Wrong request time",
    "007023": "The redirect_uri is not allowed for the client",
    "007053": "OAuthErrorEnum.clientSecretWrong",
    "007055": "The user account is not confirmed",
}


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    """Both padded (Go) and unpadded (PHP) base64url are accepted (integrations.md §1.5.1)."""
    text = text.strip()
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class Client:
    """A registered information system: mnemonic, redirect URIs, approved scopes, certificate."""

    client_id: str
    redirect_uris: list[str]
    certificate: bytes
    scopes: set[str] = field(default_factory=lambda: set(SCOPE_TITLES))

    def __post_init__(self):
        self.certificate_hash = gost.certificate_hash(self.certificate)
        self.public_xy, self.curve = gost.certificate_public_key(self.certificate)

    def origins(self) -> set[str]:
        return {"{0.scheme}://{0.netloc}".format(urlsplit(uri)) for uri in self.redirect_uris}


@dataclass
class Grant:
    code: str
    client_id: str
    redirect_uri: str
    scope: str
    oid: int
    access_type: str
    issued_at: float
    used: bool = False


class EsiaError(Exception):
    def __init__(self, error: str, code: str, status: int = 400):
        super().__init__(code)
        self.error, self.code, self.status = error, code, status

    @property
    def description(self) -> str:
        return f"ESIA-{self.code}: {ERRORS.get(self.code, 'Error')}"


class FakeEsia:
    """The local ESIA. `start()` serves it on a thread; `url` is its base address."""

    def __init__(self, *, clients: list[Client], key: gost.KeyPair, citizens: list[Citizen] | None = None,
                 host: str = "127.0.0.1", port: int = 0, issuer: str | None = None,
                 code_ttl: int = 300, token_ttl: int = 3600, max_skew: int = 300):
        self.clients = {c.client_id: c for c in clients}
        self.key = key
        self.citizens = {c.oid: copy.deepcopy(c) for c in (citizens or DEMO_CITIZENS)}
        self.code_ttl, self.token_ttl, self.max_skew = code_ttl, token_ttl, max_skew
        self.faults: dict[str, object] = {}
        self.auto_approve: int | None = None
        self.codes: dict[str, Grant] = {}
        self.refresh_tokens: dict[str, Grant] = {}
        self.pending: dict[str, dict] = {}
        self.requests: list[dict] = []
        self.logouts = 0
        self.lock = threading.Lock()
        self.httpd = ThreadingHTTPServer((host, port), _handler(self))
        self.httpd.daemon_threads = True
        self.url = f"http://{host}:{self.httpd.server_address[1]}"
        self.issuer = issuer or self.url + "/"
        self._thread: threading.Thread | None = None

    def start(self) -> "FakeEsia":
        self._thread = threading.Thread(target=self.httpd.serve_forever, name="fake-esia", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def serve_forever(self) -> None:
        self.httpd.serve_forever()

    # --- the checks the real ESIA makes ---------------------------------------------------------

    def client_for(self, params: dict) -> Client:
        client = self.clients.get(params.get("client_id", ""))
        if client is None:
            raise EsiaError("invalid_client", "007002")
        return client

    def check_redirect_uri(self, client: Client, params: dict) -> str:
        redirect_uri = params.get("redirect_uri", "")
        if redirect_uri not in client.redirect_uris:
            raise EsiaError("invalid_request", "007023")
        return redirect_uri

    def check_signed_request(self, client: Client, params: dict, required: tuple, signed_tail: str = "") -> None:
        """Parameters, state, timestamp, certificate hash and the raw GOST signature of the request."""
        for name in required:
            if not params.get(name):
                raise EsiaError("invalid_request", "007014")
        if not UUID_RE.match(params["state"]):
            raise EsiaError("invalid_request", "007003")
        try:
            sent = dt.datetime.strptime(params["timestamp"], "%Y.%m.%d %H:%M:%S %z")
        except ValueError as exc:
            raise EsiaError("invalid_request", "007015") from exc
        if abs((dt.datetime.now(dt.UTC) - sent).total_seconds()) > self.max_skew:
            raise EsiaError("invalid_request", "007015")
        if params["client_certificate_hash"].upper() != client.certificate_hash:
            raise EsiaError("invalid_client", "007002")
        message = (params["client_id"] + params["scope"] + params.get("scope_org", "") + params["timestamp"]
                   + params["state"] + params["redirect_uri"] + signed_tail)
        try:
            signature = unb64url(params["client_secret"])
        except (binascii.Error, ValueError):
            signature = b""
        if not gost.verify(client.public_xy, message.encode(), signature, client.curve):
            raise EsiaError("invalid_client", "007053")
        unknown = set(params["scope"].split()) - client.scopes
        if unknown or "openid" not in params["scope"].split():
            raise EsiaError("invalid_scope", "007006")

    # --- authorization -----------------------------------------------------------------------------

    def authorize(self, params: dict) -> dict:
        """Validate a v2/ac request; return the pending request the chooser page shows."""
        client = self.client_for(params)
        redirect_uri = self.check_redirect_uri(client, params)
        request = {"client_id": client.client_id, "redirect_uri": redirect_uri,
                   "state": params.get("state", ""), "scope": params.get("scope", ""),
                   "access_type": params.get("access_type", "online")}
        try:
            self.check_signed_request(client, params, AC_REQUIRED)
            if params["response_type"] != "code":
                raise EsiaError("unsupported_response_type", "007012")
        except EsiaError as exc:
            exc.redirect = request
            raise
        request_id = secrets.token_urlsafe(16)
        with self.lock:
            self.pending[request_id] = request
        return {"id": request_id, **request}

    def decide(self, request_id: str, oid: int | None) -> str:
        """The demo user's answer on the chooser page: the redirect back to the platform."""
        with self.lock:
            request = self.pending.pop(request_id, None)
        if request is None:
            raise EsiaError("invalid_request", "007003")
        if oid is None:
            return _redirect(request, error="access_denied", error_description=EsiaError("", "007004").description,
                             state=request["state"])
        if self.faults.get("unconfirmed_account"):
            return _redirect(request, error="access_denied", error_description=EsiaError("", "007055").description,
                             state=request["state"])
        if oid not in self.citizens:
            raise EsiaError("invalid_request", "007003")
        code = secrets.token_urlsafe(32)
        with self.lock:
            self.codes[code] = Grant(code, request["client_id"], request["redirect_uri"], request["scope"], oid,
                                     request["access_type"], time.time())
        return _redirect(request, code=code, state=request["state"])

    # --- tokens ------------------------------------------------------------------------------------

    def token(self, params: dict) -> dict:
        client = self.client_for(params)
        grant_type = params.get("grant_type", "")
        if grant_type == "authorization_code":
            self.check_signed_request(client, params, (*TE_REQUIRED, "code"), signed_tail=params.get("code", ""))
            self.check_redirect_uri(client, params)
            with self.lock:
                grant = self.codes.get(params["code"])
                if (grant is None or grant.used or grant.client_id != client.client_id
                        or grant.redirect_uri != params["redirect_uri"]
                        or time.time() - grant.issued_at > self.code_ttl):
                    raise EsiaError("invalid_grant", "007011")
                grant.used = True
        elif grant_type == "refresh_token":
            self.check_signed_request(client, params, (*TE_REQUIRED, "refresh_token"))
            with self.lock:
                grant = self.refresh_tokens.pop(params["refresh_token"], None)
            if grant is None or grant.client_id != client.client_id:
                raise EsiaError("invalid_grant", "007011")
        else:
            raise EsiaError("unsupported_grant_type", "007009")
        if set(params["scope"].split()) - set(grant.scope.split()):
            raise EsiaError("invalid_scope", "007006")
        return self.issue_tokens(grant, params["state"])

    def issue_tokens(self, grant: Grant, state: str) -> dict:
        now = int(time.time())
        sid = str(uuid.uuid4())
        citizen = self.citizens[grant.oid]
        expires = now - 600 if self.faults.get("expired_token") else now + self.token_ttl  # past any clock leeway
        issuer = str(self.faults.get("issuer", self.issuer))
        access = {"nbf": now, "scope": grant.scope, "iss": issuer, "urn:esia:sid": sid,
                  "urn:esia:sbj_id": grant.oid, "exp": expires, "iat": now, "client_id": grant.client_id}
        ident = {"aud": grant.client_id, "sub": grant.oid, "nbf": now, "amr": "PWD", "urn:esia:amd": "PWD",
                 "auth_time": now, "iss": issuer, "urn:esia:sid": sid, "exp": expires, "iat": now,
                 "urn:esia:sbj": {"urn:esia:sbj:typ": "P", "urn:esia:sbj:is_tru": citizen.trusted,
                                  "urn:esia:sbj:oid": grant.oid, "urn:esia:sbj:nam": f"OID.{grant.oid}",
                                  "urn:esia:sbj:lvl": "PR" if citizen.trusted else "P"}}
        if self.faults.get("omit_oid"):
            access.pop("urn:esia:sbj_id")
            ident.pop("sub")
            ident["urn:esia:sbj"].pop("urn:esia:sbj:oid")
        if "granted_scope" in self.faults:  # ESIA grants less than was asked (None: no `scope` claim)
            access["scope"] = self.faults["granted_scope"]
        if self.faults.get("id_token_sub"):  # an id_token about another person
            ident["sub"] = ident["urn:esia:sbj"]["urn:esia:sbj:oid"] = self.faults["id_token_sub"]
        _override(access, self.faults.get("access_claims"))
        _override(ident, self.faults.get("id_claims"))
        answer = {"access_token": self.jwt(access, "access"), "state": state, "token_type": "Bearer",
                  "expires_in": self.token_ttl}
        if "openid" in grant.scope.split() and not self.faults.get("omit_id_token"):
            answer["id_token"] = self.jwt(ident, "id")
        if grant.access_type == "offline":
            refresh = str(uuid.uuid4())
            with self.lock:
                self.refresh_tokens[refresh] = grant
            answer["refresh_token"] = refresh
        if self.faults.get("wrong_state"):
            answer["state"] = str(uuid.uuid4())
        return answer

    def jwt(self, claims: dict, subject_type: str) -> str:
        header = {"alg": self.faults.get("jwt_alg", JWT_ALG), "typ": "JWT", "sbt": subject_type, "ver": 1}
        signing_input = b64url(json.dumps(header).encode()) + "." + b64url(json.dumps(claims).encode())
        # True: every token signed by a stranger's key; "access" or "id": only that token.
        forged = self.faults.get("bad_jwt_signature") in (True, subject_type)
        key = gost.KeyPair.generate() if forged else self.key
        return signing_input + "." + b64url(key.sign(signing_input.encode()))

    def bearer_claims(self, authorization: str) -> dict:
        """Claims of an access token this ESIA issued and that has not expired; 401 otherwise."""
        token = authorization[7:] if authorization.startswith("Bearer ") else ""
        try:
            header, payload, signature = token.split(".")
            claims = json.loads(unb64url(payload))
            valid = gost.verify(self.key.public_xy, f"{header}.{payload}".encode(), unb64url(signature),
                                self.key.curve_oid)
        except (ValueError, binascii.Error):
            valid = False
        if not valid or claims.get("exp", 0) < time.time():
            raise EsiaError("invalid_token", "008010", status=401)
        return claims

    # --- person data -------------------------------------------------------------------------------

    def person_data(self, path: str, query: dict, authorization: str) -> dict:
        match = re.fullmatch(r"/rs/prns/(\d+)(?:/(ctts|docs|addrs)(?:/(\d+))?)?/?", path)
        if not match:
            raise EsiaError("not_found", "007003", status=404)
        claims = self.bearer_claims(authorization)
        oid = int(match.group(1))
        if claims.get("urn:esia:sbj_id") != oid or oid not in self.citizens:
            raise EsiaError("access_denied", "007019", status=403)
        status = self.faults.get("person_status")
        if status:
            raise EsiaError("server_error", "007007", status=int(status))
        scopes = set(str(claims.get("scope", "")).split())
        citizen = self.citizens[oid]
        collection, element = match.group(2), match.group(3)
        if collection is None:
            allowed = [f for scope, fields in PERSON_SCOPES.items() if scope in scopes for f in fields]
            if not allowed:
                raise EsiaError("access_denied", "007019", status=403)
            person = citizen.person()
            answer = {k: v for k, v in person.items() if k in ("stateFacts", "eTag", "trusted", "status", *allowed)}
            _override(answer, self.faults.get("person_answer"))  # a malformed or foreign person answer
            return answer
        if collection == "ctts":
            kinds = ({"EML"} if scopes & {"email", "contacts"} else set()) | (
                {"MBT", "PHN"} if scopes & {"mobile", "contacts"} else set())
            items = [c for c in citizen.contacts() if c["type"] in kinds]
        elif collection == "docs":
            kinds = {"RF_PASSPORT", "RF_DRIVING_LICENSE"} if "id_doc" in scopes else set()
            items = [d for d in citizen.documents if d["type"] in kinds]
        else:
            kinds = {"PLV", "PRG"} if "addresses" in scopes else set()
            items = citizen.addresses
        if not kinds:
            raise EsiaError("access_denied", "007019", status=403)
        base = f"{self.url}/rs/prns/{oid}/{collection}"
        if element is not None:
            found = next((i for i in items if str(i["id"]) == element), None)
            if found is None:
                raise EsiaError("not_found", "007003", status=404)
            return found
        if collection == "ctts" and "contacts_answer" in self.faults:  # a malformed collection, as is
            return self.faults["contacts_answer"]
        embedded = "(elements)" in query.get("embed", "")
        return {"stateFacts": ["hasSize"], "size": len(items), "eTag": "C1",
                "elements": items if embedded else [f"{base}/{i['id']}" for i in items]}


def _override(claims: dict, changes) -> None:
    """Apply a fault's changes to the claims or answer: a value of None removes the key."""
    for key, value in (changes or {}).items():
        if value is None:
            claims.pop(key, None)
        else:
            claims[key] = value


def _redirect(request: dict, **params) -> str:
    separator = "&" if "?" in request["redirect_uri"] else "?"
    return request["redirect_uri"] + separator + urlencode(params)


def _params(query: str) -> dict:
    """Single values; `+` decodes as a space, as the real service reads an unencoded timestamp."""
    return {k: v[0] for k, v in parse_qs(query, keep_blank_values=True).items()}


PAGE = """<!doctype html><html lang="ru"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{title} — учебные Госуслуги</title>
<style>body{{font-family:sans-serif;margin:0;background:#f2f5f9;color:#0b1f33}}
header{{background:#0d4cd3;color:#fff;padding:12px 16px;font-weight:600}}
main{{max-width:560px;margin:16px auto;background:#fff;padding:20px;border-radius:8px}}
label{{display:block;border:1px solid #c1cad6;border-radius:6px;padding:10px;margin:8px 0;cursor:pointer}}
button{{font-size:16px;padding:10px 18px;border-radius:6px;border:1px solid #0d4cd3;margin:8px 8px 0 0;cursor:pointer}}
.primary{{background:#0d4cd3;color:#fff}}.secondary{{background:#fff;color:#0d4cd3}}
.note{{color:#66727f;font-size:14px}}.error{{color:#b00020}}</style></head>
<body><header>Госуслуги · учебный стенд ЦОПП</header><main>{body}</main></body></html>"""


def _choice_page(fake: FakeEsia, request: dict, remembered: int | None) -> str:
    scopes = ", ".join(SCOPE_TITLES.get(s, s) for s in request["scope"].split() if s != "openid")
    rows = []
    for citizen in fake.citizens.values():
        checked = " checked" if citizen.oid == (remembered or next(iter(fake.citizens))) else ""
        email = html.escape(citizen.email or "нет адреса почты")
        rows.append(f'<label><input type="radio" name="oid" value="{citizen.oid}"{checked}> '
                    f'<strong>{html.escape(citizen.last_name)} {html.escape(citizen.first_name)} '
                    f'{html.escape(citizen.middle_name)}</strong><br><span class="note">СНИЛС {citizen.snils} · '
                    f'{email}</span></label>')
    signed_in = ""
    if remembered in fake.citizens:
        signed_in = f"<p>Вы уже вошли как {html.escape(fake.citizens[remembered].short_name)}.</p>"
    body = (f"<h1>Вход через Госуслуги</h1>{signed_in}"
            f"<p>Система <strong>{html.escape(request['client_id'])}</strong> запрашивает доступ к данным: "
            f"{html.escape(scopes)}.</p><p class=\"note\">Это учебный стенд: выберите гражданина, от имени "
            f"которого выполнить вход.</p>"
            f'<form method="post" action="/aas/oauth2/v2/ac/choice">'
            f'<input type="hidden" name="request_id" value="{html.escape(request["id"])}">'
            f'<fieldset style="border:0;padding:0"><legend>Гражданин</legend>{"".join(rows)}</fieldset>'
            f'<button class="primary" name="action" value="allow">Предоставить доступ</button>'
            f'<button class="secondary" name="action" value="deny">Отказать</button></form>')
    return PAGE.format(title="Вход", body=body)


def _handler(fake: FakeEsia):
    class Handler(BaseHTTPRequestHandler):
        server_version = "FakeESIA/1.0"

        def log_message(self, format, *args):  # noqa: A002  keep the test output quiet
            pass

        def _send(self, status: int, body: str | bytes, content_type: str, headers: dict | None = None):
            data = body.encode() if isinstance(body, str) else body
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def _json(self, status: int, payload: dict, headers: dict | None = None):
            self._send(status, json.dumps(payload, ensure_ascii=False), "application/json; charset=utf-8", headers)

        def _page(self, status: int, title: str, text: str, headers: dict | None = None):
            self._send(status, PAGE.format(title=title, body=f"<h1>{title}</h1><p>{text}</p>"),
                       "text/html; charset=utf-8", headers)

        def _redirect(self, location: str, headers: dict | None = None):
            self._send(302, b"", "text/plain", {"Location": location, **(headers or {})})

        def _record(self, params: dict):
            with fake.lock:
                fake.requests.append({"method": self.command, "path": urlsplit(self.path).path, "params": params,
                                      "headers": dict(self.headers)})

        def _remembered(self) -> int | None:
            match = re.search(r"esia_fake_sso=(\d+)", self.headers.get("Cookie", ""))
            return int(match.group(1)) if match else None

        def do_GET(self):  # noqa: N802
            url = urlsplit(self.path)
            params = _params(url.query)
            self._record(params)
            if url.path == "/aas/oauth2/v2/ac":
                return self.authorize(params)
            if url.path == "/idp/ext/Logout":
                return self.logout(params)
            if url.path.startswith("/rs/prns/"):
                try:
                    return self._json(200, fake.person_data(url.path, params, self.headers.get("Authorization", "")))
                except EsiaError as exc:
                    return self._json(exc.status, {"code": exc.code, "message": exc.description})
            if url.path == "/":
                names = "".join(f"<li>{html.escape(c.last_name)} {html.escape(c.first_name)} — oid {c.oid}</li>"
                                for c in fake.citizens.values())
                return self._send(200, PAGE.format(title="Учебные Госуслуги", body=(
                    f"<h1>Учебные Госуслуги</h1><p>Локальная ЕСИА для разработки и тестов ЦОПП.</p>"
                    f"<ul>{names}</ul>")), "text/html; charset=utf-8")
            return self._page(404, "Страница не найдена", "Нет такой страницы.")

        def do_POST(self):  # noqa: N802
            url = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            params = _params(self.rfile.read(length).decode())
            self._record(params)
            if url.path == "/aas/oauth2/v3/te":
                return self.token(params)
            if url.path == "/aas/oauth2/v2/ac/choice":
                oid = params.get("oid", "")
                chosen = int(oid) if params.get("action") == "allow" and oid.isdigit() else None
                try:
                    location = fake.decide(params.get("request_id", ""), chosen)
                except EsiaError as exc:
                    return self._page(400, "Запрос устарел", html.escape(exc.description))
                cookie = {"Set-Cookie": f"esia_fake_sso={chosen}; Path=/; HttpOnly; SameSite=Lax"} if chosen else {}
                return self._redirect(location, cookie)
            return self._page(404, "Страница не найдена", "Нет такой страницы.")

        def authorize(self, params: dict):
            try:
                request = fake.authorize(params)
            except EsiaError as exc:
                redirect = getattr(exc, "redirect", None)
                if redirect is None:  # unknown client or redirect_uri: never redirect (OAuth 2.0 §4.1.2.1)
                    return self._page(400, "Ошибка запроса", html.escape(exc.description))
                return self._redirect(_redirect(redirect, error=exc.error, error_description=exc.description,
                                                state=redirect["state"]))
            if fake.auto_approve:
                return self._redirect(fake.decide(request["id"], fake.auto_approve))
            return self._send(200, _choice_page(fake, request, self._remembered()), "text/html; charset=utf-8")

        def token(self, params: dict):
            delay = float(fake.faults.get("token_delay") or 0)
            if delay:
                time.sleep(delay)
            status = fake.faults.get("token_status")
            if status:
                return self._send(int(status), "<html><body>Internal Server Error</body></html>", "text/html")
            if fake.faults.get("overload"):
                error = EsiaError("temporarily_unavailable", "007008", status=503)
                return self._json(503, {"error": error.error, "error_description": error.description,
                                        "state": params.get("state", "")})
            try:
                return self._json(200, fake.token(params))
            except EsiaError as exc:
                return self._json(exc.status, {"error": exc.error, "error_description": exc.description,
                                               "state": params.get("state", "")})

        def logout(self, params: dict):
            client = fake.clients.get(params.get("client_id", ""))
            with fake.lock:
                fake.logouts += 1
            expire = {"Set-Cookie": "esia_fake_sso=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax"}
            target = params.get("redirect_url", "")
            origin = "{0.scheme}://{0.netloc}".format(urlsplit(target)) if target else ""
            if client and origin in client.origins():
                return self._redirect(target, expire)
            return self._page(200, "Вы вышли", "Сеанс на Госуслугах завершён.", expire)

    return Handler
