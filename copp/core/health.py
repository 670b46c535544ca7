"""Health endpoints answered before host checks, sessions and sign-in: /healthz (the process is alive),
/readyz (database, migrations, cache, broker and storage answer) and /metrics (Prometheus, bearer token).

Load balancers and orchestrators call them by an internal address that is not in ALLOWED_HOSTS and over plain
HTTP, so this middleware stands first; the answers carry no data beyond which check failed."""
import json
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.http import HttpResponse

from . import metrics

logger = logging.getLogger(__name__)

# Once every migration is found applied the process remembers it: migrations only go forward, and a new
# release starts new processes. Until then the (slower) check runs on every call.
_migrations_applied = False


def check_database() -> None:
    for alias in ("default", "replica"):
        if alias in connections.settings:
            with connections[alias].cursor() as cursor:
                cursor.execute("SELECT 1")


def check_migrations() -> None:
    global _migrations_applied
    if _migrations_applied:
        return
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections["default"])
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise RuntimeError("unapplied migrations")
    _migrations_applied = True


def check_cache() -> None:
    key = "copp:readyz"
    cache.set(key, "1", 10)
    if cache.get(key) != "1":
        raise RuntimeError("the cache does not keep a value")


def check_broker() -> None:
    from celery import current_app

    if current_app.conf.task_always_eager:
        return  # tasks run in-process (tests): there is no broker to reach
    with current_app.connection_for_write() as connection:
        connection.ensure_connection(max_retries=1, timeout=2)


def check_storage() -> None:
    from django.core.files.storage import default_storage

    default_storage.exists("readyz-probe")


CHECKS = {"database": check_database, "migrations": check_migrations, "cache": check_cache,
          "broker": check_broker, "storage": check_storage}


def readiness() -> dict[str, bool]:
    """Each check's outcome; a failing one is logged with its reason (the answer itself names only the check)."""
    results = {}
    for name, check in CHECKS.items():
        started = time.monotonic()
        try:
            check()
            results[name] = True
        except Exception:
            logger.warning("Readiness check %s failed after %.2f s", name, time.monotonic() - started,
                           exc_info=True)
            results[name] = False
    return results


def _json(data: dict, status: int = 200) -> HttpResponse:
    response = HttpResponse(json.dumps(data), content_type="application/json", status=status)
    response["Cache-Control"] = "no-store"
    return response


class HealthMiddleware:
    """Answers the three endpoints itself, before any other middleware looks at the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if path == "/healthz":
            return _json({"status": "ok"})
        if path == "/readyz":
            results = readiness()
            ready = all(results.values())
            return _json({"status": "ok" if ready else "unavailable",
                          "checks": {name: "ok" if ok else "failed" for name, ok in results.items()}},
                         status=200 if ready else 503)
        if path == "/metrics" and getattr(settings, "METRICS_TOKEN", ""):
            return metrics.metrics_response(request)
        return self.get_response(request)
