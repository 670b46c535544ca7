"""Public views of the careers app: the vacancy search and a vacancy's page, responses, saved searches, and the
«vacancies for these competencies» fragment a program's page loads (M9)."""
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from copp.core import lists
from copp.core.access import has_capability, requires
from copp.core.roles import Cap

from . import selectors
from .forms import ResponseForm, SavedSearchForm, VacancyFilterForm
from .services.searches import normalise_query, savedsearch_create, savedsearch_delete
from .services.vacancies import VacancyRefused, vacancy_respond

PAGE_SIZE = 20
LIST_CHIPS = {"q": "text", "municipality": "municipality", "salary": "salary", "profession": "profession",
              "competency": "competency", "employment": "employment", "schedule": "schedule", "source": "source",
              "no_experience": "no_experience"}


TEXT_COUNT_CAP = 200


@login_not_required
@require_GET
def vacancy_list(request):
    """The public search: full text and misspellings, filters, two sortings, keyset pages."""
    form = VacancyFilterForm(request.GET or None)
    values = form.values()
    qs = selectors.vacancies_filter(selectors.vacancies_public(), **values)
    page = selectors.keyset_page(selectors.with_list_data(qs), sort=values["sort"],
                                 cursor=request.GET.get("after", "")[:200], size=PAGE_SIZE)
    query = normalise_query(request.GET.urlencode())
    # A word search counts its matches only up to TEXT_COUNT_CAP: the keyset page reads 21 rows along the date
    # index, but the count reads the matches one by one with the misspelling test (issue 15: a common word matches
    # a tenth of the region's vacancies, so a cap of 1 000 read 10 000 rows, 30-40 ms; 200 — ten pages — reads as
    # many rows at the region's scale as at a town's). Pages need no exact figure: «более 200».
    cap = TEXT_COUNT_CAP if values.get("text") else lists.COUNT_CAP
    return render(request, "careers/list.html", {
        "crumbs": [(_("Vacancies"), "")], "filter_form": form, "vacancies": page.rows, "page": page,
        "count": lists.capped_count(qs, cap), "count_cap": cap, "sort": values["sort"],
        "chips": lists.chips(request, form, values, LIST_CHIPS, url=reverse("careers:list"),
                             dropped=("after",)),
        "query": query, "can_save": has_capability(request.user, Cap.VACANCIES_RESPOND),
        "save_form": SavedSearchForm(initial={"query": query}),
    })


@login_not_required
@require_GET
def vacancy_detail(request, pk):
    """A vacancy's page: facts, the programs that train for it, the response or the source's link."""
    vacancy = get_object_or_404(selectors.vacancies_visible_to(request.user)
                                .select_related("municipality", "profession", "employer"), pk=pk)
    links = list(vacancy.competency_links.select_related("competency").order_by("-confidence", "competency__name"))
    return render(request, "careers/detail.html", {
        "crumbs": [(_("Vacancies"), reverse("careers:list")), (vacancy.title, "")], "vacancy": vacancy,
        "links": links, "programs": selectors.programs_for_vacancy(vacancy),
        "can_respond": has_capability(request.user, Cap.VACANCIES_RESPOND) and vacancy.is_own
        and vacancy.is_published,
        "responded": selectors.responded(request.user, vacancy), "response_form": ResponseForm(),
        "can_correct": has_capability(request.user, Cap.VACANCIES_MODERATE),
    })


@require_POST
@requires(Cap.VACANCIES_RESPOND)
def respond(request, pk):
    """A citizen's response to an own employer's vacancy."""
    vacancy = get_object_or_404(selectors.vacancies_public(), pk=pk)
    form = ResponseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the response: the letter or the phone is too long."))
        return redirect("careers:detail", pk=pk)
    try:
        vacancy_respond(actor=request.user, vacancy=vacancy, message=form.cleaned_data["message"],
                        phone=form.cleaned_data["phone"], request=request)
    except VacancyRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your response has been sent to the employer."))
    return redirect("careers:detail", pk=pk)


@login_not_required
@require_GET
def for_competencies(request):
    """«Vacancies for this competency» with a count: a fragment a program's page loads by htmx."""
    ids = [int(v) for v in request.GET.getlist("competency")[:20] if v.isdigit()]
    if not ids:
        raise Http404
    rows, count = selectors.vacancies_for_competencies(ids)
    query = "&".join(f"competency={i}" for i in ids[:1])
    return render(request, "careers/includes/for_competencies.html", {
        "vacancies": rows, "count": count, "more_url": reverse("careers:list") + "?" + query})


@require_GET
@requires(Cap.VACANCIES_RESPOND)
def my_searches(request):
    searches = selectors.saved_searches_of(request.user)
    page = lists.page_of(request, searches, PAGE_SIZE)
    return render(request, "careers/my_searches.html", {
        "crumbs": [(_("My vacancy searches"), "")], "searches": page.object_list, **lists.list_context(page)})


@require_POST
@requires(Cap.VACANCIES_RESPOND)
def search_save(request):
    form = SavedSearchForm(request.POST)
    query = normalise_query(request.POST.get("query", ""))
    if not form.is_valid():
        messages.error(request, _("Give the search a name (up to 200 characters)."))
    else:
        try:
            savedsearch_create(actor=request.user, name=form.cleaned_data["name"], query=query, request=request)
        except VacancyRefused as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The search is saved: new vacancies will come by e-mail."))
    return redirect(reverse("careers:list") + ("?" + query if query else ""))


@require_POST
@requires(Cap.VACANCIES_RESPOND)
def search_delete(request, pk):
    search = get_object_or_404(selectors.saved_searches_of(request.user), pk=pk)
    savedsearch_delete(actor=request.user, search=search, request=request)
    messages.success(request, _("The search is deleted."))
    return redirect("careers:my_searches")

