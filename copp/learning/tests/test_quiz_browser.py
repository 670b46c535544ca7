"""In a real browser (360 px and 1280 px): the learner opens a test from «Онлайн-занятия», answers the survey
engine's questions, sees the score; the teacher sees the result and the journal shows the source «Test»."""
import datetime

import pytest
from django.utils import timezone

from copp.core.roles import Role
from copp.organizations.models import OrganizationType
from copp.programs.models import ProgramModule
from copp.training.models import MarkSource, ModuleGrade
from copp.training.tests.factories import enrol, make_group, teacher_of
from tests.browser.conftest import shot
from tests.browser.test_events import new_page, sign_in

from .. import course, quizzes
from ..models import QuizKind

pytestmark = pytest.mark.django_db(transaction=True)


def test_learner_takes_a_test_and_the_result_is_in_the_journal(page, browser, world):
    partner = world.orgs[OrganizationType.PARTNER][0]
    teacher_user = world.users[Role.TEACHER][0]
    group = make_group(partner, teachers=[teacher_of(teacher_user, partner)])
    module = ProgramModule.objects.filter(program=group.program).first() or ProgramModule.objects.create(
        program=group.program, title="Основы чтения чертежей", theory_hours=16)
    enrolment = enrol(group, world.users[Role.LEARNER][0])
    section = course.section_add(actor=teacher_user, group=group, title="Тема 1. Виды и разрезы", module=module)
    quiz = quizzes.quiz_add(actor=teacher_user, section=section, title="Проверка: виды и разрезы",
                            attempts_allowed=2, due_at=timezone.now() + datetime.timedelta(days=3),
                            instructions="Четыре вопроса по видеолекции.")
    quizzes.question_add(actor=teacher_user, quiz=quiz, kind=QuizKind.SINGLE, text="Какой вид на чертеже главный?",
                         choices="Вид сверху\n*Вид спереди\nВид слева", points=2)
    quizzes.question_add(actor=teacher_user, quiz=quiz, kind=QuizKind.MULTIPLE, text="Что относится к разрезам?",
                         choices="*Простой\n*Сложный\nМестный вид", points=3)
    number = quizzes.question_add(actor=teacher_user, quiz=quiz, kind=QuizKind.NUMBER,
                         text="Сколько основных видов устанавливает ГОСТ 2.305?", answer="6", points=2)
    text = quizzes.question_add(actor=teacher_user, quiz=quiz, kind=QuizKind.SHORT_TEXT,
                         text="Изображение фигуры, полученной рассечением предмета плоскостью, — это…",
                         answer="сечение", points=3)
    quizzes.quiz_publish(actor=teacher_user, quiz=quiz)

    sign_in(page, world.users[Role.LEARNER][0], world.password)
    page.goto(page.base + "/learning/my/")
    page.get_by_role("link", name="Проверка: виды и разрезы").click()
    page.get_by_role("heading", name="Проверка: виды и разрезы").wait_for()
    shot(page, "learning-quiz-learner")
    # Sent with a gap: the engine's message at the question, nothing stored.
    page.get_by_role("button", name="Отправить ответы").click()
    page.get_by_text("Ответьте на этот вопрос").first.wait_for()
    page.get_by_label("Вид спереди").check()
    page.get_by_label("Простой").check()
    page.get_by_label("Сложный").check()
    page.locator(f"[name=q{number.pk}]").fill("6")
    page.locator(f"[name=q{text.pk}]").fill("Сечение")
    page.get_by_role("button", name="Отправить ответы").click()
    page.get_by_text("Ваши ответы приняты: 10 из 10 баллов.").wait_for()
    shot(page, "learning-quiz-learner-result")
    cell = ModuleGrade.objects.get(enrolment=enrolment, module=module)
    assert cell.source == MarkSource.QUIZ and cell.grade_id

    teacher = new_page(browser, page)
    sign_in(teacher, teacher_user, world.password)
    teacher.goto(teacher.base + f"/learning/quizzes/{quiz.pk}/")
    teacher.get_by_text("10 / 10").wait_for()
    shot(teacher, "learning-quiz-teacher")
    teacher.goto(teacher.base + f"/training/groups/{group.pk}/journal/")
    teacher.locator(".jr-module .jr-src").first.wait_for(state="attached")
    assert "Тест" in teacher.locator(".jr-module .jr-src").first.get_attribute("title")
    teacher.context.close()
