"""The materials catalogue's «Организация» filter is a searchable choice (issue 15): the page draws only the chosen
organisation, so it does not grow with the region's publishers; the public endpoint offers only organisations
whose materials passed review; the library's authors' endpoint is the CoPP's."""
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from copp.core.roles import Role
from copp.learning.materials.models import VersionStatus
from copp.organizations.models import Organization, OrganizationType

from .factories import material_row

pytestmark = pytest.mark.django_db


def _publishers(world, n, start, status=VersionStatus.APPROVED):
    orgs = Organization.objects.bulk_create([
        Organization(type=OrganizationType.PARTNER, name=f"АНО «Колледж {i:04}»", short_name=f"Колледж {i:04}",
                     inn=f"78{i:08}") for i in range(start, start + n)])
    for org in orgs:
        material_row(world.users[Role.PARTNER][0], org, title=f"Материал {org.short_name}", status=status)
    return orgs


def _page(client, **query):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("learning:materials_catalogue"), query)
    assert response.status_code == 200
    body = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", response.content)
    return len(body), len(queries)


def test_catalogue_does_not_grow_with_publishers(world, client):
    own = world.orgs[OrganizationType.PARTNER][0]
    material_row(world.users[Role.PARTNER][0], own, title="Сварка: лекция")
    _publishers(world, 5, 0)
    _page(client, organization=own.pk)
    small = _page(client, organization=own.pk)
    _publishers(world, 60, 5)
    assert _page(client, organization=own.pk) == small
    page = client.get(reverse("learning:materials_catalogue"), {"organization": own.pk}).content.decode()
    select = re.search(r'<select name="organization".*?</select>', page, re.S).group(0)
    assert select.count("<option") == 2 and f'value="{own.pk}" selected' in select


def test_the_publishers_endpoint_is_public_and_offers_only_reviewed_ones(world, client):
    shown = _publishers(world, 2, 0)
    drafts = _publishers(world, 2, 2, status=VersionStatus.DRAFT)
    found = client.get(reverse("learning:materials_publisher_choices"), {"q": "колледж"}).json()["results"]
    assert {row["id"] for row in found} == {org.pk for org in shown}
    assert not {row["id"] for row in found} & {org.pk for org in drafts}
    client.force_login(world.users[Role.STAFF][0])
    found = client.get(reverse("learning:materials_author_choices"), {"q": "колледж"}).json()["results"]
    assert {row["id"] for row in found} == {org.pk for org in shown + drafts}
