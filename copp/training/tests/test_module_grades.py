"""Intermediate grades per program module (промежуточная аттестация, M20, D8): the group's teacher sets, changes
and clears them in the journal with a history of every change; a teacher of another group and a module of
another program are not found; the learner sees only their own; the rating and the API count them."""
import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from copp.admissions.tests.factories import program as make_program
from copp.core.roles import Role
from copp.directories.models import AttendanceStatus, GradeValue
from copp.organizations.models import OrganizationType
from tests.factories import UserFactory

from .. import services
from ..models import Mark, MarkChange, ModuleGrade
from .factories import at, enrol, make_lesson, world_group

pytestmark = pytest.mark.django_db


def grade(code):
    return GradeValue.objects.get(scale__code="five_point", code=code)


def with_modules(world):
    group, enrolment, lesson = world_group(world)
    first = group.program.modules.create(order=1, title="Подготовка металла к сварке")
    second = group.program.modules.create(order=2, title="Ручная дуговая сварка")
    return group, enrolment, lesson, first, second


def test_teacher_sets_changes_and_clears_a_module_grade(client, world):
    group, enrolment, _lesson, first, second = with_modules(world)
    teacher = world.users[Role.TEACHER][0]
    client.force_login(teacher)
    page = client.get(reverse("training:journal", args=[group.pk])).content.decode()
    assert ">М1<" in page and ">М2<" in page and 'title="Ручная дуговая сварка"' in page
    url = reverse("training:module_grade_save", args=[first.pk, enrolment.pk])
    response = client.post(url, {"grade": "4"})
    assert response.status_code == 200 and '<option value="4" selected>' in response.content.decode()
    client.post(url, {"grade": "5"})
    client.post(url, {"grade": "5"})  # the same value again: no new history row
    client.post(url, {"grade": ""})
    cell = ModuleGrade.objects.get(enrolment=enrolment, module=first)
    assert cell.grade is None  # cleared; the row stays with its history
    changes = list(MarkChange.objects.filter(module_grade=cell).order_by("pk")
                   .values_list("field", "old_value", "new_value", "actor"))
    assert changes == [("grade", "", "4", teacher.pk), ("grade", "4", "5", teacher.pk), ("grade", "5", "", teacher.pk)]
    assert not ModuleGrade.objects.filter(module=second).exists()
    assert client.post(url, {"grade": "42"}).status_code == 404  # not a grade of the scale
    client.force_login(world.users[Role.PARTNER][0])  # reads the journal, does not fill it
    history = client.get(reverse("training:module_grade_history", args=[first.pk, enrolment.pk]))
    assert history.status_code == 200
    text = history.content.decode()
    assert "Подготовка металла к сварке" in text and str(teacher) in text and "История оценки за модуль" in text
    page = client.get(reverse("training:journal", args=[group.pk])).content.decode()
    assert reverse("training:module_grade_history", args=[first.pk, enrolment.pk]) in page
    assert f'hx-post="{url}"' not in page  # read-only: no picker


def test_teacher_of_another_group_gets_404_and_nothing_changes(client, world):
    _group, enrolment, _lesson, first, _second = with_modules(world)
    ModuleGrade.objects.create(enrolment=enrolment, module=first, grade=grade("3"))
    outsider = world.users[Role.TEACHER][1]
    client.force_login(outsider)
    assert client.post(reverse("training:module_grade_save", args=[first.pk, enrolment.pk]),
                       {"grade": "5"}).status_code == 404
    assert client.get(reverse("training:module_grade_history", args=[first.pk, enrolment.pk])).status_code == 404
    assert ModuleGrade.objects.get().grade.code == "3" and not MarkChange.objects.exists()
    with pytest.raises(PermissionDenied):
        services.module_grade_set(actor=outsider, enrolment=enrolment, module=first, value=grade("5"))


def test_a_module_of_another_program_is_refused(client, world):
    group, enrolment, _lesson, _first, _second = with_modules(world)
    foreign = make_program(group.provider).modules.create(order=1, title="Чужой модуль")
    client.force_login(world.users[Role.TEACHER][0])
    assert client.post(reverse("training:module_grade_save", args=[foreign.pk, enrolment.pk]),
                       {"grade": "5"}).status_code == 404
    with pytest.raises(services.EnrolmentRefused):
        services.module_grade_set(actor=world.users[Role.STAFF][0], enrolment=enrolment, module=foreign,
                                  value=grade("5"))
    assert not ModuleGrade.objects.exists()


def test_learner_sees_only_own_module_grades(client, world):
    group, enrolment, _lesson, first, second = with_modules(world)
    stranger = enrol(group, UserFactory(last_name="Посторонний"))
    ModuleGrade.objects.create(enrolment=enrolment, module=first, grade=grade("4"))
    ModuleGrade.objects.create(enrolment=stranger, module=second, grade=grade("2"))
    client.force_login(world.users[Role.LEARNER][0])
    page = client.get(reverse("training:my_marks")).content.decode()
    assert "Оценки за модули" in page and "Подготовка металла к сварке" in page and "Ручная дуговая сварка" in page
    assert "Хорошо" in page and "Неудовлетворительно" not in page and "Посторонний" not in page


def test_rating_counts_module_grades_like_lesson_grades(client, world):
    group, enrolment, lesson, first, second = with_modules(world)
    other = make_lesson(group, starts_at=at(1, 10))
    present, absent = (AttendanceStatus.objects.get(code=c) for c in ("present", "absent"))
    Mark.objects.create(enrolment=enrolment, lesson=lesson, attendance=present, grade=grade("4"))
    Mark.objects.create(enrolment=enrolment, lesson=other, attendance=absent)
    ModuleGrade.objects.create(enrolment=enrolment, module=first, grade=grade("5"))
    ModuleGrade.objects.create(enrolment=enrolment, module=second, grade=None)  # cleared: not counted
    client.force_login(world.users[Role.PARTNER][0])
    response = client.get(reverse("training:ratings", args=[group.pk]))
    rating = response.context["ratings"][0]
    # attendance 1 of 2 = 50 %; grades (4 + 5) / 2 = 4.5 of 5 = 90 %; 0.6 × 90 + 0.4 × 50 = 74
    assert (rating.attendance, rating.grade, rating.intermediate) == (50, 90, 74)
    assert "оценок за модули" in response.content.decode()


def test_api_returns_only_what_the_caller_may_see(client, world):
    group, enrolment, _lesson, first, _second = with_modules(world)
    stranger = enrol(group, UserFactory())
    own = ModuleGrade.objects.create(enrolment=enrolment, module=first, grade=grade("4"))
    theirs = ModuleGrade.objects.create(enrolment=stranger, module=first, grade=grade("3"))
    url = "/api/v1/training/module-grades/"

    def ids():
        return [row["id"] for row in client.get(url).json()["results"]]

    client.force_login(world.users[Role.LEARNER][0])
    rows = client.get(url).json()["results"]
    assert [r["id"] for r in rows] == [own.pk] and rows[0]["module"] == first.pk and rows[0]["group"] == group.pk
    client.force_login(world.users[Role.TEACHER][1])
    assert ids() == []
    client.force_login(world.users[Role.TEACHER][0])
    assert sorted(ids()) == sorted([own.pk, theirs.pk])
    assert client.get(url, {"group": group.pk + 1000}).json()["results"] == []
    client.force_login(world.users[Role.CUSTOMER][0])  # the organisation that sent the learner
    assert ids() == [own.pk]
    client.force_login(world.users[Role.CUSTOMER][1])
    assert ids() == []
    client.logout()
    assert client.get(url).status_code == 401


def test_a_graded_module_cannot_be_deleted_from_the_program(client, world):
    from copp.programs.tests.factories import make_program as catalogue_program
    from copp.programs.tests.test_manage import form_data

    from .factories import make_group

    partner = world.orgs[OrganizationType.PARTNER][0]
    program = catalogue_program(partner, hours=72)
    theory, practice = program.modules.order_by("order")
    enrolment = enrol(make_group(partner, program=program), world.users[Role.LEARNER][0])
    ModuleGrade.objects.create(enrolment=enrolment, module=practice, grade=grade("5"))
    data = form_data(partner, hours=72, modules=()) | {"modules-TOTAL_FORMS": "2", "modules-INITIAL_FORMS": "2"}
    for i, module in enumerate((theory, practice)):
        data |= {f"modules-{i}-id": module.pk, f"modules-{i}-order": module.order, f"modules-{i}-title": module.title,
                 f"modules-{i}-theory_hours": 72 if i == 0 else 0, f"modules-{i}-practice_hours": 0 if i == 0 else 36}
    data["modules-1-DELETE"] = "on"
    client.force_login(world.users[Role.PARTNER][0])
    response = client.post(reverse("programs:update", args=[program.pk]), data)
    assert response.status_code == 400
    assert "Нельзя удалить модуль, пока в журнале есть оценки за него: «Практика»." in response.content.decode()
    assert program.modules.count() == 2 and ModuleGrade.objects.filter(module=practice).exists()
    theory.refresh_from_db()
    assert theory.theory_hours == 36  # nothing of the refused save was kept
