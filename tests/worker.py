"""A real Celery worker (and scheduler) for the tests of the background work, on the test database.

The broker is Redis when COPP_TEST_BROKER_URL is set (`.ci/run` sets it when the machine's Redis answers),
otherwise the default of `make run`: kombu's SQLAlchemy transport on the platform's PostgreSQL. Each test
process has its own queue (config.settings.test), so parallel runs sharing a broker never take each other's
tasks."""
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from celery import current_app
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
CELERY = str(Path(sys.executable).with_name("celery"))


def _database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    host = db.get("HOST") or ""
    if host.startswith("/"):
        return f"postgresql://{auth}@/{db['NAME']}?host={host}"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgresql://{auth}@{host}{port}/{db['NAME']}"


class Worker:
    """Start with `start()`; `stop()` ends the processes. This process's Celery app sends to the same queue."""

    def __init__(self):
        self.queue = settings.CELERY_TASK_DEFAULT_QUEUE
        self.broker = settings.CELERY_BROKER_URL
        self.processes = []
        self.beat_file = str(Path(tempfile.mkdtemp(prefix="copp-beat-")) / "schedule")

    def env(self, **extra) -> dict:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "DATABASE_URL": _database_url(),
               "CELERY_BROKER_URL": self.broker, "CELERY_QUEUE": self.queue, "COPP_TEST_WORKER": "1",
               "MEDIA_ROOT": str(settings.MEDIA_ROOT), **extra}
        env.pop("TEST_DATABASE_NAME", None)
        return env

    def start(self, *, beat: bool = False, **extra_env) -> "Worker":
        current_app.conf.task_always_eager = False
        self.processes.append(subprocess.Popen(
            [CELERY, "-A", "config", "worker", "--pool=solo", "--loglevel=WARNING", "--without-mingle",
             "--without-gossip", "-Q", self.queue, "-n", f"{self.queue}@%h", "--include", "tests.worker_tasks"],
            cwd=ROOT, env=self.env(**extra_env), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE))
        if beat:
            self.processes.append(subprocess.Popen(
                [CELERY, "-A", "config", "beat", "--loglevel=WARNING", "--max-interval=1",
                 "-s", self.beat_file],
                cwd=ROOT, env=self.env(**extra_env), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE))
        return self

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        current_app.conf.task_always_eager = True
        for process in self.processes:
            if process.returncode not in (0, -15, None):
                raise AssertionError(process.stderr.read().decode()[-3000:])


def wait_for(check, *, timeout: float = 60, interval: float = 0.2):
    """Poll `check()` until it returns a true value; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"not reached within {timeout} s")
