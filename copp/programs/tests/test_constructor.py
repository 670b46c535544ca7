"""The module library and the constructor (M14): the rules before review with one message each, the module table
recomputed through htmx, reordering, versions and their difference, the program document."""
import io

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document

from copp.core.roles import Role
from copp.organizations.models import OrganizationType
from copp.programs.models import LibraryModule, ProgramModule, VersionStatus
from copp.programs.rules import construction_check, construction_errors
from copp.programs.services import program_version_submit
from copp.programs.versions import program_snapshot, versions_diff

from .factories import make_constructed, make_library_module

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(world):
    return world.orgs[OrganizationType.PARTNER][0]


@pytest.fixture
def rep(world, login):
    return login(world.users[Role.PARTNER][0])


def test_a_15_hour_upskilling_program_is_refused_with_the_minimum_rule(partner):
    program = make_constructed(partner, kind="upskilling", modules=1, hours=(7, 8))
    failed = {r.code: r.message for r in construction_check(program) if not r.ok}
    assert failed == {"min_hours": "Программа вида «Повышение квалификации» должна длиться не менее 16 ч, "
                                   "а у этой — 15 ч."}
    program.modules.update(practice_hours=9)
    assert construction_errors(program) == []


def test_a_retraining_program_without_final_assessment_is_refused(partner):
    program = make_constructed(partner, kind="retraining", modules=2, hours=(60, 70), final="")
    failed = {r.code: r.message for r in construction_check(program) if not r.ok}
    assert failed == {"final_assessment": "Выберите форму итоговой аттестации."}


def test_each_broken_rule_has_its_own_message(partner, world):
    from copp.directories.models import Competency

    program = make_constructed(partner, kind="retraining", modules=1, hours=(10, 10), final="")
    program.outcomes = ""
    program.save()
    program.competencies.add(Competency.objects.order_by("-pk").first())
    failed = {r.code for r in construction_check(program) if not r.ok}
    assert failed == {"min_hours", "outcomes", "competencies", "final_assessment"}
    with pytest.raises(ValidationError) as error:
        program_version_submit(actor=world.users[Role.PARTNER][0], program=program)
    assert len(error.value.messages) == 4 and not program.versions.exists()


def _table(response):
    return response.content.decode()


def test_constructor_adds_sets_hours_and_reorders_without_reload(rep, partner):
    program = make_constructed(partner, modules=1, hours=(8, 8))
    url = reverse("programs:constructor", args=[program.pk])
    library = make_library_module(partner, title="Сварка в среде защитных газов", theory=4, practice=12)
    htmx = {"HTTP_HX_REQUEST": "true"}
    response = rep.post(url, {"action": "add", "module": library.pk}, **htmx)
    assert response.status_code == 200 and 'data-total="total">32<' in _table(response)
    assert "<html" not in _table(response)  # a fragment for htmx, not a page
    added = program.modules.get(library_module=library)
    hours = {f"{f}-{added.pk}": 0 for f in ("theory_hours", "practice_hours", "internship_hours", "self_study_hours",
                                            "assessment_hours")}
    hours |= {f"theory_hours-{added.pk}": 6, f"assessment_hours-{added.pk}": 2}
    response = rep.post(url, {"action": "hours", "module": added.pk, **hours}, **htmx)
    assert 'data-total="total">24<' in _table(response) and 'data-total="assessment_hours">2<' in _table(response)
    program.refresh_from_db()
    assert program.hours == 24
    first = program.modules.get(order=1)
    response = rep.post(url, {"action": "down", "module": first.pk}, **htmx)
    assert list(program.modules.order_by("order").values_list("pk", flat=True)) == [added.pk, first.pk]
    response = rep.post(url, {"action": "reorder", "order": [first.pk, added.pk]}, **htmx)
    assert list(program.modules.order_by("order").values_list("pk", flat=True)) == [first.pk, added.pk]
    # The same module twice is refused with a message; nothing is added.
    response = rep.post(url, {"action": "add", "module": library.pk}, **htmx)
    assert response.status_code == 400 and "уже есть в программе" in _table(response)
    assert program.modules.count() == 2
    response = rep.post(url, {"action": "hours", "module": added.pk, f"theory_hours-{added.pk}": "-3"}, **htmx)
    assert response.status_code == 400 and "от 0 до 2000" in _table(response)
    response = rep.post(url, {"action": "remove", "module": added.pk}, **htmx)
    assert program.modules.count() == 1 and 'data-total="total">16<' in _table(response)


def test_constructor_refuses_changes_while_in_review(rep, partner, world):
    program = make_constructed(partner)
    program_version_submit(actor=world.users[Role.PARTNER][0], program=program)
    module = program.modules.first()
    response = rep.post(reverse("programs:constructor", args=[program.pk]),
                        {"action": "remove", "module": module.pk}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400 and "на экспертизе" in response.content.decode()
    assert ProgramModule.objects.filter(pk=module.pk).exists()


def test_own_module_form_errors_and_success(rep, partner):
    program = make_constructed(partner)
    url = reverse("programs:constructor", args=[program.pk])
    response = rep.post(url, {"action": "own", "own-title": "", "own-theory_hours": "4"})
    assert response.status_code == 400 and program.modules.count() == 2
    response = rep.post(url, {"action": "own", "own-title": "Стажировка на предприятии", "own-outcomes": "Умеет",
                              "own-theory_hours": "0", "own-practice_hours": "0", "own-internship_hours": "16",
                              "own-self_study_hours": "0", "own-assessment_hours": "0"})
    assert response.status_code == 302 and program.modules.filter(internship_hours=16).exists()


def test_versions_freeze_and_diff(partner, world):
    actor = world.users[Role.PARTNER][0]
    program = make_constructed(partner, modules=2, hours=(8, 8))
    v1 = program_version_submit(actor=actor, program=program)
    assert v1.number == 1 and v1.status == VersionStatus.IN_REVIEW
    v1.status = VersionStatus.REVISION
    v1.save()
    first, second = program.modules.order_by("order")
    second.delete()
    first.practice_hours = 20
    first.save()
    ProgramModule.objects.create(program=program, order=3, title="Новый модуль", outcomes="Умеет", theory_hours=10)
    diff = versions_diff(v1.snapshot, program_snapshot(program))
    assert [m["title"] for m in diff["added"]] == ["Новый модуль"]
    assert [m["title"] for m in diff["removed"]] == [second.title]
    assert diff["changed"][0]["old_total"] == 16 and diff["changed"][0]["new_total"] == 28
    v2 = program_version_submit(actor=actor, program=program)
    assert v2.number == 2 and v1.snapshot["modules"][1]["title"] == second.title  # v1 stays as it was


def test_versions_page_shows_the_diff(rep, partner, world):
    program = make_constructed(partner)
    program_version_submit(actor=world.users[Role.PARTNER][0], program=program)
    program.versions.update(status=VersionStatus.REVISION)
    program.modules.first().delete()
    body = rep.get(reverse("programs:versions", args=[program.pk])).content.decode()
    assert "Удалённые модули" in body


def test_docx_holds_the_curriculum_with_right_totals(rep, partner):
    program = make_constructed(partner, modules=3, hours=(6, 10))
    program.modules.filter(order=2).update(internship_hours=4)
    response = rep.get(reverse("programs:document", args=[program.pk]), {"format": "docx"})
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    table = document.tables[0]
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[0][1] == "Модуль" and len(rows) == 1 + 3 + 1
    assert rows[-1][1] == "Итого" and rows[-1][2:] == ["18", "30", "4", "0", "0", "52"]
    assert any(program.title in p.text for p in document.paragraphs)
    pdf = rep.get(reverse("programs:document", args=[program.pk]), {"format": "pdf"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_library_lists_with_filters_and_constant_queries(rep, partner, world):
    from copp.directories.models import Competency

    other = world.orgs[OrganizationType.PARTNER][1]
    welding = Competency.objects.order_by("pk")[1]
    make_library_module(partner, title="Своя черновая", status="draft")
    make_library_module(other, title="Чужая черновая", status="draft")
    make_library_module(other, title="Сварка швов", competencies=[welding], theory=30, practice=30)
    url = reverse("programs:library")
    body = rep.get(url).content.decode()
    assert "Своя черновая" in body and "Чужая черновая" not in body and "Сварка швов" in body
    body = rep.get(url, {"competency": welding.pk}).content.decode()
    assert "Сварка швов" in body and "Своя черновая" not in body
    body = rep.get(url, {"hours_min": 50}).content.decode()
    assert "Сварка швов" in body and "Своя черновая" not in body
    with CaptureQueriesContext(connection) as few:
        rep.get(url)
    for i in range(15):
        make_library_module(other, title=f"Модуль {i}")
    with CaptureQueriesContext(connection) as many:
        rep.get(url)
    assert len(many) == len(few)


def test_library_module_form_and_publish(rep, partner):
    response = rep.post(reverse("programs:module_create"), {"title": "Пустой", "author": partner.pk})
    assert response.status_code == 400 and not LibraryModule.objects.exists()
    from copp.directories.models import Competency

    data = {"title": "Чтение чертежей", "author": partner.pk, "knowledge": "Виды чертежей",
            "competencies": [Competency.objects.order_by("pk").first().pk], "theory_hours": "8",
            "practice_hours": "8", "internship_hours": "0", "self_study_hours": "0", "assessment_hours": "0",
            "assessment_form": "credit"}
    response = rep.post(reverse("programs:module_create"), data)
    module = LibraryModule.objects.get()
    assert response.status_code == 302 and module.status == "draft"
    rep.post(reverse("programs:module_transition", args=[module.pk]), {"target": "published"})
    module.refresh_from_db()
    assert module.status == "published"
