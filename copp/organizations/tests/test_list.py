"""The database of organisations (M16): search, filters, sorting, pages, Excel export, query count."""
from html import unescape
from io import BytesIO

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from copp.core.roles import Role
from copp.directories.models import Competency, Municipality
from copp.organizations.models import OrganizationType, VerificationStatus
from tests.factories import MembershipFactory, OrganizationFactory

LIST = reverse("organizations:list")
EXPORT = reverse("organizations:export")


def names(response):
    return [o.short_name for o in response.context["organizations"]]


@pytest.fixture
def staff_client(client, world, login):
    return login(world.users[Role.STAFF][0])


def test_lists_everything_with_count(staff_client, world):
    response = staff_client.get(LIST)
    assert response.status_code == 200
    assert response.context["count"] == 2 * len(OrganizationType)
    html = response.content.decode()
    assert reverse("organizations:detail", args=[world.orgs[OrganizationType.CUSTOMER][0].pk]) in html
    assert 'class="offcanvas-lg' in html  # filters fold into an off-canvas panel on phones
    assert EXPORT in html


def test_filter_by_type_and_status(staff_client, world):
    customers = world.orgs[OrganizationType.CUSTOMER]
    assert sorted(names(staff_client.get(LIST, {"type": "customer"}))) == sorted(o.short_name for o in customers)
    customers[0].verification_status = VerificationStatus.PENDING
    customers[0].save()
    response = staff_client.get(LIST, {"status": "pending"})
    assert names(response) == [customers[0].short_name]
    assert names(staff_client.get(LIST, {"status": "pending", "type": "partner"})) == []


def test_filter_by_municipality_and_competency(staff_client, world):
    municipality = Municipality.objects.order_by("pk").first()
    competency = Competency.objects.order_by("pk").first()
    partner = world.orgs[OrganizationType.PARTNER][1]
    partner.municipality = municipality
    partner.save()
    partner.competencies.add(competency)
    assert names(staff_client.get(LIST, {"municipality": municipality.pk})) == [partner.short_name]
    response = staff_client.get(LIST, {"competency": competency.pk})
    assert names(response) == [partner.short_name]
    chips = response.context["chips"]
    assert [c["value"] for c in chips] == [competency.name]
    assert "competency" not in chips[0]["url"]


def test_search_by_name_and_inn(staff_client, world):
    target = OrganizationFactory(name="Акционерное общество «Уральский турбинный завод»", short_name="АО «УТЗ»")
    assert names(staff_client.get(LIST, {"q": "турбинный"})) == ["АО «УТЗ»"]
    assert names(staff_client.get(LIST, {"q": "УТЗ"})) == ["АО «УТЗ»"]
    assert names(staff_client.get(LIST, {"q": target.inn})) == ["АО «УТЗ»"]
    response = staff_client.get(LIST, {"q": "несуществующее"})
    assert names(response) == []
    html = unescape(response.content.decode())
    assert 'href="/organizations/list/"' in html  # «Сбросить фильтры»


def test_sorting_and_member_counts(staff_client, world):
    newest = OrganizationFactory(short_name="AAA первая по алфавиту")
    MembershipFactory(organization=newest)
    MembershipFactory(organization=newest)
    MembershipFactory(organization=newest, is_active=False)
    by_name = staff_client.get(LIST, {"sort": "name"})
    assert names(by_name)[0] == newest.short_name
    assert by_name.context["organizations"][0].member_count == 2
    assert names(staff_client.get(LIST, {"sort": "-date"}))[0] == newest.short_name
    assert names(staff_client.get(LIST, {"sort": "date"}))[-1] == newest.short_name


def test_member_count_not_inflated_by_competency_join(staff_client, world):
    organization = world.orgs[OrganizationType.CUSTOMER][0]
    competencies = list(Competency.objects.order_by("pk")[:3])
    organization.competencies.set(competencies)
    MembershipFactory(organization=organization)
    response = staff_client.get(LIST, {"competency": competencies[0].pk})
    assert [o.member_count for o in response.context["organizations"]] == [2]


def test_broken_parameters_are_ignored(staff_client):
    response = staff_client.get(LIST, {"municipality": "abc", "type": "nope", "sort": "x", "page": "999"})
    assert response.status_code == 200
    assert response.context["count"] == 2 * len(OrganizationType)


def test_pagination(staff_client, world):
    OrganizationFactory.create_batch(30)
    first = staff_client.get(LIST)
    assert len(first.context["organizations"]) == 25
    second = staff_client.get(LIST, {"page": 2})
    assert len(second.context["organizations"]) == 30 + 2 * len(OrganizationType) - 25


@pytest.mark.parametrize(("role", "status"), [
    (Role.STAFF, 200), (Role.COORDINATOR, 200), (Role.ADMIN, 200),
    (Role.LEARNER, 403), (Role.PARTNER, 403), (Role.CUSTOMER, 403), (Role.TEACHER, 403),
])
def test_list_access(client, world, login, role, status):
    login(world.users[role][0])
    assert client.get(LIST).status_code == status
    assert client.get(EXPORT).status_code == status


def test_anonymous_list_goes_to_login(client, db):
    assert client.get(LIST).status_code == 302


def test_export_has_the_filtered_rows(client, world, login):
    login(world.users[Role.COORDINATOR][0])
    competency = Competency.objects.order_by("pk").first()
    customer = world.orgs[OrganizationType.CUSTOMER][0]
    customer.competencies.add(competency)
    response = client.get(EXPORT, {"type": "customer"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "organizations.xlsx" in response["Content-Disposition"]
    book = openpyxl.load_workbook(BytesIO(b"".join(response.streaming_content)))
    sheet = book.active
    rows = list(sheet.iter_rows(values_only=True))
    header, data = rows[0], rows[1:]
    assert len(header) >= 10
    inns = {row[header.index(str(customer._meta.get_field("inn").verbose_name))] for row in data}
    assert inns == {o.inn for o in world.orgs[OrganizationType.CUSTOMER]}
    assert any(competency.name in (row[11] or "") for row in data)


def test_list_query_count_does_not_grow(staff_client, world):
    def grow(n):
        municipality = Municipality.objects.order_by("pk").first()
        competency = Competency.objects.order_by("pk").first()
        for organization in OrganizationFactory.create_batch(n, municipality=municipality):
            organization.competencies.add(competency)
            MembershipFactory(organization=organization)

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = staff_client.get(LIST, {"sort": "-date"})
        assert response.status_code == 200
        return len(queries), len(response.context["organizations"])

    grow(2)
    count()  # warm the per-process caches (branding)
    small, rows_small = count()
    grow(10 * (2 * len(OrganizationType) + 2))
    large, rows_large = count()
    assert rows_large > rows_small
    assert large == small


def test_export_query_count_does_not_grow(client, world, login):
    login(world.users[Role.STAFF][0])

    def count():
        with CaptureQueriesContext(connection) as queries:
            b"".join(client.get(EXPORT).streaming_content)
        return len(queries)

    count()  # warm the per-process caches
    small = count()
    for organization in OrganizationFactory.create_batch(20):
        MembershipFactory(organization=organization)
    assert count() == small
