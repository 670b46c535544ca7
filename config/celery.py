"""Celery application; with no CELERY_BROKER_URL tasks run eagerly in-process (DESIGN.md)."""
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("copp")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
