"""The register of consultations on an individual learning plan (M27): entry with its rules, one row per person,
organisation and day, the list with search, filters, pages and Excel, who sees and who edits what."""
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from copp.careers.models import PlanConsultation
from copp.careers.services.consultations import person_key
from copp.core.roles import Role
from copp.organizations.models import OrganizationType
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

from .factories import make_consultation

pytestmark = pytest.mark.django_db


@pytest.fixture
def copp_org():
    return OrganizationFactory(type=OrganizationType.COPP, short_name="ЦОПП Север")


@pytest.fixture
def staff(copp_org):
    user = UserFactory(roles=[Role.STAFF], last_name="Методистова", first_name="Мария")
    MembershipFactory(user=user, organization=copp_org)
    return user


def _form(org, consultant, **changes):
    data = {"held_on": "2025-03-04", "account_email": "", "full_name": "Иванов Иван Иванович",
            "contact": "+7 912 000-11-22", "organization": org.pk, "consultant": consultant.pk,
            "topic": "Выбор программы переподготовки", "result": "Составлен план", "program": ""}
    return {**data, **changes}


def test_person_key_writes_one_person_one_way():
    assert person_key(full_name="Иванов  Иван", contact="+7 (912) 000-11-22") == \
        person_key(full_name="иванов иван", contact="8 912 000 11 22") == "n:иванов иван|79120001122"
    assert person_key(full_name="Пётр", contact="P@Example.ru ") == "n:петр|p@example.ru"


def test_staff_record_a_consultation_once(client, staff, copp_org):
    client.force_login(staff)
    url = reverse("consultations:create")
    page = client.get(url)
    assert page.status_code == 200 and "Электронная почта учётной записи гражданина" in page.content.decode()
    response = client.post(url, _form(copp_org, staff))
    assert response.status_code == 302
    saved = PlanConsultation.objects.get()
    assert (saved.full_name, saved.organization, saved.consultant, saved.created_by) == (
        "Иванов Иван Иванович", copp_org, staff, staff)
    # The same form sent again (a double click) adds nothing and says why.
    again = client.post(url, _form(copp_org, staff, contact="8 (912) 000 11 22"))
    assert again.status_code == 400
    assert "Консультация этого человека в этот день уже есть в реестре." in again.content.decode()
    assert PlanConsultation.objects.count() == 1


@pytest.mark.parametrize(("changes", "message"), [
    ({"held_on": "2099-01-01"}, "Консультация не может быть в будущем."),
    ({"full_name": "", "contact": ""}, "Укажите ФИО гражданина или электронную почту его учётной записи."),
    ({"contact": ""}, "Укажите телефон или электронную почту, чтобы один человек считался один раз."),
    ({"account_email": "nobody@example.ru"}, "На платформе нет пользователя с такой почтой."),
    ({"topic": ""}, "Обязательное поле."),
    ({"held_on": "04.03.2025x"}, "Введите правильную дату."),
])
def test_bad_input_is_refused_with_a_message(client, staff, copp_org, changes, message):
    client.force_login(staff)
    response = client.post(reverse("consultations:create"), _form(copp_org, staff, **changes))
    assert response.status_code == 400 and message in response.content.decode()
    assert not PlanConsultation.objects.exists()


def test_other_organisations_and_their_people_are_refused(client, staff, copp_org):
    other = OrganizationFactory(type=OrganizationType.COPP, short_name="ЦОПП Юг")
    outsider = UserFactory(roles=[Role.STAFF])
    MembershipFactory(user=outsider, organization=other)
    client.force_login(staff)
    response = client.post(reverse("consultations:create"), _form(other, staff))
    assert response.status_code == 400
    response = client.post(reverse("consultations:create"), _form(copp_org, outsider))
    assert response.status_code == 400
    assert not PlanConsultation.objects.exists()


def test_a_platform_user_is_linked_by_the_e_mail_of_the_account(client, staff, copp_org):
    citizen = UserFactory(email="anna@example.ru", last_name="Анина", first_name="Анна", roles=[Role.LEARNER])
    client.force_login(staff)
    response = client.post(reverse("consultations:create"),
                           _form(copp_org, staff, account_email="ANNA@example.ru", full_name="", contact=""))
    assert response.status_code == 302
    saved = PlanConsultation.objects.get()
    assert saved.citizen == citizen and saved.full_name.startswith("Анина Анна") and saved.person_key == \
        f"u:{citizen.pk}"


def test_edit_keeps_the_rules_and_outsiders_get_404(client, staff, copp_org):
    consultation = make_consultation(copp_org, staff, held_on=datetime.date(2025, 3, 4), full_name="Петров Пётр",
                                     contact="petrov@example.ru")
    client.force_login(staff)
    url = reverse("consultations:update", args=[consultation.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _form(copp_org, staff, full_name="Петров Пётр", contact="petrov@example.ru",
                                      result="Выбрана программа"))
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert consultation.result == "Выбрана программа"
    other = UserFactory(roles=[Role.STAFF])
    MembershipFactory(user=other, organization=OrganizationFactory(type=OrganizationType.COPP))
    client.force_login(other)
    assert client.get(url).status_code == 404
    coordinator = UserFactory(roles=[Role.COORDINATOR])
    client.force_login(coordinator)
    assert client.get(url).status_code == 403  # the coordinator reads the register, does not keep it


def test_list_search_filters_pages_and_excel(client, staff, copp_org):
    from openpyxl import load_workbook

    other = OrganizationFactory(type=OrganizationType.COPP, short_name="ЦОПП Юг")
    make_consultation(copp_org, staff, held_on=datetime.date(2025, 3, 4), full_name="Анина Анна",
                      topic="Выбор программы")
    make_consultation(copp_org, staff, held_on=datetime.date(2025, 5, 4), full_name="Бобров Борис",
                      topic="Смена профессии")
    make_consultation(other, staff, held_on=datetime.date(2025, 4, 4), full_name="Чужой Человек")
    client.force_login(staff)
    url = reverse("consultations:list")
    page = client.get(url)
    names = [c.full_name for c in page.context["consultations"]]
    assert names == ["Бобров Борис", "Анина Анна"]  # the newest first; another CoPP's row is not shown
    assert [c.full_name for c in client.get(url, {"q": "смена"}).context["consultations"]] == ["Бобров Борис"]
    found = client.get(url, {"date_from": "2025-03-01", "date_to": "2025-03-31"}).context["consultations"]
    assert [c.full_name for c in found] == ["Анина Анна"]
    response = client.get(reverse("consultations:xlsx"), {"q": "анина"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = [row for row in sheet.iter_rows(values_only=True) if any(row)]
    assert rows[-1][1] == "Анина Анна" and rows[-1][0] == datetime.datetime(2025, 3, 4)
    assert len(rows) == 3  # the title, the header, one consultation
    # The coordinator reads the whole region, without the button to add.
    client.force_login(UserFactory(roles=[Role.COORDINATOR]))
    page = client.get(url)
    assert len(page.context["consultations"]) == 3 and not page.context["can_add"]
    assert [c.full_name for c in client.get(url, {"organization_name": "юг"}).context["consultations"]] == [
        "Чужой Человек"]


def _queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_list_makes_the_same_queries_for_few_and_many(client, staff, copp_org):
    make_consultation(copp_org, staff)
    client.force_login(staff)
    url = reverse("consultations:list")
    few = _queries(client, url)
    day = timezone.localdate()
    for n in range(40):
        make_consultation(copp_org, UserFactory(), held_on=day - datetime.timedelta(days=n), citizen=UserFactory())
    assert _queries(client, url) == few
