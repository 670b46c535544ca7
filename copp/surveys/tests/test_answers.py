"""Answering: conditional display, anonymity, one answer per person (also when sent twice at once), closed
surveys, drafts, uploads checked by content."""
import datetime
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from copp.core.roles import Role
from copp.surveys.answering import read_answers
from copp.surveys.models import Draft, Participation, QuestionKind, Response, SurveyStatus
from copp.surveys.services import SurveyRefused, response_submit, survey_questions, surveys_close_due
from tests.factories import sample_pdf

from .factories import answer, make_survey, post_data

pytestmark = pytest.mark.django_db


def conditional_survey():
    survey = make_survey(questions=[
        (QuestionKind.SINGLE, "Работаете ли вы?", {"choices": ["Да", "Нет"]}),
        (QuestionKind.SHORT_TEXT, "Где вы работаете?", {}),
    ])
    first, second = survey_questions(survey)
    second.show_if_question = first
    second.show_if_value = "Да"
    second.save()
    return survey, first, second


def test_a_hidden_question_is_not_required_and_its_answer_is_not_stored(world):
    survey, first, second = conditional_survey()
    learner = world.users[Role.LEARNER][0]
    # «Нет» hides the second question: its (required) answer may be missing, and one sent anyway is dropped.
    filled = read_answers(survey_questions(survey), post_data({f"q{first.pk}": "Нет", f"q{second.pk}": "ООО Ромашка"}))
    assert not filled.errors and second.pk not in filled.values
    response = response_submit(survey=survey, user=learner, filled=filled)
    assert list(response.answers.values_list("question_id", flat=True)) == [first.pk]


def test_a_shown_required_question_must_be_answered(world):
    survey, first, second = conditional_survey()
    filled = read_answers(survey_questions(survey), post_data({f"q{first.pk}": "Да"}))
    assert filled.errors == {second.pk: "Ответьте на этот вопрос."}


def test_an_anonymous_answer_holds_no_link_to_the_person(world, login):
    survey = make_survey(is_anonymous=True)
    learner = world.users[Role.LEARNER][0]
    scale, single = survey_questions(survey)
    client = login(learner)
    page = client.post(reverse("surveys:answer", args=[survey.public_token]),
                       {f"q{scale.pk}": "4", f"q{single.pk}": "Да"})
    assert page.status_code == 302
    response = Response.objects.get(survey=survey)
    assert response.user_id is None
    row = Response.objects.filter(pk=response.pk).values().get()
    assert not any(key in row for key in ("session_key", "ip")) and row["user_id"] is None
    # That the person answered is known apart from the answers: a second answer is refused.
    assert Participation.objects.filter(survey=survey, user=learner).exists()
    again = client.post(reverse("surveys:answer", args=[survey.public_token]),
                        {f"q{scale.pk}": "5", f"q{single.pk}": "Нет"})
    assert "Вы уже ответили" in again.content.decode()
    assert Response.objects.filter(survey=survey).count() == 1


def test_one_answer_per_person_unless_repeats_are_allowed(world):
    learner = world.users[Role.LEARNER][0]
    survey = make_survey()
    scale, single = survey_questions(survey)
    data = {f"q{scale.pk}": "3", f"q{single.pk}": "Да"}
    answer(survey, learner, data)
    with pytest.raises(SurveyRefused, match="уже ответили"):
        answer(survey, learner, data)
    repeated = make_survey(allow_repeat=True)
    scale, single = survey_questions(repeated)
    answer(repeated, learner, {f"q{scale.pk}": "3", f"q{single.pk}": "Да"})
    answer(repeated, learner, {f"q{scale.pk}": "4", f"q{single.pk}": "Нет"})
    assert Participation.objects.get(survey=repeated, user=learner).times == 2


@pytest.mark.django_db(transaction=True)
def test_two_submissions_at_once_make_one_response():
    from tests.factories import UserFactory

    learner = UserFactory(email="twice@example.ru", roles=[Role.LEARNER])
    survey = make_survey()
    scale, single = survey_questions(survey)
    questions = survey_questions(survey)
    barrier = threading.Barrier(2)
    outcomes = []

    def submit():
        try:
            filled = read_answers(questions, post_data({f"q{scale.pk}": "5", f"q{single.pk}": "Да"}))
            barrier.wait(timeout=10)
            response_submit(survey=survey, user=learner, filled=filled)
            outcomes.append("ok")
        except SurveyRefused:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok", "refused"]
    assert Response.objects.filter(survey=survey).count() == 1


def test_a_closed_survey_refuses_answers_with_a_message(world, login):
    survey = make_survey(closes_at=timezone.now() + datetime.timedelta(days=1))
    scale, single = survey_questions(survey)
    survey.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    survey.save()
    client = login(world.users[Role.LEARNER][0])
    page = client.post(reverse("surveys:answer", args=[survey.public_token]), {f"q{scale.pk}": "5",
                                                                               f"q{single.pk}": "Да"})
    assert "Опрос завершён: ответы больше не принимаются." in page.content.decode()
    assert not Response.objects.exists()
    assert surveys_close_due() == 1
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.CLOSED


def test_bad_input_gets_a_message_and_changes_nothing(world, login):
    survey = make_survey(questions=[(QuestionKind.NUMBER, "Сколько лет стажа?", {}),
                                    (QuestionKind.MATRIX, "Оцените", {"rows": ["Теория", "Практика"]}),
                                    (QuestionKind.RANKING, "Важность", {"choices": ["А", "Б", "В"]})])
    number, matrix, ranking = survey_questions(survey)
    client = login(world.users[Role.LEARNER][0])
    page = client.post(reverse("surveys:answer", args=[survey.public_token]), {
        f"q{number.pk}": "много", f"q{matrix.pk}_0": "9", f"q{ranking.pk}_0": "1", f"q{ranking.pk}_1": "1",
        f"q{ranking.pk}_2": "2"})
    text = page.content.decode()
    assert page.status_code == 400
    assert "Введите число, например 12 или 3,5." in text
    assert "Оцените каждую строку от 1 до 5." in text
    assert "Дайте каждому варианту своё место от 1 до 3." in text
    assert not Response.objects.exists()


def test_save_and_continue_later(world, login):
    survey = make_survey()
    scale, single = survey_questions(survey)
    learner = world.users[Role.LEARNER][0]
    client = login(learner)
    url = reverse("surveys:answer", args=[survey.public_token])
    client.post(url, {f"q{scale.pk}": "4", "save_draft": "1"})
    assert Draft.objects.get(survey=survey, user=learner).data == {str(scale.pk): 4}
    page = client.get(url).content.decode()
    assert f'id="q{scale.pk}-4" value="4" checked' in page
    client.post(url, {f"q{scale.pk}": "4", f"q{single.pk}": "Да"})
    assert not Draft.objects.exists() and Response.objects.filter(survey=survey, user=learner).exists()


def test_uploads_are_checked_by_content(world):
    survey = make_survey(questions=[(QuestionKind.FILE, "Скан диплома", {})])
    (question,) = survey_questions(survey)
    fake = SimpleUploadedFile("diploma.pdf", b"MZ not a pdf at all", content_type="application/pdf")
    filled = read_answers([question], post_data({}), {f"q{question.pk}": fake})
    assert filled.errors == {question.pk: "Загрузите скан в формате PDF, JPEG или PNG."}
    real = SimpleUploadedFile("Диплом.pdf", sample_pdf(), content_type="application/pdf")
    filled = read_answers([question], post_data({}), {f"q{question.pk}": real})
    response = response_submit(survey=survey, user=world.users[Role.LEARNER][0], filled=filled)
    stored = response.answers.get()
    assert stored.file.name.startswith("surveys/") and stored.file.name.endswith(".pdf")
    assert "Диплом" not in stored.file.name
