"""The upskilling campaign's programs at region scale (issue 15, M32): a choice of several among the programs open
for applications (the published ones, 20 000 in a region) — searchable when many, so the page holds only the
chosen ones; a few stay checkboxes; a program that is not open is refused and nothing is saved."""
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from copp.core.roles import Role
from copp.programs.models import Program, ProgramStatus

from ..models import Campaign

pytestmark = pytest.mark.django_db


def _programs(template, n, start, status=ProgramStatus.PUBLISHED):
    return Program.objects.bulk_create([
        Program(title=f"Программа кампании {i:04}", kind=template.kind, provider=template.provider, hours=72,
                study_form=template.study_form, document=template.document, status=status, is_free=True)
        for i in range(start, start + n)])


def _page(client, url, data=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, data) if data is not None else client.get(url)
    body = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", response.content)
    return len(body), len(queries), body.decode()


def _fields(**more):
    deadline = (timezone.localtime() + timezone.timedelta(days=10)).strftime("%Y-%m-%dT%H:%M")
    return {"title": "Мастера п/о", "description": "", "deadline": deadline, "quota": 10, **more}


def test_the_campaign_form_does_not_grow_with_programs(world, program, login):
    client = login(world.users[Role.STAFF][0])
    url = reverse("admissions:campaign_new")
    _programs(program, 40, 0)
    _page(client, url)
    size, queries, body = _page(client, url)
    _programs(program, 400, 40)
    assert _page(client, url)[:2] == (size, queries)
    select = re.search(r'<select name="programs".*?</select>', body, re.S).group(0)
    assert "<option" not in select and 'type="checkbox"' not in body
    assert f'data-autocomplete-url="{reverse("programs:published_choices")}"' in select

    # A refused form shows the chosen programs only: the same size whatever the number of programs.
    first, second = Program.objects.filter(title__in=["Программа кампании 0001", "Программа кампании 0002"])
    data = _fields(programs=[first.pk, second.pk], quota=0)
    size, queries, body = _page(client, url, data)
    _programs(program, 200, 440)
    assert _page(client, url, data)[:2] == (size, queries)
    select = re.search(r'<select name="programs".*?</select>', body, re.S).group(0)
    assert select.count("<option") == 2 and f'value="{first.pk}" selected>{first.title}' in select


def test_chosen_programs_are_saved_and_a_draft_is_refused(world, program, login):
    client = login(world.users[Role.STAFF][0])
    first, second = _programs(program, 40, 0)[:2]
    draft = _programs(program, 1, 90, status=ProgramStatus.DRAFT)[0]
    refused = client.post(reverse("admissions:campaign_new"), _fields(programs=[first.pk, draft.pk]))
    assert refused.status_code == 200 and "Один из выбранных вариантов вам недоступен" in refused.content.decode()
    assert not Campaign.objects.exists()
    response = client.post(reverse("admissions:campaign_new"), _fields(programs=[first.pk, second.pk]))
    campaign = Campaign.objects.get()
    assert response.url == reverse("admissions:campaign_detail", args=[campaign.pk])
    assert set(campaign.programs.all()) == {first, second}


def test_a_few_open_programs_stay_checkboxes(world, program, login):
    Program.objects.exclude(pk=program.pk).filter(status=ProgramStatus.PUBLISHED).update(status=ProgramStatus.DRAFT)
    body = login(world.users[Role.STAFF][0]).get(reverse("admissions:campaign_new")).content.decode()
    assert 'type="checkbox"' in body and "data-autocomplete-url" not in body
