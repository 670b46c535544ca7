"""The Excel list of an event's registrations: the event's title above the header, one row per person."""
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from copp.core.roles import Role
from copp.organizations.models import OrganizationType

from .factories import make_event, make_registration

pytestmark = pytest.mark.django_db


def test_export_has_the_header_and_a_row_per_registration(world, login):
    event = make_event(world.orgs[OrganizationType.PARTNER][0], title="День открытых дверей")
    learner = world.users[Role.LEARNER][0]
    registration = make_registration(event, learner)
    response = login(world.users[Role.PARTNER][0]).get(reverse("events:export", args=[event.pk]))
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "День открытых дверей"
    assert rows[1][0] == timezone.localtime(event.starts_at).strftime("%d.%m.%Y %H:%M")
    assert rows[3] == ("№", "Фамилия, имя, отчество", "Электронная почта", "Номер телефона", "Статус записи",
                       "Время записи", "Пришёл", "Время отметки")
    queued = timezone.localtime(registration.queued_at).replace(tzinfo=None, microsecond=0)
    assert rows[4][0] == 1 and rows[4][2] == learner.email and rows[4][6:] == (None, None)
    assert abs(rows[4][5] - queued).total_seconds() < 1
