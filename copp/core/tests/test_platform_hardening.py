"""Issue 14, platform half: the visitor's address behind the proxy, private files through X-Accel-Redirect,
production refusing a weak secret key or a per-process cache."""
import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.test import RequestFactory
from django.urls import reverse

from copp.accounts.models import ConsentRecord
from copp.core.audit import client_ip
from copp.core.models import Job, JobStatus
from copp.core.roles import Role

ROOT = Path(__file__).resolve().parents[3]
PROXY = "127.0.0.1"  # every request reaches gunicorn from nginx on the same machine


@pytest.fixture
def behind_nginx(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1


def test_client_ip_is_the_entry_the_trusted_proxy_wrote(settings):
    factory = RequestFactory()
    request = factory.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.5")
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0  # no proxy configured: the header is the visitor's to invent
    assert client_ip(request) == PROXY
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1  # the entry before nginx's is the visitor's own invention
    assert client_ip(request) == "203.0.113.5"
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 2
    assert client_ip(request) == "10.9.9.9"
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 3  # a shorter chain than configured: the connection, not a guess
    assert client_ip(request) == PROXY
    garbage = factory.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="not-an-address")
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    assert client_ip(garbage) == PROXY


@pytest.mark.django_db
def test_an_attacker_behind_nginx_locks_out_only_their_own_address(client, world, behind_nginx):
    """45 failed logins for invented e-mails from one address used to lock out everyone behind nginx."""
    url = reverse("account_login")
    for i in range(45):
        # The attacker rotates the part of the header nginx does not write: it changes nothing.
        response = client.post(url, {"login": f"invented{i}@example.ru", "password": "guess"},
                               REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"10.0.0.{i}, 203.0.113.66")
    assert response.status_code == 429 or "Слишком много" in response.content.decode()

    for role, address in ((Role.LEARNER, "198.51.100.7"), (Role.STAFF, "198.51.100.8")):
        user = world.users[role][0]
        other = client.__class__()
        response = other.post(url, {"login": user.email, "password": world.password},
                              REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=address)
        assert response.status_code == 302, role
        assert other.session.get("_auth_user_id") == str(user.pk)

    # The attacker's own address stays locked, even for a correct password.
    learner = world.users[Role.LEARNER][1]
    response = client.post(url, {"login": learner.email, "password": world.password},
                           REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.66")
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_the_consent_record_keeps_the_forwarded_address(client, behind_nginx):
    client.post(reverse("account_signup"), {
        "last_name": "Соколов", "first_name": "Дмитрий", "birth_date": "1990-05-04",
        "email": "proxy@example.ru", "password1": "Надёжный-пароль-42", "password2": "Надёжный-пароль-42",
        "consent": "on"}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.23")
    assert ConsentRecord.objects.get(user__email="proxy@example.ru").ip == "198.51.100.23"


@pytest.mark.django_db
def test_job_result_leaves_through_nginx_internal_location_in_production(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    owner, other = world.users[Role.STAFF]
    job = Job.objects.create(id=uuid.uuid4(), owner=owner, kind="export", title="Выгрузка", status=JobStatus.SUCCEEDED,
                             result_name="Организации.xlsx")
    job.result_file.save("result.xlsx", ContentFile(b"PK-secret"), save=True)
    url = reverse("core:job_download", args=[job.pk])
    client.force_login(owner)

    settings.COPP_PRIVATE_FILES_ACCEL = False  # development: Django streams the file itself
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"PK-secret"
    assert "X-Accel-Redirect" not in response

    settings.COPP_PRIVATE_FILES_ACCEL = True
    response = client.get(url)
    assert response.status_code == 200 and response.content == b""
    assert response["X-Accel-Redirect"] == "/protected-media/" + job.result_file.name
    assert "attachment" in response["Content-Disposition"]
    assert "filename*=UTF-8''%D0%9E%D1%80%D0%B3" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"

    client.force_login(other)  # the same role, not the owner: no redirect to the file at all
    response = client.get(url)
    assert response.status_code == 404 and "X-Accel-Redirect" not in response


def test_nginx_serves_no_private_upload_by_its_path():
    conf = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    locations = dict(re.findall(r"location\s+(\S+)\s*\{([^}]*)\}", conf))
    assert "return 404" in locations["/media/"]
    assert "internal;" in locations["/protected-media/"]
    assert "alias" not in locations["/media/"]
    # Only the branding logo is public.
    public = [path for path, body in locations.items() if "alias" in body and "internal;" not in body]
    assert public == ["/media/branding/"]
    # The visitor's own address, not the header the visitor sent, is forwarded (TRUSTED_PROXY_COUNT=1).
    assert "X-Forwarded-For $remote_addr" in locations["/"]


def _production_check(**env):
    base = {k: v for k, v in os.environ.items()
            if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SECRET_KEY", "REDIS_CACHE_URL"}}
    return subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], cwd=ROOT,
                          env={**base, "DJANGO_SETTINGS_MODULE": "config.settings.production", **env},
                          capture_output=True, text=True, timeout=120)


STRONG_KEY = "k3y-" + "0123456789abcdef" * 4


@pytest.mark.parametrize(("env", "message"), [
    ({"DJANGO_SECRET_KEY": "x", "REDIS_CACHE_URL": "redis://127.0.0.1:6379/1"}, "DJANGO_SECRET_KEY"),
    ({"DJANGO_SECRET_KEY": "x" * 60, "REDIS_CACHE_URL": "redis://127.0.0.1:6379/1"}, "DJANGO_SECRET_KEY"),
    ({"REDIS_CACHE_URL": "redis://127.0.0.1:6379/1"}, "DJANGO_SECRET_KEY"),
    ({"DJANGO_SECRET_KEY": STRONG_KEY}, "REDIS_CACHE_URL"),
    ({"DJANGO_SECRET_KEY": STRONG_KEY, "REDIS_CACHE_URL": "locmem://"}, "REDIS_CACHE_URL"),
])
def test_production_refuses_to_start_without_a_strong_key_and_a_shared_cache(env, message):
    result = _production_check(**env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and message in result.stderr


def test_production_with_proper_values_shares_cache_and_sessions_and_trusts_nginx():
    probe = ("from django.conf import settings as s; "
             "print(s.CACHES['default']['BACKEND'], s.SESSION_ENGINE, s.ALLAUTH_TRUSTED_PROXY_COUNT, "
             "s.COPP_PRIVATE_FILES_ACCEL)")
    base = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    result = subprocess.run([sys.executable, "manage.py", "shell", "-c", probe], cwd=ROOT, capture_output=True,
                            text=True, timeout=120,
                            env={**base, "DJANGO_SETTINGS_MODULE": "config.settings.production",
                                 "DJANGO_SECRET_KEY": STRONG_KEY, "REDIS_CACHE_URL": "redis://127.0.0.1:6379/1"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == ["django.core.cache.backends.redis.RedisCache",
                                     "django.contrib.sessions.backends.cached_db", "1", "True"]
