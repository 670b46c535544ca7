"""In a real browser (360 px and 1280 px): the teacher adds a section and an assignment to the group's course
space, the learner sends an answer from «Моё обучение», the teacher grades it and the grade is in the journal
with its source «Assignment»."""
import datetime

import pytest
from django.utils import timezone

from copp.core.roles import Role
from copp.organizations.models import OrganizationType
from copp.programs.models import ProgramModule
from copp.training.models import MarkSource, ModuleGrade
from copp.training.tests.factories import enrol, make_group, teacher_of
from tests.browser.conftest import field, shot
from tests.browser.test_events import new_page, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_teacher_builds_the_course_learner_answers_grade_lands_in_the_journal(page, browser, world):
    partner = world.orgs[OrganizationType.PARTNER][0]
    teacher = teacher_of(world.users[Role.TEACHER][0], partner)
    group = make_group(partner, teachers=[teacher])
    module = ProgramModule.objects.filter(program=group.program).first() or ProgramModule.objects.create(
        program=group.program, title="Основы чтения чертежей", theory_hours=16)
    enrolment = enrol(group, world.users[Role.LEARNER][0])

    sign_in(page, world.users[Role.TEACHER][0], world.password)
    page.goto(page.base + f"/training/groups/{group.pk}/")
    page.get_by_role("link", name="Пространство курса").click()
    page.get_by_role("heading", name=f"Курс группы {group.code}").wait_for()
    field(page, "Название раздела").fill("Тема 1. Чертёж детали")
    field(page, "Модуль программы").select_option(str(module.pk))
    page.get_by_role("button", name="Добавить раздел").click()
    page.get_by_text("Раздел добавлен.").wait_for()
    page.locator("summary", has_text="Добавить материал").click()
    field(page, "Вид").select_option("page")
    page.locator("[name$='-title']").first.fill("Памятка к теме")
    field(page, "Текст (для текстовой страницы)").fill("Повторите виды проекций.")
    page.get_by_role("button", name="Опубликовать материал").click()
    page.get_by_text("Материал опубликован.").wait_for()
    page.locator("summary", has_text="Добавить задание").click()
    # The section's test form has a due date too: the assignment's fields are those of its own form.
    assignment = page.locator("details", has=page.locator("summary", has_text="Добавить задание"))
    field(assignment, "Название задания").fill("Эскиз вала")
    field(assignment, "Что нужно сделать").fill("Начертите эскиз вала по образцу.")
    field(assignment, "Срок сдачи").fill((timezone.localtime() + datetime.timedelta(days=3)).strftime("%Y-%m-%dT18:00"))
    page.get_by_role("button", name="Опубликовать задание").click()
    page.get_by_text("Задание опубликовано.").wait_for()
    shot(page, "learning-assignment-teacher-empty")
    page.goto(page.base + f"/learning/groups/{group.pk}/course/")
    shot(page, "learning-course-teacher")

    learner = new_page(browser, page)
    sign_in(learner, world.users[Role.LEARNER][0], world.password)
    learner.goto(learner.base + "/learning/my/")
    learner.get_by_role("link", name="Эскиз вала").click()
    learner.get_by_role("heading", name="Эскиз вала").wait_for()
    field(learner, "Ответ").fill("Эскиз во вложении, размеры по ГОСТ 2.307.")
    learner.get_by_role("button", name="Отправить ответ").click()
    learner.get_by_text("Ваш ответ отправлен преподавателю.").wait_for()
    shot(learner, "learning-assignment-learner")

    page.reload()
    page.get_by_text("ответов: 1, оценено: 0").wait_for()
    page.get_by_role("link", name="Эскиз вала").click()
    page.get_by_text("Эскиз во вложении").wait_for()
    field(page, "Оценка").select_option(index=1)
    field(page, "Комментарий").fill("Хорошо, проверьте размер фаски.")
    page.get_by_role("button", name="Сохранить оценку").click()
    page.get_by_text("Она в журнале как оценка за модуль").wait_for()
    cell = ModuleGrade.objects.get(enrolment=enrolment, module=module)
    assert cell.source == MarkSource.ASSIGNMENT and cell.grade_id
    page.goto(page.base + f"/training/groups/{group.pk}/journal/")
    page.locator(".jr-module .jr-src").first.wait_for(state="attached")
    assert "Задание" in page.locator(".jr-module .jr-src").first.get_attribute("title")
    shot(page, "learning-journal-assignment")

    learner.reload()
    learner.get_by_text("Хорошо, проверьте размер фаски.").wait_for()
    learner.goto(learner.base + f"/learning/groups/{group.pk}/course/")
    learner.get_by_text("Памятка к теме").click()
    learner.get_by_text("Повторите виды проекций.").wait_for()
    shot(learner, "learning-course-learner")
    learner.context.close()
