"""Load the demo data (idempotent)."""
from django.core.management.base import BaseCommand

from copp.portal import demo


class Command(BaseCommand):
    help = "Create or refresh demo users, organisations and branding."

    def handle(self, *args, **options):
        demo.load_all()
        self.stdout.write("Demo data is ready.")
