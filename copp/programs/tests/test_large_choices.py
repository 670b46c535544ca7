"""The catalogue's «Организация» filter and the module library's author filter are searchable choices (issue 15):
the page draws only the chosen option, so its size and its queries do not grow with the region's organisations and
programs; the public providers' endpoint offers only what the catalogue shows; the library's offers only the
authors of modules the user sees."""
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from copp.core.roles import Role
from copp.organizations.models import Organization, OrganizationType, VerificationStatus
from copp.programs.models import LibraryModule, ModuleStatus, Program, ProgramStatus

from .factories import make_library_module, make_program

pytestmark = pytest.mark.django_db


def _providers_with_programs(template: Program, n: int, start: int, *, status=ProgramStatus.PUBLISHED):
    orgs = Organization.objects.bulk_create([
        Organization(type=OrganizationType.PARTNER, name=f"АНО «Колледж {i:04}»", short_name=f"Колледж {i:04}",
                     inn=f"78{i:08}", verification_status=VerificationStatus.VERIFIED)
        for i in range(start, start + n)])
    Program.objects.bulk_create([
        Program(title=f"Программа колледжа {org.short_name}", kind=template.kind, provider=org, hours=72,
                study_form=template.study_form, document=template.document, status=status, is_free=True)
        for org in orgs])
    return orgs


def _authors_with_modules(n: int, start: int):
    orgs = Organization.objects.bulk_create([
        Organization(type=OrganizationType.PARTNER, name=f"АНО «Автор {i:04}»", short_name=f"Автор {i:04}",
                     inn=f"79{i:08}", verification_status=VerificationStatus.VERIFIED)
        for i in range(start, start + n)])
    LibraryModule.objects.bulk_create([
        LibraryModule(title=f"Модуль автора {org.short_name}", author=org, status=ModuleStatus.PUBLISHED,
                      theory_hours=8, knowledge="Знания") for org in orgs])


def _page(client, url, **query):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, query)
    assert response.status_code == 200
    # The CSRF token is masked anew on every page; everything else must be the same.
    body = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", response.content)
    return len(body), len(queries)


def test_catalogue_size_and_queries_do_not_grow_with_providers(world, client):
    program = make_program(world.orgs[OrganizationType.PARTNER][0])
    url = reverse("programs:catalogue")
    _providers_with_programs(program, 10, 0)
    _page(client, url)
    # Filtered by one provider the list is the same, so the page may differ only by the filter's options; the
    # whole catalogue lists more programs, so there only the queries are compared.
    small = _page(client, url)[1], _page(client, url, provider=program.provider_id)
    _providers_with_programs(program, 490, 10)
    large = _page(client, url)[1], _page(client, url, provider=program.provider_id)
    assert Organization.objects.count() > 500
    assert large == small


def test_the_chosen_provider_keeps_its_label_and_the_list_is_not_drawn(world, client):
    program = make_program(world.orgs[OrganizationType.PARTNER][0])
    _providers_with_programs(program, 5, 0)
    page = client.get(reverse("programs:catalogue"), {"provider": program.provider_id}).content.decode()
    select = re.search(r'<select name="provider".*?</select>', page, re.S).group(0)
    assert select.count("<option") == 2  # «Any provider» and the chosen one
    assert f'selected>{program.provider.short_name}</option>' in select
    assert f'data-autocomplete-url="{reverse("programs:provider_choices")}"' in select


def test_the_public_providers_endpoint_offers_only_what_the_catalogue_shows(world, client):
    program = make_program(world.orgs[OrganizationType.PARTNER][0])
    shown = _providers_with_programs(program, 3, 0)
    drafts_only = _providers_with_programs(program, 2, 3, status=ProgramStatus.DRAFT)
    unverified = _providers_with_programs(program, 1, 5)
    Organization.objects.filter(pk=unverified[0].pk).update(verification_status=VerificationStatus.PENDING)
    found = client.get(reverse("programs:provider_choices"), {"q": "колледж"}).json()  # anonymous: public
    ids = {row["id"] for row in found["results"]}
    assert ids == {org.pk for org in shown}
    assert not ids & {org.pk for org in drafts_only + unverified}
    # The catalogue refuses (ignores) a provider it does not offer.
    response = client.get(reverse("programs:catalogue"), {"provider": drafts_only[0].pk})
    assert "provider" in response.context["filter_form"].errors


def test_the_published_programs_endpoint_is_public_and_offers_no_draft(world, client):
    published = make_program(world.orgs[OrganizationType.PARTNER][0], title="Сварка опубликованная")
    draft = make_program(world.orgs[OrganizationType.PARTNER][0], title="Сварка черновая",
                         status=ProgramStatus.DRAFT)
    ids = [row["id"] for row in client.get(reverse("programs:published_choices"), {"q": "сварка"}).json()["results"]]
    assert ids == [published.pk] and draft.pk not in ids


def test_library_size_and_queries_do_not_grow_with_authors(world, login):
    client = login(world.users[Role.PARTNER][0])
    own = make_library_module(world.orgs[OrganizationType.PARTNER][0])
    url = reverse("programs:library")
    _authors_with_modules(10, 0)
    _page(client, url)
    small = _page(client, url)[1], _page(client, url, author=own.author_id)
    _authors_with_modules(490, 10)
    large = _page(client, url)[1], _page(client, url, author=own.author_id)
    assert large == small


def test_library_authors_offered_are_those_whose_modules_the_user_sees(world, login):
    other = world.orgs[OrganizationType.PARTNER][1]
    make_library_module(other, status=ModuleStatus.DRAFT)  # the other partner's draft: not for the first
    own = make_library_module(world.orgs[OrganizationType.PARTNER][0], status=ModuleStatus.DRAFT)
    client = login(world.users[Role.PARTNER][0])
    ids = [row["id"] for row in client.get(reverse("programs:library_author_choices")).json()["results"]]
    assert ids == [own.author_id]
    form = client.get(reverse("programs:library"), {"author": other.pk}).context["filter_form"]
    assert "author" in form.errors
    assert client.get(reverse("programs:library_author_choices")).status_code == 200
    assert login(world.users[Role.LEARNER][0]).get(reverse("programs:library_author_choices")).status_code == 403


def test_the_catalogue_counts_and_pages_through_its_first_two_thousand_programs(world, client):
    """Issue 15: the deepest page skipped every counted program; the catalogue stops at 2 000 («более 2 000») and
    a page number past them gives the last counted page."""
    from copp.programs.views import CATALOGUE_COUNT_CAP, PAGE_SIZE

    program = make_program(world.orgs[OrganizationType.PARTNER][0])
    _providers_with_programs(program, CATALOGUE_COUNT_CAP + 5, 0)
    response = client.get(reverse("programs:catalogue"), {"page": 100_000})
    assert response.context["count"] == CATALOGUE_COUNT_CAP + 1 and response.context["count_cap"] == 2000
    assert response.context["page_obj"].number == -(-(CATALOGUE_COUNT_CAP + 1) // PAGE_SIZE)
    assert re.search(r"более\W{0,6}2\W{0,6}000 программ", response.content.decode().replace("&nbsp;", " "))
