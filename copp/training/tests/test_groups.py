"""Groups and enrolment: from accepted applications (one and many, the application becomes «enrolled»), by
hand, move, expel, completion with the document (the application closes as completed)."""
import pytest
from django.urls import reverse

from copp.admissions.models import ApplicationStatus
from copp.admissions.tests.factories import application
from copp.core.roles import Role
from copp.directories.models import GradeValue
from copp.organizations.models import OrganizationType
from tests.factories import UserFactory

from ..models import Enrolment, EnrolmentStatus
from .factories import enrol, make_group

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(world):
    return world.orgs[OrganizationType.PARTNER][0]


def test_bulk_enrolment_from_accepted_applications(client, world, partner):
    group = make_group(partner, capacity=2)
    people = [UserFactory(roles=[Role.LEARNER]) for _ in range(3)]
    apps = [application(p, group.program, status=ApplicationStatus.ACCEPTED) for p in people]
    client.force_login(world.users[Role.PARTNER][0])
    response = client.post(reverse("training:group_enrol", args=[group.pk]),
                           {"application": [a.pk for a in apps]}, follow=True)
    assert response.status_code == 200
    statuses = [a.status for a in type(apps[0]).objects.filter(pk__in=[a.pk for a in apps]).order_by("pk")]
    assert statuses == [ApplicationStatus.ENROLLED, ApplicationStatus.ENROLLED, ApplicationStatus.ACCEPTED]
    assert Enrolment.objects.filter(group=group, status=EnrolmentStatus.STUDYING).count() == 2
    assert "Нет свободных мест в группе" in response.content.decode()
    page = client.get(reverse("training:group", args=[group.pk])).content.decode()
    assert people[0].get_full_name() in page and "Обучается" in page


def test_outsider_partner_cannot_enrol_into_foreign_group(client, world, partner):
    group = make_group(partner)
    app = application(UserFactory(), group.program, status=ApplicationStatus.ACCEPTED)
    client.force_login(world.users[Role.PARTNER][1])
    assert client.post(reverse("training:group_enrol", args=[group.pk]), {"application": [app.pk]}).status_code == 404
    app.refresh_from_db()
    assert app.status == ApplicationStatus.ACCEPTED


def test_add_by_hand_move_and_expel(client, world, partner):
    group = make_group(partner)
    other = make_group(partner, program=group.program)
    learner = world.users[Role.LEARNER][0]
    client.force_login(world.users[Role.STAFF][0])
    client.post(reverse("training:group_add", args=[group.pk]), {"email": learner.email.upper()})
    enrolment = Enrolment.objects.get(group=group, learner=learner)
    response = client.post(reverse("training:group_add", args=[group.pk]), {"email": learner.email}, follow=True)
    assert "уже в группе" in response.content.decode()
    client.post(reverse("training:enrolment_move", args=[enrolment.pk]), {"target": other.pk, "reason": ""})
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.MOVED
    moved = Enrolment.objects.get(group=other, learner=learner)
    response = client.post(reverse("training:enrolment_expel", args=[moved.pk]), {"reason": ""}, follow=True)
    assert "Укажите причину отчисления" in response.content.decode()
    client.post(reverse("training:enrolment_expel", args=[moved.pk]), {"reason": "Не приступил к обучению"})
    moved.refresh_from_db()
    assert moved.status == EnrolmentStatus.EXPELLED and moved.status_comment == "Не приступил к обучению"


def test_completion_records_document_and_closes_application(client, world, partner):
    group = make_group(partner)
    learner = UserFactory()
    app = application(learner, group.program, status=ApplicationStatus.ENROLLED)
    enrolment = enrol(group, learner, application=app)
    client.force_login(world.users[Role.PARTNER][0])
    url = reverse("training:enrolment_complete", args=[enrolment.pk])
    five = GradeValue.objects.get(scale__code="five_point", code="5")
    two = GradeValue.objects.get(scale__code="five_point", code="2")
    data = {"final_grade": two.pk, "document_type": "upskilling_certificate", "document_series": "66",
            "document_number": "000123", "document_date": "2026-12-20"}
    assert client.post(url, data).status_code == 400
    response = client.post(url, data | {"final_grade": five.pk})
    assert response.status_code == 302
    enrolment.refresh_from_db()
    app.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.COMPLETED and enrolment.document_number == "000123"
    assert app.status == ApplicationStatus.COMPLETED


def test_partner_creates_a_group_of_own_program_only(client, world, partner):
    from copp.admissions.tests.factories import program as make_program

    own = make_program(partner)
    foreign = make_program(world.orgs[OrganizationType.PARTNER][1])
    client.force_login(world.users[Role.PARTNER][0])
    data = {"code": "СВ-2026-77", "program": own.pk, "provider": partner.pk, "starts_on": "2026-12-01",
            "ends_on": "2026-12-25", "capacity": 12, "status": "forming"}
    assert client.post(reverse("training:group_create"), data | {"program": foreign.pk}).status_code == 400
    assert client.post(reverse("training:group_create"), data | {"ends_on": "2026-11-01"}).status_code == 400
    response = client.post(reverse("training:group_create"), data)
    assert response.status_code == 302
    assert client.get(response.url).status_code == 200


@pytest.mark.parametrize(("name", "data", "status", "message"), [
    # The live check answers an unreadable time with an empty box: the form itself names the fields on submit.
    ("training:lesson_check", {"one-date": "не дата", "one-start": "25:00"}, 200, '<div id="busy-box"'),
    ("training:lesson_pattern", {"week-date": "2026-12-10", "week-date_to": "2026-12-01"}, 400,
     "Последняя дата должна быть позже первой"),
    ("training:group_add", {"email": "no-such@example.ru"}, 302, "нет пользователя с такой электронной почтой"),
    ("training:group_enrol", {"application": ["x", "999999"]}, 302, "Выберите хотя бы одну заявку"),
])
def test_bad_input_is_answered_not_crashed(client, world, partner, name, data, status, message):
    group = make_group(partner)
    client.force_login(world.users[Role.STAFF][0])
    response = client.post(reverse(name, args=[group.pk]), data)
    assert response.status_code == status
    page = client.get(response.url).content.decode() if status == 302 else response.content.decode()
    assert message in page
    assert not group.lessons.exists() and not group.enrolments.exists()


def test_group_list_searches_by_code_and_program(client, world, partner):
    welding = make_group(partner, code="СВ-2027-01")
    other = make_group(partner, code="ЭЛ-2027-02")
    client.force_login(world.users[Role.STAFF][0])
    url = reverse("training:groups")
    page = client.get(url, {"q": "св-2027"}).content.decode()
    assert welding.code in page and other.code not in page
    page = client.get(url, {"q": other.program.title[:12]}).content.decode()
    assert other.code in page
    page = client.get(url, {"q": "нет такой группы"}).content.decode()
    assert "Нет групп, подходящих под поиск." in page and 'value="нет такой группы"' in page
