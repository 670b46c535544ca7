"""Surveys and career tests in a real browser (360 px and 1280 px): a visitor takes ДДО without signing in and
sees the result with a recommended program; a learner answers the satisfaction survey of their completed group;
staff see the charts of the results and the builder."""
import re

import pytest
from django.utils import timezone

from copp.admissions.tests.factories import program as make_program
from copp.core.roles import Role
from copp.directories.models import Competency
from copp.organizations.models import OrganizationType
from copp.surveys.models import Answer, Response, Survey
from copp.surveys.services import survey_questions, surveys_dispatch
from copp.training.models import GroupStatus
from copp.training.tests.factories import enrol, make_group

from .conftest import open_menu, searchable, shot
from .test_events import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

# ДДО's key: in these pairs the nature item is «б» (index 1); elsewhere the test picks «а».
NATURE_B = {3, 13}


def test_visitor_takes_ddo_and_sees_the_recommended_program(page, world):
    agronomy = Competency.objects.get(name="Агрономия")
    program = make_program(world.orgs[OrganizationType.PARTNER][0], title="Агроном-технолог теплиц")
    program.competencies.add(agronomy)
    page.goto(page.base + "/")
    open_menu(page)
    page.get_by_role("link", name="Профориентация").click()
    page.get_by_role("heading", name="Профориентация", exact=True).wait_for()
    shot(page, "career-home")
    page.get_by_role("link", name="Пройти тест").first.click()
    page.get_by_role("heading", name=re.compile("Дифференциально-диагностический")).wait_for()
    for number, question in enumerate(survey_questions(Survey.objects.get(slug="ddo")), start=1):
        page.locator(f"label[for='q{question.pk}-{2 if number in NATURE_B else 1}']").click()
    shot(page, "career-test")
    page.get_by_role("button", name="Узнать результат").click()
    page.get_by_role("heading", name="Ваш результат").wait_for()
    page.get_by_role("heading", name="Человек — природа").wait_for()
    page.get_by_role("link", name="Агроном-технолог теплиц").wait_for()
    shot(page, "career-result")
    assert Response.objects.get(survey__slug="ddo").user is None


def test_learner_answers_the_satisfaction_survey_of_a_completed_group(page, world):
    learner = world.users[Role.LEARNER][0]
    group = make_group(world.orgs[OrganizationType.PARTNER][0], status=GroupStatus.COMPLETED)
    enrol(group, learner)
    surveys_dispatch()  # launches the survey of the completed group and invites its learners
    survey = Survey.objects.get(audience_group=group)
    sign_in(page, learner, world.password)
    page.goto(page.base + "/surveys/my/")
    page.get_by_role("link", name="Ответить").click()
    page.get_by_role("heading", name=re.compile("Удовлетворённость обучением")).wait_for()
    overall, matrix, nps, useful, _improve = survey_questions(survey)
    page.locator(f"label[for='q{overall.pk}-4']").click()
    for index in range(len(matrix.rows)):
        page.locator(f"input[name='q{matrix.pk}_{index}'][value='5']").check()
    page.locator(f"label[for='q{nps.pk}-9']").click()
    page.get_by_label("Да, уже применяю").check()
    shot(page, "survey-answer")
    page.get_by_role("button", name="Отправить ответы").click()
    page.get_by_role("heading", name="Спасибо! Ваши ответы отправлены.").wait_for()
    response = Response.objects.get(survey=survey)
    assert response.user is None and response.answers.count() == 4  # anonymous; the empty text is not stored


def test_staff_see_the_charts_of_the_results(page, world):
    survey = Survey.objects.create(title="Опрос о практике", owner_organization=world.orgs[OrganizationType.COPP][0],
                                   status="open", opens_at=timezone.now())
    from copp.surveys.models import Question

    scale = Question.objects.create(survey=survey, order=1, kind="scale5", text="Оценка практики")
    matrix = Question.objects.create(survey=survey, order=2, kind="matrix", text="Оцените стороны",
                                     rows=["Мастерская", "Наставник"])
    nps = Question.objects.create(survey=survey, order=3, kind="nps", text="Порекомендуете?")
    for n in range(12):
        response = Response.objects.create(survey=survey, submitted_at=timezone.now())
        Answer.objects.create(response=response, question=scale, value=3 + n % 3)
        Answer.objects.create(response=response, question=matrix, value={"Мастерская": 4, "Наставник": 5 - n % 2})
        Answer.objects.create(response=response, question=nps, value=n % 11)
    sign_in(page, world.users[Role.STAFF][0], world.password)
    page.goto(page.base + f"/surveys/manage/{survey.pk}/")
    page.get_by_role("heading", name="Опрос о практике").wait_for()
    shot(page, "survey-builder")
    page.goto(page.base + f"/surveys/manage/{survey.pk}/results/")
    page.get_by_role("heading", name="Результаты").wait_for()
    for question in (scale, matrix, nps):
        page.locator(f"#chart-{question.pk} canvas").wait_for()
    page.get_by_text(re.compile(r"NPS: ")).wait_for()
    shot(page, "survey-results")


def test_staff_set_a_section_condition_and_target_chosen_organisations(page, world):
    from copp.surveys.models import Question, Section

    first = world.orgs[OrganizationType.PARTNER][0]
    survey = Survey.objects.create(title="Опрос партнёров", owner_organization=world.orgs[OrganizationType.COPP][0],
                                   status="draft")
    gate = Question.objects.create(survey=survey, order=1, kind="single", text="Есть ли стажёры?",
                                   choices=["Да", "Нет"])
    sign_in(page, world.users[Role.STAFF][0], world.password)
    page.goto(page.base + f"/surveys/manage/{survey.pk}/")
    page.get_by_role("heading", name="Опрос партнёров").wait_for()
    form = page.locator("form[data-section-add]")
    form.get_by_label(re.compile("^Название раздела")).fill("О стажёрах")
    form.get_by_label("Показывать раздел, когда на вопрос").select_option(str(gate.pk))
    form.get_by_label(re.compile("^Ответ, при котором показывать раздел")).fill("Да")
    form.get_by_role("button", name="Добавить раздел").click()
    page.get_by_text("Показывается, когда на вопрос «Есть ли стажёры?» ответили «Да»").wait_for()
    shot(page, "survey-section-condition")
    section = Section.objects.get(survey=survey)
    assert (section.show_if_question_id, section.show_if_value) == (gate.pk, "Да")

    page.goto(page.base + f"/surveys/manage/{survey.pk}/settings/")
    page.get_by_label(re.compile("^Кто отвечает")).select_option("contacts")
    page.get_by_label("Поиск организаций").fill(first.short_name[:8])
    page.get_by_label(re.compile("^Организации")).select_option(str(first.pk))
    shot(page, "survey-organisations")
    page.get_by_role("button", name="Сохранить").click()
    page.get_by_text("Настройки опроса сохранены").wait_for()
    assert list(survey.audience_organizations.all()) == [first]


def test_staff_choose_several_organisations_by_typing_and_remove_one(page, world):
    """Issue 15 (M32): among many organisations the survey's audience is a choice of several — typed text asks the
    server, each choice becomes a chip with a remove button, and only the chips are submitted."""
    from playwright.sync_api import expect

    from copp.organizations.models import Organization, VerificationStatus

    orgs = Organization.objects.bulk_create([
        Organization(type=OrganizationType.CUSTOMER, name=f"ООО «Механический завод {i:02}»",
                     short_name=f"Механический завод {i:02}", inn=f"7799{i:06}",
                     verification_status=VerificationStatus.VERIFIED) for i in range(40)])
    sign_in(page, world.users[Role.STAFF][0], world.password)
    page.goto(page.base + "/surveys/manage/new/")
    page.get_by_role("heading", name="Новый опрос").wait_for()
    page.get_by_label(re.compile("^Название")).first.fill("Опрос заводов")
    page.get_by_label(re.compile("^Кто отвечает")).select_option("contacts")
    box = searchable(page, re.compile("^Организации"))
    expect(box).to_have_attribute("aria-expanded", "false")
    box.fill("завод 07")
    expect(page.get_by_role("listbox").get_by_role("option")).to_have_count(1)
    box.press("ArrowDown")
    box.press("Enter")  # the keyboard chooses the first
    chips = page.get_by_role("list", name="Выбрано")
    expect(chips.get_by_role("listitem")).to_have_count(1)
    expect(box).to_have_value("")
    box.fill("завод 1")
    expect(page.get_by_role("listbox").get_by_role("option")).to_have_count(10)
    shot(page, "survey-organisations-list")
    page.get_by_role("option", name="Механический завод 12 — Заказчик / работодатель").click()  # the mouse another
    box.fill("завод 3")
    page.get_by_role("option", name="Механический завод 35 — Заказчик / работодатель").click()
    expect(chips.get_by_role("listitem")).to_have_count(3)
    box.press("Escape")
    shot(page, "survey-organisations-chips")
    # Removed by its button (named after the organisation); the focus stays in the field.
    page.get_by_role("button", name="Убрать «Механический завод 12 — Заказчик / работодатель»").click()
    expect(chips.get_by_role("listitem")).to_have_count(2)
    expect(page.get_by_role("status").filter(has_text="Убрано: Механический завод 12")).to_have_count(1)
    # Backspace in the empty box moves to the last chip's button; Enter on it removes that chip.
    box.focus()
    box.press("Escape")
    box.press("Backspace")
    remove_35 = page.get_by_role("button", name="Убрать «Механический завод 35 — Заказчик / работодатель»")
    expect(remove_35).to_be_focused()
    remove_35.press("Enter")
    expect(chips.get_by_role("listitem")).to_have_count(1)
    box.fill("завод 2")
    page.get_by_role("option", name="Механический завод 21 — Заказчик / работодатель").click()
    box.press("Escape")
    shot(page, "survey-organisations-chosen")
    page.get_by_role("button", name="Сохранить").click()
    page.get_by_text("Опрос создан").wait_for()
    survey = Survey.objects.get(title="Опрос заводов")
    assert set(survey.audience_organizations.all()) == {orgs[7], orgs[21]}
    # The settings page shows them again as chips.
    page.goto(page.base + f"/surveys/manage/{survey.pk}/settings/")
    chips = page.get_by_role("list", name="Выбрано")
    expect(chips.get_by_role("listitem")).to_have_count(2)
    shot(page, "survey-organisations-settings")
    if page.viewport_name == "desktop":  # the check itself goes through both widths and the low-vision modes
        from .test_layout import _check

        problems = {"wide": [], "axe": []}
        _check(page, f"/surveys/manage/{survey.pk}/settings/", problems)
        assert not problems["wide"] and not problems["axe"], problems
