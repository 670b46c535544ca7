"""The labour-market view (D7): a public summary, the analysis for the coordinator and CoPP staff with filters,
charts, tables and drill-down (region → municipality → employers), and its Excel export."""
from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET

from copp.core.access import requires
from copp.core.roles import Cap
from copp.core.xlsx import XLSX_CONTENT_TYPE, table_xlsx

from .forms import MarketFilterForm
from .market import market_view

VERDICTS = {"deficit": _("Too few trained"), "surplus": _("More trained than demanded"), "balance": _("Balance")}


def _chart(view) -> dict:
    return {
        "labels": [row["month"].strftime("%m.%Y") for row in view["series"]],
        "open": [row["row"].open_count if row["row"] else 0 for row in view["series"]],
        "new": [row["row"].new_count if row["row"] else 0 for row in view["series"]],
        "closed": [row["row"].closed_count if row["row"] else 0 for row in view["series"]],
        "median": [row["row"].salary_median if row["row"] else None for row in view["series"]],
        "names": {"open": pgettext("vacancies", "Open"), "new": pgettext("vacancies", "New"),
                  "closed": pgettext("vacancies", "Closed"), "median": _("Median salary, ₽")},
    }


@login_not_required
@require_GET
def summary(request):
    """The public summary: the region's demand over the year and the most demanded competencies."""
    view = market_view(months=12)
    return render(request, "careers/market_summary.html", {
        "crumbs": [(_("Vacancies"), reverse("careers:list")), (_("Labour market"), "")], "view": view,
        "chart": _chart(view)})


@require_GET
@requires(Cap.LABOUR_MARKET)
def analysis(request):
    form = MarketFilterForm(request.GET or None)
    values = form.values()
    view = market_view(**values)
    for row in view["deficit"]:
        row["verdict_label"] = VERDICTS[row["verdict"]]
    return render(request, "careers/market_analysis.html", {
        "crumbs": [(_("Labour market"), "")], "form": form, "values": values, "view": view, "chart": _chart(view),
        "query": request.GET.urlencode()})


@require_GET
@requires(Cap.LABOUR_MARKET)
def export(request):
    """The analysis's tables in one workbook sheet: the monthly series, then the deficit table."""
    values = MarketFilterForm(request.GET or None).values()
    view = market_view(**values)
    rows = [(str(row["month"].strftime("%m.%Y")), row["row"]) for row in view["series"]]
    columns = [
        (_("Month"), 12, lambda r: r[0]),
        (_("Open vacancies"), 16, lambda r: r[1].open_count if r[1] else 0),
        (_("New vacancies"), 16, lambda r: r[1].new_count if r[1] else 0),
        (_("Closed vacancies"), 16, lambda r: r[1].closed_count if r[1] else 0),
        (_("Places"), 12, lambda r: r[1].places if r[1] else 0),
        (_("Salary, lower quartile"), 18, lambda r: r[1].salary_q1 if r[1] else None),
        (_("Salary, median"), 18, lambda r: r[1].salary_median if r[1] else None),
        (_("Salary, upper quartile"), 18, lambda r: r[1].salary_q3 if r[1] else None),
    ]
    scope = [str(values["municipality"] or _("The whole region")),
             str(values["competency"] or _("All competencies"))]
    file = table_xlsx(rows, columns, sheet_title=_("Labour market"),
                      preamble=[_("Labour market"), ", ".join(scope),
                                timezone.localdate().strftime("%d.%m.%Y")])
    return FileResponse(file, as_attachment=True, filename="labour-market.xlsx", content_type=XLSX_CONTENT_TYPE)
