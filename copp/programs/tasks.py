"""Scheduled tasks of programs: the stored nearest start dates of the catalogue move on as dates pass (M9)."""
from celery import shared_task
from django.db import OperationalError

from .services import program_next_starts_refresh


@shared_task(name="programs.refresh_next_starts", time_limit=1800, soft_time_limit=1700,
             autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def refresh_next_starts():
    """After midnight: the programs whose nearest start is now in the past show (and sort by) the next one."""
    return program_next_starts_refresh()
