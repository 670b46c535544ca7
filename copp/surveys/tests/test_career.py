"""The «Профориентация» section: anyone takes a test; the result recommends competencies (priority first),
programs open for application and events; a visitor's result is claimed on sign-in; retakes are kept."""
import pytest
from django.urls import reverse

from copp.admissions.tests.factories import program as make_program
from copp.core.roles import Role
from copp.directories.models import Competency
from copp.organizations.models import OrganizationType
from copp.surveys.models import Response, Survey
from copp.surveys.services import survey_questions

pytestmark = pytest.mark.django_db

NATURE_ITEMS = {1: 0, 3: 1, 6: 0, 10: 0, 11: 0, 13: 1, 16: 0, 20: 0}  # pair -> index of the nature item (key)


def _nature_sheet():
    survey = Survey.objects.get(slug="ddo")
    return {f"q{q.pk}": q.choices[NATURE_ITEMS.get(number, 0)]
            for number, q in enumerate(survey_questions(survey), start=1)}


def test_a_visitor_takes_ddo_and_sees_programs_of_the_recommended_competencies(client, world):
    agronomy = Competency.objects.get(name="Агрономия")
    agronomy.is_priority = True
    agronomy.save()
    provider = world.orgs[OrganizationType.PARTNER][0]
    program = make_program(provider, title="Агроном-технолог теплиц")
    program.competencies.add(agronomy)
    home = client.get(reverse("career:home")).content.decode()
    assert "Дифференциально-диагностический опросник" in home and "Профиль интересов" in home
    done = client.post(reverse("career:test", args=["ddo"]), _nature_sheet())
    assert done.status_code == 302
    response = Response.objects.get(survey__slug="ddo")
    assert response.user is None and response.result_types == ["nature"]
    page = client.get(done.url).content.decode()
    assert "Человек — природа" in page and "Агроном-технолог теплиц" in page
    assert "приоритетная для региона" in page


def test_an_unanswered_pair_is_a_clear_message():
    from django.test import Client

    data = _nature_sheet()
    data.pop(next(iter(data)))
    page = Client().post(reverse("career:test", args=["ddo"]), data)
    assert page.status_code == 400 and "Ответьте на этот вопрос." in page.content.decode()
    assert not Response.objects.exists()


def test_a_visitors_result_is_claimed_on_sign_in_and_retakes_are_kept(client, world):
    client.post(reverse("career:test", args=["ddo"]), _nature_sheet())
    learner = world.users[Role.LEARNER][0]
    client.force_login(learner)  # the session (and the keys it keeps) carries over the sign-in
    page = client.get(reverse("career:home"))
    assert "Ваши прежние результаты тестов сохранены в профиле." in page.content.decode()
    assert Response.objects.get(survey__slug="ddo").user == learner
    client.post(reverse("career:test", args=["ddo"]), _nature_sheet())
    assert Response.objects.filter(user=learner, survey__slug="ddo").count() == 2
    mine = client.get(reverse("surveys:mine")).content.decode()
    assert mine.count("Дифференциально-диагностический опросник") == 2


def test_a_persons_result_is_not_shown_to_others(client, world):
    learner, other = world.users[Role.LEARNER]
    client.force_login(learner)
    done = client.post(reverse("career:test", args=["ddo"]), _nature_sheet())
    client.force_login(other)
    assert client.get(done.url).status_code == 404
    client.logout()
    assert client.get(done.url).status_code == 404


def test_test_takers_count_toward_the_career_guidance_indicator(client, world):
    import datetime

    from django.utils import timezone

    from copp.surveys.selectors import career_test_participants

    learner = world.users[Role.LEARNER][0]
    client.post(reverse("career:test", args=["ddo"]), _nature_sheet())  # a visitor
    client.force_login(learner)
    for _retake in range(2):  # one person however many times they retake
        client.post(reverse("career:test", args=["ddo"]), _nature_sheet())
    now = timezone.now()
    # The visitor's result was claimed on the next visit of the section only; here it stays a visitor's.
    assert career_test_participants(now - datetime.timedelta(hours=1), now + datetime.timedelta(hours=1)) == 2
    assert career_test_participants(now + datetime.timedelta(hours=1), now + datetime.timedelta(hours=2)) == 0
