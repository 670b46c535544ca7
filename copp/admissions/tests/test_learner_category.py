"""The learner's category (M27): the citizen says who they are on the application (school student, unemployed,
pre-retirement age, teacher; «не указано» by default), staff see it on the card and filter the inbox by it."""
import pytest
from django.urls import reverse

from copp.core.roles import Role
from tests.factories import UserFactory

from ..models import Application, LearnerCategory
from . import factories
from .test_citizen import apply

pytestmark = pytest.mark.django_db


def test_the_citizen_names_a_category_and_staff_see_it(world, program, login, django_capture_on_commit_callbacks):
    learner = world.users[Role.LEARNER][0]
    client = login(learner)
    page = client.get(reverse("admissions:apply", args=[program.pk])).content.decode()
    assert "Кто вы" in page and "Предпенсионный возраст" in page
    response = apply(client, program, category="unemployed")
    review = client.get(response.url).content.decode()
    assert "Безработный" in review
    with django_capture_on_commit_callbacks(execute=True):
        client.post(response.url, {"action": "submit"})
    application = Application.objects.get()
    assert application.category == LearnerCategory.UNEMPLOYED
    staff = login(world.users[Role.STAFF][0])
    card = staff.get(reverse("admissions:inbox_detail", args=[application.pk])).content.decode()
    assert "Категория слушателя" in card and "Безработный" in card


def test_no_category_is_not_specified_and_a_wrong_one_is_refused(world, program, login):
    client = login(world.users[Role.LEARNER][0])
    response = apply(client, program, category="pensioner")
    # The form page comes back with the message (the apply page answers 200 with its errors), no draft made.
    assert response.status_code == 200 and "Выберите корректный вариант" in response.content.decode()
    response = apply(client, program)
    review = client.get(response.url).content.decode()
    assert response.status_code == 302 and "Не указано" in review


def test_inbox_filter_by_category(world, program, login):
    factories.application(UserFactory(roles=[Role.LEARNER]), program, category="school_student")
    factories.application(UserFactory(roles=[Role.LEARNER]), program, category="teacher")
    factories.application(UserFactory(roles=[Role.LEARNER]), program)
    client = login(world.users[Role.STAFF][0])
    url = reverse("admissions:inbox")
    assert len(client.get(url, {"category": "school_student"}).context["applications"]) == 1
    assert len(client.get(url, {"category": "none"}).context["applications"]) == 1
    assert len(client.get(url).context["applications"]) == 3
    page = client.get(url, {"category": "teacher"})
    assert [chip["value"] for chip in page.context["chips"]] == ["Педагог"]
