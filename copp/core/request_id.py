"""The request id: taken from X-Request-ID (nginx's $request_id) or made here, answered in the same header,
written in every log line (plain or JSON, LOG_FORMAT) and carried into the Celery tasks the request queues."""
import contextlib
import contextvars
import json
import logging
import re
import traceback
import uuid
from datetime import UTC, datetime

HEADER = "X-Request-ID"
# What a proxy may hand us; anything else (too long, odd characters) is replaced, so logs stay clean.
ACCEPTED = re.compile(r"^[A-Za-z0-9._:-]{8,64}$")
# The name of the Celery message header that carries the id to the worker.
TASK_HEADER = "copp_request_id"

_current: contextvars.ContextVar[str] = contextvars.ContextVar("copp_request_id", default="")


def current() -> str:
    """The id of the request (or task) being handled here, or "" outside of one."""
    return _current.get()


def activate(value: str) -> contextvars.Token:
    return _current.set(value)


def deactivate(token: contextvars.Token) -> None:
    _current.reset(token)


def new_id() -> str:
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """Gives each request its id for its log lines and tasks, and answers it in X-Request-ID."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get(HEADER, "")
        request.request_id = given if ACCEPTED.match(given) else new_id()
        token = activate(request.request_id)
        try:
            response = self.get_response(request)
        finally:
            deactivate(token)
        response[HEADER] = request.request_id
        return response


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record, so formats may name it."""

    def filter(self, record):
        if not getattr(record, "request_id", None):
            record.request_id = current() or "-"
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time (UTC), level, logger, message, request id, and the traceback if any."""

    def format(self, record):
        line = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or current() or None,
        }
        if record.exc_info:
            line["exception"] = "".join(traceback.format_exception(*record.exc_info))
        return json.dumps(line, ensure_ascii=False, default=str)


# --- Celery: the id travels in a message header and is active while the task runs -------------------------

def task_publish_add_header(headers=None, **_kwargs):
    """before_task_publish: the sending request's (or task's) id rides along in the message."""
    if headers is not None and current() and TASK_HEADER not in headers:
        headers[TASK_HEADER] = current()


def task_started(task=None, **_kwargs):
    """task_prerun: the task logs under the id of the request that queued it (a fresh one if none)."""
    if task is None:
        return
    value = getattr(task.request, TASK_HEADER, None)
    if not value and isinstance(getattr(task.request, "headers", None), dict):
        value = task.request.headers.get(TASK_HEADER)
    task.request.copp_request_token = activate(value or current() or new_id())


def task_finished(task=None, **_kwargs):
    token = getattr(getattr(task, "request", None), "copp_request_token", None)
    if token is not None:
        # ValueError: set in another context (an eager task inside a request): nothing to undo.
        with contextlib.suppress(ValueError):
            deactivate(token)
        task.request.copp_request_token = None


def connect_celery_signals() -> None:
    from celery.signals import before_task_publish, task_postrun, task_prerun

    before_task_publish.connect(task_publish_add_header, weak=False, dispatch_uid="copp.request_id.publish")
    task_prerun.connect(task_started, weak=False, dispatch_uid="copp.request_id.prerun")
    task_postrun.connect(task_finished, weak=False, dispatch_uid="copp.request_id.postrun")
