"""The demo loaders: realistic, idempotent, and the rules hold for every demo program."""
import pytest

from copp.events import demo as events_demo
from copp.events.models import Event, EventRegistration, RegistrationStatus
from copp.portal import demo as portal_demo
from copp.programs import demo as programs_demo
from copp.programs.models import Program, ProgramStatus
from copp.programs.services import hours_errors

pytestmark = pytest.mark.django_db


def test_demo_catalogue_and_events_load_twice():
    portal_demo.load()
    for _ in range(2):
        assert programs_demo.load() >= 30
        assert events_demo.load() >= 12
    published = Program.objects.filter(status=ProgramStatus.PUBLISHED)
    assert published.count() >= 30
    assert published.values("competencies").distinct().count() >= 10
    for program in Program.objects.prefetch_related("modules").select_related("kind"):
        hours = [m.theory_hours + m.practice_hours for m in program.modules.all()]
        assert hours_errors(kind=program.kind, hours=program.hours, module_hours=hours) == {}, program.title
        assert program.search_vector
    assert Event.objects.count() == len(events_demo.EVENTS)
    assert EventRegistration.objects.filter(status=RegistrationStatus.WAITLIST).exists()
    assert EventRegistration.objects.filter(checked_in_at__isnull=False).exists()
