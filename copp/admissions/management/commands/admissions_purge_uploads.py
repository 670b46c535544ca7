"""Delete uploaded scans that never reached an application: draft uploads older than a day (152-ФЗ)."""
import datetime

from django.core.management.base import BaseCommand

from copp.admissions.services import draft_uploads_purge


class Command(BaseCommand):
    help = ("Delete stored draft uploads of applications (scans no submitted application references) older than "
            "--hours (24 by default), and stored files of the uploads folder that no row references.")

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=int, default=24, help="Age of the uploads to delete, hours (24).")
        parser.add_argument("--dry-run", action="store_true", help="Only count what would be deleted.")

    def handle(self, *args, hours, dry_run, **options):
        counts = draft_uploads_purge(older_than=datetime.timedelta(hours=max(hours, 1)), dry_run=dry_run)
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(f"{verb} {counts['documents']} draft upload(s) and {counts['orphans']} orphan file(s).")
