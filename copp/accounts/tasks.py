"""Scheduled tasks of accounts: erasure of the personal data of withdrawn consents (152-ФЗ)."""
from celery import shared_task
from django.db import OperationalError

from .services import erasure_due_run


@shared_task(name="accounts.erase_due", time_limit=3600, soft_time_limit=3500, autoretry_for=(OperationalError,),
             retry_backoff=True, max_retries=5)
def erase_due():
    """Erase the data of every erasure request that has come due (each request is erased once)."""
    return erasure_due_run(dry_run=False)
