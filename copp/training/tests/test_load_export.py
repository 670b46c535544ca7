"""The site load table as an Excel file: header with the periods, hours as numbers, programs."""
import io

import openpyxl
import pytest
from django.urls import reverse

from copp.core.roles import Role
from copp.organizations.models import OrganizationType
from copp.resources.tests import factories as rf

from .factories import at, make_group, make_lesson

pytestmark = pytest.mark.django_db


def test_load_export_has_the_header_and_a_row_per_site(client, world):
    partner = world.orgs[OrganizationType.PARTNER][0]
    site = rf.site(partner, name="Мастерская сварки")
    group = make_group(partner)
    make_lesson(group, starts_at=at(0, 9), site=site, hours=3)
    client.force_login(world.users[Role.COORDINATOR][0])
    response = client.get(reverse("training:load_xlsx"), {"from": at(-3).date().isoformat(), "by": "month"})
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    month = at(0).date().replace(day=1)
    assert rows[0] == ("Площадка", "Организация", month.strftime("%d.%m.%Y"), "Всего, часов", "Программы")
    assert rows[1] == ("Мастерская сварки", partner.short_name, 3, 3, group.program.title)
