"""`manage.py backup`: a dump of the database, an archive of the stored files and their manifest."""
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from copp.core.backup import BackupError, backup_make


class Command(BaseCommand):
    help = "Back up the database (pg_dump) and the stored files with a manifest of counts and checksums."

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=str(settings.BASE_DIR / "var" / "backups"),
                            help="folder that receives a new dated backup folder (default var/backups)")

    def handle(self, *args, dir, **options):
        try:
            folder = backup_make(Path(dir))
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(folder))
