"""Organisations: public cards for everyone, full cards for browsers, members and the token's own one."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from copp.api.serializers import ORGANIZATION_FULL_FIELDS, ORGANIZATION_PUBLIC_FIELDS
from copp.core.roles import Role
from copp.directories.models import Competency, Municipality
from copp.organizations.models import Organization, OrganizationType, VerificationStatus
from tests.factories import OrganizationFactory

LIST = reverse("api:organization-list")
PUBLIC = set(ORGANIZATION_PUBLIC_FIELDS)
FULL = PUBLIC | set(ORGANIZATION_FULL_FIELDS)


def detail(org):
    return reverse("api:organization-detail", args=[org.pk])


def all_results(client, **params):
    return client.get(LIST, {"page_size": 200, **params}).json()["results"]


@pytest.fixture
def pending(world):
    return OrganizationFactory(short_name="ООО «На проверке»", verification_status=VerificationStatus.PENDING)


def test_anonymous_sees_verified_public_cards(api, world, pending):
    results = all_results(api)
    verified = Organization.objects.filter(verification_status=VerificationStatus.VERIFIED)
    assert len(results) == verified.count()
    assert pending.pk not in {r["id"] for r in results}
    for card in results:
        assert set(card) == PUBLIC
        assert "kpp" not in card and "email" not in card
    card = api.get(detail(world.orgs[OrganizationType.CUSTOMER][0])).json()
    assert set(card) == PUBLIC


def test_anonymous_gets_404_for_unverified(api, pending):
    assert api.get(detail(pending)).status_code == 404


@pytest.mark.parametrize("role", [Role.STAFF, Role.COORDINATOR, Role.ADMIN])
def test_browsers_see_every_organisation_in_full(api, world, pending, role):
    api.force_login(world.users[role][0])
    results = all_results(api)
    assert len(results) == Organization.objects.count()
    assert all(set(card) == FULL for card in results)
    card = api.get(detail(pending)).json()
    assert card["verification_status"] == "pending"
    assert card["kpp"] == pending.kpp and card["email"] == pending.email
    assert [r["id"] for r in all_results(api, verification_status="pending")] == [pending.pk]


def test_member_sees_own_organisation_in_full_and_others_public(api, world):
    own, other = world.orgs[OrganizationType.PARTNER]
    Organization.objects.filter(pk=own.pk).update(verification_status=VerificationStatus.PENDING)
    api.force_login(world.users[Role.PARTNER][0])
    cards = {card["id"]: card for card in all_results(api)}
    assert set(cards[own.pk]) == FULL
    assert set(cards[other.pk]) == PUBLIC
    assert set(api.get(detail(other)).json()) == PUBLIC


def test_token_sees_own_organisation_in_full_and_others_public(api, world, issue_token):
    own, other = world.orgs[OrganizationType.CUSTOMER]
    Organization.objects.filter(pk=own.pk).update(verification_status=VerificationStatus.PENDING)
    _token, key = issue_token(own)
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    card = api.get(detail(own)).json()
    assert set(card) == FULL and card["kpp"] == own.kpp
    card = api.get(detail(other)).json()
    assert set(card) == PUBLIC
    cards = {card["id"]: card for card in all_results(api)}
    assert set(cards[own.pk]) == FULL
    assert all(set(c) == PUBLIC for pk, c in cards.items() if pk != own.pk)
    foreign_pending = OrganizationFactory(verification_status=VerificationStatus.PENDING)
    assert api.get(detail(foreign_pending)).status_code == 404


def test_filters_and_search(api, world):
    from copp.directories.models import Region

    region = Region.objects.order_by("pk").first() or Region.objects.create(code="T-66", name="Тестовая область")
    town = Municipality.objects.create(code="T-EKB", name="Тестовый город", region=region)
    welding = Competency.objects.create(code="T-W", name="Сварка")
    target = world.orgs[OrganizationType.EDUCATIONAL][1]
    Organization.objects.filter(pk=target.pk).update(municipality=town, name="Уральский колледж сварки",
                                                     short_name="УКС", inn="6670000011")
    target.competencies.add(welding)
    ids = {r["id"] for r in all_results(api, type="educational")}
    assert ids == {o.pk for o in world.orgs[OrganizationType.EDUCATIONAL]}
    assert [r["id"] for r in all_results(api, municipality=town.pk)] == [target.pk]
    assert [r["id"] for r in all_results(api, competency=welding.pk)] == [target.pk]
    assert all_results(api, competency=welding.pk)[0]["competencies"] == [welding.pk]
    assert [r["id"] for r in all_results(api, search="колледж")] == [target.pk]
    assert [r["id"] for r in all_results(api, search="667000001")] == [target.pk]
    assert api.get(LIST, {"type": "alien"}).status_code == 400
    assert api.get(LIST, {"competency": 10**9}).status_code == 400


def test_ordering_and_pagination(api, world):
    body = api.get(LIST, {"page_size": 3, "ordering": "-short_name"}).json()
    assert len(body["results"]) == 3 and body["next"]
    names = [r["short_name"] for r in all_results(api, ordering="-short_name")]
    assert names == sorted(names, reverse=True)


def _count_queries(client):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(LIST, {"page_size": 200})
    assert response.status_code == 200
    return len(ctx), len(response.json()["results"])


@pytest.mark.parametrize("caller", ["anonymous", "staff", "member", "token"])
def test_list_query_count_does_not_grow_with_organisations(api, world, issue_token, caller):
    if caller in ("staff", "member"):
        api.force_login(world.users[Role.STAFF if caller == "staff" else Role.CUSTOMER][0])
    elif caller == "token":
        _token, key = issue_token(world.orgs[OrganizationType.CUSTOMER][0])
        api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    competencies = list(Competency.objects.all()[:3])
    towns = list(Municipality.objects.all()[:3])

    def grow(n):
        for i in range(n):
            org = OrganizationFactory(municipality=towns[i % len(towns)] if towns else None)
            org.competencies.set(competencies)

    grow(10)
    _count_queries(api)  # warm up: the token's last_used_at is written at most once a minute
    few, few_rows = _count_queries(api)
    grow(90)
    many, many_rows = _count_queries(api)
    assert many_rows >= few_rows + 90
    assert many == few, f"{few} queries for {few_rows} organisations, {many} for {many_rows}"
