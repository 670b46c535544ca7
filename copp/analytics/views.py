"""Pages of monitoring: the dashboard (region or own organisation), its Excel file and printable page, the
drill-down to records, the plan values, the ФИС ФРДО export (M27)."""
import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from copp.core import lists
from copp.core.access import has_capability, requires
from copp.core.roles import Cap
from copp.core.xlsx import XLSX_CONTENT_TYPE

from . import selectors, services
from .exports import dashboard_xlsx as build_xlsx
from .facts import SOURCES
from .forms import DashboardForm, FrdoForm, PlanForm
from .frdo import frdo_export
from .models import Category, IndicatorPlan, Metric
from .pdf import dashboard_pdf as build_pdf

RECORDS_PAGE_SIZE = 50
BARS = ("organization", "municipality", "customer", "kind", "funding", "category", "site", "month")


def _form(request):
    scope = selectors.scope_of(request.user)
    form = DashboardForm(request.GET or None, scope=scope)
    return form, form.filters()


def _query(request) -> str:
    """The filters of the page, carried to the drill-down, the Excel file and the printable page."""
    query = request.GET.copy()
    for name in ("bar", "key", "page"):
        query.pop(name, None)
    return query.urlencode()


def _chart_data(data: dict) -> dict:
    """What the charts draw: plain numbers, the same as the tables beside them."""
    def num(value):
        return float(value or 0)
    return {
        "funnel": [{"name": str(f["label"]), "value": num(f["value"])} for f in data["funnel"]],
        "series": {"labels": data["series"]["labels"], "names": [str(n) for n in data["series"]["names"]],
                   "data": [[num(r["values"][i]) for r in data["series"]["rows"]]
                            for i in range(len(data["series"]["names"]))]},
        "by_org": [{"name": r["name"], "value": num(r["value"]), "key": r["key"]} for r in data["by_org"]],
        "by_municipality": [{"name": r["name"], "value": num(r["value"]), "key": r["key"]}
                            for r in data["by_municipality"]],
        "load": {"months": data["load"]["months"], "sites": [r["site"] for r in data["load"]["rows"]],
                 "cells": [[x, y, num(v)] for y, r in enumerate(data["load"]["rows"])
                           for x, v in enumerate(r["values"])]},
    }


def _bars(data):
    return [("by_org", _("Trained by organisation"), data["by_org"], "organization"),
            ("by_municipality", _("Trained by municipality"), data["by_municipality"], "municipality"),
            ("by_kind", _("Trained by program kind"), data["by_kind"], "kind"),
            ("by_funding", _("Trained by funding"), data["by_funding"], "funding"),
            ("by_customer", _("Trained by customer (employer orders)"), data["by_customer"], "customer"),
            ("by_category", _("Trained by category"), data["by_category"], "category")]


def _context(request, *, printable=False):
    form, filters = _form(request)
    data = selectors.dashboard(filters)
    bars = _bars(data)
    return {"bars": bars, "form": form, "filters": filters, "data": data, "chart": _chart_data(data),
            "query": _query(request),
            "regional": filters.scope is None, "printable": printable,
            "can_plan": has_capability(request.user, Cap.ANALYTICS_PLAN),
            "can_frdo": has_capability(request.user, Cap.ANALYTICS_FRDO),
            "crumbs": [(_("Cabinet"), reverse("portal:cabinet")), (_("Monitoring"), "")]}


@requires(Cap.ANALYTICS_VIEW)
@require_GET
def dashboard(request):
    """The ЦОПП indicators with charts and tables; an organisation's user sees only its own figures."""
    return render(request, "analytics/dashboard.html", _context(request))


@requires(Cap.ANALYTICS_VIEW)
@require_GET
def dashboard_print(request):
    """The same figures as a page made for printing (and saving as PDF from the browser) for a ministry report."""
    return render(request, "analytics/print.html", _context(request, printable=True))


@requires(Cap.ANALYTICS_VIEW)
@require_GET
def dashboard_xlsx(request):
    """Every table of the dashboard in one Excel workbook."""
    _form_, filters = _form(request)
    data = selectors.dashboard(filters)
    caption = _("ЦОПП indicators") if filters.scope is None else _("Indicators of my organisation")
    file = build_xlsx(data, filters, caption)
    name = f"monitoring-{filters.first:%Y%m%d}-{filters.last:%Y%m%d}.xlsx"
    return FileResponse(file, as_attachment=True, filename=name, content_type=XLSX_CONTENT_TYPE)


@requires(Cap.ANALYTICS_VIEW)
@require_GET
def dashboard_pdf(request):
    """Every table of the dashboard as a PDF made by the server, with the period and the refresh time."""
    _form_, filters = _form(request)
    data = selectors.dashboard(filters)
    caption = _("ЦОПП indicators") if filters.scope is None else _("Indicators of my organisation")
    response = HttpResponse(build_pdf(data, filters, caption, _bars(data)), content_type="application/pdf")
    name = f"monitoring-{filters.first:%Y%m%d}-{filters.last:%Y%m%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@requires(Cap.ANALYTICS_VIEW)
@require_GET
def records(request, metric):
    """The records behind a figure (drill-down): the indicator's own rows in the period and filters."""
    if metric not in SOURCES:
        raise Http404
    _form_, filters = _form(request)
    bar, key = request.GET.get("bar", ""), request.GET.get("key", "")
    if bar not in BARS:
        bar, key = "", ""
    elif bar == "month":
        try:
            datetime.date.fromisoformat(f"{key}-01")
        except ValueError:
            bar, key = "", ""
    elif bar == "category":
        if key != "none" and key not in Category.values:
            bar, key = "", ""
    elif not key.isdigit():
        bar, key = "", ""
    source = SOURCES[metric]
    page = lists.page_of(request, selectors.records(metric, filters, bar=bar, key=key), RECORDS_PAGE_SIZE)
    rows = [{"day": r.f_day, "label": source.label(r), "value": getattr(r, "f_value", None)}
            for r in page.object_list]
    return render(request, "analytics/records.html", {
        "metric": metric, "metric_label": Metric(metric).label, "filters": filters, "page_obj": page,
        "rows": rows,
        "query": _query(request), "bar": bar, "key": key,
        "crumbs": [(_("Cabinet"), reverse("portal:cabinet")), (_("Monitoring"), reverse("analytics:dashboard")),
                   (Metric(metric).label, "")]})


@requires(Cap.ANALYTICS_PLAN)
@require_http_methods(["GET", "POST"])
def plans(request):
    """The coordinator's plan values of the indicators for a year (plan vs fact on the dashboard)."""
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else datetime.date.today().year
    if request.method == "POST":
        form = PlanForm(request.POST)
        if form.is_valid():
            count = services.plans_set(actor=request.user, year=form.cleaned_data["year"], values=form.values(),
                                       request=request)
            messages.success(request, _("Plan values for %(year)s saved: %(count)s indicators.") % {
                "year": form.cleaned_data["year"], "count": count})
            return redirect(f"{reverse('analytics:plans')}?year={form.cleaned_data['year']}")
        status = 400
    else:
        initial = {"year": year, **dict(IndicatorPlan.objects.filter(year=year).values_list("metric", "value"))}
        form, status = PlanForm(initial=initial), 200
    return render(request, "analytics/plans.html", {
        "form": form, "year": year,
        "crumbs": [(_("Cabinet"), reverse("portal:cabinet")), (_("Monitoring"), reverse("analytics:dashboard")),
                   (_("Plan values"), "")]}, status=status)


def _frdo_form(request):
    if not has_capability(request.user, Cap.ANALYTICS_FRDO):
        raise PermissionDenied
    return FrdoForm(request.GET or None)


@requires(Cap.ANALYTICS_FRDO)
@require_GET
def frdo(request):
    """The ФИС ФРДО export page: the period and template, how many rows go, the rows that cannot go and why."""
    form = _frdo_form(request)
    exported, problems = None, []
    if form.is_bound and form.is_valid():
        file, exported, problems = frdo_export(form.cleaned_data["template"], form.cleaned_data["date_from"],
                                               form.cleaned_data["date_to"])
        file.close()
    return render(request, "analytics/frdo.html", {
        "form": form, "exported": exported, "problems": problems, "query": request.GET.urlencode(),
        "crumbs": [(_("Cabinet"), reverse("portal:cabinet")), (_("Monitoring"), reverse("analytics:dashboard")),
                   (_("Export to FIS FRDO"), "")]}, status=400 if form.is_bound and not form.is_valid() else 200)


@requires(Cap.ANALYTICS_FRDO)
@require_GET
def frdo_file(request):
    """The xlsx file for ФИС ФРДО (only the rows without problems)."""
    form = _frdo_form(request)
    if not form.is_valid():
        messages.error(request, _("Choose the template and the period of the documents."))
        return redirect("analytics:frdo")
    data = form.cleaned_data
    file, _count, _problems = frdo_export(data["template"], data["date_from"], data["date_to"])
    name = f"frdo-{data['template']}-{data['date_from']:%Y%m%d}-{data['date_to']:%Y%m%d}.xlsx"
    return FileResponse(file, as_attachment=True, filename=name, content_type=XLSX_CONTENT_TYPE)
