"""Views of the module library and the program constructor (M14): the library list and module forms, the
constructor page whose module table recomputes through htmx, the versions with their difference, and the
program document (DOCX, PDF)."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from copp.core import lists
from copp.core.access import requires
from copp.core.roles import Cap
from copp.core.workflow import TransitionNotAllowed

from . import constructor, documents, selectors
from .extensions import LIBRARY_MODULE, PROGRAM_MODULE, module_links, module_parts
from .forms import FinalAssessmentForm, HoursForm, LibraryFilterForm, LibraryModuleForm, OwnModuleForm
from .models import HOUR_FIELDS, LibraryModule, ModuleStatus, Program, VersionStatus
from .rules import construction_check
from .versions import program_snapshot, versions_diff
from .workflow import MODULE_WORKFLOW

LIBRARY_PAGE_SIZE = 20
PICKER_SIZE = 15


def _library_crumbs(*tail):
    return [(_("Cabinet"), reverse("portal:cabinet")), (_("Module library"), reverse("programs:library")), *tail]


@requires(Cap.PROGRAMS_OWN)
@require_GET
def library(request):
    """The region's module library: search and filters by competency, hours, author and status."""
    form = LibraryFilterForm(request.GET or None, user=request.user)
    values = form.values()
    qs = selectors.library_filter(selectors.library_visible_to(request.user), **values)
    page = lists.page_of(request, qs, LIBRARY_PAGE_SIZE)
    own = set(selectors.library_editable_by(request.user).filter(
        pk__in=[m.pk for m in page.object_list]).values_list("pk", flat=True))
    for module in page.object_list:
        module.editable = module.pk in own
    return render(request, "programs/library.html", {
        "crumbs": _library_crumbs()[:-1] + [(_("Module library"), "")], "filter_form": form,
        "modules": page.object_list, **lists.list_context(page),
        "chips": lists.chips(request, form, values, {"q": "text", "competency": "competency", "author": "author",
                                                     "status": "status", "hours_min": "hours_min",
                                                     "hours_max": "hours_max"}, url=reverse("programs:library")),
        "can_add": selectors.providers_for(request.user).exists(),
    })


def _module_form_page(request, module: LibraryModule | None):
    authors = selectors.providers_for(request.user)
    if module is None and not authors.exists():
        messages.error(request, _("Your organisation cannot add modules: only the CoPP, partner and educational "
                                  "organisations can."))
        return redirect("programs:library")
    instance = module or LibraryModule()
    form = LibraryModuleForm(request.POST or None, instance=instance, authors=authors)
    # Parts other apps register (the resources registry's equipment kinds and rooms) come under the fields.
    parts = [(part, part.form(module=instance, data=request.POST or None, authors=authors))
             for part in module_parts()]
    status = 200
    if request.method == "POST":
        if all([form.is_valid(), *(part_form.is_valid() for _part, part_form in parts)]):
            saved = constructor.library_module_save(actor=request.user, form=form, parts=parts, request=request)
            messages.success(request, _("The module «%(title)s» has been saved.") % {"title": saved.title})
            return redirect("programs:module_update", pk=saved.pk)
        status = 400
    title = _("Module: %(title)s") % {"title": module.title} if module else _("New library module")
    # (target, label, publishes): the publishing move is the highlighted button.
    moves = [(t, ModuleStatus(t).label, t == ModuleStatus.PUBLISHED)
             for t in MODULE_WORKFLOW.targets(module.status, request.user)] if module \
        else []
    return render(request, "programs/module_form.html", {
        "crumbs": _library_crumbs((title, "")), "title": title, "form": form, "module": module, "moves": moves,
        "part_forms": [part_form for _part, part_form in parts],
        "module_links": module_links(user=request.user, kind=LIBRARY_MODULE, module_ids=[module.pk])[module.pk]
        if module else [],
    }, status=status)


@requires(Cap.PROGRAMS_OWN)
@require_http_methods(["GET", "POST"])
def module_create(request):
    return _module_form_page(request, None)


def _editable_module(request, pk) -> LibraryModule:
    module = get_object_or_404(selectors.library_visible_to(request.user), pk=pk)
    if not selectors.library_editable_by(request.user).filter(pk=pk).exists():
        raise PermissionDenied
    return module


@requires(Cap.PROGRAMS_OWN)
@require_http_methods(["GET", "POST"])
def module_update(request, pk):
    return _module_form_page(request, _editable_module(request, pk))


@requires(Cap.PROGRAMS_OWN)
@require_POST
def module_transition(request, pk):
    module = _editable_module(request, pk)
    target = request.POST.get("target", "")
    try:
        constructor.library_module_transition(actor=request.user, module=module, target=target, request=request)
    except (TransitionNotAllowed, ValidationError) as error:
        messages.error(request, error.messages[0] if isinstance(error, ValidationError) else str(error))
    else:
        messages.success(request, _("The module's status is now «%(status)s».") % {
            "status": ModuleStatus(target).label})
    return redirect("programs:module_update", pk=module.pk)


# --- The constructor ------------------------------------------------------------------------------

def _program_for(request, pk, *, edit: bool) -> Program:
    program = get_object_or_404(selectors.programs_visible_to(request.user).select_related("kind", "provider"),
                                pk=pk)
    if edit and not selectors.programs_editable_by(request.user).filter(pk=pk).exists():
        raise PermissionDenied
    return program


def _constructor_context(request, program: Program, *, error: str = "") -> dict:
    modules = list(program.modules.order_by("order", "pk").prefetch_related("competencies"))
    links = module_links(user=request.user, kind=PROGRAM_MODULE, module_ids=[m.pk for m in modules])
    for module in modules:
        module.extra_links = links.get(module.pk, [])
    totals = {f: sum(getattr(m, f) for m in modules) for f in HOUR_FIELDS}
    latest = program.versions.order_by("-number").first()
    in_review = latest is not None and latest.status == VersionStatus.IN_REVIEW
    return {
        "program": program, "modules": modules, "totals": totals, "total": sum(totals.values()),
        "rules": construction_check(program, modules), "error": error, "latest": latest, "in_review": in_review,
        "editable": selectors.programs_editable_by(request.user).filter(pk=program.pk).exists() and not in_review,
        "hour_fields": HOUR_FIELDS,
    }


def _table(request, program, *, error="", status=200):
    return render(request, "programs/includes/constructor_table.html",
                  _constructor_context(request, program, error=error), status=status)


@requires(Cap.PROGRAMS_OWN)
@require_http_methods(["GET", "POST"])
def program_constructor(request, pk):
    """The constructor: the program's modules with hours by kind, live totals and the rules; modules come
    from the library (search on the page) or are the program's own. POSTs from the page's htmx controls
    return the updated table; without htmx, the page."""
    program = _program_for(request, pk, edit=True)
    if request.method == "GET" and "pick" in request.GET:
        text = lists.search_text(request, "pick")
        found = selectors.library_filter(selectors.library_visible_to(request.user).filter(
            status=ModuleStatus.PUBLISHED), text=text)[:PICKER_SIZE]
        return render(request, "programs/includes/library_picker.html", {"found": found, "program": program,
                                                                          "pick": text})
    own_form = OwnModuleForm(prefix="own")
    error, status = "", 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            own_form = _constructor_action(request, program, action) or own_form
        except ValidationError as exc:
            error, status = " ".join(exc.messages), 400
        except (LibraryModule.DoesNotExist, ValueError, KeyError):
            error, status = _("The request was not understood: reload the page and try again."), 400
        if isinstance(own_form, OwnModuleForm) and own_form.is_bound and own_form.errors:
            status = 400
        program.refresh_from_db()
        if request.headers.get("HX-Request") and action != "own":
            return _table(request, program, error=error, status=status)
        if not error and status == 200:
            if action == "own":
                messages.success(request, _("The module has been added."))
            return redirect("programs:constructor", pk=program.pk)
    context = _constructor_context(request, program, error=error)
    title = _("Constructor: %(title)s") % {"title": program.title}
    return render(request, "programs/constructor.html", {
        **context, "title": title, "own_form": own_form,
        "final_form": FinalAssessmentForm(initial={"final_assessment": program.final_assessment,
                                                   "outcomes": program.outcomes}),
        "crumbs": [(_("Cabinet"), reverse("portal:cabinet")),
                   (_("Programs of the organisation"), reverse("programs:manage")), (title, "")],
    }, status=status)


def _constructor_action(request, program, action):
    """Carry out one action of the constructor page; a form with errors is returned to be shown again."""
    actor, post = request.user, request.POST
    if action == "add":
        module = LibraryModule.objects.get(pk=int(post["module"]))
        constructor.program_module_add_from_library(actor=actor, program=program, library_module=module,
                                                    request=request)
    elif action == "own":
        form = OwnModuleForm(post, prefix="own")
        if not form.is_valid():
            return form
        constructor.program_module_add_own(actor=actor, program=program, cleaned=dict(form.cleaned_data),
                                           request=request)
    elif action == "hours":
        form = HoursForm({f: post.get(f"{f}-{post['module']}", post.get(f)) for f in HOUR_FIELDS})
        if not form.is_valid():
            raise ValidationError(_("Hours must be a whole number from 0 to %(max)d.") % {"max": 2000})
        constructor.program_module_set_hours(actor=actor, program=program, module_pk=int(post["module"]),
                                             hours=form.cleaned_data, request=request)
    elif action in ("up", "down"):
        constructor.program_module_move(actor=actor, program=program, module_pk=int(post["module"]),
                                        step=-1 if action == "up" else 1, request=request)
    elif action == "reorder":
        constructor.program_modules_reorder(actor=actor, program=program,
                                            order=[int(x) for x in post.getlist("order")], request=request)
    elif action == "remove":
        constructor.program_module_remove(actor=actor, program=program, module_pk=int(post["module"]),
                                          request=request)
    elif action == "final":
        form = FinalAssessmentForm(post)
        if not form.is_valid():
            raise ValidationError(_("Choose the form of the final assessment."))
        constructor.program_final_assessment_set(actor=actor, program=program,
                                                 form=form.cleaned_data["final_assessment"],
                                                 outcomes=form.cleaned_data["outcomes"], request=request)
    else:
        raise ValidationError(_("The request was not understood: reload the page and try again."))
    return None


# --- Versions and the document --------------------------------------------------------------------

@requires(Cap.PROGRAMS_OWN)
@require_GET
def program_versions(request, pk):
    """The program's versions with their statuses, and the difference between two of them (?a=&b=)."""
    program = _program_for(request, pk, edit=False)
    versions = list(selectors.program_versions(program))
    by_number = {v.number: v for v in versions}
    diff = old = new = None
    try:
        a, b = int(request.GET.get("a", 0)), int(request.GET.get("b", 0))
    except ValueError:
        a = b = 0
    if a and b:
        old, new = by_number.get(a), by_number.get(b)
        if old and new:
            diff = versions_diff(old.snapshot, new.snapshot)
    elif versions:
        # By default: what changed in the program since its newest version.
        old = versions[0]
        diff = versions_diff(old.snapshot, program_snapshot(program))
    title = _("Versions: %(title)s") % {"title": program.title}
    return render(request, "programs/versions.html", {
        "program": program, "versions": versions, "diff": diff, "old": old, "new": new, "title": title,
        "crumbs": [(_("Cabinet"), reverse("portal:cabinet")),
                   (_("Programs of the organisation"), reverse("programs:manage")), (title, "")],
    })


@requires(Cap.PROGRAMS_OWN)
@require_GET
def program_document(request, pk):
    """The program document in the usual structure of a ДПО program: DOCX from the replaceable template, or
    PDF; of a version (?version=N) or of the current state."""
    program = _program_for(request, pk, edit=False)
    number = request.GET.get("version", "")
    if number:
        version = program.versions.filter(number=int(number) if number.isdigit() else -1).first()
        if version is None:
            raise Http404
        snapshot, label = version.snapshot, f"v{version.number}"
    else:
        snapshot, label = program_snapshot(program), ""
    context = documents.document_context(program, snapshot, label)
    fmt = request.GET.get("format", "docx")
    if fmt == "pdf":
        content, mime, ext = documents.program_pdf(context), "application/pdf", "pdf"
    else:
        content = documents.program_docx(context)
        mime, ext = "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"
    response = HttpResponse(content, content_type=mime)
    name = f"program-{program.pk}-{label}" if label else f"program-{program.pk}"
    response["Content-Disposition"] = f'attachment; filename="{name}.{ext}"'
    return response
