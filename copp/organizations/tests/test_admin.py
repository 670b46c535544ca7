"""Administration of organisations: list, verify action through the service, import/export."""
import pytest
import tablib
from django.urls import reverse

from copp.core.models import AuditLog
from copp.core.roles import Role
from copp.directories.models import Competency, Municipality
from copp.organizations.models import Organization, OrganizationType, VerificationStatus
from copp.organizations.resources import OrganizationResource
from tests.factories import make_inn


@pytest.fixture
def admin_client(client, world, login):
    return login(world.users[Role.ADMIN][0])


def test_changelist_and_change_form_open(admin_client, world):
    organization = world.orgs[OrganizationType.CUSTOMER][0]
    assert admin_client.get(reverse("admin:organizations_organization_changelist"),
                            {"q": organization.inn}).status_code == 200
    assert admin_client.get(reverse("admin:organizations_organization_change",
                                    args=[organization.pk])).status_code == 200
    assert admin_client.get(reverse("admin:organizations_organization_history",
                                    args=[organization.pk])).status_code == 200
    assert admin_client.get(reverse("admin:organizations_membership_changelist")).status_code == 200


def test_verify_action_uses_the_workflow(admin_client, world):
    pending = world.orgs[OrganizationType.CUSTOMER][0]
    pending.verification_status = VerificationStatus.PENDING
    pending.save()
    already = world.orgs[OrganizationType.PARTNER][0]
    response = admin_client.post(reverse("admin:organizations_organization_changelist"), {
        "action": "verify_selected", "_selected_action": [pending.pk, already.pk]}, follow=True)
    assert response.status_code == 200
    pending.refresh_from_db()
    assert pending.verification_status == VerificationStatus.VERIFIED
    assert pending.verified_by == world.users[Role.ADMIN][0]
    assert AuditLog.objects.filter(action="organization.verified", object_id=str(pending.pk)).count() == 1
    assert not AuditLog.objects.filter(action="organization.verified", object_id=str(already.pk)).exists()


def test_export_and_import_by_inn(world):
    resource = OrganizationResource()
    exported = resource.export()
    assert "inn" in exported.headers and len(exported) == Organization.objects.count()

    municipality = Municipality.objects.order_by("pk").first()
    competencies = list(Competency.objects.order_by("pk")[:2])
    existing = world.orgs[OrganizationType.CUSTOMER][0]
    dataset = tablib.Dataset(headers=["inn", "type", "name", "short_name", "municipality", "competencies",
                                      "verification_status"])
    dataset.append([make_inn(990001), "partner", "ООО «Новый партнёр»", "Новый партнёр", municipality.code,
                    ";".join(c.code for c in competencies), "verified"])
    dataset.append([existing.inn, existing.type, existing.name, "Новое короткое имя", "", "", "rejected"])
    result = resource.import_data(dataset, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()

    created = Organization.objects.get(inn=make_inn(990001))
    assert created.municipality == municipality
    assert set(created.competencies.all()) == set(competencies)
    assert created.verification_status == VerificationStatus.PENDING  # never set by an import
    existing.refresh_from_db()
    assert existing.short_name == "Новое короткое имя"
    assert existing.verification_status == VerificationStatus.VERIFIED


def test_import_refuses_bad_inn(world):
    dataset = tablib.Dataset(headers=["inn", "type", "name", "short_name"])
    dataset.append(["6600000001", "customer", "ООО «Ошибка»", "Ошибка"])
    result = OrganizationResource().import_data(dataset, dry_run=True)
    assert result.has_validation_errors()
    assert not Organization.objects.filter(inn="6600000001").exists()
