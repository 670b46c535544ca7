"""The CoPP's materials library does not grow with the region (issue 15, M32): with every filter and the search
it makes the same queries for a few materials and for more than a page of them, reads the page's ids first (a
LIMIT of one page) and then only those rows."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from copp.core.roles import Role
from copp.learning.materials.models import VersionStatus
from copp.organizations.models import OrganizationType

from .factories import competency, material_row

pytestmark = pytest.mark.django_db

VARIANTS = ("", "q=сварка", "competency", "kind=lecture", "level=basic", "licence=all_rights", "organization",
            "status=approved")


def _add(author, org, first: int, n: int) -> None:
    for i in range(first, first + n):
        material_row(author, org, title=f"Сварка металлов, часть {i}",
                     status=VersionStatus.APPROVED if i % 3 else VersionStatus.IN_REVIEW)


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return response, [q["sql"] for q in ctx.captured_queries]


def test_the_library_with_each_filter_makes_the_same_queries_for_few_and_many_materials(world, client):
    author, org = world.users[Role.PARTNER][0], world.orgs[OrganizationType.PARTNER][0]
    base = reverse("learning:materials_library")
    values = {"competency": f"competency={competency().pk}", "organization": f"organization={org.pk}"}
    urls = {v: base + "?" + values.get(v, v) for v in VARIANTS}
    _add(author, org, 0, 3)
    client.force_login(world.users[Role.STAFF][0])
    client.get(base)  # the first page of the session caches the branding
    few = {v: len(_queries(client, url)[1]) for v, url in urls.items()}
    _add(author, org, 3, 60)  # more than a page (20) for every filter
    for variant, url in urls.items():
        response, sql = _queries(client, url)
        assert len(sql) == few[variant], variant
        assert len(response.context["materials"]) == 20, variant
        # The page's ids are one page long; the rows with their joins are read only for those ids.
        assert any("LIMIT 20" in s and "learning_material" in s for s in sql), variant
