"""In a real browser at 360 and 1280 px: the coordinator opens the dashboard, the charts draw and the table beside
each holds the same numbers, changes the period, drills into a bar and downloads the Excel file (M27)."""
import io
import json
import re

import pytest
from openpyxl import load_workbook

from copp.core.roles import Role
from tests.browser.conftest import shot
from tests.browser.test_events import sign_in
from tests.factories import UserFactory

from ..services import facts_refresh
from .world import build

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "Пароль-для-тестов-1"


def _number(text):
    return float(re.sub(r"[^\d,]", "", text).replace(",", ".") or 0)


def test_coordinator_dashboard_period_drill_down_and_excel(page):
    world = build()
    facts_refresh(full=True)
    coordinator = UserFactory(roles=[Role.COORDINATOR])
    sign_in(page, coordinator, PASSWORD)
    page.goto(page.base + "/monitoring/?period=year&on=2025-06-01")
    page.get_by_role("heading", name="Мониторинг региона").wait_for()
    page.locator("#chart-funnel canvas").first.wait_for()
    page.locator("#chart-by_org canvas").first.wait_for()
    page.locator("#chart-load canvas").first.wait_for()
    shot(page, "monitoring-dashboard")

    # The charts draw the numbers of the tables beside them.
    data = json.loads(page.locator("#analytics-data").text_content())
    cells = page.locator("#funnel-table tbody tr td:nth-child(2)").all_text_contents()
    # The funnel follows the year's four applications: three accepted and placed, two completed, one document.
    assert [_number(c) for c in cells] == [step["value"] for step in data["funnel"]] == [4, 3, 3, 2, 1]
    org_rows = page.locator("#by_org-table tbody tr")
    assert {org_rows.nth(i).locator("th").text_content(): _number(org_rows.nth(i).locator("td").text_content())
            for i in range(org_rows.count())} == {r["name"]: r["value"] for r in data["by_org"]}
    load_cells = page.locator("#load-table tbody tr td").all_text_contents()
    assert [_number(c) for c in load_cells] == [2, 3, 5]

    # Another period: March only.
    page.locator("#id_period").select_option("month")
    page.locator("#id_on").fill("15.03.2025")  # typed as the region writes dates, whatever the browser's language
    page.get_by_role("button", name="Показать").click()
    page.wait_for_url(re.compile(r"period=month"))
    page.locator("#chart-funnel canvas").first.wait_for()
    assert page.locator('#cards a[data-metric="applications_filed"]').text_content().strip() == "3"

    # Drill into the bar of the first organisation (a click on the chart opens the records behind it).
    box = page.locator("#chart-by_org")
    box.scroll_into_view_if_needed()
    x, y = page.evaluate("""() => {
        const chart = echarts.getInstanceByDom(document.getElementById('chart-by_org'));
        const option = chart.getOption();
        const last = option.series[0].data.length - 1;
        return chart.convertToPixel({seriesIndex: 0}, [option.series[0].data[last].value / 2, last]);
    }""")
    bounds = box.bounding_box()
    page.mouse.click(bounds["x"] + x, bounds["y"] + y)
    page.wait_for_url(re.compile(r"/monitoring/records/completed/.*bar=organization"))
    page.get_by_role("heading", name="Завершили обучение").wait_for()
    rows = page.locator("#records-table tbody tr")
    assert rows.count() == 1 and world.ann.last_name in rows.first.text_content()
    shot(page, "monitoring-records")

    page.go_back()
    page.locator("#chart-funnel canvas").first.wait_for()
    with page.expect_download() as download:
        page.locator("#export-xlsx").click()
    with open(download.value.path(), "rb") as file:  # the download has no .xlsx name openpyxl would check
        book = load_workbook(io.BytesIO(file.read()))
    figures = {row[0]: row[1] for row in book["Показатели"].iter_rows(min_row=2, values_only=True)}
    assert figures["Подано заявок"] == 3 and figures["Охвачено граждан"] == 3

    page.goto(page.base + "/monitoring/print/?period=year&on=2025-06-01")
    page.locator("#chart-funnel svg").first.wait_for()
    shot(page, "monitoring-print")
