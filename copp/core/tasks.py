"""Celery tasks of the kernel: thin wrappers that call the outbox, job and heartbeat services."""
import socket

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from . import jobs, mail
from .models import Heartbeat

# Transient database errors (a failover, a dropped connection) are retried with a growing pause.
RETRY = {"autoretry_for": (OperationalError,), "retry_backoff": True, "retry_backoff_max": 600,
         "max_retries": 5}


@shared_task(name="core.deliver_letter", time_limit=120, soft_time_limit=100, **RETRY)
def deliver_letter(letter_id: int):
    """Send one letter of the outbox (a relay that refuses it leaves it queued for the sweep)."""
    return mail.letter_deliver(letter_id)


@shared_task(name="core.deliver_due_letters", time_limit=1800, soft_time_limit=1700, **RETRY)
def deliver_due_letters():
    """The scheduled sweep of the outbox."""
    return mail.letters_deliver_due()


@shared_task(name="core.run_job", time_limit=3600, soft_time_limit=3500, acks_late=True, **RETRY)
def run_job(job_id: str):
    """Run one background job (an import or an export) of a user."""
    return jobs.job_run(job_id)


@shared_task(name="core.requeue_stale_jobs", time_limit=300, **RETRY)
def requeue_stale_jobs():
    return jobs.jobs_requeue_stale()


@shared_task(name="core.purge_finished_jobs", time_limit=1800, **RETRY)
def purge_finished_jobs():
    return jobs.jobs_purge()


@shared_task(name="core.heartbeat", bind=True, time_limit=60, ignore_result=True)
def heartbeat(self):
    """Run by the scheduler every 30 s: its arrival shows both the scheduler and a worker are alive."""
    worker = self.request.hostname or socket.gethostname()
    now = timezone.now()
    Heartbeat.objects.update_or_create(name=f"worker {worker}", defaults={"kind": "worker", "seen_at": now})
    Heartbeat.objects.update_or_create(name="scheduler", defaults={"kind": "beat", "seen_at": now})
