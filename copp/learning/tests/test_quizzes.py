"""Tests of the course space (M22): the teacher builds a test of the survey engine's scorable kinds and publishes
it; a learner takes it, the server scores it, the best attempt is the module's grade in the journal with the
source «Test»; attempts, the time window and a double submission are enforced; others' answers stay hidden."""
import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from copp.core.roles import Role
from copp.training.models import MarkChange, MarkSource, ModuleGrade
from copp.training.services import module_grade_set
from copp.training.tests.factories import enrol
from tests.factories import UserFactory

from .. import course, quizzes
from ..models import Quiz, QuizAttempt, QuizKind, QuizQuestion
from .test_course import a_grade, module_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def test_space(klass):
    group = klass["group"]
    module = module_of(group)
    section = course.section_add(actor=klass["teacher"], group=group, title="Тема 1", module=module)
    quiz = quizzes.quiz_add(actor=klass["teacher"], section=section, title="Проверка знаний", attempts_allowed=2,
                            due_at=timezone.now() + datetime.timedelta(days=2))
    teacher = klass["teacher"]
    single = quizzes.question_add(actor=teacher, quiz=quiz, kind=QuizKind.SINGLE, text="Столица России?",
                                  choices="Казань\n*Москва\nОмск", points=2)
    multiple = quizzes.question_add(actor=teacher, quiz=quiz, kind=QuizKind.MULTIPLE, text="Чётные числа",
                                    choices="*2\n3\n*4", points=3)
    number = quizzes.question_add(actor=teacher, quiz=quiz, kind=QuizKind.NUMBER, text="2 + 2,5", answer="4,5")
    text = quizzes.question_add(actor=teacher, quiz=quiz, kind=QuizKind.SHORT_TEXT, text="Автор «Онегина»",
                                answer="Пушкин\nА. С. Пушкин", points=4)
    quizzes.quiz_publish(actor=teacher, quiz=quiz)
    return {**klass, "module": module, "section": section, "quiz": quiz,
            "q": {"single": single, "multiple": multiple, "number": number, "text": text}}


def answers(space, *, single="Москва", multiple=("2", "4"), number="4.5", text="  пушкин "):
    q = space["q"]
    return {f"q{q['single'].pk}": single, f"q{q['multiple'].pk}": list(multiple), f"q{q['number'].pk}": number,
            f"q{q['text'].pk}": text}


def test_the_teacher_builds_a_test_on_its_pages(klass, login):
    group = klass["group"]
    module = module_of(group)
    section = course.section_add(actor=klass["teacher"], group=group, title="Тема", module=module)
    client = login(klass["teacher"])
    due = (timezone.localtime() + datetime.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(reverse("learning:quiz_add", args=[section.pk]),
                           {f"t{section.pk}-title": "Тест 1", f"t{section.pk}-attempts_allowed": 3,
                            f"t{section.pk}-due_at": due})
    quiz = Quiz.objects.get()
    assert response["Location"] == reverse("learning:quiz", args=[quiz.pk])
    assert quiz.module == module and quiz.attempts_allowed == 3 and not quiz.is_published
    # A choice question without a marked right option is refused with the field named; nothing is stored.
    url = reverse("learning:quiz_question_add", args=[quiz.pk])
    refused = client.post(url, {"kind": "single", "text": "Вопрос", "choices": "да\nнет", "points": 1})
    assert refused.status_code == 400
    assert "Отметьте звёздочкой ровно один правильный вариант" in refused.content.decode()
    assert client.post(url, {"kind": "number", "text": "Сколько?", "answer": "много", "points": 1}).status_code == 400
    assert not QuizQuestion.objects.exists()
    # Publishing an empty test is refused.
    response = client.post(reverse("learning:quiz_publish", args=[quiz.pk]), follow=True)
    assert "Добавьте хотя бы один вопрос" in response.content.decode() and not Quiz.objects.get().is_published
    assert client.post(url, {"kind": "single", "text": "Вопрос", "choices": "да\n*нет", "points": 2}).status_code == 302
    question = QuizQuestion.objects.get()
    assert question.choices == ["да", "нет"] and question.correct == "нет"
    # A draft is invisible to the learners (404); published, it is shown in the course space.
    learner = login(klass["learner"])
    assert learner.get(reverse("learning:quiz", args=[quiz.pk])).status_code == 404
    client = login(klass["teacher"])
    client.post(reverse("learning:quiz_publish", args=[quiz.pk]))
    assert Quiz.objects.get().is_published
    assert "Тест 1" in login(klass["learner"]).get(reverse("learning:course", args=[group.pk])).content.decode()
    client = login(klass["teacher"])
    # A published test's questions are fixed.
    assert client.post(url, {"kind": "single", "text": "Ещё", "choices": "*а\nб", "points": 1}).status_code == 302
    assert QuizQuestion.objects.count() == 1
    client.post(reverse("learning:quiz_question_delete", args=[question.pk]))
    assert QuizQuestion.objects.count() == 1


def test_a_learner_takes_the_test_and_the_best_attempt_is_in_the_journal(test_space, login):
    quiz, learner_user = test_space["quiz"], test_space["learner"]
    learner = login(learner_user)
    page = learner.get(reverse("learning:quiz", args=[quiz.pk])).content.decode()
    assert "Столица России?" in page and "Москва" in page and 'name="attempt" value="1"' in page
    # A wrong half: the single and the text right (2 + 4 of 10) — under half of the maximum fails.
    response = learner.post(reverse("learning:quiz_submit", args=[quiz.pk]),
                            {**answers(test_space, multiple=("2",), number="5"), "attempt": 1}, follow=True)
    assert "Ваши ответы приняты: 6 из 10 баллов." in response.content.decode()
    attempt = QuizAttempt.objects.get()
    assert (attempt.score, attempt.max_score, attempt.number) == (6, 10, 1)
    cell = ModuleGrade.objects.get(enrolment=test_space["enrolment"], module=test_space["module"])
    assert cell.source == MarkSource.QUIZ and cell.grade.is_passing
    first_grade = cell.grade
    # The second attempt, all right: the best one is the grade, with the cell's history.
    learner.post(reverse("learning:quiz_submit", args=[quiz.pk]), {**answers(test_space), "attempt": 2})
    assert list(QuizAttempt.objects.order_by("number").values_list("score", flat=True)) == [6, 10]
    cell.refresh_from_db()
    assert cell.grade == a_grade(test_space["group"]) and cell.grade != first_grade
    assert MarkChange.objects.filter(module_grade=cell, source=MarkSource.QUIZ).count() == 2
    assert "Тест" in login(test_space["teacher"]).get(
        reverse("training:journal", args=[test_space["group"].pk])).content.decode()
    learner = login(learner_user)
    # No third attempt.
    response = learner.post(reverse("learning:quiz_submit", args=[quiz.pk]), {**answers(test_space), "attempt": 3},
                            follow=True)
    assert "Вы использовали все попытки" in response.content.decode()
    assert QuizAttempt.objects.count() == 2
    page = learner.get(reverse("learning:quiz", args=[quiz.pk])).content.decode()
    assert "10 из 10" in page and "Отправить ответы" not in page


def test_a_worse_later_attempt_keeps_the_best_grade_and_a_teachers_grade_stays(test_space):
    learner, quiz = test_space["learner"], test_space["quiz"]
    from django.http import QueryDict

    def post(values, number):
        data = QueryDict(mutable=True)
        for key, value in values.items():
            data.setlist(key, value if isinstance(value, list) else [value])
        return quizzes.attempt_submit(actor=learner, quiz=quiz, data=data, number=number)[0]

    post(answers(test_space), 1)
    cell = ModuleGrade.objects.get(module=test_space["module"])
    best = cell.grade
    post(answers(test_space, single="Омск", text="Лермонтов", multiple=["3"], number="1"), 2)
    cell.refresh_from_db()
    assert cell.grade == best
    # A grade the teacher put by hand is never overwritten by a test.
    quiz2 = quizzes.quiz_add(actor=test_space["teacher"], section=test_space["section"], title="Ещё",
                             attempts_allowed=1)
    question = quizzes.question_add(actor=test_space["teacher"], quiz=quiz2, kind=QuizKind.NUMBER, text="1+1",
                                    answer="2")
    quizzes.quiz_publish(actor=test_space["teacher"], quiz=quiz2)
    failing = a_grade(test_space["group"], passing=False)
    module_grade_set(actor=test_space["teacher"], enrolment=test_space["enrolment"], module=test_space["module"],
                     value=failing)
    data = QueryDict(mutable=True)
    data[f"q{question.pk}"] = "2"
    quizzes.attempt_submit(actor=learner, quiz=quiz2, data=data)
    cell.refresh_from_db()
    assert cell.grade == failing and cell.source == MarkSource.TEACHER


def test_a_double_submission_is_one_attempt(test_space, login):
    quiz = test_space["quiz"]
    learner = login(test_space["learner"])
    data = {**answers(test_space), "attempt": 1}
    learner.post(reverse("learning:quiz_submit", args=[quiz.pk]), data)
    response = learner.post(reverse("learning:quiz_submit", args=[quiz.pk]), data, follow=True)
    assert "Эта попытка уже принята" in response.content.decode()
    assert QuizAttempt.objects.count() == 1
    # The database refuses a second row with the same number whatever the code does.
    attempt = QuizAttempt.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        QuizAttempt.objects.create(quiz=quiz, enrolment=attempt.enrolment, number=1, score=0, max_score=10,
                                   submitted_at=timezone.now())


def test_bad_answers_are_refused_with_the_reasons_and_nothing_is_stored(test_space, login):
    quiz = test_space["quiz"]
    learner = login(test_space["learner"])
    response = learner.post(reverse("learning:quiz_submit", args=[quiz.pk]),
                            {**answers(test_space, number="четыре", single="Париж"), "attempt": 1})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Введите число" in page and "Выберите один из вариантов" in page
    q = test_space["q"]
    missing = learner.post(reverse("learning:quiz_submit", args=[quiz.pk]), {f"q{q['single'].pk}": "Москва"})
    assert missing.status_code == 400 and "Ответьте на этот вопрос" in missing.content.decode()
    assert not QuizAttempt.objects.exists() and not ModuleGrade.objects.exists()


def test_the_time_window_is_enforced(test_space):
    quiz = test_space["quiz"]
    from django.http import QueryDict

    data = QueryDict(mutable=True)
    for key, value in answers(test_space).items():
        data.setlist(key, value if isinstance(value, list) else [value])
    with pytest.raises(course.CourseRefused, match="закрыт"):
        quizzes.attempt_submit(actor=test_space["learner"], quiz=quiz, data=data,
                               now=quiz.due_at + datetime.timedelta(minutes=1))
    Quiz.objects.filter(pk=quiz.pk).update(opens_at=timezone.now() + datetime.timedelta(hours=1))
    quiz.refresh_from_db()
    with pytest.raises(course.CourseRefused, match="откроется"):
        quizzes.attempt_submit(actor=test_space["learner"], quiz=quiz, data=data)
    assert not QuizAttempt.objects.exists()


def test_others_answers_are_invisible_and_the_teacher_sees_all_results(test_space, login):
    quiz = test_space["quiz"]
    neighbour = UserFactory(roles=[Role.LEARNER], last_name="Соседов")
    enrol(test_space["group"], neighbour)
    login(test_space["learner"]).post(reverse("learning:quiz_submit", args=[quiz.pk]),
                                      {**answers(test_space), "attempt": 1}, follow=True)
    page = login(neighbour).get(reverse("learning:quiz", args=[quiz.pk])).content.decode()
    assert "10 из 10" not in page and "Лучший результат" not in page and "Отправить ответы" in page
    # A learner of another group does not find the test; a learner cannot publish or add questions.
    assert login(test_space["outsider"]).get(reverse("learning:quiz", args=[quiz.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        quizzes.question_add(actor=neighbour, quiz=quiz, kind=QuizKind.NUMBER, text="x", answer="1")
    teacher_page = login(test_space["teacher"]).get(reverse("learning:quiz", args=[quiz.pk])).content.decode()
    assert "10 / 10" in teacher_page and "Соседов" in teacher_page and "не проходил" in teacher_page
    assert "Москва" in teacher_page and "верный" in teacher_page


def test_my_learning_lists_tests_to_take(test_space, login):
    client = login(test_space["learner"])
    assert "Проверка знаний" in client.get(reverse("learning:my")).content.decode()
    client.post(reverse("learning:quiz_submit", args=[test_space["quiz"].pk]), {**answers(test_space), "attempt": 1})
    assert "Проверка знаний" not in client.get(reverse("learning:my")).content.decode()


def test_the_quiz_page_reads_a_fixed_number_of_queries(test_space, login):
    quiz = test_space["quiz"]
    teacher = login(test_space["teacher"])
    url = reverse("learning:quiz", args=[quiz.pk])

    def grow(n):
        for _i in range(n):
            enrolment = enrol(test_space["group"], UserFactory(roles=[Role.LEARNER]))
            QuizAttempt.objects.create(quiz=quiz, enrolment=enrolment, number=1, score=3, max_score=10,
                                       submitted_at=timezone.now())

    def measure():
        with CaptureQueriesContext(connection) as ctx:
            assert teacher.get(url).status_code == 200
        return len(ctx)

    grow(1)
    teacher.get(url)
    few = measure()
    grow(5)
    assert measure() == few


def test_the_demo_test(klass):
    from .. import demo

    group = klass["group"]
    module = module_of(group)
    course.section_add(actor=klass["teacher"], group=group, title="Тема", module=module)
    demo._quiz(group)
    demo._quiz(group)  # idempotent
    quiz = Quiz.objects.get()
    assert quiz.is_published and quiz.module == module and quiz.questions.count() == 4
    # Its keys are the ones the scoring reads: all right is the maximum.
    values = {q.pk: q.correct[0] if q.kind == QuizKind.SHORT_TEXT else q.correct for q in quiz.questions.all()}
    assert quizzes.score(list(quiz.questions.all()), values) == (10, 10)


def test_a_learners_answers_are_in_the_data_export_and_go_with_erasure(test_space):
    """152-ФЗ: the learner's answers to tests and assignments are exported and erased; the scores stay."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.http import QueryDict

    from copp.core.personal_data import erase_subject, export_subject

    from .test_course import PDF

    learner, quiz = test_space["learner"], test_space["quiz"]
    data = QueryDict(mutable=True)
    for key, value in answers(test_space).items():
        data.setlist(key, value if isinstance(value, list) else [value])
    quizzes.attempt_submit(actor=learner, quiz=quiz, data=data)
    assignment = course.assignment_add(actor=test_space["teacher"], section=test_space["section"], title="Эссе",
                                       due_at=timezone.now() + datetime.timedelta(days=3))
    submission = course.submission_save(actor=learner, assignment=assignment, text="Мой ответ",
                                        file=SimpleUploadedFile("a.pdf", PDF))
    storage, name = submission.file.storage, submission.file.name
    exported = export_subject(learner)
    assert exported["learning.Submission"][0]["text"] == "Мой ответ"
    assert exported["learning.QuizAttempt"][0]["score"] == 10
    assert export_subject(test_space["teacher"])["learning.Submission"] == []

    erase_subject(learner)
    submission.refresh_from_db()
    attempt = QuizAttempt.objects.get()
    assert (submission.text, submission.file.name, attempt.answers, attempt.score) == ("", "", {}, 10)
    assert not storage.exists(name)
