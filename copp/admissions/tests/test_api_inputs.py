"""API inputs obey their schema (issue 14): names refuse control, zero-width and right-to-left override
characters, the phone has a format; nothing is created on a refusal."""
import pytest
from rest_framework.test import APIRequestFactory

from copp.organizations.models import OrganizationType

from ..models import Application
from .test_api import LIST, token_for

pytestmark = pytest.mark.django_db


def send(world, program, **person):
    payload = {"program": program.pk,
               "participants": [{"last_name": "Петров", "first_name": "Илья", "consent": True, **person}]}
    return LIST(APIRequestFactory().post("/api/v1/applications/", payload, format="json",
                                         **token_for(world, world.orgs[OrganizationType.CUSTOMER][0])))


@pytest.mark.parametrize("field, value", [
    ("last_name", "Петров\u202e"),          # right-to-left override
    ("first_name", "Ил\u200bья"),           # zero-width space
    ("patronymic", "Ильич\x1b[31m"),        # an escape sequence
    ("position", "Мастер\u2066"),           # a bidi isolate
])
def test_hidden_characters_in_names_are_refused(world, program, field, value):
    response = send(world, program, **{field: value})
    assert response.status_code == 400, response.data
    assert field in str(response.data)
    assert not Application.objects.exists()


@pytest.mark.parametrize("phone", ["123", "звоните", "+7 343 123-45-67\u200b", "+7\t343\t1234567", "+" + "1" * 16])
def test_a_phone_needs_its_format(world, program, phone):
    response = send(world, program, phone=phone)
    assert response.status_code == 400, response.data
    assert "phone" in str(response.data)
    assert not Application.objects.exists()


@pytest.mark.parametrize("phone", ["+7 343 123-45-67", "8 (912) 345-67-89", ""])
def test_good_phones_and_names_pass(world, program, phone):
    response = send(world, program, phone=phone, patronymic="Сергеевич", position="Мастер участка")
    assert response.status_code == 201, response.data
    assert Application.objects.count() == 1
