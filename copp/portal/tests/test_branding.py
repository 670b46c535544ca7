"""Brand settings keep WCAG AA contrast when the administrator saves them (M2, M31)."""
import pytest
from django.urls import reverse

from copp.core.roles import Role
from copp.portal.models import Branding, contrast_ratio

pytestmark = pytest.mark.django_db


def test_contrast_ratio_follows_wcag():
    assert round(contrast_ratio("#000000", "#ffffff"), 1) == 21.0
    assert 4.0 < contrast_ratio("#0d6efd", "#f1f4f8") < 4.5  # the old footer links: below AA
    assert contrast_ratio("#0b4f8a", "#ffffff") >= 4.5


def test_admin_cannot_save_a_pale_brand_colour(client, world):
    client.force_login(world.users[Role.ADMIN][0])
    branding = Branding.objects.first() or Branding.objects.create()
    url = reverse("admin:portal_branding_change", args=[branding.pk])
    data = {f.name: getattr(branding, f.name) for f in Branding._meta.fields
            if f.editable and f.name not in ("id", "logo")}
    response = client.post(url, {**data, "color_primary": "#7fb2ff", "color_accent": "#ffd966"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "нужно не меньше 4,5:1" in page and "нужно не меньше 3:1" in page
    branding.refresh_from_db()
    assert branding.color_primary == "#0b4f8a"


def test_a_logo_with_a_script_is_refused_and_a_plain_one_saved(client, world, settings, tmp_path):
    """The logo is served to every visitor: an SVG that runs code never gets stored (issue 14)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    client.force_login(world.users[Role.ADMIN][0])
    branding = Branding.objects.first() or Branding.objects.create()
    url = reverse("admin:portal_branding_change", args=[branding.pk])
    data = {f.name: getattr(branding, f.name) for f in Branding._meta.fields
            if f.editable and f.name not in ("id", "logo")}
    svg = '<svg xmlns="http://www.w3.org/2000/svg"><rect width="4" height="4"/></svg>'
    evil = SimpleUploadedFile("logo.svg", svg.replace("<rect", '<rect onclick="alert(1)"').encode(),
                              content_type="image/svg+xml")
    response = client.post(url, {**data, "logo": evil})
    assert response.status_code == 200 and "SVG содержит скрипт" in response.content.decode()
    branding.refresh_from_db()
    assert not branding.logo
    plain = SimpleUploadedFile("logo.svg", svg.encode(), content_type="image/svg+xml")
    assert client.post(url, {**data, "logo": plain}).status_code == 302
    branding.refresh_from_db()
    assert branding.logo.name.startswith("branding/")
