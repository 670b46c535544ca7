"""Dictionaries (M30): seeded public facts; add, edit, delete, xlsx/csv export and import by the administrator."""
import io

import openpyxl
import pytest
from django.urls import reverse

from copp.core.roles import Role
from copp.directories.models import Competency, EducationLevel, ProgramKind, StudyForm

pytestmark = pytest.mark.django_db


def test_seeded_values():
    assert ProgramKind.objects.get(code="upskilling").min_hours == 16
    assert ProgramKind.objects.get(code="retraining").min_hours == 250
    assert set(StudyForm.objects.values_list("name", flat=True)) >= {"Очная", "Очно-заочная", "Заочная"}
    assert EducationLevel.objects.filter(name__startswith="Среднее профессиональное").count() == 2
    assert Competency.objects.filter(name="Сварочные технологии").exists()


def test_admin_adds_edits_deletes(client, world):
    client.force_login(world.users[Role.ADMIN][0])
    url = reverse("admin:directories_studyform_add")
    response = client.post(url, {"code": "evening", "name": "Вечерняя", "is_active": "on", "order": 9})
    assert response.status_code == 302
    item = StudyForm.objects.get(code="evening")
    client.post(reverse("admin:directories_studyform_change", args=[item.pk]),
                {"code": "evening", "name": "Вечерняя форма", "is_active": "on", "order": 9})
    item.refresh_from_db()
    assert item.name == "Вечерняя форма"
    client.post(reverse("admin:directories_studyform_delete", args=[item.pk]), {"post": "yes"})
    assert not StudyForm.objects.filter(code="evening").exists()


def test_non_admin_cannot_open_dictionaries(client, world):
    client.force_login(world.users[Role.STAFF][0])
    assert client.get(reverse("admin:directories_competency_changelist")).status_code == 302


def test_export_and_reimport_xlsx_updates_by_code(client, world):
    client.force_login(world.users[Role.ADMIN][0])
    response = client.post(reverse("admin:directories_competency_export"), {"format": "0", "export_items": [],
                                                                           **{f"competencyresource_{f}": "on" for f in
                                                                              ("code", "name", "group", "is_priority",
                                                                               "description", "is_active", "order")}})
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = list(book.active.iter_rows(values_only=True))
    header = rows[0]
    assert "code" in header and len(rows) == Competency.objects.count() + 1

    sheet = openpyxl.Workbook()
    ws = sheet.active
    ws.append(["code", "name", "group", "is_priority", "description", "is_active", "order"])
    ws.append(["C001", "Веб-технологии", "ИКТ", 1, "Разработка сайтов", 1, 0])
    ws.append(["N001", "Беспилотные авиационные системы", "Новые", 1, "", 1, 99])
    buffer = io.BytesIO()
    sheet.save(buffer)
    buffer.seek(0)
    buffer.name = "competencies.xlsx"
    before = Competency.objects.count()
    response = client.post(reverse("admin:directories_competency_import"),
                           {"format": "0", "import_file": buffer, "resource": "0"})
    assert response.status_code == 200
    confirm = response.context["confirm_form"]
    response = client.post(reverse("admin:directories_competency_process_import"), confirm.initial)
    assert response.status_code == 302
    assert Competency.objects.count() == before + 1
    assert Competency.objects.get(code="C001").is_priority
