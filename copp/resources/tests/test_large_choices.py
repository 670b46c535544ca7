"""Choosing the organisation of a new record or an import (issue 15): CoPP staff choose among every organisation
of the region, so the choice is searchable and the page does not grow with them; a partner with one or a few
organisations keeps the plain select."""
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from copp.core.roles import Role
from copp.organizations.models import Organization, OrganizationType

pytestmark = pytest.mark.django_db


def _more_organizations(n, start):
    Organization.objects.bulk_create([
        Organization(type=OrganizationType.PARTNER, name=f"АНО «Колледж {i:04}»", short_name=f"Колледж {i:04}",
                     inn=f"78{i:08}") for i in range(start, start + n)])


def _page(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    body = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", response.content)
    return len(body), len(queries), body.decode()


@pytest.mark.parametrize("url_name", ["resources:equipment_create", "resources:import"])
def test_staff_choose_the_organisation_by_search_and_the_page_does_not_grow(world, login, url_name):
    url = reverse(url_name, kwargs={"kind": "equipment"} if url_name == "resources:import" else None)
    client = login(world.users[Role.STAFF][0])
    _more_organizations(40, 0)
    _page(client, url)
    size, queries, body = _page(client, url)
    _more_organizations(460, 40)
    assert _page(client, url)[:2] == (size, queries)
    select = re.search(r'<select name="organization".*?</select>', body, re.S).group(0)
    assert select.count("<option") == 1  # «Choose…» only: the rest come from the search
    assert f'data-autocomplete-url="{reverse("organizations:choices")}"' in select


def test_a_partner_keeps_the_plain_select_of_its_own_organisation(world, login):
    _more_organizations(40, 0)
    client = login(world.users[Role.PARTNER][0])
    own = world.orgs[OrganizationType.PARTNER][0]
    body = client.get(reverse("resources:import", kwargs={"kind": "equipment"})).content.decode()
    assert "data-autocomplete-url" not in body
    assert f'value="{own.pk}"' in body  # the only one: a hidden field
    assert "Колледж 0001" not in body
