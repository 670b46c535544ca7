"""Site photos and document scans: checked by content and size, stored under generated names, served after
the same access check as their record."""
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from copp.core.models import AuditLog
from tests.factories import exif_with_location, sample_image

from ..files import PHOTO_MAX_BYTES
from ..models import SitePhoto
from . import factories

pytestmark = pytest.mark.django_db


def post_photo(client, site, content, name="мастерская.png", content_type="image/png"):
    return client.post(reverse("resources:site_photo_add", args=[site.pk]), {
        "caption": "Сварочные посты", "file": SimpleUploadedFile(name, content, content_type=content_type)})


def test_photo_is_stored_under_a_generated_name_and_served_to_those_who_see_the_site(
        client, org_a, partner_a, partner_b, coordinator, media):
    site = factories.site(org_a)
    client.force_login(partner_a)
    assert post_photo(client, site, factories.PNG, name="../../секрет.png").status_code == 302
    photo = SitePhoto.objects.get()
    assert photo.content_type == "image/png"
    assert photo.file.name.startswith("resources/photos/") and photo.file.name.endswith(".png")
    assert "секрет" not in photo.file.name
    assert (media / photo.file.name).exists()

    client.force_login(coordinator)
    served = client.get(reverse("resources:site_photo", args=[photo.pk]))
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    # Stored re-encoded (copp.core.uploads): the same picture, not necessarily the same bytes.
    served_image = Image.open(io.BytesIO(b"".join(served.streaming_content)))
    assert served_image.format == "PNG" and list(served_image.getdata()) == list(
        Image.open(io.BytesIO(factories.PNG)).getdata())
    client.force_login(partner_b)
    assert client.get(reverse("resources:site_photo", args=[photo.pk])).status_code == 404


def test_a_photo_is_stored_without_its_exif_location(client, org_a, partner_a, media):
    client.force_login(partner_a)
    original = sample_image("JPEG", size=(64, 48), exif=exif_with_location())
    assert post_photo(client, factories.site(org_a), original, name="цех.jpg",
                      content_type="image/jpeg").status_code == 302
    stored = (media / SitePhoto.objects.get().file.name).read_bytes()
    assert b"PhoneMaker" not in stored and not Image.open(io.BytesIO(stored)).getexif()


@pytest.mark.parametrize("content", [b"\xff\xd8\xff\xe0<?php echo 'hi'; ?>",
                                     sample_image("JPEG") + b"<?php echo 'hi'; ?>"])
def test_a_jpeg_header_with_a_php_body_is_refused(client, org_a, partner_a, content):
    client.force_login(partner_a)
    response = post_photo(client, factories.site(org_a), content, name="фото.jpg", content_type="image/jpeg")
    assert response.status_code == 400
    assert not SitePhoto.objects.exists()


def test_a_text_file_named_jpg_is_refused(client, org_a, partner_a):
    client.force_login(partner_a)
    response = post_photo(client, factories.site(org_a), b"<?php echo 'hi'; ?>", name="фото.jpg",
                          content_type="image/jpeg")
    assert response.status_code == 400
    assert "Загрузите фотографию в формате JPEG, PNG или WebP." in response.content.decode()
    assert not SitePhoto.objects.exists()


def test_a_too_large_photo_is_refused(client, org_a, partner_a):
    client.force_login(partner_a)
    big = factories.PNG + b"\x00" * PHOTO_MAX_BYTES
    response = post_photo(client, factories.site(org_a), big)
    assert response.status_code == 400
    assert "Файл слишком большой" in response.content.decode()


def test_deleting_a_photo_removes_the_file_after_commit(client, org_a, partner_a, media,
                                                          django_capture_on_commit_callbacks):
    site = factories.site(org_a)
    client.force_login(partner_a)
    post_photo(client, site, factories.PNG)
    photo = SitePhoto.objects.get()
    path = media / photo.file.name
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("resources:site_photo_delete", args=[photo.pk]))
    assert response.status_code == 302
    assert not SitePhoto.objects.exists() and not path.exists()


def test_document_scan_download_is_logged(client, org_a, partner_a, partner_b):
    document = factories.document(factories.staff(org_a))
    client.force_login(partner_a)
    response = client.get(reverse("resources:staff_document_file", args=[document.pk]))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert AuditLog.objects.filter(action="resources.staff_document.downloaded", actor=partner_a).exists()
    client.force_login(partner_b)
    assert client.get(reverse("resources:staff_document_file", args=[document.pk])).status_code == 404
