"""The demonstration exam form's experts at region scale (issue 15, M32): a new exam offers every expert of the
region, so the chief expert and the experts are searchable choices (one and several) — the page holds only the
chosen people and does not grow; a person who is not an expert is refused and nothing is saved."""
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from copp.core.roles import Role
from copp.organizations.models import OrganizationType
from copp.resources.models.staff import CompetencyLevel, StaffCompetency, StaffKind, StaffMember
from copp.resources.tests.factories import staff

from ..exam_models import DemoExam
from .exam_factories import competency, world_exam

pytestmark = pytest.mark.django_db


def _experts(org, n, start):
    people = StaffMember.objects.bulk_create([
        StaffMember(organization=org, last_name=f"Экспертов{i:04}", first_name="Иван", position="Эксперт",
                    kind=StaffKind.EXPERT) for i in range(start, start + n)])
    comp = competency()
    StaffCompetency.objects.bulk_create([StaffCompetency(staff=person, competency=comp, level=CompetencyLevel.EXPERT)
                                         for person in people])
    return people


def _page(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    body = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", response.content)
    return len(body), len(queries), body.decode()


def test_the_exam_forms_do_not_grow_with_the_experts(world, login):
    org = world.orgs[OrganizationType.PARTNER][0]
    exam = world_exam(world)
    chosen = _experts(org, 40, 0)[:2]
    exam.chief_expert = chosen[0]
    exam.save()
    exam.experts.set(chosen)
    client = login(world.users[Role.PARTNER][0])
    new, edit = reverse("training:demo_exam_create"), reverse("training:demo_exam_update", args=[exam.pk])
    _page(client, new)
    before = [_page(client, url) for url in (new, edit)]
    _experts(org, 400, 40)
    after = [_page(client, url) for url in (new, edit)]
    assert [page[:2] for page in after] == [page[:2] for page in before]
    body = before[0][2]
    select = re.search(r'<select name="experts".*?</select>', body, re.S).group(0)
    assert "<option" not in select
    assert f'data-autocomplete-url="{reverse("training:demo_exam_expert_choices")}"' in select
    # Editing shows the chosen experts (and the chief) only.
    body = before[1][2]
    select = re.search(r'<select name="experts".*?</select>', body, re.S).group(0)
    assert select.count("<option") == 2 and f'value="{chosen[1].pk}" selected>{chosen[1].full_name}' in select
    chief = re.search(r'<select name="chief_expert".*?</select>', body, re.S).group(0)
    assert chief.count("<option") == 2 and f'value="{chosen[0].pk}" selected' in chief


def test_a_person_who_is_not_an_expert_is_refused(world, login):
    org = world.orgs[OrganizationType.PARTNER][0]
    exam = world_exam(world)
    _experts(org, 40, 0)
    teacher = staff(org, last_name="Преподавателев")
    client = login(world.users[Role.PARTNER][0])
    found = client.get(reverse("training:demo_exam_expert_choices"), {"q": "преподавателев"}).json()
    assert found["results"] == []
    found = client.get(reverse("training:demo_exam_expert_choices"), {"q": "экспертов0007"}).json()
    assert [row["text"] for row in found["results"]] == ["Экспертов0007 Иван"]
    url = reverse("training:demo_exam_update", args=[exam.pk])
    data = {"organization": org.pk, "competency": exam.competency_id, "assessment_set": "2.0", "level": exam.level,
            "centre": exam.centre_id, "accredited_until": "2026-12-31", "starts_on": "2026-06-01",
            "ends_on": "2026-06-02", "experts": [found["results"][0]["id"], teacher.pk], "max_points": "100",
            "threshold_3": "20", "threshold_4": "40", "threshold_5": "60"}
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert "Один из выбранных вариантов вам недоступен" in refused.content.decode()
    assert DemoExam.objects.get(pk=exam.pk).assessment_set == "1.1-2025" and not exam.experts.exists()
