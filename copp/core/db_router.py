"""Reads of the public catalogue and of reports go to the read replica (DATABASE_REPLICA_URL) when there is one.

A view opts in with `@replica_reads`; while it runs, reads of the domain's tables go to the "replica" alias.
Everything else stays on the primary: writes, reads outside such views, and reads of sign-in, sessions and the
kernel's own tables (a replica a moment behind must not sign anyone out or lose a job's progress)."""
import contextvars
import functools

from django.db import connections

REPLICA = "replica"
# Tables read on the primary even inside a replica view.
PRIMARY_ONLY_APPS = {"sessions", "auth", "accounts", "account", "socialaccount", "mfa", "core", "admin",
                     "django_celery_beat", "django_celery_results", "esia"}

_use_replica: contextvars.ContextVar[bool] = contextvars.ContextVar("copp_use_replica", default=False)


def replica_configured() -> bool:
    return REPLICA in connections.settings


def replica_reads(view):
    """Let the view's reads go to the replica (for GET and HEAD; a posting view keeps reading its own writes)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        token = _use_replica.set(True)
        try:
            return view(request, *args, **kwargs)
        finally:
            _use_replica.reset(token)

    return wrapper


class ReplicaRouter:
    """Sends opted-in reads to the replica; writes, migrations and relations as if there were one database."""

    def db_for_read(self, model, **hints):
        if _use_replica.get() and model._meta.app_label not in PRIMARY_ONLY_APPS and replica_configured():
            return REPLICA
        return None  # Django's own choice: the primary, or the database the related object came from

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica is a copy of the primary: the same rows on both

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
