"""The labour-market view (D7): pre-aggregated tables rebuilt from vacancies and training groups, the public
summary and the analysis pages (the same queries at any size), the deficit verdicts, the Excel export."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from copp.careers.models import MarketEmployerMonth, MarketMonth, MarketSupplyMonth
from copp.careers.services.market import market_refresh
from copp.core.roles import Role
from copp.directories.models import Competency, Municipality
from copp.organizations.models import OrganizationType

from .factories import make_vacancy

pytestmark = pytest.mark.django_db


def this_month():
    return timezone.localdate().replace(day=1)


def region_row(competency=None, month=None):
    return MarketMonth.objects.get(month=month or this_month(), municipality__isnull=True,
                                   competency=competency, profession__isnull=True)


def test_the_refresh_counts_open_new_closed_and_salary_quartiles():
    towns = list(Municipality.objects.order_by("pk")[:2])
    welding = Competency.objects.get(name="Сварочные технологии")
    now = timezone.now()
    for salary in (40000, 60000, 80000, 100000):
        make_vacancy(None, municipality=towns[0], salary_from=salary, salary_to=salary, competencies=[welding],
                     employer_name="ООО «Сварка»")
    make_vacancy(None, municipality=towns[1], salary_from=None, salary_to=None, employer_name="ООО «Кухня»")
    make_vacancy(None, municipality=towns[1], status="closed", closed_at=now, published_at=now,
                 employer_name="ООО «Кухня»")
    market_refresh(months=[this_month()])

    region = region_row()
    assert (region.open_count, region.new_count, region.closed_count) == (5, 6, 1)
    assert (region.salary_q1, region.salary_median, region.salary_q3) == (55000, 70000, 85000)
    town = MarketMonth.objects.get(month=this_month(), municipality=towns[1], competency__isnull=True)
    assert (town.open_count, town.closed_count, town.salary_median) == (1, 1, None)
    assert region_row(welding).open_count == 4
    top = MarketEmployerMonth.objects.filter(month=this_month(), municipality__isnull=True).order_by("-open_count")
    assert [(e.employer_name, e.open_count) for e in top] == [("ООО «Сварка»", 4), ("ООО «Кухня»", 1)]
    market_refresh(months=[this_month()])  # a second refresh replaces, never doubles
    assert region_row().open_count == 5


def test_demand_by_profession_is_kept_region_wide(client, world):
    from copp.directories.models import Profession

    welder = Profession.objects.get(code="19756")
    for _ in range(3):
        make_vacancy(None, profession=welder, salary_from=60000, salary_to=60000)
    make_vacancy(None)
    market_refresh(months=[this_month()])
    row = MarketMonth.objects.get(month=this_month(), profession=welder)
    assert (row.open_count, row.salary_median, row.municipality, row.competency) == (3, 60000, None, None)
    assert region_row().open_count == 4
    client.force_login(world.users[Role.STAFF][0])
    page = client.get(reverse("careers:market_analysis")).content.decode()
    assert "Спрос по профессиям" in page and "Электрогазосварщик" in page


def test_a_vacancy_published_earlier_is_open_in_each_month_until_it_closes():
    first = this_month()
    previous = (first - datetime.timedelta(days=1)).replace(day=1)
    start = timezone.make_aware(datetime.datetime.combine(previous, datetime.time(12)))
    make_vacancy(None, published_at=start, status="closed", closed_at=timezone.now())
    make_vacancy(None, published_at=start)
    market_refresh(months=[previous, first])
    assert (region_row(month=previous).open_count, region_row(month=previous).new_count) == (2, 2)
    now_row = region_row()
    assert (now_row.open_count, now_row.new_count, now_row.closed_count) == (1, 0, 1)


def test_deficit_compares_demand_with_training_supply(client, world):
    from copp.programs.tests.factories import make_program
    from copp.training.tests.factories import make_group

    welding = Competency.objects.get(name="Сварочные технологии")
    cooking = Competency.objects.get(name="Поварское дело")
    for _ in range(12):
        make_vacancy(None, competencies=[welding])
    partner = world.orgs[OrganizationType.PARTNER][0]
    program = make_program(partner, title="Повар")
    program.competencies.add(cooking)
    make_group(partner, program=program, capacity=30, starts_on=timezone.localdate().replace(day=1),
               ends_on=timezone.localdate().replace(day=1) + datetime.timedelta(days=60))
    market_refresh(months=[this_month()])
    assert MarketSupplyMonth.objects.get(month=this_month(), competency=cooking).places == 30
    client.force_login(world.users[Role.COORDINATOR][0])
    response = client.get(reverse("careers:market_analysis"))
    verdicts = {row["competency"]: row["verdict"] for row in response.context["view"]["deficit"]}
    assert (verdicts["Сварочные технологии"], verdicts["Поварское дело"]) == ("deficit", "surplus")


def _pages(client, world):
    counts = []
    client.logout()
    for url in (reverse("careers:market"),):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    client.force_login(world.users[Role.STAFF][0])
    town = Municipality.objects.order_by("pk").first()
    for params in ({}, {"municipality": town.pk}, {"competency": Competency.objects.get(name="Поварское дело").pk}):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("careers:market_analysis"), params).status_code == 200
        counts.append(len(queries))
    return counts


def test_the_analysis_pages_cost_the_same_queries_at_any_size(client, world):
    towns = list(Municipality.objects.order_by("pk"))
    cooking = Competency.objects.get(name="Поварское дело")
    for i in range(5):
        make_vacancy(None, municipality=towns[i % 3], competencies=[cooking])
    market_refresh()
    client.get(reverse("careers:market"))  # warms the cached region settings
    few = _pages(client, world)
    for i in range(150):
        make_vacancy(None, municipality=towns[i % len(towns)], competencies=[cooking], employer_name=f"Завод {i}")
    market_refresh()
    assert _pages(client, world) == few


def test_the_excel_export_has_the_months(client, world):
    make_vacancy(None)
    market_refresh(months=[this_month()])
    client.force_login(world.users[Role.STAFF][0])
    response = client.get(reverse("careers:market_export"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    import io

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row if cell is not None]
    assert this_month().strftime("%m.%Y") in values
