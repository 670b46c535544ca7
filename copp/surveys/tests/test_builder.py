"""The builder: settings and audience (a partner's only their own), questions with conditions, opening and closing
through the workflow, templates."""
import pytest
from django.urls import reverse

from copp.core.roles import Role
from copp.organizations.models import OrganizationType
from copp.surveys.models import Question, Survey, SurveyStatus
from copp.training.tests.factories import make_group

from .factories import world_survey

pytestmark = pytest.mark.django_db


def test_a_partner_builds_a_survey_for_its_own_group_and_opens_it(world, login):
    partner = world.users[Role.PARTNER][0]
    group = make_group(world.orgs[OrganizationType.PARTNER][0], code="СВ-2026-07")
    client = login(partner)
    created = client.post(reverse("surveys:create"), {
        "title": "Отзыв о практике", "audience": "group", "group_code": "св-2026-07", "remind_after_days": 3,
        "max_reminders": 2, "is_anonymous": "on"})
    survey = Survey.objects.get(title="Отзыв о практике")
    assert created.status_code == 302 and survey.audience_group == group
    assert survey.owner_organization == world.orgs[OrganizationType.PARTNER][0]
    refused = client.post(reverse("surveys:status", args=[survey.pk]), {"target": "open"}, follow=True)
    assert "Добавьте хотя бы один вопрос" in refused.content.decode()
    client.post(reverse("surveys:question_add", args=[survey.pk]), {
        "kind": "single", "text": "Была ли практика?", "choices_text": "Да\nНет", "required": "on"})
    first = Question.objects.get(survey=survey)
    client.post(reverse("surveys:question_add", args=[survey.pk]), {
        "kind": "scale5", "text": "Оцените практику", "required": "on", "show_if_question": first.pk,
        "show_if_value": "Да"})
    assert survey.questions.count() == 2
    assert survey.questions.get(text="Оцените практику").show_if_question == first
    client.post(reverse("surveys:status", args=[survey.pk]), {"target": "open"})
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.OPEN
    preview = client.get(reverse("surveys:preview", args=[survey.pk])).content.decode()
    assert f'data-show-if-1="q{first.pk}"' in preview


def test_a_partner_cannot_target_another_organisations_group(world, login):
    make_group(world.orgs[OrganizationType.PARTNER][1], code="ЧУЖ-01")
    client = login(world.users[Role.PARTNER][0])
    page = client.post(reverse("surveys:create"), {"title": "Чужой", "audience": "group", "group_code": "ЧУЖ-01",
                                                   "remind_after_days": 3, "max_reminders": 2})
    assert page.status_code == 400 and "Среди ваших групп нет группы с таким кодом." in page.content.decode()
    page = client.post(reverse("surveys:create"), {"title": "Всем", "audience": "role", "audience_role": "learner",
                                                   "remind_after_days": 3, "max_reminders": 2})
    assert "Опрашивать всех пользователей роли" in page.content.decode()
    assert not Survey.objects.filter(kind="survey").exists()


def test_a_bad_question_is_refused_with_a_message(world, login):
    survey = world_survey(world, status=SurveyStatus.DRAFT)
    client = login(world.users[Role.PARTNER][0])
    page = client.post(reverse("surveys:question_add", args=[survey.pk]), {"kind": "single", "text": "Один?",
                                                                           "choices_text": "Да"})
    assert page.status_code == 400 and "Укажите не меньше двух вариантов" in page.content.decode()
    assert survey.questions.count() == 2


def test_a_template_makes_a_draft_with_its_questions(world, login):
    client = login(world.users[Role.STAFF][0])
    client.post(reverse("surveys:from_template", args=["employer_satisfaction"]))
    survey = Survey.objects.get(template="employer_satisfaction")
    assert survey.status == SurveyStatus.DRAFT and survey.questions.count() == 4
    assert survey.owner_organization == world.orgs[OrganizationType.COPP][0]


def test_staff_choose_the_target_program_by_search_and_the_form_does_not_grow(world, login):
    """Issue 15: CoPP staff target any of the region's programs; the form draws only the chosen one."""
    import re

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from copp.programs.models import Program
    from copp.programs.tests.factories import make_program

    program = make_program(world.orgs[OrganizationType.PARTNER][0])

    def grow(n, start):
        Program.objects.bulk_create([
            Program(title=f"Программа региона {i:04}", kind=program.kind, provider=program.provider, hours=72,
                    study_form=program.study_form, document=program.document, status=program.status,
                    is_free=True) for i in range(start, start + n)])

    client = login(world.users[Role.STAFF][0])

    def page():
        with CaptureQueriesContext(connection) as queries:
            body = client.get(reverse("surveys:create")).content
        body = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", body)
        return len(body), len(queries), body.decode()

    grow(40, 0)
    page()
    size, queries, body = page()
    grow(300, 40)
    assert page()[:2] == (size, queries)
    select = re.search(r'<select name="audience_program".*?</select>', body, re.S).group(0)
    assert "Программа региона 0001" not in select
    assert 'data-autocomplete-url="/programs/choices/"' in select
