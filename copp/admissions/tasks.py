"""Scheduled tasks of admissions: removal of draft uploads that never reached an application (152-ФЗ)."""
import datetime

from celery import shared_task
from django.db import OperationalError

from .services import draft_uploads_purge


@shared_task(name="admissions.purge_uploads", time_limit=3600, soft_time_limit=3500,
             autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def purge_uploads(hours: int = 24):
    """Delete draft uploads older than `hours` and stored files no row references."""
    return draft_uploads_purge(older_than=datetime.timedelta(hours=max(hours, 1)), dry_run=False)
