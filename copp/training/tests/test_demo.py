"""The demo loads groups in several states with schedules and filled journals, and loading twice changes nothing."""
import holidays
import pytest
from django.utils import timezone

from copp.portal.demo import load_all

from .. import selectors
from ..models import Enrolment, Group, Lesson, Mark, ModuleGrade

pytestmark = pytest.mark.django_db


def test_demo_is_complete_and_idempotent():
    load_all()
    counts = (Group.objects.count(), Lesson.objects.count(), Mark.objects.count(), Enrolment.objects.count(),
              ModuleGrade.objects.count())
    assert set(Group.objects.values_list("status", flat=True)) == {"completed", "active", "forming"}
    # the network: lessons at sites of more than one organisation, for the load chart and the region timetable
    assert Lesson.objects.values("group__provider").distinct().count() >= 2
    assert Lesson.objects.values("site").distinct().count() >= 3
    assert counts[1] > 20 and counts[2] > 50 and counts[4] > 6
    # No lesson falls on a public holiday or a day off of the production calendar.
    days = {timezone.localdate(moment) for moment in Lesson.objects.values_list("starts_at", flat=True)}
    days_off = holidays.country_holidays("RU", years={day.year for day in days})
    assert days and not [day for day in days if day in days_off]
    assert Enrolment.objects.filter(status="completed").exclude(document_number="").exists()
    # An employer's list: one person enrolled with an invited account, two waiting on the forming group.
    invited = Enrolment.objects.get(participant__isnull=False)
    assert invited.group.code == "ДЕМО-СВ-2026-02" and not invited.learner.has_usable_password()
    waiting = selectors.accepted_participants(Group.objects.get(code="ДЕМО-СВ-2026-03"))
    assert [p.last_name for p in waiting] == ["Лебедева", "Никитин"]
    load_all()
    assert (Group.objects.count(), Lesson.objects.count(), Mark.objects.count(), Enrolment.objects.count(),
            ModuleGrade.objects.count()) == counts
