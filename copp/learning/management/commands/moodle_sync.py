"""Sync every group's Moodle course now (enrolments, then grades and completion back)."""
from django.core.management.base import BaseCommand

from copp.learning.sync import courses_sync_all


class Command(BaseCommand):
    help = "Sync every group's Moodle course now."

    def handle(self, *args, **options):
        result = courses_sync_all()
        self.stdout.write(f"Moodle: синхронизировано групп — {result['synced']}, с ошибкой — {result['failed']}")
