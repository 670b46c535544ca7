"""The searchable choice (copp.core.choices, issue 15): the JSON endpoint of each source gives only what the user
may choose, searches the typed text, stops at one page, refuses those without the right; its queries do not grow
with the table."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from copp.core.choices import PAGE_SIZE
from copp.core.roles import Role
from copp.organizations.models import Organization, OrganizationType, VerificationStatus
from copp.programs.models import Program
from copp.programs.tests.factories import make_program
from copp.resources.tests import factories as rf

pytestmark = pytest.mark.django_db


def _copies(program, title, n):
    fields = {f.attname: getattr(program, f.attname) for f in Program._meta.concrete_fields if not f.primary_key}
    Program.objects.bulk_create([Program(**{**fields, "title": f"{title} {i:03}"}) for i in range(n)])


def test_programs_search_and_page(client, world):
    partner = world.orgs[OrganizationType.PARTNER][0]
    first = make_program(partner, title="Сварщик ручной дуговой сварки")
    _copies(first, "Оператор станков", PAGE_SIZE + 5)
    client.force_login(world.users[Role.STAFF][0])
    url = reverse("programs:choices")
    assert client.get(url, {"q": "СВАРЩИК"}).json() == {
        "results": [{"id": first.pk, "text": first.title}], "more": False}
    answer = client.get(url, {"q": "оператор"}).json()
    assert len(answer["results"]) == PAGE_SIZE and answer["more"] is True
    assert [r["text"] for r in answer["results"]] == sorted(r["text"] for r in answer["results"])
    with CaptureQueriesContext(connection) as few:
        client.get(url, {"q": "оператор"})
    _copies(first, "Оператор линии", 300)
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(url, {"q": "оператор"}).json()["results"]) == PAGE_SIZE
    assert len(many) == len(few)


def test_who_may_ask(client, world):
    for role in (Role.LEARNER, Role.TEACHER, Role.CUSTOMER):
        client.force_login(world.users[role][0])
        for name in ("programs:choices", "organizations:choices", "resources:teacher_choices"):
            assert client.get(reverse(name), {"q": "а"}).status_code == 403, (role, name)


def test_a_partner_is_offered_verified_organisations_and_own_teachers_only(client, world):
    partner = world.orgs[OrganizationType.PARTNER][0]
    pending = Organization.objects.create(type=OrganizationType.CUSTOMER, name="ООО «Непроверенная»",
                                          short_name="Непроверенная", inn="7700000019",
                                          verification_status=VerificationStatus.PENDING)
    own = rf.staff(partner, last_name="Свой")
    stranger = rf.staff(world.orgs[OrganizationType.PARTNER][1], last_name="Чужой")
    client.force_login(world.users[Role.PARTNER][0])
    ids = [r["id"] for r in client.get(reverse("organizations:choices"), {"q": "Непроверенная"}).json()["results"]]
    assert pending.pk not in ids
    ids = [r["id"] for r in client.get(reverse("resources:teacher_choices")).json()["results"]]
    assert own.pk in ids and stranger.pk not in ids
    client.force_login(world.users[Role.COORDINATOR][0])  # reads the region's timetable: every organisation
    ids = [r["id"] for r in client.get(reverse("organizations:choices"), {"q": "непровер"}).json()["results"]]
    assert ids == [pending.pk]
    ids = [r["id"] for r in client.get(reverse("resources:teacher_choices"), {"q": "чуж"}).json()["results"]]
    assert ids == [stranger.pk]


def test_a_choice_of_several_draws_only_the_chosen_rows_and_refuses_others(world):
    """autocomplete_multiple_if_many (M32): many rows — only the chosen ones are options, in the order chosen, and a
    row outside the source is refused with a message; a few rows keep the field's own control."""
    from django import forms

    from copp.core.choices import AutocompleteSelectMultiple, autocomplete_multiple_if_many
    from copp.organizations.choices import ORGANIZATIONS

    class Chosen(forms.Form):
        orgs = forms.ModelMultipleChoiceField(queryset=Organization.objects.none(),
                                              widget=forms.CheckboxSelectMultiple)

    orgs = Organization.objects.bulk_create([
        Organization(type=OrganizationType.CUSTOMER, name=f"ООО «Участник {i:02}»", short_name=f"Участник {i:02}",
                     inn=f"7711{i:06}", verification_status=VerificationStatus.VERIFIED) for i in range(40)])
    staff, partner = world.users[Role.STAFF][0], world.users[Role.PARTNER][0]

    def form(user, rows, data=None):
        made = Chosen(data)
        autocomplete_multiple_if_many(made.fields["orgs"], ORGANIZATIONS, user, "/organizations/choices/", rows)
        return made

    many = form(staff, Organization.objects.all(), {"orgs": [orgs[5].pk, orgs[2].pk]})
    assert isinstance(many.fields["orgs"].widget, AutocompleteSelectMultiple) and many.is_valid()
    html = str(many["orgs"])
    assert html.count("<option") == 2 and html.index("Участник 05") < html.index("Участник 02")
    assert 'data-autocomplete-url="/organizations/choices/"' in html and "multiple" in html
    few = form(staff, Organization.objects.filter(pk__in=[o.pk for o in orgs[:3]]))
    assert isinstance(few.fields["orgs"].widget, forms.CheckboxSelectMultiple)
    # A partner chooses among verified organisations (and the own): a pending one is refused.
    pending = Organization.objects.create(type=OrganizationType.CUSTOMER, name="ООО «Ждёт»", short_name="Ждёт",
                                          inn="7711999999", verification_status=VerificationStatus.PENDING)
    refused = form(partner, Organization.objects.all(), {"orgs": [orgs[1].pk, pending.pk]})
    assert not refused.is_valid()
    assert "Один из выбранных вариантов вам недоступен" in str(refused.errors["orgs"])
