"""ЦОПП staff keep the register of experts on a page of the platform (M15): they find people of the staff
registry, mark them as experts with competencies and unmark them; a person without an account is refused;
an unmarked expert is offered to no new round; the list keeps its query count as it grows."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from copp.core.roles import Role
from copp.directories.models import Competency
from copp.organizations.models import OrganizationType
from copp.programs.tests.factories import make_constructed
from copp.resources.models import CompetencyLevel, StaffCompetency, StaffMember

from ..models import Expert
from ..selectors import experts_available
from .factories import make_open_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(world, login):
    return login(world.users[Role.STAFF][0])


def _person(org, user=None, last_name="Экспертова"):
    return StaffMember.objects.create(organization=org, user=user, last_name=last_name, first_name="Анна",
                                      position="Методист")


def test_staff_mark_and_unmark_an_expert_with_competencies(staff_client, world):
    college = world.orgs[OrganizationType.EDUCATIONAL][0]
    person = _person(college, user=world.users[Role.TEACHER][1])
    first, second = Competency.objects.filter(is_active=True).order_by("name")[:2]
    StaffCompetency.objects.create(staff=person, competency=first, level=CompetencyLevel.ADVANCED)
    url = reverse("reviews:expert", args=[person.pk])

    # Marking needs a competency.
    response = staff_client.post(url, {"is_expert": "on"})
    assert response.status_code == 400 and "Выберите хотя бы одну компетенцию" in response.content.decode()
    response = staff_client.post(url, {"is_expert": "on", "competencies": [first.pk, second.pk], "note": "Приказ 12"})
    assert response.status_code == 302
    expert = Expert.objects.get(staff=person)
    assert expert.is_active and expert.note == "Приказ 12"
    levels = dict(person.competency_levels.values_list("competency", "level"))
    assert levels == {first.pk: CompetencyLevel.ADVANCED, second.pk: CompetencyLevel.EXPERT}

    round_ = make_open_round(make_constructed(world.orgs[OrganizationType.PARTNER][0]))
    assert expert in experts_available(round_.review)

    # The register shows the flag; the filter «experts only» finds them.
    body = staff_client.get(reverse("reviews:experts"), {"expert": "yes"}).content.decode()
    assert f'data-staff="{person.pk}"' in body and "Эксперт</span>" in body

    # Unmarking keeps the record but takes the person out of new rounds.
    assert staff_client.post(url, {"competencies": [first.pk]}).status_code == 302
    expert.refresh_from_db()
    assert not expert.is_active
    assert expert not in experts_available(round_.review)
    body = staff_client.get(reverse("reviews:experts"), {"expert": "yes"}).content.decode()
    assert f'data-staff="{person.pk}"' not in body


def test_a_person_without_an_account_cannot_be_an_expert(staff_client, world):
    person = _person(world.orgs[OrganizationType.EDUCATIONAL][0])
    competency = Competency.objects.filter(is_active=True).first()
    response = staff_client.post(reverse("reviews:expert", args=[person.pk]),
                                 {"is_expert": "on", "competencies": [competency.pk]})
    assert response.status_code == 400 and "нет учётной записи" in response.content.decode()
    assert not Expert.objects.exists()


def test_only_staff_keep_the_register(world, login):
    person = _person(world.orgs[OrganizationType.EDUCATIONAL][0], user=world.users[Role.TEACHER][1])
    partner = login(world.users[Role.PARTNER][0])
    response = partner.post(reverse("reviews:expert", args=[person.pk]), {"is_expert": "on"})
    assert response.status_code == 403 and not Expert.objects.exists()


def test_register_filters_and_constant_queries(staff_client, world):
    college = world.orgs[OrganizationType.EDUCATIONAL][0]
    partner = world.orgs[OrganizationType.PARTNER][0]
    competency = Competency.objects.filter(is_active=True).order_by("name").first()
    welder = _person(college, last_name="Сварщиков")
    StaffCompetency.objects.create(staff=welder, competency=competency)
    _person(partner, last_name="Партнёров")
    url = reverse("reviews:experts")
    body = staff_client.get(url, {"q": "сварщ"}).content.decode()
    assert "Сварщиков" in body and "Партнёров" not in body
    body = staff_client.get(url, {"organization": partner.pk}).content.decode()
    assert "Партнёров" in body and "Сварщиков" not in body
    body = staff_client.get(url, {"competency": competency.pk}).content.decode()
    assert "Сварщиков" in body and "Партнёров" not in body
    with CaptureQueriesContext(connection) as few:
        staff_client.get(url)
    for i in range(20):
        person = _person(college, last_name=f"Человек{i}")
        StaffCompetency.objects.create(staff=person, competency=competency)
    with CaptureQueriesContext(connection) as many:
        staff_client.get(url)
    assert len(many) == len(few)


def test_the_organisation_filter_is_searchable_and_the_page_does_not_grow_with_organisations(staff_client, world):
    """Issue 15: the staff registry spans thousands of organisations; the filter draws only the chosen one."""
    from copp.organizations.models import Organization

    college = world.orgs[OrganizationType.EDUCATIONAL][0]
    _person(college)
    url = reverse("reviews:experts")

    def page():
        with CaptureQueriesContext(connection) as queries:
            body = staff_client.get(url, {"organization": college.pk}).content
        return len(body), len(queries), body.decode()

    def grow(n, start):
        orgs = Organization.objects.bulk_create([
            Organization(type=OrganizationType.EDUCATIONAL, name=f"Колледж {i:04}", short_name=f"Колледж {i:04}",
                         inn=f"78{i:08}") for i in range(start, start + n)])
        StaffMember.objects.bulk_create([StaffMember(organization=o, last_name="Иванов", first_name="Иван",
                                                     position="Мастер") for o in orgs])

    grow(10, 0)
    page()
    size, queries, body = page()
    grow(290, 10)
    assert page()[:2] == (size, queries)
    assert "Колледж 0005" not in body and 'data-autocomplete-url="/organizations/choices/"' in body
