"""A group records the program version it started on (M14): set when the group is created and again when it
starts; a version published later does not change a running group, and the group card shows the version."""
import datetime

import pytest
from django.urls import reverse

from copp.core.roles import Role
from copp.organizations.models import OrganizationType
from copp.programs.models import VersionStatus
from copp.programs.services import program_transition
from copp.programs.tests.factories import approve, make_constructed

from ..models import GroupStatus
from ..services import group_save, group_set_status

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(world):
    return world.orgs[OrganizationType.PARTNER][0]


def _publish_new_version(program, staff):
    version = approve(program)
    program_transition(actor=staff, program=program, target="published")
    version.refresh_from_db()
    assert version.status == VersionStatus.PUBLISHED
    return version


def test_a_running_group_keeps_its_version_when_a_new_one_is_published(client, world, partner):
    staff = world.users[Role.PARTNER][0]
    program = make_constructed(partner)
    first = _publish_new_version(program, staff)
    group = group_save(actor=staff, code="ВЕР-1", program=program, provider=partner,
                       starts_on=datetime.date(2026, 12, 1), ends_on=datetime.date(2026, 12, 25), capacity=10)
    assert group.program_version == first
    group_set_status(actor=staff, group=group, target=GroupStatus.ACTIVE)

    # The authors change the program; experts approve version 2; it is published.
    module = program.modules.first()
    module.theory_hours += 4
    module.save()
    program.status = "draft"
    program.save(update_fields=["status"])
    second = _publish_new_version(program, staff)
    assert second.number == first.number + 1
    group.refresh_from_db()
    assert group.program_version == first

    # A group created now studies by the new version.
    later = group_save(actor=staff, code="ВЕР-2", program=program, provider=partner,
                       starts_on=datetime.date(2027, 2, 1), ends_on=datetime.date(2027, 2, 25), capacity=10)
    assert later.program_version == second

    client.force_login(staff)
    page = client.get(reverse("training:group", args=[group.pk])).content.decode()
    assert f"версия {first.number}" in page


def test_a_forming_group_starts_on_the_version_published_at_its_start(world, partner):
    staff = world.users[Role.PARTNER][0]
    program = make_constructed(partner)
    first = _publish_new_version(program, staff)
    group = group_save(actor=staff, code="ВЕР-3", program=program, provider=partner,
                       starts_on=datetime.date(2026, 12, 1), ends_on=datetime.date(2026, 12, 25), capacity=10)
    assert group.program_version == first
    program.modules.first().delete()
    extra = make_constructed(partner).modules.first()
    extra.program = program
    extra.save()
    program.status = "draft"
    program.save(update_fields=["status"])
    second = _publish_new_version(program, staff)
    group_set_status(actor=staff, group=group, target=GroupStatus.ACTIVE)
    group.refresh_from_db()
    assert group.program_version == second
