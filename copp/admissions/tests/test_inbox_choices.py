"""The inbox's program and organisation filters are searchable choices (issue 15): the page draws only the chosen
option, so its size and its queries do not grow with the region's programs and organisations; the chosen one keeps
its label after a submit; a partner can neither choose nor be offered another organisation's program."""
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from copp.core.roles import Role
from copp.organizations.models import Organization, OrganizationType
from copp.programs.models import Program

from . import factories

pytestmark = pytest.mark.django_db


def _more_programs(program, n):
    Program.objects.bulk_create([
        Program(title=f"Программа региона {i:04}", kind=program.kind, provider=program.provider, hours=72,
                study_form=program.study_form, document=program.document, status=program.status, is_free=True)
        for i in range(n)])


def _more_organizations(n, start):
    Organization.objects.bulk_create([
        Organization(type=OrganizationType.CUSTOMER, name=f"ООО «Заказчик {i:04}»", short_name=f"Заказчик {i:04}",
                     inn=f"77{i:08}") for i in range(start, start + n)])


def _page(client, **query):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("admissions:inbox"), query)
    assert response.status_code == 200
    # The CSRF token is masked anew on every page; everything else must be the same.
    body = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", response.content)
    return len(body), len(queries)


def test_inbox_page_size_and_queries_do_not_grow_with_programs_and_organisations(world, program, login):
    factories.application(world.users[Role.LEARNER][0], program)
    client = login(world.users[Role.STAFF][0])
    _more_programs(program, 10)
    _more_organizations(10, 0)
    _page(client)
    small = _page(client), _page(client, program=program.pk)
    _more_programs(program, 490)
    _more_organizations(490, 10)
    large = _page(client), _page(client, program=program.pk)
    assert Program.objects.count() > 500 and Organization.objects.count() > 500
    assert large == small


def test_the_chosen_program_keeps_its_label_after_a_submit_with_an_error(world, program, login):
    client = login(world.users[Role.STAFF][0])
    _more_programs(program, 5)
    response = client.get(reverse("admissions:inbox"), {"program": program.pk, "date_from": "not-a-date"})
    page = response.content.decode()
    select = re.search(r'<select name="program".*?</select>', page, re.S).group(0)
    assert f'<option value="{program.pk}" selected>{program.title}</option>' in select
    assert select.count("<option") == 2  # «All programs» and the chosen one, not the region's list
    assert f'data-autocomplete-url="{reverse("programs:choices")}"' in select


def test_a_partner_can_choose_only_its_own_programs(world, program, login):
    other = factories.program(world.orgs[OrganizationType.PARTNER][1], title="Чужая программа")
    client = login(world.users[Role.PARTNER][0])
    found = client.get(reverse("programs:choices"), {"q": "программ"}).json()["results"]
    assert other.pk not in [row["id"] for row in found]
    assert client.get(reverse("programs:choices"), {"q": program.title[:8]}).json()["results"] == [
        {"id": program.pk, "text": program.title}]
    form = client.get(reverse("admissions:inbox"), {"program": other.pk}).context["filter_form"]
    assert "program" in form.errors  # not a value this partner may choose
