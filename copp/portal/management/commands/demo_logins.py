"""Print one demo login per role."""
from django.conf import settings
from django.core.management.base import BaseCommand

from copp.accounts.mfa import totp_code
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
        required = [email for role, email, *_ in demo.USERS if role in settings.COPP_MFA_REQUIRED_ROLES]
        if required:
            # The second factor of staff, coordinators and administrators (issue 14): the code changes every 30 s.
            self.stdout.write(
                f"Второй фактор ({', '.join(required)}): код из приложения-аутентификатора с секретом "
                f"{demo.DEMO_TOTP_SECRET}\n  или текущий код: {totp_code(demo.DEMO_TOTP_SECRET)} "
                f"(действует 30 с; новый — `manage.py demo_logins`).")
        self.stdout.write(f"Сайт: {options['url']}\n")
