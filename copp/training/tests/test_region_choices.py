"""The region timetable's «Площадка» filter is a searchable choice (issue 15): the page draws only the chosen site,
so its size and queries do not grow with the region's 3 500 sites; a partner is offered only its own sites."""
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from copp.core.roles import Role
from copp.organizations.models import OrganizationType
from copp.resources.models import Site
from copp.resources.tests import factories as rf

pytestmark = pytest.mark.django_db


def _more_sites(template: Site, n: int, start: int):
    Site.objects.bulk_create([
        Site(organization=template.organization, name=f"Площадка {i:04}", address=template.address,
             capacity=template.capacity, municipality=template.municipality) for i in range(start, start + n)])


def _page(client, **query):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("training:region"), query)
    assert response.status_code == 200
    body = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", response.content)
    return len(body), len(queries)


def test_region_timetable_size_and_queries_do_not_grow_with_sites(world, login):
    site = rf.site(world.orgs[OrganizationType.PARTNER][0])
    client = login(world.users[Role.COORDINATOR][0])
    _more_sites(site, 10, 0)
    _page(client)
    small = _page(client), _page(client, site=site.pk)
    _more_sites(site, 490, 10)
    large = _page(client), _page(client, site=site.pk)
    assert Site.objects.count() > 500
    assert large == small
    page = client.get(reverse("training:region"), {"site": site.pk}).content.decode()
    select = re.search(r'<select name="site".*?</select>', page, re.S).group(0)
    assert select.count("<option") == 2 and f'value="{site.pk}" selected' in select
    assert f'data-autocomplete-url="{reverse("resources:site_choices")}"' in select


def test_a_partner_is_offered_only_its_own_sites(world, login):
    own = rf.site(world.orgs[OrganizationType.PARTNER][0], name="Своя площадка")
    other = rf.site(world.orgs[OrganizationType.PARTNER][1], name="Чужая площадка")
    found = login(world.users[Role.PARTNER][0]).get(reverse("resources:site_choices"), {"q": "площадка"}).json()
    assert [row["id"] for row in found["results"]] == [own.pk]
    assert other.pk not in [row["id"] for row in found["results"]]
    assert found["results"][0]["text"] == f"Своя площадка — {own.organization.short_name}"


def _organizations_with_sites_and_teachers(n, start, municipality):
    from copp.organizations.models import Organization
    from copp.resources.models import StaffMember

    orgs = Organization.objects.bulk_create([
        Organization(type=OrganizationType.EDUCATIONAL, name=f"Колледж {i:04}", short_name=f"Колледж {i:04}",
                     inn=f"78{i:08}") for i in range(start, start + n)])
    Site.objects.bulk_create([Site(organization=o, name=f"Площадка {o.short_name}", address="ул. Мира, 1",
                                   capacity=10, municipality=municipality) for o in orgs])
    StaffMember.objects.bulk_create([StaffMember(organization=o, last_name=f"Учитель{o.short_name[-4:]}",
                                                 first_name="Иван", position="Мастер") for o in orgs])


def test_staff_group_form_offers_the_groups_organisation_only_and_does_not_grow(world, login):
    """Issue 15: CoPP staff make groups of any organisation; the form must not list every site, teacher and
    curator of the region: those of the group's organisation only."""
    from ..models import Group
    from .factories import make_group

    partner = world.orgs[OrganizationType.PARTNER][0]
    own_site = rf.site(partner, name="Своя мастерская")
    group = make_group(partner)
    client = login(world.users[Role.STAFF][0])
    _organizations_with_sites_and_teachers(40, 0, own_site.municipality)

    def page(url):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        body = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", response.content)
        return len(body), len(queries), body.decode()

    new, edit = reverse("training:group_create"), reverse("training:group_update", args=[group.pk])
    page(new)
    small = page(new)[:2], page(edit)[:2]
    body = page(edit)[2]
    _organizations_with_sites_and_teachers(200, 40, own_site.municipality)
    assert (page(new)[:2], page(edit)[:2]) == small
    assert "Своя мастерская" in body and "Площадка Колледж 0001" not in body and "Учитель0001" not in body
    assert Group.objects.filter(pk=group.pk).exists()
