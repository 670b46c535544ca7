"""Verification of organisations: the workflow table, the service, the card's forms, e-mails, access."""
import threading
from html import unescape

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import translation

from copp.core.models import AuditLog
from copp.core.roles import Role
from copp.core.workflow import TransitionNotAllowed
from copp.organizations.models import OrganizationType, VerificationStatus
from copp.organizations.services import organization_reject, organization_verify
from copp.organizations.workflow import VERIFICATION
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory


def in_russian(text) -> str:
    with translation.override("ru"):
        return str(text)


@pytest.fixture
def pending(world):
    """The first customer organisation of the world, waiting for verification; its representative."""
    organization = world.orgs[OrganizationType.CUSTOMER][0]
    organization.verification_status = VerificationStatus.PENDING
    organization.save()
    return organization


def test_transitions_table(world):
    staff, coordinator = world.users[Role.STAFF][0], world.users[Role.COORDINATOR][0]
    assert set(VERIFICATION.targets(VerificationStatus.PENDING, staff)) == {VerificationStatus.VERIFIED,
                                                                             VerificationStatus.REJECTED}
    assert VERIFICATION.targets(VerificationStatus.REJECTED, staff) == [VerificationStatus.VERIFIED]
    assert VERIFICATION.targets(VerificationStatus.VERIFIED, staff) == [VerificationStatus.REJECTED]
    assert VERIFICATION.targets(VerificationStatus.PENDING, coordinator) == []
    assert VERIFICATION.find(VerificationStatus.VERIFIED, VerificationStatus.PENDING) is None
    assert VERIFICATION.find(VerificationStatus.REJECTED, VerificationStatus.PENDING) is None


def test_staff_verifies_and_representative_sees_it(client, world, login, pending,
                                                  django_capture_on_commit_callbacks):
    staff, representative = world.users[Role.STAFF][0], world.users[Role.CUSTOMER][0]
    login(staff)
    detail = client.get(reverse("organizations:detail", args=[pending.pk]))
    assert reverse("organizations:verify", args=[pending.pk]) in detail.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("organizations:verify", args=[pending.pk]),
                               {"verify-comment": "Сверено с ЕГРЮЛ"}, follow=True)
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert in_russian(translation.gettext_lazy(
        "The organisation has been verified. We have sent an e-mail to its representatives.")) in html
    assert "Сверено с ЕГРЮЛ" in html  # the comment shows in the history

    pending.refresh_from_db()
    assert pending.verification_status == VerificationStatus.VERIFIED
    assert pending.verified_by == staff and pending.verified_at is not None
    record = AuditLog.objects.get(action="organization.verified", object_id=str(pending.pk))
    assert record.actor == staff and record.details["from"] == VerificationStatus.PENDING

    assert [m.to for m in mail.outbox] == [[representative.email]]
    assert pending.short_name in mail.outbox[0].subject
    assert "/organizations/my/" in mail.outbox[0].body

    client.logout()
    login(representative)
    own = client.get(reverse("organizations:own"))
    html = unescape(own.content.decode())
    assert pending.short_name in html
    assert in_russian(VerificationStatus.VERIFIED.label) in html
    assert "text-bg-success" in html


def test_second_identical_decision_is_refused(client, world, login, pending, django_capture_on_commit_callbacks):
    staff = world.users[Role.STAFF][0]
    login(staff)
    url = reverse("organizations:verify", args=[pending.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {})
    pending.refresh_from_db()
    first = pending.verified_at
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {}, follow=True)
    assert in_russian(translation.gettext_lazy("The organisation has already been verified.")) in \
        unescape(response.content.decode())
    pending.refresh_from_db()
    assert pending.verified_at == first
    assert len(mail.outbox) == 1
    assert AuditLog.objects.filter(action="organization.verified", object_id=str(pending.pk)).count() == 1


def test_reject_needs_a_reason(client, world, login, pending):
    login(world.users[Role.STAFF][0])
    response = client.post(reverse("organizations:reject", args=[pending.pk]), {"reject-comment": "  "})
    assert response.status_code == 400
    assert "comment" in response.context["reject_form"].errors
    pending.refresh_from_db()
    assert pending.verification_status == VerificationStatus.PENDING
    with pytest.raises(TransitionNotAllowed):
        organization_reject(actor=world.users[Role.STAFF][0], organization=pending, comment="")


def test_reject_then_verify_again(client, world, login, pending, django_capture_on_commit_callbacks):
    staff, representative = world.users[Role.STAFF][0], world.users[Role.CUSTOMER][0]
    login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("organizations:reject", args=[pending.pk]),
                    {"reject-comment": "ИНН не совпадает с выпиской ЕГРЮЛ"})
    pending.refresh_from_db()
    assert pending.verification_status == VerificationStatus.REJECTED
    assert "ИНН не совпадает с выпиской ЕГРЮЛ" in mail.outbox[0].body

    client.logout()
    login(representative)
    html = unescape(client.get(reverse("organizations:own")).content.decode())
    assert "ИНН не совпадает с выпиской ЕГРЮЛ" in html
    assert in_russian(VerificationStatus.REJECTED.label) in html

    organization_verify(actor=staff, organization=pending, comment="")
    assert pending.verification_status == VerificationStatus.VERIFIED


@pytest.mark.parametrize("role", [Role.LEARNER, Role.PARTNER, Role.CUSTOMER, Role.TEACHER, Role.COORDINATOR])
def test_others_cannot_verify(client, world, login, pending, role):
    login(world.users[role][0])
    for name in ("verify", "reject"):
        response = client.post(reverse(f"organizations:{name}", args=[pending.pk]), {"reject-comment": "x"})
        assert response.status_code == 403
    pending.refresh_from_db()
    assert pending.verification_status == VerificationStatus.PENDING


def test_service_refuses_actor_without_capability(world, pending):
    with pytest.raises(TransitionNotAllowed):
        organization_verify(actor=world.users[Role.COORDINATOR][0], organization=pending)


def test_anonymous_is_sent_to_login(client, pending):
    response = client.post(reverse("organizations:verify", args=[pending.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_coordinator_sees_card_without_decision_forms(client, world, login, pending):
    login(world.users[Role.COORDINATOR][0])
    response = client.get(reverse("organizations:detail", args=[pending.pk]))
    assert response.status_code == 200
    assert reverse("organizations:verify", args=[pending.pk]) not in response.content.decode()


def test_missing_card_is_404(client, world, login):
    login(world.users[Role.STAFF][0])
    assert client.get(reverse("organizations:detail", args=[999999])).status_code == 404
    assert client.post(reverse("organizations:verify", args=[999999])).status_code == 404


def test_card_shows_members_and_history(client, world, login, pending):
    staff = world.users[Role.STAFF][0]
    organization_verify(actor=staff, organization=pending, comment="Проверено")
    login(staff)
    response = client.get(reverse("organizations:detail", args=[pending.pk]))
    html = unescape(response.content.decode())
    assert world.users[Role.CUSTOMER][0].email in html
    assert "Проверено" in html
    assert pending.inn in html


def test_own_page_shows_only_own_organisation(client, world, login, pending):
    login(world.users[Role.CUSTOMER][0])
    html = unescape(client.get(reverse("organizations:own")).content.decode())
    assert pending.short_name in html
    assert world.orgs[OrganizationType.CUSTOMER][1].short_name not in html
    assert in_russian(VerificationStatus.PENDING.label) in html


@pytest.mark.parametrize("role", [Role.LEARNER, Role.STAFF, Role.TEACHER])
def test_own_page_needs_the_capability(client, world, login, role):
    login(world.users[role][0])
    assert client.get(reverse("organizations:own")).status_code == 403


@pytest.mark.django_db(transaction=True)
def test_two_staff_clicking_at_once_apply_once():
    staff = [UserFactory(roles=[Role.STAFF]) for _ in range(2)]
    organization = OrganizationFactory(verification_status=VerificationStatus.PENDING)
    MembershipFactory(organization=organization)
    results = []
    barrier = threading.Barrier(2)

    def click(actor):
        try:
            barrier.wait()
            organization_verify(actor=actor, organization=organization.__class__.objects.get(pk=organization.pk))
            results.append("ok")
        except TransitionNotAllowed:
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=click, args=(actor,)) for actor in staff]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["ok", "refused"]
    assert AuditLog.objects.filter(action="organization.verified", object_id=str(organization.pk)).count() == 1
    assert len(mail.outbox) == 1
