"""Public pages, the low-vision version, languages, error pages, demo data."""
import pytest
from django.urls import reverse

from copp.accounts.models import User
from copp.directories.models import Competency
from copp.organizations.models import Organization
from copp.portal import demo
from copp.portal.accessibility import COOKIE

pytestmark = pytest.mark.django_db


def test_home_is_built_from_real_data(client, world):
    Competency.objects.filter(name="Мехатроника").update(is_priority=True)
    page = client.get(reverse("portal:home")).content.decode()
    assert "Приоритетные компетенции региона" in page and "Мехатроника" in page
    assert "lorem" not in page.lower()


def test_home_hides_priority_section_when_region_has_none(client, db):
    Competency.objects.update(is_priority=False)
    assert "Приоритетные компетенции" not in client.get(reverse("portal:home")).content.decode()


def test_low_vision_version_is_remembered(client, db):
    response = client.get(reverse("portal:a11y_settings") + "?enable=1&next=/privacy/")
    assert response.status_code == 302 and response.url == "/privacy/"
    page = client.get(reverse("portal:privacy")).content.decode()
    assert 'class="a11y a11y-font-large a11y-scheme-black-on-white ' in page
    client.post(reverse("portal:a11y_settings"), {"font": "xlarge", "scheme": "white-on-black", "images": "0"})
    assert "a11y-font-xlarge a11y-scheme-white-on-black a11y-no-images" in client.get("/").content.decode()
    client.post(reverse("portal:a11y_settings"), {"font": "<script>", "scheme": "bad"})
    assert client.cookies[COOKIE].value == "1|normal|normal|1"


def test_low_vision_redirect_stays_on_site(client, db):
    response = client.get(reverse("portal:a11y_settings") + "?enable=1&next=https://evil.example/")
    assert response.url == "/"


def test_english_is_selectable(client, db):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "What the platform offers" in client.get("/").content.decode()


def test_404_is_russian_in_the_site_frame(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Страница не найдена" in response.content.decode()


def test_403_is_russian(client, world):
    client.force_login(world.users["learner"][0])
    response = client.get(reverse("organizations:list"))
    assert response.status_code == 403 and "Доступ запрещён" in response.content.decode()


def test_privacy_page_shows_current_consent_text(client, db):
    page = client.get(reverse("portal:privacy")).content.decode()
    assert "Согласие на обработку персональных данных" in page and "Версия 1" in page


def test_official_site_link_in_header_and_footer(client, db):
    page = client.get("/").content.decode()
    assert page.count("https://copp.example.ru/") >= 2


def test_demo_data_is_idempotent(db):
    first = demo.load()
    counts = (User.objects.count(), Organization.objects.count())
    second = demo.load()
    assert first == second and counts == (User.objects.count(), Organization.objects.count())
    assert len(first) == 8  # one per role, and a second expert of program review (issue 16)
    learner = User.objects.get(email="learner@copp.local")
    assert learner.check_password(demo.DEMO_PASSWORD) and learner.get_roles() == ["learner"]
