"""The builder sets a condition on a section (M26: show a section when an earlier answer matches), and a survey of
organisations' contacts can go to chosen organisations, not only to every organisation of a type."""
import pytest
from django.urls import reverse

from copp.core.roles import Role
from copp.organizations.models import Membership, MembershipRole, OrganizationType

from ..answering import read_answers
from ..models import Audience, Question, QuestionKind, Section, Survey, SurveyStatus
from ..selectors import audience_users, context_of, may_answer
from ..services import survey_questions
from .factories import post_data, world_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner_client(world, login):
    return login(world.users[Role.PARTNER][0])


def test_the_builder_sets_a_condition_on_a_section(world, partner_client):
    survey = world_survey(world, status=SurveyStatus.DRAFT)
    gate = survey.questions.get(text="Пригодится ли?")
    url = reverse("surveys:section_add", args=[survey.pk])

    # The answer must be one of the question's options.
    page = partner_client.post(url, {"new-section-title": "Подробности", "new-section-show_if_question": gate.pk,
                                     "new-section-show_if_value": "Может быть"}, follow=True)
    assert "Ответ должен быть одним из вариантов вопроса" in page.content.decode()
    assert not Section.objects.exists()

    partner_client.post(url, {"new-section-title": "Подробности", "new-section-show_if_question": gate.pk,
                              "new-section-show_if_value": "Да"})
    section = Section.objects.get()
    assert (section.show_if_question, section.show_if_value) == (gate, "Да")
    detail = Question.objects.create(survey=survey, section=section, order=3, kind=QuestionKind.SHORT_TEXT,
                                     text="Что именно пригодится?")
    page = partner_client.get(reverse("surveys:builder", args=[survey.pk])).content.decode()
    assert "Показывается, когда на вопрос «Пригодится ли?» ответили «Да»" in page

    # The engine hides the section's question when the answer does not match: not required, not stored.
    questions = survey_questions(survey)
    filled = read_answers(questions, post_data({f"q{q.pk}": "4" for q in questions if q.kind == "scale5"}
                                               | {f"q{gate.pk}": "Нет", f"q{detail.pk}": "лишнее"}))
    assert not filled.errors and detail.pk not in filled.values and detail.pk not in filled.shown

    # A section cannot depend on its own question; the condition is removed by choosing «always show».
    update = reverse("surveys:section_update", args=[section.pk])
    partner_client.post(update, {f"section-{section.pk}-title": "Подробности",
                                 f"section-{section.pk}-show_if_question": detail.pk,
                                 f"section-{section.pk}-show_if_value": "x"})
    section.refresh_from_db()
    assert section.show_if_question == gate
    partner_client.post(update, {f"section-{section.pk}-title": "Подробно"})
    section.refresh_from_db()
    assert (section.title, section.show_if_question, section.show_if_value) == ("Подробно", None, "")


def test_another_organisations_partner_cannot_change_the_section(world, login):
    survey = world_survey(world, status=SurveyStatus.DRAFT)
    section = Section.objects.create(survey=survey, title="Раздел", order=1)
    outsider = login(world.users[Role.PARTNER][1])
    response = outsider.post(reverse("surveys:section_update", args=[section.pk]),
                             {f"section-{section.pk}-title": "Чужой"})
    assert response.status_code == 404


def test_staff_target_the_contacts_of_chosen_organisations(world, login):
    staff = login(world.users[Role.STAFF][0])
    first, second = world.orgs[OrganizationType.PARTNER][:2]
    reps = {org.pk: list(Membership.objects.filter(organization=org, is_active=True,
                                                   role=MembershipRole.REPRESENTATIVE).values_list("user", flat=True))
            for org in (first, second)}
    assert reps[first.pk] and reps[second.pk]
    page = staff.get(reverse("surveys:create")).content.decode()
    assert 'data-filter-list' in page and "filter_list.js" in page
    response = staff.post(reverse("surveys:create"), {
        "title": "Опрос партнёров", "audience": "contacts", "audience_organizations": [first.pk],
        "remind_after_days": 3, "max_reminders": 2})
    assert response.status_code == 302
    survey = Survey.objects.get(title="Опрос партнёров")
    assert list(survey.audience_organizations.all()) == [first]
    people = set(audience_users(survey).values_list("pk", flat=True))
    assert set(reps[first.pk]) <= people and not (set(reps[second.pk]) & people)
    outsider = world.users[Role.PARTNER][1]
    assert not may_answer(survey, outsider) or outsider.pk in reps[first.pk]
    assert context_of(survey, world.users[Role.PARTNER][0])["organization"] == first
    builder = staff.get(reverse("surveys:builder", args=[survey.pk])).content.decode()
    assert first.short_name in builder

    # Neither a type nor organisations: refused with a message; another audience drops the organisations.
    response = staff.post(reverse("surveys:update", args=[survey.pk]), {
        "title": "Опрос партнёров", "audience": "contacts", "remind_after_days": 3, "max_reminders": 2})
    assert response.status_code == 400 and "Выберите тип организаций или сами организации" in response.content.decode()
    staff.post(reverse("surveys:update", args=[survey.pk]), {
        "title": "Опрос партнёров", "audience": "public", "remind_after_days": 3, "max_reminders": 2})
    survey.refresh_from_db()
    assert survey.audience == Audience.PUBLIC and not survey.audience_organizations.exists()


def test_without_chosen_organisations_the_type_decides(world):
    survey = world_survey(world, audience=Audience.CONTACTS, audience_org_type=OrganizationType.PARTNER)
    partners = set(Membership.objects.filter(organization__type=OrganizationType.PARTNER, is_active=True,
                                             role=MembershipRole.REPRESENTATIVE).values_list("user", flat=True))
    assert set(audience_users(survey).values_list("pk", flat=True)) == partners
