"""Celery application; with no CELERY_BROKER_URL tasks run eagerly in-process (DESIGN.md)."""
import os

from celery import Celery
from celery.signals import setup_logging

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("copp")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


if os.environ.get("LOG_FORMAT", "").strip().lower() == "json":
    @setup_logging.connect(weak=False)
    def keep_django_logging(**_kwargs):
        """JSON logs: the worker keeps Django's LOGGING (JSON lines with the request id on standard error)
        instead of Celery's own plain-text set-up."""
        import logging.config

        from django.conf import settings

        logging.config.dictConfig(settings.LOGGING)
