"""The demo stays usable with two-factor sign-in (issue 14): its staff, coordinator and administrator have the
known authenticator secret, and `manage.py demo_logins` prints the code that signs them in."""
import re
from io import StringIO

import pytest
from allauth.mfa.models import Authenticator
from django.core.management import call_command
from django.urls import reverse

from copp.accounts.models import User
from copp.portal import demo

pytestmark = [pytest.mark.django_db, pytest.mark.mfa]


def test_demo_staff_sign_in_with_the_printed_code(client):
    demo.load()
    with_totp = set(Authenticator.objects.filter(type=Authenticator.Type.TOTP).values_list("user__email", flat=True))
    assert with_totp == {"staff@copp.local", "coordinator@copp.local", "admin@copp.local"}
    demo.load()  # idempotent: the secret is not replaced
    assert Authenticator.objects.filter(type=Authenticator.Type.TOTP).count() == 3
    out = StringIO()
    call_command("demo_logins", stdout=out)
    printed = out.getvalue()
    assert demo.DEMO_TOTP_SECRET in printed
    code = re.search(r"текущий код: (\d{6})", printed).group(1)
    staff = User.objects.get(email="staff@copp.local")
    response = client.post(reverse("account_login"), {"login": staff.email, "password": demo.DEMO_PASSWORD})
    assert response.url == reverse("mfa_authenticate")
    client.post(reverse("mfa_authenticate"), {"code": code})
    assert client.get(reverse("portal:cabinet")).status_code == 200
