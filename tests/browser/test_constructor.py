"""In a real browser at 360 and 1280 px: a partner constructs a program from the library and sends it to review,
an expert scores it, a citizen builds a path of three modules and applies (M14, M15, D4)."""
import re

import pytest
from playwright.sync_api import expect

from copp.admissions.models import Application
from copp.core.roles import Role
from copp.organizations.models import OrganizationType
from copp.programs.models import VersionStatus
from copp.programs.tests.factories import make_constructed, make_library_module
from copp.reviews import services
from copp.reviews.models import Review
from copp.reviews.tests.factories import make_expert

from .conftest import shot
from .test_applications import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_partner_constructs_sends_to_review_and_an_expert_scores(page, world):
    partner = world.orgs[OrganizationType.PARTNER][0]
    program = make_constructed(partner, modules=1, hours=(4, 4), title="Сварщик полуавтоматической сварки")
    make_library_module(partner, title="Сварка в среде защитных газов", theory=4, practice=12)
    sign_in(page, world.users[Role.PARTNER][0], world.password)
    page.goto(page.base + "/programs/library/")
    page.get_by_role("heading", name="Библиотека модулей", level=1).wait_for()
    shot(page, "module-library")
    page.goto(page.base + f"/programs/manage/{program.pk}/constructor/")
    page.get_by_role("heading", name=re.compile("Конструктор")).wait_for()
    rules = page.locator("#constructor-rules")
    expect(rules.locator('[data-rule="min_hours"]')).to_contain_text("не менее 16 ч")
    shot(page, "constructor-start")

    page.get_by_label("Поиск опубликованных модулей").fill("защитных")
    page.get_by_role("button", name="Добавить «Сварка в среде защитных газов»").click()
    total = page.locator('[data-total="total"]')
    expect(total).to_have_text("24")
    expect(rules.locator('[data-rule="min_hours"]')).to_have_attribute("data-ok", "1")
    # Typing hours recomputes the totals at once; the change is saved without a reload.
    added = page.locator("tr[data-module]").nth(1)
    added.locator('input[name^="practice_hours-"]').fill("20")
    expect(total).to_have_text("32")
    added.locator('input[name^="practice_hours-"]').press("Tab")
    expect(page.locator('[data-total="practice_hours"]')).to_have_text("24")
    page.get_by_role("button", name="Переместить «Сварка в среде защитных газов» выше").click()
    expect(page.locator("tr[data-module]").first).to_contain_text("Сварка в среде защитных газов")
    shot(page, "constructor-built")
    page.get_by_role("button", name="Отправить на экспертизу").click()
    page.get_by_text(re.compile("отправлена на экспертизу")).wait_for()
    shot(page, "constructor-in-review")
    assert program.versions.get().status == VersionStatus.IN_REVIEW and program.hours == 8  # the object is stale
    program.refresh_from_db()
    assert program.hours == 32

    # The CoPP assigns an expert of another organisation; the expert scores in «Экспертиза».
    expert_user = world.users[Role.TEACHER][1]
    expert = make_expert(expert_user)
    round_ = Review.objects.get().rounds.get()
    services.expert_assign(actor=world.users[Role.STAFF][0], round_=round_, expert=expert)
    sign_in(page, expert_user, world.password)
    page.goto(page.base + "/reviews/mine/")
    page.get_by_role("link", name="Сварщик полуавтоматической сварки").click()
    page.get_by_role("heading", name="Оценочный лист").wait_for()
    for criterion in round_.review.criteria_set.criteria.all():
        page.locator(f"#score-{criterion.pk}-5").check()
    page.get_by_label("Одобрить").check()
    page.get_by_label("Заключение для авторов").fill("Программа готова к реализации.")
    shot(page, "review-scorecard")
    page.get_by_role("button", name="Вынести вердикт").click()
    page.get_by_text("Ваш вердикт записан").wait_for()
    assert round_.assignments.get().verdict == "approve"

    # The chairperson sees the review with the scores and decides.
    sign_in(page, world.users[Role.STAFF][0], world.password)
    page.goto(page.base + "/reviews/")
    page.get_by_text("Найдена 1 экспертиза").wait_for()
    shot(page, "reviews-list")
    page.get_by_role("link", name="Сварщик полуавтоматической сварки").click()
    page.get_by_role("heading", name="Решение председателя").wait_for()
    page.get_by_label("Одобрить").check()
    page.get_by_label("Сразу опубликовать одобренную версию в каталоге").check()
    page.get_by_role("button", name="Записать решение").click()
    page.get_by_text("Решение записано").wait_for()
    shot(page, "review-decided")
    program.refresh_from_db()
    assert program.status == "published" and program.reviewed_on is not None


def test_citizen_builds_a_path_of_three_modules_and_applies(page, world):
    partner = world.orgs[OrganizationType.PARTNER][0]
    titles = ["Чтение чертежей", "Основы сварки", "Контроль качества швов"]
    for i, title in enumerate(titles):
        make_library_module(partner, title=title, theory=4, practice=4 + i, open_for_individual=True)
    sign_in(page, world.users[Role.LEARNER][0], world.password)
    page.goto(page.base + "/applications/my/path/")
    page.get_by_role("heading", name="Моя траектория", level=1).wait_for()
    shot(page, "path-empty")
    for title in titles:
        page.get_by_role("button", name=f"Добавить «{title}»").click()
        expect(page.locator("#path")).to_contain_text(title)
    expect(page.locator("[data-path-total]")).to_have_text("Итого: 27 ч")
    shot(page, "path-three")
    page.get_by_label(re.compile("Я согласен")).check()
    page.get_by_role("button", name="Подать заявку на траекторию").click()
    page.get_by_text(re.compile(r"Заявка № \S+ отправлена")).wait_for()
    shot(page, "path-applied")
    application = Application.objects.get()
    assert application.kind == "path" and application.modules.count() == 3


def test_partner_links_a_module_to_the_registry_and_staff_mark_an_expert(page, world):
    from copp.directories.models import Competency
    from copp.programs.models import LibraryModule
    from copp.resources.models import StaffMember
    from copp.resources.tests import factories as resources
    from copp.reviews.models import Expert

    partner = world.orgs[OrganizationType.PARTNER][0]
    kind = resources.equipment_type()
    room = resources.room(resources.site(partner, name="Мастерская сварки"), name="Ауд. 105")
    competency = Competency.objects.filter(is_active=True).order_by("name").first()
    sign_in(page, world.users[Role.PARTNER][0], world.password)
    page.goto(page.base + "/programs/library/new/")
    page.get_by_role("heading", name="Новый модуль библиотеки").wait_for()
    page.get_by_label(re.compile("^Название модуля")).fill("Сварка труб")
    page.get_by_label(re.compile("^Слушатель будет знать")).fill("Виды сварных соединений")
    page.get_by_label(re.compile("^Компетенции")).select_option(str(competency.pk))
    page.get_by_label(re.compile("^Теория, часов", re.IGNORECASE)).fill("8")
    page.get_by_label("Виды оборудования, нужные модулю").select_option(str(kind.pk))
    page.get_by_label("Помещения, в которых проводится модуль").select_option(str(room.pk))
    shot(page, "module-resources")
    page.get_by_role("button", name="Сохранить", exact=True).click()
    page.get_by_text(re.compile("Модуль «Сварка труб» сохранён")).wait_for()
    module = LibraryModule.objects.get(title="Сварка труб")
    assert list(module.equipment_needs.values_list("equipment_type", flat=True)) == [kind.pk]
    assert list(module.room_needs.values_list("room", flat=True)) == [room.pk]

    # ЦОПП staff find a teacher in the staff registry and mark them as an expert.
    person = StaffMember.objects.create(organization=world.orgs[OrganizationType.EDUCATIONAL][0],
                                        user=world.users[Role.TEACHER][1], last_name="Экспертова",
                                        first_name="Анна", position="Методист")
    sign_in(page, world.users[Role.STAFF][0], world.password)
    page.goto(page.base + "/reviews/experts/")
    page.get_by_role("heading", name="Эксперты", level=1).wait_for()
    page.goto(page.base + "/reviews/experts/?q=Экспертова")
    page.locator(f'tr[data-staff="{person.pk}"] a').click()
    page.get_by_label("Человек — эксперт экспертизы программ").check()
    page.get_by_label(re.compile("^Компетенции")).select_option(str(competency.pk))
    shot(page, "expert-form")
    page.get_by_role("button", name="Сохранить", exact=True).click()
    page.get_by_text("Экспертова Анна теперь эксперт.").wait_for()
    shot(page, "experts-register")
    assert Expert.objects.get(staff=person).is_active
