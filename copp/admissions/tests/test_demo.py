"""The demo data: applications in every status, and loading twice changes nothing."""
import pytest

from copp.portal import demo as portal_demo
from copp.programs import demo as programs_demo

from .. import demo
from ..models import Application, ApplicationKind, ApplicationStatus

pytestmark = pytest.mark.django_db


def test_demo_has_every_status_and_is_idempotent():
    portal_demo.load()
    programs_demo.load()
    first = demo.load()
    assert first == demo.load() == Application.objects.count()
    statuses = set(Application.objects.values_list("status", flat=True))
    assert statuses == set(ApplicationStatus.values)
    kinds = set(Application.objects.values_list("kind", flat=True))
    assert kinds == set(ApplicationKind.values)
