"""Scheduled tasks of expert review: reminders to experts whose round is due soon or overdue (M15)."""
from celery import shared_task
from django.db import OperationalError

from .services import reminders_send


@shared_task(name="reviews.remind_experts", time_limit=1800, soft_time_limit=1700,
             autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def remind_experts():
    """Letters to experts without a verdict two days before the due date and after it, once a day each."""
    return reminders_send()
