"""Results: counts and charts per question, suppression of small cells in anonymous surveys, filters, Excel
exports, the list page's queries not growing with the data."""
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from copp.core.roles import Role
from copp.organizations.models import OrganizationType
from copp.surveys.models import Answer, QuestionKind, Response
from copp.surveys.results import survey_results
from copp.surveys.services import survey_questions

from .factories import make_survey, world_survey

pytestmark = pytest.mark.django_db


def _answers(survey, rows):
    """Responses straight into the table (a report test needs many), each {question index: value}."""
    questions = survey_questions(survey)
    for row in rows:
        response = Response.objects.create(survey=survey, submitted_at=timezone.now())
        for index, value in row.items():
            Answer.objects.create(response=response, question=questions[index], value=value)


def nps_survey(**fields):
    return make_survey(questions=[(QuestionKind.NPS, "Порекомендуете?", {}),
                                  (QuestionKind.MATRIX, "Оцените", {"rows": ["Теория", "Практика"]}),
                                  (QuestionKind.LONG_TEXT, "Что улучшить?", {"required": False})], **fields)


def test_nps_matrix_and_texts_are_summarised():
    survey = nps_survey()
    _answers(survey, [{0: 10, 1: {"Теория": 5, "Практика": 4}, 2: "Больше практики"},
                      {0: 9, 1: {"Теория": 3, "Практика": 4}},
                      {0: 7, 1: {"Теория": 4, "Практика": 2}},
                      {0: 2, 1: {"Теория": 4, "Практика": 5}, 2: "Раньше начинать"}])
    data = survey_results(survey, survey.responses.all(), audience_size=8)
    assert data["total"] == 4 and data["rate"] == 50
    nps, matrix, texts = data["items"]
    # 2 promoters, 1 passive, 1 detractor of 4: (2 - 1) / 4 = 25.
    assert nps.chart["nps"] == 25 and nps.chart["series"][0]["data"] == [1, 1, 2]
    assert matrix.chart["type"] == "stacked"
    assert matrix.table == [["Теория", 4, "4,0"], ["Практика", 4, "3,8"]]
    assert texts.texts == ["Больше практики", "Раньше начинать"]


def test_an_anonymous_report_hides_cells_of_fewer_than_five_answers():
    survey = nps_survey(is_anonymous=True)
    _answers(survey, [{0: 10, 1: {"Теория": 5, "Практика": 4}}] * 4)
    assert survey_results(survey, survey.responses.all(), audience_size=None)["suppressed_all"]
    _answers(survey, [{0: 8, 1: {"Теория": 5, "Практика": 4}, 2: "Один отзыв"}])
    data = survey_results(survey, survey.responses.all(), audience_size=None)
    nps, matrix, texts = data["items"]
    assert not nps.suppressed and nps.answered == 5
    assert texts.suppressed and texts.texts == []  # one free-text answer would point at its author


def test_staff_see_the_charts_and_download_both_exports(world, login):
    survey = world_survey(world)
    _answers(survey, [{0: 5, 1: "Да"}, {0: 4, 1: "Нет"}, {0: 4, 1: "Да"}])
    client = login(world.users[Role.STAFF][0])
    page = client.get(reverse("surveys:results", args=[survey.pk])).content.decode()
    assert "echarts.min.js" in page and f'id="chart-{survey_questions(survey)[0].pk}"' in page
    assert "67 %" in page  # «Да» two of three
    for kind in ("raw", "summary"):
        download = client.get(reverse("surveys:export", args=[survey.pk, kind]))
        assert download.status_code == 200
        book = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content)))
        cells = [c for row in book.active.iter_rows(values_only=True) for c in row if c is not None]
        assert "Оценка в целом" in cells
        assert ("Да" in cells) if kind == "raw" else ("67 %" in cells)


def test_results_filter_by_group(world, login):
    from copp.training.tests.factories import make_group

    survey = world_survey(world)
    group = make_group(world.orgs[OrganizationType.PARTNER][0])
    _answers(survey, [{0: 5, 1: "Да"}, {0: 1, 1: "Нет"}])
    Response.objects.filter(pk=survey.responses.order_by("pk").first().pk).update(group=group)
    client = login(world.users[Role.PARTNER][0])
    page = client.get(reverse("surveys:results", args=[survey.pk]), {"group": group.pk}).content.decode()
    assert ">1</div>" in page  # one answer in the card of the total


def test_the_list_page_queries_do_not_grow_with_the_data(world, login):
    client = login(world.users[Role.STAFF][0])
    world_survey(world)
    client.get(reverse("surveys:manage"))
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("surveys:manage")).status_code == 200
    for _n in range(15):
        survey = world_survey(world)
        _answers(survey, [{0: 3, 1: "Да"}])
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("surveys:manage"))
    assert page.status_code == 200
    assert len(many) == len(few)


def test_the_api_lists_surveys_and_gives_aggregated_results(world, login):
    survey = world_survey(world)
    _answers(survey, [{0: 5, 1: "Да"}, {0: 4, 1: "Нет"}, {0: 4, 1: "Да"}])
    client = login(world.users[Role.PARTNER][0])
    listed = client.get("/api/v1/surveys/").json()
    assert [row["id"] for row in listed["results"]] == [survey.pk] and listed["results"][0]["answer_count"] == 3
    data = client.get(f"/api/v1/surveys/{survey.pk}/results/").json()
    assert data["total"] == 3
    single = data["questions"][1]
    assert single["labels"] == ["Да", "Нет"] and single["series"][0]["data"] == [2, 1]
    assert client.get(f"/api/v1/surveys/{survey.pk}/results/?from=вчера").status_code == 400
    outsider = login(world.users[Role.PARTNER][1])
    assert outsider.get(f"/api/v1/surveys/{survey.pk}/results/").status_code == 404
