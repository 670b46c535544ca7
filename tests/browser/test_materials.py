"""In a real browser at 360 and 1280 px: an author uploads a PDF material and sends it to review, an expert of
another organisation approves it, a visitor finds it by a word of its body text and previews it, a learner sees
it among the materials of their module, attached by the author in the program's constructor (M25)."""
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from copp.core.roles import Role
from copp.learning.materials.models import Material
from copp.learning.materials.services import material_attach
from copp.learning.tests.materials.factories import competency, pdf_bytes
from copp.programs.models import ProgramModule
from copp.reviews import services
from copp.reviews.models import Review
from copp.reviews.tests.factories import make_expert
from copp.training.tests.factories import world_group

from .conftest import field, open_cabinet_menu, shot
from .test_applications import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_author_uploads_expert_approves_visitor_finds_and_previews_learner_sees(page, world, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    author, chair = world.users[Role.PARTNER][0], world.users[Role.STAFF][0]
    topic = competency()
    pdf = tmp_path / "svarka.pdf"
    pdf.write_bytes(pdf_bytes("Аргонодуговая сварка нержавеющих труб"))

    sign_in(page, author, world.password)
    page.goto(page.base + "/learning/materials/mine/")
    open_cabinet_menu(page)
    page.get_by_role("heading", name="Мои учебные материалы", level=1).wait_for()
    page.get_by_role("link", name="Добавить материал").first.click()
    field(page, "Название").fill("Сварка труб из нержавеющей стали")
    field(page, "Аннотация").fill("Приёмы сварки тонкостенных труб для слушателей программы.")
    field(page, "Вид материала").select_option("lecture")
    page.locator("#id_file").set_input_files(str(pdf))
    field(page, "Компетенции").select_option(str(topic.pk))
    field(page, "Лицензия").select_option("cc_by")
    shot(page, "material-form")
    page.get_by_role("button", name="Сохранить").click()
    page.get_by_text("Материал сохранён как черновик").wait_for()
    page.get_by_role("button", name="Отправить на экспертизу").click()
    page.get_by_text(re.compile("отправлена на экспертизу")).wait_for()
    shot(page, "material-in-review")
    material = Material.objects.get()
    assert material.latest.is_in_review and not material.is_published

    # The CoPP assigns an expert of another organisation, who approves in «Экспертиза».
    expert_user = world.users[Role.TEACHER][1]
    round_ = Review.objects.get(kind="material").rounds.get()
    services.expert_assign(actor=chair, round_=round_, expert=make_expert(expert_user))
    sign_in(page, expert_user, world.password)
    page.goto(page.base + "/reviews/mine/")
    page.get_by_role("link", name="Сварка труб из нержавеющей стали").click()
    page.get_by_role("heading", name="Оценочный лист").wait_for()
    expect(page.locator("iframe.material-preview")).to_be_visible()
    for criterion in round_.review.criteria_set.criteria.all():
        page.locator(f"#score-{criterion.pk}-5").check()
    page.get_by_label("Одобрить").check()
    shot(page, "material-scorecard")
    page.get_by_role("button", name="Вынести вердикт").click()
    page.get_by_text("Ваш вердикт записан").wait_for()
    services.round_decide(actor=chair, round_=round_, decision="approve")

    # A visitor finds it by a word of the PDF's text and previews it.
    page.context.clear_cookies()
    page.goto(page.base + "/learning/materials/")
    page.get_by_label("Поиск материалов").fill("нержавеющих")
    page.get_by_role("button", name="Найти").click()
    expect(page.locator("#results-count")).to_contain_text("Найден 1 материал")
    shot(page, "materials-catalogue")
    page.get_by_role("link", name="Сварка труб из нержавеющей стали").click()
    page.get_by_text("Прошёл экспертизу").first.wait_for()
    preview = page.locator("iframe.material-preview")
    expect(preview).to_be_visible()
    response = page.request.get(page.base + preview.get_attribute("src"))
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    shot(page, "material-card")

    # The author attaches it in the constructor to a module of the learner's program (the page of the module's
    # materials searches the catalogue), and it shows in the learner's studies under that module.
    group, _enrolment, _lesson = world_group(world)  # a program of the author's organisation
    ProgramModule.objects.create(program=group.program, order=1, title="Сварка труб")
    sign_in(page, author, world.password)
    page.goto(page.base + reverse("programs:constructor", args=[group.program.pk]))
    page.get_by_role("link", name="Прикрепить учебные материалы").click()
    page.get_by_role("heading", name="Учебные материалы", level=1).wait_for()
    page.get_by_label("Поиск материалов").fill("нержавеющих")
    page.get_by_role("button", name="Найти").click()
    page.get_by_role("button", name=re.compile("Прикрепить")).click()
    page.get_by_text("Материал прикреплён").wait_for()
    expect(page.locator("#attached")).to_contain_text("Сварка труб из нержавеющей стали")
    shot(page, "materials-module-target")
    page.get_by_role("link", name="Вернуться в конструктор").click()
    expect(page.get_by_role("link", name="Учебные материалы (1)")).to_be_visible()
    shot(page, "constructor-with-materials")

    # A lesson's and a course section's attachments through the service, as the group's teacher does.
    from copp.learning.models import CourseSection

    section = CourseSection.objects.create(group=group, title="Тема 1. Сварка труб", position=1)
    material_attach(actor=world.users[Role.TEACHER][0], material=Material.objects.get(), lesson=_lesson)
    material_attach(actor=world.users[Role.TEACHER][0], material=Material.objects.get(), course_section=section)
    sign_in(page, world.users[Role.LEARNER][0], world.password)
    page.get_by_role("link", name="Материалы моего обучения").first.click()
    page.get_by_role("heading", name="Материалы моего обучения", level=1).wait_for()
    expect(page.get_by_text("Модуль: Сварка труб")).to_be_visible()
    expect(page.get_by_role("link", name="Сварка труб из нержавеющей стали").first).to_be_visible()
    shot(page, "materials-study")
    page.goto(page.base + reverse("learning:course", args=[group.pk]))
    expect(page.get_by_text("из библиотеки, прошёл экспертизу")).to_be_visible()
    shot(page, "course-library-materials")
