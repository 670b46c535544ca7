"""Celery tasks of the surveys app: the scheduled round of closing, launching, inviting and reminding."""
from celery import shared_task

from copp.core.tasks import RETRY

from . import services


@shared_task(name="surveys.dispatch", time_limit=1800, soft_time_limit=1700, **RETRY)
def dispatch():
    """Close surveys past their deadline, launch the automatic ones, send invitations and reminders."""
    return services.surveys_dispatch()
