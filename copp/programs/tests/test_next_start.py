"""The catalogue's stored nearest start (issue 15): kept by the services, moved on by the daily task, filled by the
migration; the catalogue sorts by it through its index, and a deep page reads as many queries as the first."""
import datetime
import importlib

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from copp.organizations.models import OrganizationType
from copp.programs.models import Program
from copp.programs.services import program_next_start_update, program_next_starts_refresh
from copp.programs.tasks import refresh_next_starts

from .factories import make_program

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(world):
    return world.orgs[OrganizationType.PARTNER][0]


def test_next_start_is_the_nearest_date_and_moves_on_when_it_passes(partner):
    today = timezone.localdate()
    program = make_program(partner, starts_in_days=(40, 5))
    assert program.next_start == today + datetime.timedelta(days=5)
    without = make_program(partner, starts_in_days=())
    assert without.next_start is None
    assert program_next_starts_refresh(today) == 0  # nothing has passed yet
    assert program_next_starts_refresh(today + datetime.timedelta(days=10)) == 1
    program.refresh_from_db()
    assert program.next_start == today + datetime.timedelta(days=40)
    program_next_starts_refresh(today + datetime.timedelta(days=41))
    program.refresh_from_db()
    assert program.next_start is None
    program.starts.create(starts_on=today + datetime.timedelta(days=3))
    program_next_start_update([program.pk])
    program.refresh_from_db()
    assert program.next_start == today + datetime.timedelta(days=3)
    assert refresh_next_starts() == 0


def test_the_migration_fills_every_program(partner):
    program = make_program(partner, starts_in_days=(7,))
    Program.objects.update(next_start=None)
    migration = importlib.import_module("copp.programs.migrations.0003_program_next_start")
    migration.fill_next_start(apps, None)
    program.refresh_from_db()
    assert program.next_start == timezone.localdate() + datetime.timedelta(days=7)


def test_catalogue_sorts_by_the_stored_date_with_undated_programs_last(client, partner):
    make_program(partner, title="В без даты", starts_in_days=())
    make_program(partner, title="Б позже", starts_in_days=(30,))
    make_program(partner, title="Я раньше", starts_in_days=(3,))
    response = client.get(reverse("programs:catalogue"))
    assert [p.title for p in response.context["programs"]] == ["Я раньше", "Б позже", "В без даты"]


def test_a_deep_catalogue_page_reads_as_many_queries_as_at_a_smaller_size(client, partner):
    from copp.programs.views import PAGE_SIZE

    url = reverse("programs:catalogue")

    def fill(n):
        for i in range(n):
            make_program(partner, update_vector=False, starts_in_days=(i % 30 + 1,))

    def last_page_queries():
        pages = (Program.objects.filter(status="published").count() + PAGE_SIZE - 1) // PAGE_SIZE
        client.get(url, {"page": pages})
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, {"page": pages})
        assert response.status_code == 200 and response.context["page_obj"].number == pages
        return len(queries)

    fill(PAGE_SIZE + 1)
    few = last_page_queries()
    fill(PAGE_SIZE * 2)
    assert last_page_queries() == few
