"""`manage.py restore_drill BACKUP`: restore a backup into a fresh database and compare it with its manifest."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from copp.core.backup import BackupError, files_restore, restore_drill


class Command(BaseCommand):
    help = ("Restore a backup into a fresh database on the same server, compare every table's rows and checksum "
            "and every file's hash with the manifest; exit 1 on any difference.")

    def add_arguments(self, parser):
        parser.add_argument("backup", help="the backup's folder (written by `manage.py backup`)")
        parser.add_argument("--database", default="", help="name of the fresh database (default: <name>_drill_<time>)")
        parser.add_argument("--keep", action="store_true",
                            help="keep the restored database (a real restore: point DATABASE_URL at it)")
        parser.add_argument("--restore-files", action="store_true",
                            help="after a good drill, put the backup's files missing from the storage back")

    def handle(self, *args, backup, database, keep, restore_files, **options):
        folder = Path(backup)
        if not (folder / "manifest.json").exists():
            raise CommandError(f"{folder}: no manifest.json, not a backup folder")
        try:
            report = restore_drill(folder, database=database, keep=keep)
        except BackupError as error:
            raise CommandError(str(error)) from error
        for difference in report.differences:
            self.stderr.write(difference)
        if not report.ok:
            raise CommandError(f"restore drill failed: {len(report.differences)} differences")
        self.stdout.write(f"restore drill passed: {report.tables} tables, {report.rows} rows, {report.files} files "
                          f"match the manifest in {report.seconds:.1f} s"
                          + (f"; database {report.database} kept" if keep else ""))
        if restore_files:
            self.stdout.write(f"files put back: {files_restore(folder)}")
