"""The administrator switches ESIA on and off and sets host, client id, scopes, paths and signer."""
import pytest
from django.urls import reverse

from copp.core.roles import Role
from copp.esia.models import EsiaSettings
from copp.esia.options import esia_options

pytestmark = pytest.mark.django_db


def test_admin_edits_the_single_row_and_sees_what_is_in_force(client, world, esia_on):
    client.force_login(world.users[Role.ADMIN][0])
    page = client.get(reverse("admin:esia_esiasettings_add"))
    assert page.status_code == 200 and esia_on.url in page.content.decode()  # the environment's value in force
    response = client.post(reverse("admin:esia_esiasettings_add"), {
        "enabled": "on", "environment": "production", "custom_url": "", "client_id": "COPP66",
        "scopes": "openid fullname",
        "redirect_uri": "", "signer": "cryptopro", "certificate_path": "/etc/copp/esia/copp.cer", "key_path": "",
        "certificate_hash": "", "cryptopro_container": "copp", "signer_url": "", "esia_certificate_path": "",
        "issuer": "", "timeout": "",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    options = esia_options()
    assert options.base_url == "https://esia.gosuslugi.ru" and options.issuer == "http://esia.gosuslugi.ru/"
    assert options.client_id == "COPP66" and options.scopes == ("openid", "fullname")
    assert options.signer == "cryptopro" and options.cryptopro_container == "copp"
    assert options.key_path.endswith("platform.key")  # left blank: the environment's value
    assert client.get(reverse("admin:esia_esiasettings_add")).status_code == 403  # one row only
    assert client.get(reverse("admin:esia_esiaevent_changelist")).status_code == 200


def test_switched_off_in_the_administration_section(client, world, esia_on):
    EsiaSettings.objects.create(enabled=False)
    assert not esia_options().enabled
    assert client.get(reverse("esia_login")).status_code == 404


def test_admin_cannot_switch_esia_on_without_its_certificate(client, world, settings, esia_on, tmp_path):
    settings.ESIA = {**settings.ESIA, "ESIA_CERT_PATH": ""}
    client.force_login(world.users[Role.ADMIN][0])
    form = {"enabled": "on", "environment": "test", "custom_url": "", "client_id": "COPP66", "scopes": "",
            "redirect_uri": "", "signer": "", "certificate_path": "", "key_path": "", "certificate_hash": "",
            "cryptopro_container": "", "signer_url": "", "esia_certificate_path": "", "issuer": "", "timeout": ""}
    response = client.post(reverse("admin:esia_esiasettings_add"), form)
    assert response.status_code == 200 and "нужен сертификат ЕСИА" in response.content.decode()
    garbage = tmp_path / "esia.cer"
    garbage.write_text("not a certificate")
    response = client.post(reverse("admin:esia_esiasettings_add"), {**form, "esia_certificate_path": str(garbage)})
    assert response.status_code == 200 and "не читается как сертификат" in response.content.decode()
    assert not EsiaSettings.objects.exists()
    response = client.post(reverse("admin:esia_esiasettings_add"), {**form, "enabled": ""})
    assert response.status_code == 302 and not EsiaSettings.objects.get().enabled
