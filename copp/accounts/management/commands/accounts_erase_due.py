"""Destroy the personal data of users whose erasure request (consent withdrawn) has come due (152-ФЗ: 30 days)."""
from django.core.management.base import BaseCommand

from copp.accounts.services import erasure_due_run


class Command(BaseCommand):
    help = ("Erase the personal data of every user whose consent was withdrawn and whose erasure request is due "
            "(30 days after the withdrawal).")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only count the requests that are due.")

    def handle(self, *args, dry_run, **options):
        count = erasure_due_run(dry_run=dry_run)
        verb = "Would erase" if dry_run else "Erased"
        self.stdout.write(f"{verb} the personal data of {count} user(s).")
