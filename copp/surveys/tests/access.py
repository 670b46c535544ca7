"""Rows of the access matrix for the surveys app. Surveys belong to the first partner organisation; the second
partner (the outsider) gets 404. CoPP staff see every survey; career tests and public links are open to all."""
from django.core.files.base import ContentFile
from django.utils import timezone

from copp.core.roles import Role
from tests.access import ALL_ROLES, PUBLIC, Route, accepts

from ..models import Answer, Response, Survey
from .factories import world_survey

MANAGERS = frozenset({Role.STAFF, Role.PARTNER})


def survey(w):
    return {"pk": world_survey(w).pk}


def public_link(w):
    return {"token": world_survey(w).public_token}


def question(w):
    return {"pk": world_survey(w).questions.first().pk}


def uploaded(w):
    made = world_survey(w)
    response = Response.objects.create(survey=made, submitted_at=timezone.now())
    answer = Answer.objects.create(response=response, question=made.questions.first(), value="scan.pdf",
                                   file=ContentFile(b"%PDF-1.4 test", name="scan.pdf"))
    return {"pk": answer.pk}


def career_result(w):
    """A visitor's result (no person): its random key is its address."""
    test = Survey.objects.get(slug="ddo")
    return {"key": Response.objects.create(survey=test, submitted_at=timezone.now(), scores={"nature": 8},
                                           result_types=["nature"]).result_key}


def section(w):
    from ..models import Section

    return {"pk": Section.objects.create(survey=world_survey(w), title="Раздел", order=1).pk}


ROUTES = {
    "surveys:section_update": Route(MANAGERS, method="post", kwargs=section, owner=Role.PARTNER, ok=(302,)),
    "surveys:answer": Route(PUBLIC, kwargs=public_link, also=accepts((400,), "post")),
    "surveys:thanks": Route(PUBLIC, kwargs=public_link),
    "surveys:mine": Route(ALL_ROLES),
    "surveys:manage": Route(MANAGERS),
    "surveys:create": Route(MANAGERS, also=accepts((400,), "post")),
    # The searchable choice of the organisations whose contacts answer: only CoPP staff send such surveys.
    "surveys:organization_choices": Route(frozenset({Role.STAFF})),
    "surveys:from_template": Route(MANAGERS, method="post", kwargs=lambda w: {"code": "event_satisfaction"},
                                   ok=(302,), no_outsider="a template is everyone's; the survey is made for the "
                                                          "caller's own organisation"),
    "surveys:builder": Route(MANAGERS, kwargs=survey, owner=Role.PARTNER),
    "surveys:update": Route(MANAGERS, kwargs=survey, owner=Role.PARTNER, also=accepts((400,), "post")),
    "surveys:question_add": Route(MANAGERS, method="post", kwargs=survey, owner=Role.PARTNER, ok=(400,)),
    "surveys:section_add": Route(MANAGERS, method="post", kwargs=survey, owner=Role.PARTNER, ok=(302,)),
    "surveys:status": Route(MANAGERS, method="post", kwargs=survey, owner=Role.PARTNER, ok=(302,),
                            data={"target": "closed"}),
    "surveys:preview": Route(MANAGERS, kwargs=survey, owner=Role.PARTNER),
    "surveys:results": Route(MANAGERS, kwargs=survey, owner=Role.PARTNER),
    "surveys:export": Route(MANAGERS, kwargs=lambda w: {**survey(w), "kind": "summary"}, owner=Role.PARTNER),
    "surveys:question_delete": Route(MANAGERS, method="post", kwargs=question, owner=Role.PARTNER, ok=(302,)),
    "surveys:answer_file": Route(MANAGERS, kwargs=uploaded, owner=Role.PARTNER),
    "career:home": Route(PUBLIC),
    "career:test": Route(PUBLIC, kwargs=lambda w: {"slug": "ddo"}, also=accepts((400,), "post")),
    "career:result": Route(PUBLIC, kwargs=career_result),
}

# The API (copp/api/urls.py registers copp.surveys.api).
ROUTES |= {
    "api:survey-list": Route(MANAGERS, anonymous=401),
    "api:survey-detail": Route(MANAGERS, kwargs=survey, owner=Role.PARTNER, anonymous=401),
    "api:survey-results": Route(MANAGERS, kwargs=survey, owner=Role.PARTNER, anonymous=401),
}
