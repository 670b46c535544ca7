"""Career-test scoring against the instruments' published keys (written from the key, not from the code)."""
import pytest

from copp.surveys.models import Survey
from copp.surveys.scoring import leading_types
from copp.surveys.services import survey_questions

from .factories import answer

pytestmark = pytest.mark.django_db

# Е. А. Климов, ДДО, the key: the items (pair number + letter) of each type.
KEY = {
    "nature": ["1а", "3б", "6а", "10а", "11а", "13б", "16а", "20а"],
    "technique": ["1б", "4а", "7б", "9а", "11б", "14а", "17б", "19а"],
    "human": ["2а", "4б", "6б", "8а", "12а", "14б", "16б", "18а"],
    "sign": ["2б", "5а", "9б", "10б", "12б", "15б", "19б", "20б"],
    "art": ["3а", "5б", "7а", "8б", "13а", "15а", "17а", "18б"],
}


def _ddo_sheet(letters: dict[int, str]):
    """The form's data for an answer sheet {pair number: "а" or "б"}."""
    survey = Survey.objects.get(slug="ddo")
    questions = survey_questions(survey)
    return survey, {f"q{questions[n - 1].pk}": questions[n - 1].choices[0 if letter == "а" else 1]
                    for n, letter in letters.items()}


def _sheet_favouring(kind: str) -> dict[int, str]:
    """Choose the item of `kind` in every pair that has one, «а» elsewhere."""
    sheet = dict.fromkeys(range(1, 21), "а")
    for item in KEY[kind]:
        sheet[int(item[:-1])] = item[-1]
    return sheet


@pytest.mark.parametrize("kind", list(KEY))
def test_a_sheet_choosing_every_item_of_a_type_gives_that_type_with_8_points(kind):
    survey, data = _ddo_sheet(_sheet_favouring(kind))
    response = answer(survey, None, data)
    assert response.scores[kind] == 8
    assert response.result_types == [kind]
    assert sum(response.scores.values()) == 20


def test_all_a_and_all_b_sheets_score_by_the_key():
    survey, data = _ddo_sheet(dict.fromkeys(range(1, 21), "а"))
    response = answer(survey, None, data)
    # From the key: а-items are П 1,6,10,11,16,20; Т 4,9,14,19; Ч 2,8,12,18; З 5; Х 3,7,13,15,17.
    assert response.scores == {"nature": 6, "technique": 4, "human": 4, "sign": 1, "art": 5}
    assert response.result_types == ["nature"]
    survey, data = _ddo_sheet(dict.fromkeys(range(1, 21), "б"))
    response = answer(survey, None, data)
    assert response.scores == {"nature": 2, "technique": 4, "human": 4, "sign": 7, "art": 3}
    assert response.result_types == ["sign"]


def test_riasec_profile_and_holland_code():
    survey = Survey.objects.get(slug="riasec")
    questions = survey_questions(survey)
    assert len(questions) == 60
    # The profiler's items cycle R, I, A, S, E, C: «очень нравится» to every social item, «нравится» to every
    # enterprising one, «не уверен(а)» to the rest.
    data = {}
    for index, question in enumerate(questions):
        area = "RIASEC"[index % 6]
        data[f"q{question.pk}"] = {"S": "Очень нравится", "E": "Нравится"}.get(area, "Не уверен(а)")
    response = answer(survey, None, data)
    assert response.scores == {"R": 20, "I": 20, "A": 20, "S": 40, "E": 30, "C": 20}
    assert response.result_types == ["S", "E", "R"]  # a tie is taken in the order R, I, A, S, E, C


def test_ties_of_ddo_are_all_leading():
    assert leading_types("ddo", {"nature": 5, "technique": 5, "human": 4, "sign": 3, "art": 3}) == [
        "nature", "technique"]
