"""Idempotency of the applications API (M33): a client retrying a create with the same Idempotency-Key gets
the application its first request made (201, then 200), never a duplicate."""
import pytest
from rest_framework.test import APIRequestFactory

from copp.organizations.models import OrganizationType

from ..api import ApplicationViewSet
from ..models import Application
from .test_api import token_for

pytestmark = pytest.mark.django_db
LIST = ApplicationViewSet.as_view({"post": "create"})


def payload(program, last_name="Петров"):
    return {"program": program.pk, "participants": [
        {"last_name": last_name, "first_name": "Илья", "consent": True}]}


def create(auth, body, key=None):
    headers = dict(auth)
    if key is not None:
        headers["HTTP_IDEMPOTENCY_KEY"] = key
    return LIST(APIRequestFactory().post("/api/v1/applications/", body, format="json", **headers))


def test_same_key_twice_makes_one_application(world, program):
    auth = token_for(world, world.orgs[OrganizationType.CUSTOMER][0])
    key = "0b8f6f0e-3c1a-4c7e-9f7e-1d2a3b4c5d6e"
    first = create(auth, payload(program), key)
    again = create(auth, payload(program), key)
    assert (first.status_code, again.status_code) == (201, 200), (first.data, again.data)
    assert Application.objects.count() == 1
    assert again.data["id"] == first.data["id"] and again.data["number"] == first.data["number"]
    assert again.data["participants_count"] == 1


def test_repeat_returns_the_first_application_whatever_the_body(world, program):
    """A retry is answered from the key alone: a changed (even invalid) body does not make a second one."""
    auth = token_for(world, world.orgs[OrganizationType.CUSTOMER][0])
    first = create(auth, payload(program), "retry-1")
    again = create(auth, {"program": program.pk, "participants": []}, "retry-1")
    assert again.status_code == 200 and again.data["number"] == first.data["number"]
    assert Application.objects.count() == 1


def test_different_keys_make_two_applications(world, program):
    auth = token_for(world, world.orgs[OrganizationType.CUSTOMER][0])
    first = create(auth, payload(program), "order-1")
    second = create(auth, payload(program), "order-2")
    assert (first.status_code, second.status_code) == (201, 201)
    assert Application.objects.count() == 2
    assert first.data["number"] != second.data["number"]


def test_without_a_key_every_post_creates(world, program):
    auth = token_for(world, world.orgs[OrganizationType.CUSTOMER][0])
    assert create(auth, payload(program)).status_code == 201
    assert create(auth, payload(program)).status_code == 201
    assert Application.objects.count() == 2
    assert not Application.objects.filter(submit_token__isnull=False).exists()


@pytest.mark.parametrize("key", ["", "x" * 65, "ключ", "has space", "a/b", "a;b"])
def test_bad_key_is_refused_and_creates_nothing(world, program, key):
    auth = token_for(world, world.orgs[OrganizationType.CUSTOMER][0])
    response = create(auth, payload(program), key)
    assert response.status_code == 400
    message = str(response.data["Idempotency-Key"][0])
    assert "Idempotency-Key" in message and "64" in message
    assert not Application.objects.exists()


def test_bad_key_message_is_russian(world, program):
    auth = token_for(world, world.orgs[OrganizationType.CUSTOMER][0])
    response = create(dict(auth, HTTP_ACCEPT_LANGUAGE="ru"), payload(program), "x" * 65)
    assert response.status_code == 400
    assert "символ" in str(response.data["Idempotency-Key"][0])


def test_longest_key_is_accepted(world, program):
    auth = token_for(world, world.orgs[OrganizationType.CUSTOMER][0])
    key = "A1._:-" + "z" * 58
    assert create(auth, payload(program), key).status_code == 201
    assert create(auth, payload(program), key).status_code == 200
    assert Application.objects.count() == 1


def test_keys_of_two_organisations_do_not_collide(world, program):
    mine, theirs = world.orgs[OrganizationType.CUSTOMER][:2]
    first = create(token_for(world, mine), payload(program), "same-key")
    other = create(token_for(world, theirs), payload(program, "Сидорова"), "same-key")
    assert (first.status_code, other.status_code) == (201, 201), other.data
    assert first.data["number"] != other.data["number"]
    assert set(Application.objects.values_list("organization", flat=True)) == {mine.pk, theirs.pk}
    again = create(token_for(world, theirs), payload(program, "Сидорова"), "same-key")
    assert again.status_code == 200 and again.data["number"] == other.data["number"]
    assert Application.objects.count() == 2


def test_form_token_of_the_web_form_is_not_taken_for_a_key(world, program):
    """The API's tokens are hashed with the organisation: a key equal to a web form's token is a new key."""
    mine = world.orgs[OrganizationType.CUSTOMER][0]
    auth = token_for(world, mine)
    first = create(auth, payload(program), "f" * 32)
    web = Application.objects.get()
    assert web.submit_token != "f" * 32 and len(web.submit_token) == 64
    assert first.status_code == 201
