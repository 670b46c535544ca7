"""Scheduled task of monitoring: the refresh of the daily facts (incremental often, full every night)."""
from celery import shared_task
from django.db import OperationalError

from .services import facts_refresh


@shared_task(name="analytics.refresh_facts", time_limit=3600, soft_time_limit=3500,
             autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def refresh_facts(full: bool = False):
    """Rebuild the facts of the days whose records changed since the last run (or all of them)."""
    return facts_refresh(full=full)


@shared_task(name="analytics.rebuild_facts", time_limit=3 * 3600, soft_time_limit=3 * 3600 - 100,
             autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def rebuild_facts():
    """The nightly full rebuild: also corrects days of records that moved to another date or were deleted."""
    return facts_refresh(full=True)
