"""Cabinet pages of the register of consultations on an individual learning plan (ИУП): the list with search,
filters and Excel; adding and correcting a consultation (M27)."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from copp.core import lists
from copp.core.access import has_capability, requires
from copp.core.roles import Cap
from copp.core.xlsx import XLSX_CONTENT_TYPE, table_xlsx

from . import consultation_selectors as selectors
from .consultation_forms import ConsultationFilterForm, ConsultationForm
from .models import PlanConsultation
from .services.consultations import consultants_of, consultation_organizations, consultation_save

PAGE_SIZE = 20
EXPORT_MAX = 10_000
CHIPS = {name: name for name in ("date_from", "date_to", "organization_name", "with_program")}


def crumbs(*tail):
    return [(_("Cabinet"), reverse("portal:cabinet")),
            (_("Learning plan consultations"), reverse("consultations:list")), *tail]


def _filtered(request):
    form = ConsultationFilterForm(request.GET or None)
    values = form.values() if request.GET else dict.fromkeys(form.fields)
    return form, values, selectors.consultations_filtered(request.user, **values)


@requires(Cap.CONSULTATIONS_VIEW)
@require_GET
def consultation_list(request):
    """The register: the consultations the user sees, with search, filters, pages and Excel."""
    form, values, qs = _filtered(request)
    page = lists.page_of(request, selectors.consultation_list(qs), PAGE_SIZE)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "careers/consultations/list.html", {
        "crumbs": crumbs()[:-1] + [(_("Learning plan consultations"), "")], "filter_form": form,
        "consultations": page.object_list, **lists.list_context(page),
        "chips": lists.chips(request, form, values, CHIPS, url=reverse("consultations:list")),
        "export_query": query.urlencode(),
        "can_add": has_capability(request.user, Cap.CONSULTATIONS_KEEP),
        "editable": set(PlanConsultation.objects.editable_by(request.user)
                        .filter(pk__in=[c.pk for c in page.object_list]).values_list("pk", flat=True)),
    })


@requires(Cap.CONSULTATIONS_VIEW)
@require_GET
def consultation_export(request):
    """The filtered register as an Excel file, one row per consultation."""
    _form, _values, qs = _filtered(request)
    rows = selectors.consultation_list(qs)[:EXPORT_MAX]
    columns = [
        (_("Consultation date"), 14, lambda c: c.held_on),
        (_("Citizen's full name"), 32, lambda c: c.full_name),
        (_("Phone or e-mail"), 24, lambda c: c.contact or (c.citizen.email if c.citizen else "")),
        (_("On the platform"), 12, lambda c: _("yes") if c.citizen_id else _("no")),
        (_("Organisation"), 30, lambda c: c.organization.short_name),
        (_("Consultant"), 28, lambda c: c.consultant.get_full_name() or c.consultant.email),
        (_("Topic"), 40, lambda c: c.topic),
        (_("Result"), 40, lambda c: c.result),
        (_("Program chosen"), 36, lambda c: c.program.title if c.program else ""),
    ]
    file = table_xlsx(rows, columns, sheet_title=_("Consultations"),
                      preamble=[_("Consultations on an individual learning plan")])
    return FileResponse(file, as_attachment=True, filename="plan-consultations.xlsx",
                        content_type=XLSX_CONTENT_TYPE)


def _form_page(request, consultation):
    organizations = consultation_organizations(request.user)
    if not organizations.exists():
        messages.error(request, _("You are not a member of any organisation, so you cannot keep its register."))
        return redirect("consultations:list")
    data = request.POST if request.method == "POST" else None
    initial = ConsultationForm.initial_from(consultation) if consultation else {
        "consultant": request.user.pk, "organization": organizations.first().pk, "held_on": timezone.localdate()}
    form = ConsultationForm(data, initial=initial, organizations=organizations,
                            consultants=consultants_of(organizations), user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            consultation_save(actor=request.user, consultation=consultation, request=request, **form.service_fields())
        except ValidationError as refusal:
            for name, found in refusal.message_dict.items():
                for message in found:
                    form.add_error(name if name in form.fields else None, message)
        else:
            messages.success(request, _("The consultation has been saved."))
            return redirect("consultations:list")
    title = _("Editing the consultation") if consultation else _("New consultation")
    return render(request, "careers/consultations/form.html", {"crumbs": crumbs((title, "")), "title": title,
                                                               "form": form},
                  status=400 if form.errors else 200)


@requires(Cap.CONSULTATIONS_KEEP)
@require_http_methods(["GET", "POST"])
def consultation_create(request):
    return _form_page(request, None)


@requires(Cap.CONSULTATIONS_KEEP)
@require_http_methods(["GET", "POST"])
def consultation_update(request, pk):
    consultation = get_object_or_404(PlanConsultation.objects.visible_to(request.user), pk=pk)
    if not PlanConsultation.objects.editable_by(request.user).filter(pk=pk).exists():
        raise PermissionDenied
    return _form_page(request, consultation)
