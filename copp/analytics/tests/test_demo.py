"""The demo gives every chart of the dashboard something to show over the past year, and loading it twice
changes nothing."""
import datetime

import pytest
from django.utils import timezone

from copp.portal.demo import load_all

from .. import demo
from ..models import DailyFact, IndicatorPlan, Metric
from ..selectors import Filters, dashboard, totals

pytestmark = pytest.mark.django_db


def test_demo_year_fills_every_chart_and_is_idempotent():
    load_all()
    facts = DailyFact.objects.count()
    today = timezone.localdate()
    year = Filters(first=today - datetime.timedelta(days=370), last=today)
    data = dashboard(year)
    assert len(data["series"]["rows"]) >= 12
    assert all(step["value"] > 0 for step in data["funnel"])
    assert data["by_org"] and data["by_municipality"] and data["load"]["rows"]
    cards = {c["metric"]: c["value"] for c in data["cards"]}
    assert cards[Metric.CAREER_GUIDANCE] > cards[Metric.PROFESSIONAL_TRIALS] > 0
    assert cards[Metric.PLAN_CONSULTATIONS] > 0
    # Trained by category: the categories learners named show up, not only «not specified».
    assert sum(row["value"] for row in data["by_category"] if row["key"] not in ("none", "employee")) > 0
    assert data["rates"]["completion"] is not None and data["rates"]["completion"] < 100  # some were expelled
    assert IndicatorPlan.objects.filter(year=today.year).count() == 4
    # No step of the funnel passes the one before it (the demo once showed 133 %).
    assert all(step["conversion"] is None or step["conversion"] <= 100 for step in data["funnel"])
    # Two demonstration exams with results; the checked one feeds the indicators.
    from copp.training.models import DemoExam, ExamStatus

    assert DemoExam.objects.count() == 2 and DemoExam.objects.filter(status=ExamStatus.FINISHED).exists()
    assert totals(year)[Metric.DEMO_EXAM_PARTICIPANTS] > 0
    demo.load()
    assert DailyFact.objects.count() == facts and DemoExam.objects.count() == 2
