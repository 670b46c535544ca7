"""The journal downloads as an Excel sheet with the grid's marks, the module grades and the rating parts; a
teacher of another group gets 404."""
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from copp.core.roles import Role
from copp.directories.models import AttendanceStatus, GradeValue

from ..models import Mark, ModuleGrade
from .factories import world_group

pytestmark = pytest.mark.django_db


def test_journal_sheet_holds_marks_modules_and_rating(client, world):
    group, enrolment, lesson = world_group(world)
    module = group.program.modules.create(order=1, title="Сварка пластин")
    five = GradeValue.objects.get(scale__code="five_point", code="5")
    Mark.objects.create(enrolment=enrolment, lesson=lesson, attendance=AttendanceStatus.objects.get(code="present"),
                        grade=five)
    ModuleGrade.objects.create(enrolment=enrolment, module=module, grade=GradeValue.objects.get(
        scale__code="five_point", code="4"))
    client.force_login(world.users[Role.TEACHER][0])
    response = client.get(reverse("training:journal_xlsx", args=[group.pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == f"Журнал группы {group.code}" and rows[1][0] == group.program.title
    header = rows[5]
    moment = timezone.localtime(lesson.starts_at).strftime("%d.%m %H:%M")
    assert header[:3] == ("Слушатель", "Статус слушателя", moment) and header[3].startswith("М1. ")
    learner = rows[6]
    # present with a 5; module 4; attendance 100 %, grades (5 + 4) / 2 / 5 = 90 %, 0.6 × 90 + 0.4 × 100 = 94
    assert learner[:4] == (str(enrolment.learner), "Обучается", "П 5", "4")
    assert learner[4:7] == (100, 90, 94)
    assert "Скачать журнал (Excel)" in client.get(reverse("training:journal", args=[group.pk])).content.decode()

    client.force_login(world.users[Role.TEACHER][1])
    assert client.get(reverse("training:journal_xlsx", args=[group.pk])).status_code == 404
