"""Own vacancies (M9): an employer writes one, staff publish or return it, it closes by itself when it expires;
citizens respond once; bad input changes nothing."""
import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from copp.careers.models import Vacancy, VacancyResponse, VacancyStatus
from copp.careers.services.vacancies import vacancies_close_expired
from copp.core.models import StatusChange
from copp.core.roles import Role
from copp.directories.models import Competency, Municipality
from copp.organizations.models import OrganizationType, VerificationStatus

from .factories import make_vacancy

pytestmark = pytest.mark.django_db


def form_data(world, **changes):
    data = {"employer": world.orgs[OrganizationType.CUSTOMER][0].pk, "title": "Электрогазосварщик 5 разряда",
            "municipality": Municipality.objects.order_by("pk").first().pk, "salary_from": "70000",
            "salary_to": "95000", "employment": "full", "schedule": "shift", "education": "vocational",
            "experience_years": "1", "duties": "Сварка металлоконструкций в цехе", "places": "2",
            "closes_on": (timezone.localdate() + datetime.timedelta(days=30)).isoformat()}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_employer_publishes_a_vacancy_that_staff_approve(client, world, django_capture_on_commit_callbacks):
    employer, staff = world.users[Role.CUSTOMER][0], world.users[Role.STAFF][0]
    client.force_login(employer)
    response = client.post(reverse("careers:create"), form_data(world))
    vacancy = Vacancy.objects.get(title="Электрогазосварщик 5 разряда")
    assert response.status_code == 302 and vacancy.status == VacancyStatus.DRAFT
    assert list(vacancy.competencies.values_list("name", flat=True)) == ["Сварочные технологии"]
    assert vacancy.profession.code == "19756" and vacancy.salary_sort == 95000
    client.post(reverse("careers:submit", args=[vacancy.pk]))
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.MODERATION
    assert client.get(reverse("careers:list")).content.decode().count("Электрогазосварщик 5 разряда") == 0

    client.force_login(staff)
    assert "Электрогазосварщик 5 разряда" in client.get(reverse("careers:moderation")).content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("careers:moderate", args=[vacancy.pk]), {"decision": "publish"})
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.PUBLISHED and vacancy.published_at
    assert [m.to for m in mail.outbox] == [[employer.email]]
    assert "опубликована" in mail.outbox[0].subject.lower()
    assert StatusChange.objects.filter(object_id=str(vacancy.pk)).count() == 3
    client.logout()
    assert "Электрогазосварщик 5 разряда" in client.get(reverse("careers:list")).content.decode()


def test_staff_return_a_vacancy_only_with_a_comment(client, world, django_capture_on_commit_callbacks):
    vacancy = make_vacancy(world.orgs[OrganizationType.CUSTOMER][0], status=VacancyStatus.MODERATION)
    client.force_login(world.users[Role.STAFF][0])
    client.post(reverse("careers:moderate", args=[vacancy.pk]), {"decision": "return", "comment": ""})
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.MODERATION
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("careers:moderate", args=[vacancy.pk]), {"decision": "return",
                                                                     "comment": "Укажите адрес"})
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.RETURNED and vacancy.moderation_comment == "Укажите адрес"
    assert "Укажите адрес" in mail.outbox[-1].body


def test_bad_input_changes_nothing_and_says_why_in_russian(client, world):
    client.force_login(world.users[Role.CUSTOMER][0])
    response = client.post(reverse("careers:create"), form_data(
        world, salary_from="90000", salary_to="50000", closes_on="2001-01-01", places="0", title=""))
    page = response.content.decode()
    assert response.status_code == 400 and not Vacancy.objects.exists()
    assert "не может быть ниже" in page and "в прошлом" in page


def test_an_unverified_employer_cannot_send_to_moderation(client, world):
    org = world.orgs[OrganizationType.CUSTOMER][0]
    org.verification_status = VerificationStatus.PENDING
    org.save()
    vacancy = make_vacancy(org, status=VacancyStatus.DRAFT)
    client.force_login(world.users[Role.CUSTOMER][0])
    client.post(reverse("careers:submit", args=[vacancy.pk]))
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.DRAFT


def test_another_employer_sees_404(client, world):
    vacancy = make_vacancy(world.orgs[OrganizationType.CUSTOMER][0], status=VacancyStatus.DRAFT)
    client.force_login(world.users[Role.CUSTOMER][1])
    assert client.get(reverse("careers:update", args=[vacancy.pk])).status_code == 404
    assert client.get(reverse("careers:detail", args=[vacancy.pk])).status_code == 404


def test_an_expired_vacancy_closes_by_itself(world):
    org = world.orgs[OrganizationType.CUSTOMER][0]
    old = make_vacancy(org, closes_on=timezone.localdate() - datetime.timedelta(days=1))
    fresh = make_vacancy(org, closes_on=timezone.localdate() + datetime.timedelta(days=1))
    assert vacancies_close_expired() == 1
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert old.status == VacancyStatus.CLOSED and old.closed_at and fresh.status == VacancyStatus.PUBLISHED


def test_a_citizen_responds_once_and_the_employer_sees_it(client, world, django_capture_on_commit_callbacks):
    employer = world.users[Role.CUSTOMER][0]
    vacancy = make_vacancy(world.orgs[OrganizationType.CUSTOMER][0])
    learner = world.users[Role.LEARNER][0]
    client.force_login(learner)
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("careers:respond", args=[vacancy.pk]), {"message": "Опыт 3 года", "phone": "+7 900"})
    assert VacancyResponse.objects.filter(vacancy=vacancy).count() == 1
    assert employer.email in [m.to[0] for m in mail.outbox]
    client.force_login(employer)
    assert "Опыт 3 года" in client.get(reverse("careers:responses")).content.decode()
    client.force_login(world.users[Role.CUSTOMER][1])
    assert "Опыт 3 года" not in client.get(reverse("careers:responses")).content.decode()


def test_an_imported_vacancy_sends_the_citizen_to_its_source(client, world):
    vacancy = make_vacancy(None, source="hhru")
    client.force_login(world.users[Role.LEARNER][0])
    page = client.get(reverse("careers:detail", args=[vacancy.pk])).content.decode()
    assert vacancy.source_url in page
    client.post(reverse("careers:respond", args=[vacancy.pk]), {"message": "x"})
    assert not VacancyResponse.objects.exists()


def test_the_vacancy_page_shows_the_programs_that_train_for_it(client, world):
    from copp.programs.models import Program, ProgramStatus
    from copp.programs.tests.factories import make_program

    welding = Competency.objects.get(name="Сварочные технологии")
    program = make_program(world.orgs[OrganizationType.PARTNER][0], title="Сварщик ручной дуговой сварки",
                           status=ProgramStatus.PUBLISHED)
    program.competencies.add(welding)
    Program.objects.filter(pk=program.pk).update(status=ProgramStatus.PUBLISHED)
    vacancy = make_vacancy(None, competencies=[welding])
    page = client.get(reverse("careers:detail", args=[vacancy.pk])).content.decode()
    assert "Сварщик ручной дуговой сварки" in page
    fragment = client.get(reverse("careers:for_competencies"), {"competency": welding.pk}).content.decode()
    assert vacancy.title in fragment
