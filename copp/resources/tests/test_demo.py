"""The demo resources load into the demo organisations, and loading twice changes nothing."""
import pytest

from copp.core.personal_data import export_subject
from copp.organizations.models import OrganizationType
from tests.factories import OrganizationFactory, UserFactory

from .. import demo
from ..models import Consumable, Site, StaffDocument, StaffMember

pytestmark = pytest.mark.django_db


def test_load_is_idempotent_and_realistic():
    for inn in (demo.COLLEGE, demo.TAGIL, demo.PERVOURALSK, demo.COPP):
        OrganizationFactory(inn=inn, type=OrganizationType.PARTNER)
    teacher = UserFactory(email="teacher@copp.local")
    UserFactory(email="partner@copp.local")
    first = demo.load()
    assert first == demo.load()
    assert Site.objects.count() == len(demo.SITES)
    welding = Site.objects.get(name="Мастерская «Сварочные технологии»")
    assert welding.is_demo_exam_center and welding.rooms.count() == 2
    assert [c.name for c in welding.competencies.all()] == ["Сварочные технологии"]
    gromov = StaffMember.objects.get(last_name="Громов")
    assert gromov.user == teacher
    assert any(d.expires_soon for d in StaffDocument.objects.filter(staff=gromov))
    assert Consumable.objects.filter(low_stock_alerted_at__isnull=False).exists()
    exported = export_subject(teacher)
    assert exported["resources.StaffMember"][0]["last_name"] == "Громов"
