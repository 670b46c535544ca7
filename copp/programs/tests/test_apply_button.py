"""«Подать заявку» on a program page only for those who may apply; the others are told who applies (no 403)."""
import pytest
from django.urls import reverse

from copp.core.roles import Role
from copp.organizations.models import OrganizationType

from .factories import make_program

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", list(Role))
def test_apply_button_only_for_those_who_may(client, world, role):
    program = make_program(world.orgs[OrganizationType.PARTNER][0], title="Оператор станков с ЧПУ")
    apply_url = reverse("admissions:apply", args=[program.pk])
    client.force_login(world.users[role][0])
    page = client.get(reverse("programs:detail", args=[program.pk])).content.decode()
    if role == Role.LEARNER:
        assert apply_url in page and client.get(apply_url).status_code == 200
    else:
        assert apply_url not in page and "подаёт гражданин" in page
        assert client.get(apply_url).status_code == 403


def test_a_visitor_sees_the_button(client, world):
    program = make_program(world.orgs[OrganizationType.PARTNER][0])
    assert reverse("admissions:apply", args=[program.pk]) in client.get(
        reverse("programs:detail", args=[program.pk])).content.decode()
