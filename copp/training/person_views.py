"""A person's week (learner and teacher) and their iCalendar feed, the region-wide timetable and the site
load chart with its table and Excel export (M21, D5)."""
import datetime
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from copp.core import lists
from copp.core.access import requires
from copp.core.jobs import too_big_for_request
from copp.core.roles import Cap
from copp.core.views import export_response
from copp.core.xlsx import XLSX_CONTENT_TYPE
from copp.programs.models import LONG_TEXT_FIELDS

from . import selectors, services
from .calendar import lessons_ics
from .forms import RegionFilterForm, load_period, query_day
from .jobs import LOAD_EXPORT, load_file, load_table
from .models import CalendarToken

REGION_PAGE_SIZE = 100  # lessons of the region's timetable on one page
ROOMS_PER_SITE_GUESS = 3  # rows of a site in the load table by rooms, for the export's size


TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")


@requires(Cap.TRAINING_MY)
@require_GET
def week(request):
    """The lessons a person studies at or teaches in one week, with previous/next; a day per screen on a phone."""
    first, last = selectors.week_bounds(query_day(request.GET.get("week")))
    lessons = selectors.lessons_between(selectors.lessons_of_person(request.user), first, last)
    feed = request.build_absolute_uri(reverse("training:ics", args=[services.calendar_token_of(request.user)]))
    return render(request, "training/week.html", {
        "crumbs": [(_("Cabinet"), reverse("portal:cabinet")), (_("My timetable"), "")],
        "days": selectors.days_of(lessons, first), "first": first, "last": last,
        "previous": first - datetime.timedelta(days=7), "next": first + datetime.timedelta(days=7),
        "today": timezone.localdate(), "feed": feed,
    })


@requires(Cap.TRAINING_MY)
@require_POST
def calendar_renew(request):
    services.calendar_token_renew(user=request.user)
    messages.success(request, _("The calendar address has changed; the old one no longer works."))
    return redirect("training:week")


@login_not_required
@require_GET
def ics(request, token):
    """The person's lessons from a month ago on, for a calendar app; the secret in the address is the key."""
    # Secrets are URL-safe base64 (secrets.token_urlsafe): anything else is not one, and is not looked up.
    if not TOKEN.fullmatch(token):
        raise Http404
    owner = CalendarToken.objects.filter(token=token).select_related("user").first()
    if owner is None or not owner.user.is_active:
        raise Http404
    since = timezone.now() - datetime.timedelta(days=31)
    lessons = (selectors.lessons_of_person(owner.user).filter(starts_at__gte=since)
               .select_related("group", "room", "site", "lesson_type").order_by("starts_at")[:1000])
    body = lessons_ics(lessons, domain=request.get_host().split(":")[0])
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")



@requires(Cap.TRAINING_REGION)
@require_GET
def region(request):
    """The region-wide timetable of one week with filters."""
    form = RegionFilterForm(request.GET or None, user=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    first, last = selectors.week_bounds(query_day(request.GET.get("week")))
    qs = selectors.lessons_between(selectors.region_lessons(**{k: v for k, v in filters.items() if v}), first, last)
    # The program's long texts and search vector are not shown here: 100 rows of them weighed more than the rest.
    qs = qs.select_related("group__provider").defer(*(f"group__program__{name}" for name in LONG_TEXT_FIELDS))
    page = lists.page_of(request, qs, REGION_PAGE_SIZE)
    return render(request, "training/region.html", {
        "crumbs": [(_("Cabinet"), reverse("portal:cabinet")), (_("Region timetable"), "")], "form": form,
        "page_obj": page, "lessons": page.object_list, "first": first, "last": last,
        "previous": first - datetime.timedelta(days=7), "next": first + datetime.timedelta(days=7),
    })


@requires(Cap.TRAINING_REGION)
@require_GET
def load(request):
    """D5: hours of lessons per site by week or month across the network, as a chart and a table."""
    first, last, by, level = load_period(request.GET)
    page = lists.name_keyset_page(selectors.load_sites(first, last), cursor=request.GET.get("after", ""),
                                  size=selectors.LOAD_PAGE_SIZE)
    periods, rows = selectors.site_load(first, last, by=by, level=level, sites=page.rows)
    labels = [p.strftime("%d.%m") if by == "week" else p.strftime("%m.%Y") for p in periods]
    chart = {"labels": labels, "series": [{"name": r["name"], "data": [float(v) for v in r["values"]]}
                                          for r in rows[:30]]}
    return render(request, "training/load.html", {
        "crumbs": [(_("Cabinet"), reverse("portal:cabinet")), (_("Site load"), "")], "labels": labels,
        "rows": rows, "chart": chart, "first": first, "last": last, "by": by, "level": level, "page": page,
    })


@requires(Cap.TRAINING_REGION)
@require_GET
def load_xlsx(request):
    """The load table as an Excel file: site, organisation, hours per period, total, programs; prepared as a
    background job when the table is big (rooms across the region)."""
    first, last, _by, level = load_period(request.GET)
    rows = lists.capped_count(selectors.load_sites(first, last)) * (ROOMS_PER_SITE_GUESS if level == "room" else 1)
    if too_big_for_request(rows):
        return export_response(request, LOAD_EXPORT, rows=rows)
    first, periods, rows = load_table(request.GET)
    # Small: the table already read is written here, not read a second time by the export.
    file, file_name = load_file(first, periods, rows)
    return FileResponse(file, as_attachment=True, filename=file_name, content_type=XLSX_CONTENT_TYPE)
