"""Prometheus metrics (prometheus_client): request latency by route, task durations and failures, queue length.

Under gunicorn every worker process writes its values to PROMETHEUS_MULTIPROC_DIR and a scrape of /metrics
adds them up (prometheus_client's multiprocess mode; deploy/gunicorn.conf.py removes a dead worker's files).
The Celery worker serves its own metrics on WORKER_METRICS_PORT (see docs/deployment.md)."""
import hmac
import os
import time

from django.conf import settings
from django.http import HttpResponse
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily

REQUEST_LATENCY = Histogram(
    "copp_http_request_duration_seconds", "Time to answer a request, by route pattern, method and status.",
    ["route", "method", "status"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30))
TASK_DURATION = Histogram(
    "copp_task_duration_seconds", "Time a Celery task ran, by task name and final state.", ["task", "state"],
    buckets=(0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600))
TASK_FAILURES = Counter("copp_task_failures_total", "Celery tasks that ended with an error, by task name.", ["task"])


def multiprocess_dir() -> str:
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")


def scrape_registry() -> CollectorRegistry:
    """What one scrape reports: every process's values in multiprocess mode, this process's otherwise; the
    queue length is read at scrape time either way."""
    if not multiprocess_dir():
        return REGISTRY
    from prometheus_client import multiprocess

    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    registry.register(QueueLengthCollector())
    return registry


class QueueLengthCollector:
    """Tasks waiting in the broker's queue (Redis: the length of the queue's list), read when scraped."""

    def collect(self):
        family = GaugeMetricFamily("copp_queue_length", "Tasks waiting in the broker's queue.", labels=["queue"])
        queue = settings.CELERY_TASK_DEFAULT_QUEUE
        length = queue_length(queue)
        if length is not None:
            family.add_metric([queue], length)
        yield family


def queue_length(queue: str) -> int | None:
    """The number of waiting messages, or None when the broker is not Redis or does not answer."""
    url = settings.CELERY_BROKER_URL
    if not url.startswith(("redis://", "rediss://", "unix://")):
        return None
    import redis

    try:
        client = redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)
        # kombu keeps one list per priority step; the plain name holds the default priority.
        return int(client.llen(queue))
    except redis.RedisError:
        return None


def route_of(request) -> str:
    """The URL pattern that answered (low cardinality: ids stay out), or a fixed label when none did."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "<unmatched>"
    return "/" + (match.route or match.view_name or "<unnamed>").lstrip("^")


class RequestMetricsMiddleware:
    """Times every request and records it under its route pattern."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        REQUEST_LATENCY.labels(route_of(request), request.method, str(response.status_code)).observe(
            time.perf_counter() - started)
        return response


def metrics_allowed(request) -> bool:
    """Only a scraper with the bearer METRICS_TOKEN; with no token set the endpoint does not exist."""
    token = getattr(settings, "METRICS_TOKEN", "")
    if not token:
        return False
    given = request.headers.get("Authorization", "")
    return hmac.compare_digest(given.encode(), f"Bearer {token}".encode())


def metrics_response(request) -> HttpResponse:
    if not getattr(settings, "METRICS_TOKEN", ""):
        return HttpResponse(status=404)
    if not metrics_allowed(request):
        response = HttpResponse(status=401)
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    return HttpResponse(generate_latest(scrape_registry()), content_type=CONTENT_TYPE_LATEST)


# --- Celery ---------------------------------------------------------------------------------------------------

def task_started(task_id=None, task=None, **_kwargs):
    if task is not None:
        task.request.copp_started = time.perf_counter()


def task_finished(task_id=None, task=None, state=None, **_kwargs):
    started = getattr(getattr(task, "request", None), "copp_started", None)
    if started is None:
        return
    TASK_DURATION.labels(task.name, state or "UNKNOWN").observe(time.perf_counter() - started)


def task_failed(sender=None, **_kwargs):
    TASK_FAILURES.labels(getattr(sender, "name", "unknown")).inc()


def worker_serve_metrics(**_kwargs):
    """worker_init: with WORKER_METRICS_PORT set, the worker's main process serves its metrics on that port
    (inside the private network only: it carries no token)."""
    port = os.environ.get("WORKER_METRICS_PORT")
    if not port:
        return
    from prometheus_client import start_http_server

    start_http_server(int(port), addr=os.environ.get("WORKER_METRICS_ADDR", "0.0.0.0"),  # noqa: S104
                      registry=scrape_registry())


def connect_celery_signals() -> None:
    from celery.signals import task_failure, task_postrun, task_prerun, worker_init

    task_prerun.connect(task_started, weak=False, dispatch_uid="copp.metrics.prerun")
    task_postrun.connect(task_finished, weak=False, dispatch_uid="copp.metrics.postrun")
    task_failure.connect(task_failed, weak=False, dispatch_uid="copp.metrics.failure")
    worker_init.connect(worker_serve_metrics, weak=False, dispatch_uid="copp.metrics.worker")


if not multiprocess_dir():
    REGISTRY.register(QueueLengthCollector())
