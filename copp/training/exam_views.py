"""Cabinet pages of the demonstration exam register (D6): the list with search, filters, statistics and Excel;
the exam's card with its participants; entry, the list from Excel, sending for checking and locking."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from copp.accounts.models import User
from copp.core import lists
from copp.core.access import has_capability, requires
from copp.core.roles import Cap
from copp.core.xlsx import XLSX_CONTENT_TYPE, WorkbookRefused, read_sheet, table_xlsx

from . import exam_selectors as selectors
from . import exam_services as services
from .exam_forms import ExamFilterForm, ExamForm, ExamStatusForm, ImportForm, ParticipantForm
from .exam_models import DemoExam, ExamStatus
from .workflow import EXAM

PAGE_SIZE = 20
EXPORT_MAX = 5000
IMPORT_MAX_BYTES = 5 * 1024 * 1024
CHIPS = {name: name for name in ("year", "competency", "organization_name", "municipality", "level", "status")}


def crumbs(*tail):
    return [(_("Cabinet"), reverse("portal:cabinet")), (_("Demonstration exams"), reverse("training:demo_exams")),
            *tail]


def _filtered(request):
    form = ExamFilterForm(request.GET or None)
    values = form.values() if request.GET else dict.fromkeys(form.fields)
    return form, values, selectors.exams_filtered(request.user, **values)


@requires(Cap.DEMO_EXAMS_VIEW)
@require_GET
def exam_list(request):
    """The register: the exams the user sees, their statistics under the same filters, Excel."""
    form, values, qs = _filtered(request)
    page = lists.page_of(request, selectors.exam_list(qs), PAGE_SIZE)
    query = request.GET.copy()
    query.pop("page", None)
    stats = selectors.exam_statistics(qs)
    rows = stats["by_competency"]
    # The chart draws the table «by competency»: the share of each grade, in the table's order.
    chart = {"names": [str(r["name"]) for r in rows], "grades": list(stats["grades"]),
             "shares": [[float(s) if s is not None else None for s in r["shares"]] for r in rows]}
    return render(request, "training/exams/list.html", {
        "crumbs": crumbs()[:-1] + [(_("Demonstration exams"), "")], "filter_form": form,
        "exams": page.object_list, **lists.list_context(page),
        "chips": lists.chips(request, form, values, CHIPS, url=reverse("training:demo_exams")),
        "stats": stats, "chart": chart, "export_query": query.urlencode(),
        "can_add": has_capability(request.user, Cap.DEMO_EXAMS_ENTER),
    })


@requires(Cap.DEMO_EXAMS_VIEW)
@require_GET
def exam_export(request):
    """The filtered register as an Excel file: one row per participant (an exam without any, one row)."""
    _form, _values, qs = _filtered(request)
    rows = []
    for exam in selectors.exam_list(qs).prefetch_related("participants")[:EXPORT_MAX]:
        for participant in exam.participants.all() or [None]:
            rows.append((exam, participant))
    columns = [
        (_("Competency"), 30, lambda r: r[0].competency.name),
        (_("Assessment set"), 16, lambda r: r[0].assessment_set),
        (_("Level"), 12, lambda r: r[0].get_level_display()),
        (_("Exam centre"), 30, lambda r: r[0].centre.name),
        (_("First day"), 12, lambda r: r[0].starts_on),
        (_("Last day"), 12, lambda r: r[0].ends_on),
        (_("Organisation"), 30, lambda r: r[0].organization.short_name),
        (_("Status"), 18, lambda r: r[0].get_status_display()),
        (_("Student"), 32, lambda r: r[1].full_name if r[1] else ""),
        (_("Points"), 10, lambda r: r[1].points if r[1] else None),
        (_("Grade"), 8, lambda r: r[1].grade if r[1] else None),
    ]
    file = table_xlsx(rows, columns, sheet_title=_("Demonstration exams"), total=len(rows),
                      preamble=[_("Register of demonstration exams")])
    return FileResponse(file, as_attachment=True, filename="demo-exams.xlsx", content_type=XLSX_CONTENT_TYPE)


def _visible(request, pk) -> DemoExam:
    return get_object_or_404(DemoExam.objects.visible_to(request.user)
                             .select_related("competency", "organization", "centre", "chief_expert"), pk=pk)


# What the buttons say: the action, not the status it leads to.
TARGET_LABELS = {ExamStatus.SUBMITTED: gettext_lazy("Send for checking"),
                 ExamStatus.DRAFT: gettext_lazy("Return for corrections"),
                 ExamStatus.FINISHED: gettext_lazy("Confirm and lock")}


def _card(request, exam, *, participant_form=None, import_form=None, import_errors=(), status=200):
    editable = services.can_edit(request.user, exam)
    return render(request, "training/exams/detail.html", {
        "crumbs": crumbs((str(exam), "")), "exam": exam, "experts": list(exam.experts.all()),
        "participants": list(exam.participants.select_related("learner")), "editable": editable,
        "participant_form": participant_form or ParticipantForm(), "import_form": import_form or ImportForm(),
        "import_errors": import_errors,
        # A return for corrections says what to correct.
        "targets": [{"target": t, "label": TARGET_LABELS[t], "needs_comment": t == ExamStatus.DRAFT}
                    for t in EXAM.targets(exam.status, request.user)
                    if has_capability(request.user, Cap.DEMO_EXAMS_CHECK) or editable],
    }, status=status)


@requires(Cap.DEMO_EXAMS_VIEW)
@require_GET
def exam_detail(request, pk):
    return _card(request, _visible(request, pk))


def _exam_form(request, exam):
    organizations = services.exam_organizations(request.user, exam)
    data = request.POST if request.method == "POST" else None
    form = ExamForm(data, instance=exam, organizations=organizations, user=request.user)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in ExamForm.Meta.fields}
        try:
            saved = services.exam_save(actor=request.user, exam=exam, request=request, **fields)
        except ValidationError as refusal:
            errors = refusal.message_dict if hasattr(refusal, "error_dict") else {None: refusal.messages}
            for name, found in errors.items():
                for message in found:
                    form.add_error(name if name in form.fields else None, message)
        else:
            messages.success(request, _("The exam has been saved."))
            return redirect("training:demo_exam", pk=saved.pk)
    title = _("Editing: %(exam)s") % {"exam": exam} if exam else _("New demonstration exam")
    return render(request, "training/form.html", {"crumbs": crumbs((title, "")), "title": title, "form": form},
                  status=400 if form.errors else 200)


@requires(Cap.DEMO_EXAMS_ENTER)
@require_http_methods(["GET", "POST"])
def exam_create(request):
    return _exam_form(request, None)


@requires(Cap.DEMO_EXAMS_ENTER)
@require_http_methods(["GET", "POST"])
def exam_update(request, pk):
    exam = _visible(request, pk)
    if not services.can_edit(request.user, exam):
        raise PermissionDenied
    return _exam_form(request, exam)


@requires(Cap.DEMO_EXAMS_ENTER)
@require_POST
def participant_add(request, pk):
    exam = _visible(request, pk)
    if not services.can_edit(request.user, exam):
        raise PermissionDenied
    form = ParticipantForm(request.POST)
    if form.is_valid():
        learner = None
        if form.cleaned_data["email"]:
            learner = User.objects.filter(email__iexact=form.cleaned_data["email"]).first()
            if learner is None:
                form.add_error("email", _("No learner with this e-mail on the platform."))
        if not form.errors:
            try:
                services.participant_add(actor=request.user, exam=exam, full_name=form.cleaned_data["full_name"],
                                         points=form.cleaned_data["points"], learner=learner, request=request)
            except ValidationError as refusal:
                for name, errors in refusal.message_dict.items():
                    for message in errors:
                        form.add_error(name if name in form.fields else None, message)
            else:
                messages.success(request, _("The student has been added."))
                return redirect("training:demo_exam", pk=exam.pk)
    return _card(request, exam, participant_form=form, status=400)


@requires(Cap.DEMO_EXAMS_ENTER)
@require_POST
def participant_remove(request, pk, participant_pk):
    exam = _visible(request, pk)
    participant = get_object_or_404(exam.participants, pk=participant_pk)
    if not services.can_edit(request.user, exam):
        raise PermissionDenied
    services.participant_remove(actor=request.user, participant=participant, request=request)
    messages.success(request, _("%(name)s has been taken off the list.") % {"name": participant.full_name})
    return redirect("training:demo_exam", pk=exam.pk)


@requires(Cap.DEMO_EXAMS_ENTER)
@require_POST
def participants_import(request, pk):
    exam = _visible(request, pk)
    if not services.can_edit(request.user, exam):
        raise PermissionDenied
    form = ImportForm(request.POST, request.FILES)
    errors = []
    if form.is_valid():
        file = form.cleaned_data["file"]
        if file.size > IMPORT_MAX_BYTES:
            errors = [_("The file is larger than 5 MB.")]
        else:
            try:
                _header, rows = read_sheet(file, max_rows=services.IMPORT_ROWS_MAX)
                done = services.participants_import(actor=request.user, exam=exam, rows=rows, request=request)
            except WorkbookRefused as refused:
                errors = [refused.message]
            except ValidationError as refusal:
                errors = refusal.messages
            else:
                messages.success(request, _("Students added from the file: %(n)s.") % {"n": done["added"]})
                return redirect("training:demo_exam", pk=exam.pk)
    return _card(request, exam, import_form=form, import_errors=errors, status=400)


@requires(Cap.DEMO_EXAMS_ENTER)
@require_POST
def exam_status(request, pk):
    exam = _visible(request, pk)
    form = ExamStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose what to do with the exam."))
        return redirect("training:demo_exam", pk=exam.pk)
    try:
        services.exam_move(actor=request.user, exam=exam, target=form.cleaned_data["target"],
                           comment=form.cleaned_data["comment"], request=request)
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(request, _("The exam is now «%(status)s».") % {
            "status": ExamStatus(form.cleaned_data["target"]).label})
    return redirect("training:demo_exam", pk=exam.pk)
