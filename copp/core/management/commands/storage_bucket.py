"""`manage.py storage_bucket`: create the S3 bucket of S3_BUCKET when missing (docker-compose's migrate step)."""
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create the private S3 bucket named by S3_BUCKET if it does not exist; nothing to do for files on disk."

    def handle(self, *args, **options):
        if not settings.S3_BUCKET:
            self.stdout.write("files are kept on disk (MEDIA_ROOT): no bucket to create")
            return
        from botocore.exceptions import ClientError

        client = default_storage.connection.meta.client
        try:
            client.head_bucket(Bucket=settings.S3_BUCKET)
            self.stdout.write(f"bucket {settings.S3_BUCKET} exists")
        except ClientError:
            client.create_bucket(Bucket=settings.S3_BUCKET)
            self.stdout.write(f"bucket {settings.S3_BUCKET} created")
