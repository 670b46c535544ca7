"""Tasks that exist only for the tests of the background work (loaded by the test worker with --include)."""
from celery import shared_task
from django.utils import timezone

from copp.core.models import Heartbeat


@shared_task(name="tests.add")
def add(a, b):
    return a + b


@shared_task(name="tests.flaky", bind=True, autoretry_for=(ConnectionError,), retry_backoff=1, retry_jitter=False,
             max_retries=2)
def flaky(self, marker: str):
    """Fails every time with a transient error; each attempt leaves a row, so the test can count them."""
    Heartbeat.objects.create(name=f"{marker} attempt {self.request.retries}", kind="test", seen_at=timezone.now())
    raise ConnectionError("the relay is down")


def _gated_job(job, progress):
    """A job that leaves a row when it starts and then waits for the test's gate file: the test kills its worker
    while it waits."""
    import os
    import time

    from copp.core.jobs import JobOutcome

    Heartbeat.objects.create(name=f"gated {job.pk} started {time.monotonic_ns()}", kind="test", seen_at=timezone.now())
    gate = os.environ.get("COPP_TEST_GATE", "")
    deadline = time.monotonic() + 120
    while gate and not os.path.exists(gate) and time.monotonic() < deadline:
        time.sleep(0.2)
    return JobOutcome(result={"finished": True})


def register_gated_job():
    from copp.core.jobs import KINDS, JobKind, register

    if "tests.gated" not in KINDS:
        register(JobKind(name="tests.gated", runner=_gated_job))


register_gated_job()


@shared_task(name="tests.record")
def record(marker: str, seconds: float = 0.0):
    """Leaves one row per run (a fresh name each time), so a test sees a task that ran twice as two rows."""
    import time
    import uuid

    time.sleep(seconds)
    Heartbeat.objects.create(name=f"{marker} run {uuid.uuid4().hex}", kind="test", seen_at=timezone.now())
    return marker
