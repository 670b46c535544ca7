"""Test settings: the same PostgreSQL engine, fast hashing, in-memory mail outbox."""
import os
import uuid

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-secret-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Letters still go through the outbox; on commit the (eager) task hands them to the in-memory backend.
COPP_EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
# Unit tests run tasks in-process; the tests of the background work start a real worker (tests/worker.py)
# on Redis when COPP_TEST_BROKER_URL is set, else on the default PostgreSQL broker, with a queue of their own.
CELERY_TASK_ALWAYS_EAGER = os.environ.get("COPP_TEST_WORKER") != "1"
CELERY_BROKER_URL = os.environ.get("COPP_TEST_BROKER_URL") or CELERY_BROKER_URL  # noqa: F405
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_QUEUE") or f"copp-test-{uuid.uuid4().hex[:12]}"
# Unit tests write job progress through the test's own connection (a second one would not see the test's
# transaction); a real worker started by a test keeps the separate progress connection.
if os.environ.get("COPP_TEST_WORKER") != "1":
    DATABASES.pop("progress", None)  # noqa: F405
    CELERY_RESULT_BACKEND = "cache+memory://"
ALLOWED_HOSTS = ["*"]
LANGUAGE_CODE = "ru"

# Several test runs may share one server (parallel work on a developer machine): each may name its own
# test database; pytest-xdist adds a per-worker suffix.
if os.environ.get("TEST_DATABASE_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_DATABASE_NAME"]}  # noqa: F405

# A test database holds nothing worth a disk flush at every commit (a server crash loses only a test run): commits
# return without waiting for the WAL, which the transactional tests' flushes and the browser tests' seeds feel most.
for _alias in ("default", "progress"):
    if _alias in DATABASES:  # noqa: F405
        DATABASES[_alias].setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"  # noqa: F405

# Serve static files straight from the finders (no collectstatic needed outside production).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# The API's rate limits stay on (the same classes run), with budgets no test run reaches; the test of the limits
# sets small ones.
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {"token": "100000/min", "anon": "100000/min"}  # noqa: F405
