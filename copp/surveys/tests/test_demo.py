"""The demo has the two career tests, two finished satisfaction surveys with a few hundred answers each and one
open survey for the completed demo group with its learners invited; loading twice changes nothing."""
import pytest

from copp.portal.demo import load_all
from copp.surveys.models import Answer, Invitation, Response, Survey, SurveyKind, SurveyStatus
from copp.surveys.results import survey_results

pytestmark = pytest.mark.django_db


def test_demo_surveys_are_complete_and_idempotent():
    load_all()
    assert set(Survey.objects.filter(kind=SurveyKind.CAREER_TEST).values_list("slug", flat=True)) == {"ddo", "riasec"}
    finished = Survey.objects.filter(kind=SurveyKind.SURVEY, status=SurveyStatus.CLOSED)
    assert finished.count() == 2
    for survey in finished:
        assert survey.responses.count() >= 150
        data = survey_results(survey, survey.responses.all(), audience_size=None)
        assert not data["suppressed_all"] and all(item.answered for item in data["items"][:2])
    open_survey = Survey.objects.get(status=SurveyStatus.OPEN, kind=SurveyKind.SURVEY)
    assert open_survey.audience_group.code == "ДЕМО-СВ-2026-01"
    assert Invitation.objects.filter(survey=open_survey).count() >= 5
    counts = (Survey.objects.count(), Response.objects.count(), Answer.objects.count())
    load_all()
    assert (Survey.objects.count(), Response.objects.count(), Answer.objects.count()) == counts
