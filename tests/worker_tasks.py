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
