"""Reads of the labour-market tables for the analysis pages, the API and the Excel export (D7): a handful of
queries over pre-aggregated rows, the same at 10 thousand and a million vacancies."""
from django.db.models import Sum

from copp.directories.models import Competency

from .models import MarketEmployerMonth, MarketMonth, MarketSupplyMonth
from .services.market import window_months

# Demand more than this many times the supply is «дефицит»; supply more than this many times demand is surplus.
IMBALANCE = 2


def _scope(qs, *, municipality=None, competency=None):
    qs = qs.filter(profession__isnull=True)
    qs = qs.filter(municipality=municipality) if municipality else qs.filter(municipality__isnull=True)
    return qs.filter(competency=competency) if competency else qs.filter(competency__isnull=True)


def market_view(*, municipality=None, competency=None, months: int = 12) -> dict:
    """Everything the analysis page shows for a scope: the monthly series, the split by municipality (or by
    competency), the top employers and the deficit table."""
    window = window_months(months)
    first, last = window[0], window[-1]
    series_rows = {row.month: row for row in _scope(MarketMonth.objects.filter(month__gte=first),
                                                    municipality=municipality, competency=competency)}
    series = [{"month": m, "row": series_rows.get(m)} for m in window]
    current = series_rows.get(last)
    by_place = list(MarketMonth.objects.filter(month=last, municipality__isnull=False)
                    .filter(**({"competency": competency} if competency else {"competency__isnull": True}))
                    .select_related("municipality").order_by("-open_count")[:30])
    by_competency = list(MarketMonth.objects.filter(month=last, competency__isnull=False)
                         .filter(**({"municipality": municipality} if municipality else
                                    {"municipality__isnull": True}))
                         .select_related("competency").order_by("-open_count")[:30])
    by_profession = list(MarketMonth.objects.filter(month=last, profession__isnull=False)
                         .select_related("profession").order_by("-open_count")[:20])
    employers = list(MarketEmployerMonth.objects.filter(month=last)
                     .filter(**({"municipality": municipality} if municipality else {"municipality__isnull": True}))
                     .order_by("-open_count", "employer_name")[:20])
    return {"window": window, "series": series, "current": current, "by_place": by_place,
            "by_competency": by_competency, "by_profession": by_profession, "employers": employers,
            "deficit": deficit(first=first, municipality=municipality)}


def deficit(*, first, municipality=None) -> list[dict]:
    """Demand per competency (new vacancies' count in the period) against training supply (places in groups
    that started and graduates in the period), with a verdict."""
    demand = dict(MarketMonth.objects.filter(month__gte=first, competency__isnull=False)
                  .filter(**({"municipality": municipality} if municipality else {"municipality__isnull": True}))
                  .values("competency").annotate(n=Sum("new_count")).values_list("competency", "n"))
    supply = {row["competency"]: row for row in MarketSupplyMonth.objects.filter(month__gte=first)
              .values("competency").annotate(places=Sum("places"), graduates=Sum("graduates"))}
    names = dict(Competency.objects.filter(pk__in=set(demand) | set(supply)).values_list("pk", "name"))
    rows = []
    for pk in set(demand) | set(supply):
        need = demand.get(pk) or 0
        places = (supply.get(pk) or {}).get("places") or 0
        graduates = (supply.get(pk) or {}).get("graduates") or 0
        trained = max(places, graduates)
        if need > IMBALANCE * max(trained, 1) and need >= 5:
            verdict = "deficit"
        elif trained > IMBALANCE * max(need, 1) and trained >= 5:
            verdict = "surplus"
        else:
            verdict = "balance"
        rows.append({"competency_id": pk, "competency": names.get(pk, ""), "demand": need, "places": places,
                     "graduates": graduates, "verdict": verdict})
    return sorted(rows, key=lambda r: (-(r["demand"] - max(r["places"], r["graduates"])), r["competency"]))
