"""Rules of the roster and the journal that a review caught: the column fill reaches everyone without an
attendance mark, a final rating with a zero intermediate is not inflated, a learner can come back to a group
they left, a sending organisation must really have sent the person, a group takes only its provider's site and
teachers, far-off dates and odd calendar addresses never crash, and the API hides a group's lessons from
someone expelled from it."""
from decimal import Decimal

import pytest
from django.urls import reverse

from copp.core.roles import Role
from copp.directories.models import AttendanceStatus, GradeValue
from copp.organizations.models import Membership, MembershipRole, OrganizationType
from copp.resources.tests import factories as rf
from tests.factories import UserFactory

from .. import selectors, services
from ..models import Enrolment, EnrolmentStatus, Mark
from .factories import at, make_group, make_lesson, teacher_of, world_group

pytestmark = pytest.mark.django_db


def code(value):
    return GradeValue.objects.get(scale__code="five_point", code=value)


def test_column_fill_reaches_a_learner_who_has_only_a_grade(world):
    group, enrolment, lesson = world_group(world)
    other = make_lesson(group, starts_at=at(-1, 10))
    present = AttendanceStatus.objects.get(code="present")
    Mark.objects.create(enrolment=enrolment, lesson=lesson, attendance=present)
    graded = Mark.objects.create(enrolment=enrolment, lesson=other, grade=code("4"))
    before = graded.updated_at
    assert services.column_fill(actor=world.users[Role.STAFF][0], lesson=other, attendance=present) == 1
    graded.refresh_from_db()
    assert graded.attendance == present and graded.grade == code("4") and graded.updated_at > before


def test_final_rating_keeps_a_zero_intermediate(world):
    group, enrolment, lesson = world_group(world)
    Mark.objects.create(enrolment=enrolment, lesson=lesson, attendance=AttendanceStatus.objects.get(code="absent"))
    Enrolment.objects.filter(pk=enrolment.pk).update(final_grade=code("5"))
    (rating,) = selectors.rating_of(selectors.journal_of(group))
    assert rating.intermediate == Decimal("0.0") and rating.final == Decimal("50.0")


def test_a_learner_comes_back_to_a_group_left_by_mistake(world):
    staff, learner = world.users[Role.STAFF][0], world.users[Role.LEARNER][0]
    partner = world.orgs[OrganizationType.PARTNER][0]
    first = make_group(partner)
    second = make_group(partner, program=first.program)
    place = services.learner_add(actor=staff, group=first, learner=learner)
    services.enrolment_move(actor=staff, enrolment=place, target=second)
    back = services.enrolment_move(actor=staff, enrolment=Enrolment.objects.get(group=second, learner=learner),
                                   target=first)
    assert back.pk == place.pk and back.status == EnrolmentStatus.STUDYING and back.status_comment == ""
    services.enrolment_expel(actor=staff, enrolment=back, reason="Ошибочно")
    again = services.learner_add(actor=staff, group=first, learner=learner)
    assert again.pk == place.pk and again.status == EnrolmentStatus.STUDYING
    with pytest.raises(services.EnrolmentRefused):
        services.learner_add(actor=staff, group=first, learner=learner)
    assert Enrolment.objects.filter(group=first, learner=learner).count() == 1


def test_a_sending_organisation_must_have_sent_the_person(client, world):
    partner = world.orgs[OrganizationType.PARTNER][0]
    employer = world.orgs[OrganizationType.CUSTOMER][1]
    group = make_group(partner)
    stranger = UserFactory()
    client.force_login(world.users[Role.PARTNER][0])
    url = reverse("training:group_add", args=[group.pk])
    response = client.post(url, {"email": stranger.email, "sent_by": employer.pk}, follow=True)
    assert "не состоит в «" in response.content.decode()
    assert not Enrolment.objects.filter(group=group).exists()
    Membership.objects.create(user=stranger, organization=employer, role=MembershipRole.EMPLOYEE)
    client.post(url, {"email": stranger.email, "sent_by": employer.pk})
    assert Enrolment.objects.get(group=group, learner=stranger).sent_by == employer


def test_a_group_takes_only_its_providers_site_and_teachers(client, world):
    partner, other = world.orgs[OrganizationType.PARTNER]
    own = make_group(partner)
    foreign_site = rf.site(other)
    foreign_teacher = teacher_of(world.users[Role.TEACHER][1], other)
    client.force_login(world.users[Role.STAFF][0])
    data = {"code": own.code, "program": own.program_id, "provider": partner.pk, "starts_on": "2026-12-01",
            "ends_on": "2026-12-25", "capacity": 12, "status": "forming", "site": foreign_site.pk,
            "teachers": [foreign_teacher.pk]}
    response = client.post(reverse("training:group_update", args=[own.pk]), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Выберите площадку организации группы" in page and "Выберите преподавателей организации группы" in page
    response = client.post(reverse("training:group_update", args=[own.pk]),
                           data | {"site": "", "teachers": [], "ends_on": "9999-12-31"})
    assert response.status_code == 400 and "Укажите дату между 2000 и 2100 годами" in response.content.decode()


@pytest.mark.parametrize(("role", "url"), [
    (Role.LEARNER, "/training/my/week/?week=9999-12-31"),
    (Role.LEARNER, "/training/my/week/?week=0001-01-01"),
    (Role.COORDINATOR, "/training/region/?week=9999-12-31"),
    (Role.COORDINATOR, "/training/load/?from=9999-12-31&to=9999-12-31"),
    (Role.COORDINATOR, "/training/load/xlsx/?from=0001-01-01"),
])
def test_far_off_dates_show_this_week(client, world, role, url):
    import datetime

    from django.utils import timezone

    client.force_login(world.users[role][0])
    response = client.get(url)
    assert response.status_code == 200
    today = timezone.localdate()
    if url.startswith("/training/load/xlsx/"):
        # The file answers with the load table (no lessons in the world: no period columns, no rows), not an error.
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        import io

        import openpyxl

        sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
        assert [cell.value for cell in next(sheet.iter_rows(max_row=1))] == [
            "Площадка", "Организация", "Всего, часов", "Программы"]
        return
    first = response.context["first"]
    if url.startswith("/training/load/"):
        assert first == today
    else:
        assert first == today - datetime.timedelta(days=today.weekday())  # this week's Monday


@pytest.mark.parametrize("token", ["%00", "x" * 200, "абв", "a b"])
def test_odd_calendar_addresses_are_not_found(client, db, token):
    assert client.get(f"/training/calendar/{token}.ics").status_code == 404


def test_api_hides_the_lessons_of_a_group_one_was_expelled_from(client, world):
    group, enrolment, lesson = world_group(world)
    client.force_login(world.users[Role.LEARNER][0])
    assert [x["id"] for x in client.get("/api/v1/training/lessons/").json()["results"]] == [lesson.pk]
    services.enrolment_expel(actor=world.users[Role.STAFF][0], enrolment=enrolment, reason="Не приступил")
    assert client.get("/api/v1/training/lessons/").json()["results"] == []
    client.force_login(world.users[Role.TEACHER][0])
    assert [x["id"] for x in client.get("/api/v1/training/lessons/").json()["results"]] == [lesson.pk]
