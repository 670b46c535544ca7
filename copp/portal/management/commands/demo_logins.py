"""Print one demo login per role."""
from django.core.management.base import BaseCommand

from copp.core.roles import Role
from copp.portal import demo


class Command(BaseCommand):
    help = "Print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000/")

    def handle(self, *args, **options):
        self.stdout.write(f"\nДемо-входы (пароль у всех: {demo.DEMO_PASSWORD}):")
        for role, email, *_ in demo.USERS:
            self.stdout.write(f"  {Role(role).label:<45} {email}")
        self.stdout.write(f"Сайт: {options['url']}\n")
