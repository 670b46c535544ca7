"""Views of the programs app: the public catalogue and program page (M9), the cabinet list and forms of the
organisation's programs with their status changes."""
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from copp.core import lists
from copp.core.access import has_capability, requires
from copp.core.db_router import replica_reads
from copp.core.roles import Cap
from copp.core.workflow import TransitionNotAllowed

from . import selectors
from .forms import CatalogueFilterForm, ModuleFormSet, ProgramForm, StartFormSet, TransitionForm
from .models import Program, ProgramStatus, VersionStatus
from .services import program_save, program_transition
from .workflow import PROGRAM_WORKFLOW

PAGE_SIZE = 12
MANAGE_PAGE_SIZE = 25


# --- The public catalogue -------------------------------------------------------------------------

# Query parameters shown as chips and their keys among the form's values.
CATALOGUE_CHIPS = {"q": "text", "competency": "competency", "kind": "kind", "study_form": "study_form",
                   "provider": "provider", "price": "price", "starts_from": "starts_from",
                   "municipality": "municipality"}


# The catalogue counts and pages through its first 2 000 programs («более 2 000», 167 pages), as large job and
# course sites do: the deepest page skipped 10 000 programs, each checked for a verified provider (15 ms at the
# region's scale, issue 15); beyond two thousand a visitor narrows the list with the search and the filters.
CATALOGUE_COUNT_CAP = 2_000


@login_not_required
@require_GET
@replica_reads  # public catalogue reads (DATABASE_REPLICA_URL)
def catalogue(request):
    """The public catalogue: Russian full-text search, filters, sorting, pages (M9)."""
    form = CatalogueFilterForm(request.GET or None)
    values = form.values()
    qs = selectors.programs_filter(selectors.programs_published(), **values)
    # A deep page reads ids from the catalogue's index first, then its twelve programs; the pages stop at
    # CATALOGUE_COUNT_CAP programs.
    page = lists.page_of(request, qs, PAGE_SIZE, late_rows=True, cap=CATALOGUE_COUNT_CAP)
    sort = values["sort"] or ("relevance" if values["text"] else "start")
    sort_choices = [c for c in form.fields["sort"].choices if c[0] != "relevance" or values["text"]]
    return render(request, "programs/catalogue.html", {
        "crumbs": [(_("Programs"), "")], "filter_form": form, "programs": page.object_list, **lists.list_context(page),
        "chips": lists.chips(request, form, values, CATALOGUE_CHIPS, url=reverse("programs:catalogue")),
        "sort": sort, "sort_choices": sort_choices, "sort_chosen": values["sort"],
    })


@login_not_required
@require_GET
@replica_reads  # public catalogue reads (DATABASE_REPLICA_URL)
def program_detail(request, pk):
    """A program's page with all its facts and the «Подать заявку» button; drafts only for those who edit."""
    visible = (Q(pk__in=selectors.programs_published().values("pk"))
               | Q(pk__in=selectors.programs_visible_to(request.user).values("pk")))
    program = get_object_or_404(selectors.program_full(Program.objects.filter(visible)), pk=pk)
    return render(request, "programs/detail.html", {
        "crumbs": [(_("Programs"), reverse("programs:catalogue")), (program.title, "")],
        "program": program, "is_published": program.status == ProgramStatus.PUBLISHED,
        "can_edit": selectors.programs_editable_by(request.user).filter(pk=program.pk).exists(),
        # «Подать заявку» only to those who may (a visitor signs in or up as a citizen first); the others are
        # told who applies, and an organisation is sent to its own applications.
        "may_apply": not request.user.is_authenticated or has_capability(request.user, Cap.APPLICATIONS_APPLY),
        "may_apply_for_staff": has_capability(request.user, Cap.APPLICATIONS_ORG_APPLY),
        "modules_total": {"theory": sum(m.theory_hours for m in program.modules.all()),
                          "practice": sum(m.practice_hours for m in program.modules.all())},
    })


# --- The cabinet: the organisation's programs -----------------------------------------------------

def _manage_crumbs(*tail):
    return [(_("Cabinet"), reverse("portal:cabinet")), (_("Programs of the organisation"),
                                                        reverse("programs:manage")), *tail]


@requires(Cap.PROGRAMS_OWN)
@require_GET
def manage(request):
    """The programs the user's organisations offer (every organisation's for CoPP staff), with statuses."""
    status = request.GET.get("status", "")
    text = lists.search_text(request)
    qs = (selectors.programs_visible_to(request.user).select_related("provider", "kind")
          .annotate(review_state=selectors.latest_version_status_subquery()))
    if status in ProgramStatus.values:
        qs = qs.filter(status=status)
    if text:
        qs = qs.filter(title__icontains=text)
    page = lists.page_of(request, qs.order_by("-updated_at", "-pk"), MANAGE_PAGE_SIZE)
    editable = set(selectors.programs_editable_by(request.user).filter(
        pk__in=[p.pk for p in page.object_list]).values_list("pk", flat=True))
    for program in page.object_list:
        program.editable = program.pk in editable
        program.review_state_label = VersionStatus(program.review_state).label if program.review_state else ""
    return render(request, "programs/manage.html", {
        "crumbs": _manage_crumbs()[:-1] + [(_("Programs of the organisation"), "")],
        "programs": page.object_list, **lists.list_context(page),
        "status": status, "q": text, "statuses": ProgramStatus.choices,
        "can_add": selectors.providers_for(request.user).exists(),
    })


# How each move of a program is offered on its form: label and button style.
PROGRAM_MOVES = {
    ProgramStatus.PUBLISHED: (gettext_lazy("Publish"), "btn-success"),
    ProgramStatus.ARCHIVED: (gettext_lazy("Move to the archive"), "btn-outline-secondary"),
    ProgramStatus.DRAFT: (gettext_lazy("Return to drafts"), "btn-outline-secondary"),
}


def _editable(request, pk) -> Program:
    """The program if the user may change it; 404 if they may not even see it, 403 if they only see it."""
    program = get_object_or_404(selectors.programs_visible_to(request.user), pk=pk)
    if not selectors.programs_editable_by(request.user).filter(pk=pk).exists():
        raise PermissionDenied
    return program


def _apply_errors(form, error: ValidationError):
    for field, messages_ in error.message_dict.items():
        for message in messages_:
            if field == "modules":
                form.add_error(None, message)
            else:
                form.add_error(field, message)


def _form_page(request, program: Program | None):
    providers = selectors.providers_for(request.user)
    if program is None and not providers.exists():
        messages.error(request, _("Your organisation cannot offer programs: only the CoPP, partner and "
                                  "educational organisations can."))
        return redirect("programs:manage")
    instance = program or Program()
    data = request.POST if request.method == "POST" else None
    form = ProgramForm(data, instance=instance, providers=providers)
    modules = ModuleFormSet(data, instance=instance, prefix="modules")
    starts = StartFormSet(data, instance=instance, prefix="starts")
    status = 200
    if request.method == "POST":
        if form.is_valid() and modules.is_valid() and starts.is_valid():
            try:
                saved = program_save(actor=request.user, form=form, modules=modules, starts=starts, request=request)
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("The program «%(title)s» has been saved.") % {"title": saved.title})
                return redirect("programs:update", pk=saved.pk)
        status = 400
    title = _("Editing: %(title)s") % {"title": program.title} if program else _("New program")
    return render(request, "programs/form.html", {
        "crumbs": _manage_crumbs((title, "")), "title": title, "form": form, "program": program,
        "formsets": [(_("Modules"), modules), (_("Start dates"), starts)],
        "moves": [(t, *PROGRAM_MOVES.get(t, (ProgramStatus(t).label, "btn-outline-secondary")))
                  for t in PROGRAM_WORKFLOW.targets(program.status, request.user)] if program else [],
    }, status=status)


@requires(Cap.PROGRAMS_OWN)
@require_http_methods(["GET", "POST"])
def program_create(request):
    return _form_page(request, None)


@requires(Cap.PROGRAMS_OWN)
@require_http_methods(["GET", "POST"])
def program_update(request, pk):
    return _form_page(request, _editable(request, pk))


TRANSITION_MESSAGES = {
    ProgramStatus.PUBLISHED: gettext_lazy("The program is published: it is now in the public catalogue."),
    ProgramStatus.ARCHIVED: gettext_lazy("The program is archived: it is no longer shown in the catalogue."),
    ProgramStatus.DRAFT: gettext_lazy("The program is back in drafts: it is not shown in the catalogue."),
}


@requires(Cap.PROGRAMS_OWN)
@require_POST
def program_transition_view(request, pk):
    """Publish, archive or return a program to drafts."""
    program = _editable(request, pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the new status."))
        return redirect("programs:update", pk=program.pk)
    try:
        program_transition(actor=request.user, program=program, target=form.cleaned_data["target"],
                           comment=form.cleaned_data["comment"], request=request)
    except TransitionNotAllowed as error:
        messages.error(request, str(error))
    else:
        messages.success(request, str(TRANSITION_MESSAGES[form.cleaned_data["target"]]))
    return redirect("programs:update", pk=program.pk)
