"""Refresh the monitoring figures now (the scheduled job does it every ten minutes and fully every night)."""
import time

from django.core.management.base import BaseCommand

from copp.analytics.services import facts_refresh


class Command(BaseCommand):
    help = "Rebuild the daily facts of the monitoring dashboard: changed days only, or everything with --full."

    def add_arguments(self, parser):
        parser.add_argument("--full", action="store_true", help="Rebuild every day, not only the changed ones.")

    def handle(self, *args, **options):
        started = time.monotonic()
        result = facts_refresh(full=options["full"])
        self.stdout.write(f"Facts: {result['rows']}, days recomputed: {result['days']}, full: {result['full']}, "
                          f"{time.monotonic() - started:.1f} s")
