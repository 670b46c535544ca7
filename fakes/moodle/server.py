"""A local Moodle that speaks the REST web-service protocol and checks what the real one checks (§4).

One route, /webservice/rest/server.php (GET and POST merged, PHP bracket arrays), answering HTTP 200 with an
`exception` body on errors; a token names the functions it may call (`accessexception` otherwise); required
fields are checked (`invalidparameter`); users, courses, enrolments, grade items, grades and completion live
in memory with unique usernames, e-mails and course short names; `enrol_manual_enrol_users` answers null and
rolls back every row on one error; auth_userkey gives one-time login URLs consumed by /auth/userkey/login.php.
Without moodlewsrestformat=json the answer is XML, as Moodle's. Tests reach in through `grade`, `complete`,
`faults` and `calls`.
"""
import copy
import html
import json
import os
import re
import secrets
import threading
import time
from dataclasses import asdict, dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlencode, urlsplit
from xml.sax.saxutils import escape

ALL_FUNCTIONS = frozenset({
    "core_webservice_get_site_info", "core_user_create_users", "core_user_get_users_by_field",
    "core_course_create_courses", "core_course_duplicate_course", "core_course_get_courses_by_field",
    "enrol_manual_enrol_users", "core_enrol_get_enrolled_users", "gradereport_user_get_grade_items",
    "core_completion_get_course_completion_status", "auth_userkey_request_login_url",
})
ROLES = {5: "student", 3: "editingteacher", 4: "teacher"}


class MoodleException(Exception):
    def __init__(self, exception: str, errorcode: str, message: str, debuginfo: str = ""):
        super().__init__(message)
        self.exception, self.errorcode, self.message, self.debuginfo = exception, errorcode, message, debuginfo

    def body(self) -> dict:
        return {"exception": self.exception, "errorcode": self.errorcode, "message": self.message}


def invalid(debuginfo: str) -> MoodleException:
    return MoodleException("invalid_parameter_exception", "invalidparameter", "Invalid parameter value detected",
                           debuginfo)


def php_parse(pairs) -> dict:
    """PHP's reading of `a[0][b]=x` into nested arrays (lists when the keys are 0..n-1)."""
    root: dict = {}
    for name, value in pairs:
        match = re.match(r"^([^\[\]]+)((?:\[[^\[\]]*\])*)$", name)
        if not match:
            continue
        keys = [match.group(1)] + re.findall(r"\[([^\[\]]*)\]", match.group(2))
        node = root
        for key in keys[:-1]:
            node = node.setdefault(key, {})
            if not isinstance(node, dict):
                break
        else:
            node[keys[-1]] = value
    return _lists(root)


def _lists(node):
    if not isinstance(node, dict):
        return node
    node = {k: _lists(v) for k, v in node.items()}
    if node and all(k.isdigit() for k in node) and sorted(int(k) for k in node) == list(range(len(node))):
        return [node[str(i)] for i in range(len(node))]
    return node


def _xml_value(value) -> str:
    """Moodle's XML rendering of a result (webservice/rest/locallib.php: RESPONSE/MULTIPLE/SINGLE/KEY/VALUE)."""
    if value is None:
        return '<VALUE null="null"/>'
    if isinstance(value, list):
        return "<MULTIPLE>" + "".join(_xml_value(v) for v in value) + "</MULTIPLE>"
    if isinstance(value, dict):
        return "<SINGLE>" + "".join(f'<KEY name="{escape(str(k))}">{_xml_value(v)}</KEY>'
                                    for k, v in value.items()) + "</SINGLE>"
    if isinstance(value, bool):
        value = int(value)
    return f"<VALUE>{escape(str(value))}</VALUE>"


@dataclass
class Course:
    id: int
    fullname: str
    shortname: str
    categoryid: int
    idnumber: str = ""
    items: list[dict] = field(default_factory=list)  # grade items: id, itemname, itemtype, itemmodule, idnumber


class FakeMoodle:
    """The local Moodle. `start()` serves it on a thread; `url` is its wwwroot."""

    def __init__(self, *, tokens: dict[str, frozenset], host: str = "127.0.0.1", port: int = 0,
                 sitename: str = "Учебный Moodle ЦОПП", state_path: str | None = None):
        self.tokens = dict(tokens)
        self.sitename = sitename
        self.users: dict[int, dict] = {2: {"id": 2, "username": "admin", "firstname": "Admin", "lastname": "User",
                                           "email": "admin@moodle.local", "auth": "manual", "suspended": False,
                                           "idnumber": ""}}
        self.courses: dict[int, Course] = {1: Course(1, sitename, "site", 0)}
        self.enrolments: dict[tuple[int, int], dict] = {}  # (courseid, userid) -> {roleid, suspended}
        self.grades: dict[tuple[int, int], float] = {}  # (itemid, userid) -> raw grade out of 100
        self.completed: dict[tuple[int, int], int] = {}  # (courseid, userid) -> timecompleted
        self.keys: dict[str, int] = {}
        self.sessions: list[dict] = []
        self.calls: list[dict] = []
        self.faults: dict[str, object] = {}
        self._ids = {"user": 100, "course": 10, "item": 1000}
        self.lock = threading.Lock()
        self.state_path = state_path
        self._load()
        self.httpd = ThreadingHTTPServer((host, port), _handler(self))
        self.httpd.daemon_threads = True
        self.url = f"http://{host}:{self.httpd.server_address[1]}"

    # The demo keeps Moodle's data across restarts (a real Moodle keeps its database); tests keep none.
    def _load(self) -> None:
        if not self.state_path or not os.path.exists(self.state_path):
            return
        with open(self.state_path, encoding="utf-8") as fh:
            data = json.load(fh)
        self.users = {int(k): v for k, v in data["users"].items()}
        self.courses = {int(k): Course(**v) for k, v in data["courses"].items()}
        self.enrolments = {tuple(map(int, k.split(":"))): v for k, v in data["enrolments"].items()}
        self.grades = {tuple(map(int, k.split(":"))): v for k, v in data["grades"].items()}
        self.completed = {tuple(map(int, k.split(":"))): v for k, v in data["completed"].items()}
        self._ids = data["ids"]

    def save(self) -> None:
        if not self.state_path:
            return
        data = {"users": self.users, "courses": {k: asdict(v) for k, v in self.courses.items()},
                "enrolments": {f"{c}:{u}": v for (c, u), v in self.enrolments.items()},
                "grades": {f"{i}:{u}": v for (i, u), v in self.grades.items()},
                "completed": {f"{c}:{u}": v for (c, u), v in self.completed.items()}, "ids": self._ids}
        os.makedirs(os.path.dirname(self.state_path) or ".", exist_ok=True)
        with open(self.state_path + ".tmp", "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False)
        os.replace(self.state_path + ".tmp", self.state_path)

    def start(self) -> "FakeMoodle":
        threading.Thread(target=self.httpd.serve_forever, name="fake-moodle", daemon=True).start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def serve_forever(self) -> None:
        self.httpd.serve_forever()

    def _next(self, kind: str) -> int:
        self._ids[kind] += 1
        return self._ids[kind]

    # --- what a Moodle administrator or a teacher does there (tests drive it) --------------------

    def add_course(self, fullname: str, shortname: str, *, items=("Итоговый тест",)) -> Course:
        with self.lock:
            course = Course(self._next("course"), fullname, shortname, 1)
            course.items.append({"id": self._next("item"), "itemname": None, "itemtype": "course",
                                 "itemmodule": None, "idnumber": ""})
            for i, name in enumerate(items, start=1):
                course.items.append({"id": self._next("item"), "itemname": name, "itemtype": "mod",
                                     "itemmodule": "quiz", "idnumber": f"M{i}"})
            self.courses[course.id] = course
            self.save()
            return course

    def add_template_course(self) -> Course:
        existing = next((c for c in self.courses.values() if c.shortname == "copp-template"), None)
        if existing is not None:
            return existing
        return self.add_course("Шаблон курса ЦОПП", "copp-template", items=("Тест модуля 1", "Тест модуля 2"))

    def add_grade_item(self, course_id: int, name: str, *, idnumber: str = "", module: str = "assign") -> dict:
        """A teacher adds a graded activity with a name and ID number of their own (so the platform's automatic
        mapping may not fit)."""
        with self.lock:
            item = {"id": self._next("item"), "itemname": name, "itemtype": "mod", "itemmodule": module,
                    "idnumber": idnumber}
            self.courses[course_id].items.append(item)
            self.save()
            return item

    def grade(self, course_id: int, user_id: int, idnumber: str, raw: float) -> None:
        """A teacher grades an activity in Moodle (raw grade out of 100); the activity by its ID number or,
        when it has none, by its name."""
        with self.lock:
            item = next(i for i in self.courses[course_id].items
                        if (i["idnumber"] or i["itemname"]) == idnumber)
            self.grades[(item["id"], user_id)] = raw

    def complete(self, course_id: int, user_id: int) -> None:
        with self.lock:
            self.completed[(course_id, user_id)] = int(time.time())

    def user_by_email(self, email: str) -> dict | None:
        return next((u for u in self.users.values() if u["email"].lower() == email.lower()), None)

    # --- the protocol -------------------------------------------------------------------------------

    def call(self, params: dict) -> object:
        token, function = params.get("wstoken", ""), params.get("wsfunction", "")
        if token not in self.tokens:
            raise MoodleException("moodle_exception", "invalidtoken", "Invalid token - token not found")
        if function not in ALL_FUNCTIONS:
            raise MoodleException("dml_missing_record_exception", "invalidrecord",
                                  "Can't find data record in database table external_functions.")
        if function not in self.tokens[token]:
            raise MoodleException("webservice_access_exception", "accessexception", "Access control exception",
                                  f"Access to the function {function}() is not allowed.")
        with self.lock:
            snapshot = (copy.deepcopy(self.users), copy.deepcopy(self.enrolments), copy.deepcopy(self.courses))
            try:
                result = getattr(self, "_" + function)(params)
            except MoodleException:
                # Moodle wraps each external function in a transaction: nothing of a refused call stays.
                self.users, self.enrolments, self.courses = snapshot
                raise
            self.save()
            return result

    @staticmethod
    def _need(row: dict, *names, where: str) -> None:
        for name in names:
            if row.get(name) in (None, ""):
                raise invalid(f"{where} => Invalid parameter value detected (Missing required key in single "
                              f"structure: {name})")

    @staticmethod
    def _int(value, where: str) -> int:
        try:
            return int(value)
        except (TypeError, ValueError):
            raise invalid(f"{where} => Invalid parameter value detected") from None

    def _list(self, params: dict, name: str) -> list:
        rows = params.get(name)
        if not isinstance(rows, list) or not rows:
            raise invalid(f"Missing required key in single structure: {name}")
        return rows

    def _core_webservice_get_site_info(self, params):
        return {"sitename": self.sitename, "username": "copp-ws", "firstname": "Web", "lastname": "Service",
                "fullname": "Web Service", "lang": "ru", "userid": 2, "siteurl": self.url,
                "userpictureurl": f"{self.url}/theme/image.php/boost/core/1/u/f1",
                "functions": [{"name": f, "version": "2024100700"} for f in sorted(self.tokens[params["wstoken"]])],
                "release": "4.5 (Build: 20241007)", "version": "2024100700"}

    def _core_user_create_users(self, params):
        created = []
        for i, row in enumerate(self._list(params, "users")):
            if not isinstance(row, dict):
                raise invalid(f"users[{i}]")
            self._need(row, "username", "firstname", "lastname", "email", where=f"users[{i}]")
            if not row.get("password") and row.get("createpassword") != "1" and row.get("auth", "manual") == "manual":
                raise invalid(f"users[{i}] => Invalid parameter value detected (password or createpassword)")
            username = row["username"]
            if username != username.lower() or not re.fullmatch(r"[a-z0-9_.@-]+", username):
                raise invalid(f"The username must be in lower case and contain only allowed characters: {username}")
            if any(u["username"] == username for u in self.users.values()):
                raise invalid(f"Username already exists: {username}")
            if self.user_by_email(row["email"]):
                raise invalid(f"Email address already exists: {row['email']}")
            user = {"id": self._next("user"), "username": username, "firstname": row["firstname"],
                    "lastname": row["lastname"], "email": row["email"], "auth": row.get("auth", "manual"),
                    "suspended": False, "idnumber": row.get("idnumber", "")}
            self.users[user["id"]] = user
            created.append({"id": user["id"], "username": username})
        return created

    def _core_user_get_users_by_field(self, params):
        name = params.get("field")
        if name not in ("id", "idnumber", "username", "email"):
            raise invalid("field => Invalid parameter value detected")
        values = params.get("values")
        if not isinstance(values, list):
            raise invalid("Missing required key in single structure: values")
        wanted = {str(v).lower() for v in values}
        return [{**u, "fullname": f"{u['firstname']} {u['lastname']}"} for u in self.users.values()
                if str(u[name]).lower() in wanted]

    def _new_course(self, row: dict, where: str) -> Course:
        self._need(row, "fullname", "shortname", "categoryid", where=where)
        if any(c.shortname == row["shortname"] for c in self.courses.values()):
            raise MoodleException("moodle_exception", "shortnametaken",
                                  f"Short name is already used for another course ({row['shortname']})")
        if row.get("idnumber") and any(c.idnumber == row["idnumber"] for c in self.courses.values()):
            raise MoodleException("moodle_exception", "courseidnumbertaken",
                                  f"ID number is already used for another course ({row['idnumber']})")
        course = Course(self._next("course"), row["fullname"], row["shortname"],
                        self._int(row["categoryid"], where), row.get("idnumber", ""))
        course.items.append({"id": self._next("item"), "itemname": None, "itemtype": "course", "itemmodule": None,
                             "idnumber": ""})
        self.courses[course.id] = course
        return course

    def _core_course_create_courses(self, params):
        return [{"id": c.id, "shortname": c.shortname} for c in
                [self._new_course(row, f"courses[{i}]") for i, row in enumerate(self._list(params, "courses"))]]

    def _core_course_duplicate_course(self, params):
        self._need(params, "courseid", "fullname", "shortname", "categoryid", where="")
        source = self.courses.get(self._int(params["courseid"], "courseid"))
        if source is None:
            raise MoodleException("dml_missing_record_exception", "invalidrecord",
                                  "Can't find data record in database table course.")
        course = self._new_course(params, "")
        for item in source.items:
            if item["itemtype"] == "mod":
                course.items.append({**item, "id": self._next("item")})
        return {"id": course.id, "shortname": course.shortname}

    def _core_course_get_courses_by_field(self, params):
        name, value = params.get("field", ""), params.get("value", "")
        if name not in ("", "id", "ids", "shortname", "idnumber", "category"):
            raise invalid("field => Invalid parameter value detected")
        rows = [c for c in self.courses.values() if c.id != 1]
        if name == "id":
            rows = [c for c in rows if str(c.id) == str(value)]
        elif name == "ids":
            rows = [c for c in rows if str(c.id) in str(value).split(",")]
        elif name in ("shortname", "idnumber"):
            rows = [c for c in rows if getattr(c, name) == value]
        elif name == "category":
            rows = [c for c in rows if str(c.categoryid) == str(value)]
        return {"courses": [{"id": c.id, "fullname": c.fullname, "displayname": c.fullname,
                             "shortname": c.shortname, "idnumber": c.idnumber, "categoryid": c.categoryid,
                             "startdate": 0, "enddate": 0, "visible": 1} for c in rows], "warnings": []}

    def _enrol_manual_enrol_users(self, params):
        for i, row in enumerate(self._list(params, "enrolments")):
            self._need(row, "roleid", "userid", "courseid", where=f"enrolments[{i}]")
            role, user, course = (self._int(row[k], f"enrolments[{i}][{k}]") for k in ("roleid", "userid", "courseid"))
            if role not in ROLES:
                raise MoodleException("moodle_exception", "wsusercannotassign",
                                      "You don't have the permission to assign this role "
                                      f"({role}) to this user ({user}) in this course({course}).")
            if course not in self.courses or course == 1:
                raise MoodleException("moodle_exception", "wsnoinstance",
                                      f"Manual enrolment plugin instance doesn't exist or is disabled for the "
                                      f"course (id = {course})")
            if user not in self.users:
                raise invalid(f"Invalid user id: {user}")
            # Enrolling again updates the existing enrolment (enrol_plugin::enrol_user): the role, the
            # suspension flag.
            self.enrolments[(course, user)] = {"roleid": role, "suspended": str(row.get("suspend", "0")) == "1"}
        return None

    def _core_enrol_get_enrolled_users(self, params):
        course = self._int(params.get("courseid"), "courseid")
        if course not in self.courses:
            raise MoodleException("dml_missing_record_exception", "invalidrecord",
                                  "Can't find data record in database table course.")
        rows = []
        for (course_id, user_id), enrolment in self.enrolments.items():
            if course_id == course:
                user = self.users[user_id]
                rows.append({"id": user_id, "username": user["username"], "email": user["email"],
                             "fullname": f"{user['firstname']} {user['lastname']}",
                             "roles": [{"roleid": enrolment["roleid"], "name": "",
                                        "shortname": ROLES[enrolment["roleid"]]}]})
        return rows

    def _course_of(self, params) -> Course:
        course = self.courses.get(self._int(params.get("courseid"), "courseid"))
        if course is None:
            raise MoodleException("dml_missing_record_exception", "invalidrecord",
                                  "Can't find data record in database table course.")
        return course

    def _gradereport_user_get_grade_items(self, params):
        course = self._course_of(params)
        user_id = self._int(params.get("userid", 0), "userid")
        users = [u for (c, u) in self.enrolments if c == course.id and (user_id in (0, u))]
        rows = []
        for uid in users:
            user = self.users[uid]
            items = []
            for item in course.items:
                raw = self.grades.get((item["id"], uid))
                items.append({"id": item["id"], "itemname": item["itemname"], "itemtype": item["itemtype"],
                              "itemmodule": item["itemmodule"], "iteminstance": 1, "itemnumber": 0,
                              "idnumber": item["idnumber"], "categoryid": None, "outcomeid": None, "scaleid": None,
                              "graderaw": raw, "gradedategraded": int(time.time()) if raw is not None else None,
                              "gradeformatted": f"{raw:.2f}" if raw is not None else "-", "grademin": 0,
                              "grademax": 100, "feedback": "", "feedbackformat": 0})
            rows.append({"courseid": course.id, "userid": uid, "userfullname": f"{user['firstname']} "
                         f"{user['lastname']}", "useridnumber": user["idnumber"], "maxdepth": 2, "gradeitems": items})
        return {"usergrades": rows, "warnings": []}

    def _core_completion_get_course_completion_status(self, params):
        course = self._course_of(params)
        user_id = self._int(params.get("userid"), "userid")
        if (course.id, user_id) not in self.enrolments:
            raise MoodleException("moodle_exception", "notenroled", "The user is not enrolled in this course")
        done = self.completed.get((course.id, user_id))
        return {"completionstatus": {"completed": bool(done), "aggregation": 1, "completions": [
            {"type": 4, "title": "Activity completion", "status": "Yes" if done else "No", "complete": bool(done),
             "timecompleted": done, "details": {"type": "Activity completion", "criteria": "Quiz",
                                                "requirement": "Marking yourself complete",
                                                "status": "Yes" if done else "No"}}]}, "warnings": []}

    def _auth_userkey_request_login_url(self, params):
        user = params.get("user")
        if not isinstance(user, dict) or not user.get("email"):
            raise invalid("Missing required key in single structure: user (mapping field email)")
        found = self.user_by_email(user["email"])
        if found is None:
            raise MoodleException("invalid_parameter_exception", "invalidparameter",
                                  "Invalid parameter value detected", "User is not exist")
        key = secrets.token_hex(20)
        self.keys[key] = found["id"]
        return {"loginurl": f"{self.url}/auth/userkey/login.php?key={key}"}

    def login(self, key: str) -> dict | None:
        """The one-time key opens a session once."""
        with self.lock:
            user_id = self.keys.pop(key, None)
            if user_id is None:
                return None
            self.sessions.append({"user": user_id})
            return self.users[user_id]


PAGE = ("<!doctype html><html lang=\"ru\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
        "content=\"width=device-width\"><title>{title}</title></head><body style=\"font-family:sans-serif;"
        "max-width:40em;margin:2em auto;padding:0 1em\">{body}</body></html>")


def _handler(fake: FakeMoodle):
    class Handler(BaseHTTPRequestHandler):
        server_version = "Apache"

        def log_message(self, format, *args):  # noqa: A002  keep the test output quiet
            pass

        def _send(self, status: int, body: str, content_type: str):
            data = body.encode()
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _page(self, status: int, title: str, text: str):
            self._send(status, PAGE.format(title=title, body=f"<h1>{title}</h1><p>{text}</p>"),
                       "text/html; charset=utf-8")

        def _rest(self, pairs):
            params = php_parse(pairs)
            with fake.lock:
                fake.calls.append({"function": params.get("wsfunction"), "params": params})
            if fake.faults.get("maintenance"):
                return self._page(503, "Site under maintenance", "This site is undergoing maintenance.")
            as_json = params.get("moodlewsrestformat") == "json"
            try:
                result = fake.call(params)
            except MoodleException as exc:
                if as_json:
                    return self._send(200, json.dumps(exc.body() | ({"debuginfo": exc.debuginfo}
                                                                     if exc.debuginfo else {})),
                                      "application/json; charset=utf-8")
                return self._send(200, (f'<?xml version="1.0" encoding="UTF-8" ?>\n<EXCEPTION class="'
                                        f'{exc.exception}"><ERRORCODE>{exc.errorcode}</ERRORCODE><MESSAGE>'
                                        f"{escape(exc.message)}</MESSAGE></EXCEPTION>\n"), "application/xml")
            if as_json:
                return self._send(200, json.dumps(result, ensure_ascii=False), "application/json; charset=utf-8")
            return self._send(200, f'<?xml version="1.0" encoding="UTF-8" ?>\n<RESPONSE>\n{_xml_value(result)}\n'
                                   f"</RESPONSE>\n", "application/xml; charset=utf-8")

        def do_GET(self):  # noqa: N802
            url = urlsplit(self.path)
            pairs = parse_qsl(url.query, keep_blank_values=True)
            if url.path == "/webservice/rest/server.php":
                return self._rest(pairs)
            if url.path == "/auth/userkey/login.php":
                params = dict(pairs)
                user = fake.login(params.get("key", ""))
                if user is None:
                    return self._page(200, "Ошибка", "Incorrect key")
                where = html.escape(params.get("wantsurl", "") or "/my/")
                return self._page(200, "Учебный Moodle", f"Вы вошли как {html.escape(user['firstname'])} "
                                  f"{html.escape(user['lastname'])} ({html.escape(user['email'])}). "
                                  f"Страница: {where}")
            if url.path == "/course/view.php":
                course = fake.courses.get(int(dict(pairs).get("id", "0") or 0))
                return self._page(200 if course else 404, html.escape(course.fullname) if course else "Нет курса", "")
            if url.path == "/":
                return self._page(200, html.escape(fake.sitename), "Локальный Moodle для разработки ЦОПП: " +
                                  html.escape(urlencode({"courses": len(fake.courses) - 1})))
            return self._page(404, "Not found", "")

        def do_POST(self):  # noqa: N802
            url = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode()
            if url.path == "/webservice/rest/server.php":
                # array_merge($_GET, $_POST): the body wins over the query string.
                return self._rest(parse_qsl(url.query, keep_blank_values=True)
                                  + parse_qsl(body, keep_blank_values=True))
            return self._page(404, "Not found", "")

    return Handler
