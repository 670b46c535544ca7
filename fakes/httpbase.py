"""What the local vacancy sources share: a threaded HTTP server, JSON answers and fault modes on demand.

Fault modes (issue 18): `timeout` (answers after `delay` seconds), `error` (503 with an HTML body),
`truncated` (promises the whole body, sends half, closes), `html` (200 with an HTML error page instead of JSON),
`rate_limit` (the source's own throttling answer). A fault fires `times` times (None: until cleared), only on
requests for page `page` and later when given, so a test can break an import in its middle.
"""
import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

FAULT_MODES = ("timeout", "error", "truncated", "html", "rate_limit")
HTML_PAGE = ("<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head>"
             "<body><h1>Сервис временно недоступен</h1></body></html>")


@dataclass
class Fault:
    mode: str
    times: int | None = 1
    page: int = 0
    delay: float = 3.0


class FaultySource:
    """State shared by a fake's handler: the fault queue and a log of the requests it answered."""

    def __init__(self):
        self.lock = threading.RLock()
        self.faults: list[Fault] = []
        self.requests: list[str] = []
        self.httpd: ThreadingHTTPServer | None = None
        self.thread: threading.Thread | None = None

    def add_fault(self, mode: str, *, times: int | None = 1, page: int = 0, delay: float = 3.0) -> None:
        if mode not in FAULT_MODES:
            raise ValueError(f"unknown fault mode {mode!r}; known: {', '.join(FAULT_MODES)}")
        with self.lock:
            self.faults.append(Fault(mode, times, page, delay))

    def clear_faults(self) -> None:
        with self.lock:
            self.faults.clear()

    def take_fault(self, page: int) -> Fault | None:
        """The fault this request meets, if any, counting it down."""
        with self.lock:
            for fault in self.faults:
                if page >= fault.page and (fault.times is None or fault.times > 0):
                    if fault.times is not None:
                        fault.times -= 1
                    return fault
        return None

    # --- serving ------------------------------------------------------------------------------------------
    def handler_class(self):
        raise NotImplementedError

    def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Serve in a background thread; returns the base URL (port 0 picks a free one)."""
        self.httpd = ThreadingHTTPServer((host, port), self.handler_class())
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        return f"http://{host}:{self.httpd.server_address[1]}"

    def serve_forever(self, host: str, port: int) -> None:
        self.httpd = ThreadingHTTPServer((host, port), self.handler_class())
        self.httpd.daemon_threads = True
        self.httpd.serve_forever()

    def stop(self) -> None:
        if self.httpd:
            self.httpd.shutdown()
            self.httpd.server_close()


class JsonHandler(BaseHTTPRequestHandler):
    """Writes JSON and faults; subclasses route the paths."""

    protocol_version = "HTTP/1.1"
    source: FaultySource  # set by the fake's handler_class()

    def log_message(self, format, *args):  # quiet in tests and in `make run`
        return

    def send_json(self, status: int, payload, headers: dict | None = None) -> None:
        body = json.dumps(payload, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def send_html(self, status: int, text: str = HTML_PAGE) -> None:
        body = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def answer_with_fault(self, fault: Fault, payload, rate_limited) -> None:
        """Answer as the fault says; `rate_limited` is the source's own throttling answer."""
        if fault.mode == "timeout":
            time.sleep(fault.delay)
            self.send_json(200, payload)
        elif fault.mode == "error":
            self.send_html(503)
        elif fault.mode == "html":
            self.send_html(200)
        elif fault.mode == "rate_limit":
            rate_limited()
        elif fault.mode == "truncated":
            body = json.dumps(payload, ensure_ascii=False).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: max(len(body) // 2, 1)])
            self.wfile.flush()
            self.close_connection = True

    def control(self, query: dict) -> bool:
        """`POST /_fake/fault?mode=error&times=2&page=3` and `POST /_fake/clear` for the demo and manual tries."""
        if self.command != "POST" or not self.path.startswith("/_fake/"):
            return False
        if self.path.startswith("/_fake/fault"):
            try:
                times = query.get("times", ["1"])[0]
                self.source.add_fault(query.get("mode", [""])[0], times=None if times == "always" else int(times),
                                      page=int(query.get("page", ["0"])[0]),
                                      delay=float(query.get("delay", ["3"])[0]))
            except ValueError as error:
                self.send_json(400, {"error": str(error)})
                return True
        elif self.path.startswith("/_fake/clear"):
            self.source.clear_faults()
        self.send_json(200, {"faults": [f.__dict__ for f in self.source.faults]})
        return True
