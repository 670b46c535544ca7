"""A teacher marks attendance for today's lesson in the journal (htmx, no reload); a learner opens their week;
the schedule form names the busy teacher before saving; the site load chart draws (360 px and 1280 px)."""
import re

import pytest
from playwright.sync_api import expect

from copp.core.roles import Role
from copp.organizations.models import OrganizationType
from copp.resources.tests import factories as rf
from copp.training.models import Mark
from copp.training.tests.factories import at, enrol, make_group, make_lesson, world_group
from tests.factories import UserFactory

from .conftest import shot
from .test_events import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_teacher_marks_attendance_for_todays_lesson(page, world):
    group, enrolment, _lesson = world_group(world)
    for i in range(4):
        enrol(group, UserFactory(last_name=f"Слушатель{i}"))
    for day in (-3, -2, -1, 1, 2):
        make_lesson(group, starts_at=at(day, 10))
    sign_in(page, world.users[Role.TEACHER][0], world.password)
    page.goto(page.base + f"/training/groups/{group.pk}/journal/")
    page.get_by_role("heading", name=re.compile("Журнал группы")).wait_for()
    learner = str(world.users[Role.LEARNER][0])
    today = at(0).strftime("%d.%m")
    header = page.locator("th", has_text=today).first
    assert "jr-today" in header.get_attribute("class")
    cell = page.get_by_role("button", name=re.compile(rf"^{re.escape(learner)}, .*нет отметки"))
    today_cell = cell.nth(3)  # three past lessons come first
    today_cell.click()
    page.get_by_role("button", name=re.compile(rf"^{re.escape(learner)}, .*Присутствовал")).wait_for()
    shot(page, "journal-marked")
    mark = Mark.objects.get(enrolment=enrolment)
    assert mark.attendance.code == "present" and mark.lesson.starts_at == at(0, 10)
    # no reload happened: the page still holds the same document
    assert page.evaluate("performance.getEntriesByType('navigation').length") == 1


def test_learner_opens_their_week(page, world):
    group, _enrolment, lesson = world_group(world)
    make_lesson(group, starts_at=at(7, 12), topic="Контрольная работа по сварке")
    sign_in(page, world.users[Role.LEARNER][0], world.password)
    page.goto(page.base + "/training/my/week/")
    page.get_by_role("heading", name="Моё расписание").wait_for()
    page.get_by_text(lesson.topic).wait_for()
    expect(page.get_by_text(lesson.topic)).to_be_visible()
    shot(page, "learner-week")
    page.get_by_role("link", name=re.compile("Следующая неделя")).click()
    page.get_by_text("Контрольная работа по сварке").first.wait_for(state="attached")
    if page.viewport_name == "phone":
        # a day per screen: step through the days to the lesson's day
        for _ in range(7):
            if page.get_by_text("Контрольная работа по сварке").is_visible():
                break
            page.get_by_role("button", name="Следующий день").click()
    expect(page.get_by_text("Контрольная работа по сварке")).to_be_visible()
    shot(page, "learner-week-next")


def test_schedule_form_shows_the_busy_teacher_before_saving(page, world):
    group, _enrolment, _lesson = world_group(world)
    teacher = group.teachers.get()
    other = make_group(group.provider, program=group.program, code=f"{group.code}-Б")
    make_lesson(other, starts_at=at(3, 10), topic="Монтаж щитов", teachers=[teacher])
    sign_in(page, world.users[Role.PARTNER][0], world.password)
    page.goto(page.base + f"/training/groups/{group.pk}/")
    page.get_by_role("heading", name="Список группы").wait_for()
    shot(page, "group-roster")
    page.goto(page.base + f"/training/groups/{group.pk}/schedule/")
    page.get_by_role("heading", name=re.compile("Расписание группы")).wait_for()
    form = page.get_by_role("region", name="Добавить занятие")
    form.get_by_label(re.compile("^Дата занятия")).fill(at(3).date().isoformat())
    form.get_by_label(re.compile("^Начало")).fill("11:00")
    form.get_by_label(re.compile("^Окончание")).fill("12:30")
    form.get_by_label(re.compile("^Тема занятия")).fill("Охрана труда")
    form.get_by_label(re.compile("^Ссылка на")).fill("https://meet.example.ru/a")
    form.get_by_label(re.compile("^Преподаватели")).select_option(str(teacher.pk))
    page.get_by_text(re.compile("Монтаж щитов»")).first.wait_for()
    page.get_by_text("Свободное время рядом:").wait_for()
    shot(page, "schedule-busy")
    wide = page.evaluate("""[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right
        > document.documentElement.clientWidth + 1).map(e => e.tagName + '.' + e.className + '#' + e.id).slice(0, 8)""")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), wide


def test_coordinator_sees_the_site_load_chart(page, world):
    group, _enrolment, _lesson = world_group(world)
    site = rf.site(world.orgs[OrganizationType.PARTNER][0], name="Мастерская «Сварочные технологии»")
    for day in range(0, 21, 2):
        make_lesson(group, starts_at=at(day, 14), site=site, teachers=[])
    sign_in(page, world.users[Role.COORDINATOR][0], world.password)
    page.goto(page.base + "/training/load/")
    page.get_by_role("heading", name="Загрузка площадок").wait_for()
    page.locator("#load-chart canvas").first.wait_for()
    expect(page.get_by_role("cell", name="22,0")).to_be_visible()
    shot(page, "site-load")


def test_staff_enrols_an_employee_who_accepts_the_invitation(page, world):
    from django.core import mail

    from copp.training.tests.test_participant_enrolment import employer_application, invitation_link

    group = make_group(world.orgs[OrganizationType.PARTNER][0])
    _app, (person,) = employer_application(world, group.program, people=[("sokolova.worker@example.ru", "")])
    sign_in(page, world.users[Role.STAFF][0], world.password)
    page.goto(page.base + f"/training/groups/{group.pk}/")
    page.get_by_role("group", name="Направленные организациями").wait_for()
    page.get_by_label(re.compile(re.escape(person.full_name))).check()
    page.get_by_role("button", name="Зачислить выбранных").click()
    page.get_by_text(re.compile("Зачислено: 1")).wait_for()
    expect(page.get_by_role("cell", name=re.compile(re.escape(person.last_name))).first).to_be_visible()
    shot(page, "group-enrolled-employee")

    # The employee opens the invitation from the letter in their own browser session.
    invitation = next(m for m in mail.outbox if "sokolova.worker@example.ru" in m.to and "Приглашение" in m.subject)
    page.context.clear_cookies()
    page.goto(invitation_link(invitation))
    page.get_by_role("heading", name="Приглашение на платформу").wait_for()
    shot(page, "invitation")
    page.get_by_label(re.compile("^Новый пароль")).fill("Сварка-и-резка-2026")
    page.get_by_label(re.compile("^Подтверждение нового пароля")).fill("Сварка-и-резка-2026")
    page.get_by_label(re.compile("Я согласен на обработку")).check()
    page.get_by_role("button", name="Задать пароль и войти").click()
    page.get_by_text("Пароль задан. Добро пожаловать на платформу!").wait_for()
    page.goto(page.base + "/training/my/week/")
    page.get_by_role("heading", name="Моё расписание").wait_for()
