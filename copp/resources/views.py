"""Views of the resources app: the region-wide registry (M17, M18, D1-D3), the cabinet lists, cards and
forms of each kind of record, consumable usage and the registry's export (files and the import are in
file_views.py)."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from copp.core import lists
from copp.core.access import has_capability, requires
from copp.core.jobs import rows_over_limit
from copp.core.roles import Cap
from copp.core.views import export_response

from . import jobs, selectors
from .display import display, field_at
from .forms import MovementForm, OrganizationChoiceForm, SitePhotoForm, filter_records
from .kinds import KINDS, Kind, kind_of
from .models import organizations_editable_by
from .services import (
    StockError,
    consumable_movement_record,
    resource_archive,
    resource_save,
)

PAGE_SIZE = 25
FORMSET_TITLES = {"rooms": gettext_lazy("Rooms"), "competencies": gettext_lazy("Competencies and levels"),
                  "documents": gettext_lazy("Qualifications and documents")}
# Filters kept when switching between kinds: both make sense for every kind.
KEPT_ACROSS_KINDS = ("competency", "municipality")


def _kind(code: str) -> Kind:
    if code not in KINDS:
        raise Http404
    return KINDS[code]


# --- Lists: the registry and the cabinet -----------------------------------------------------------

def _filtered(request, kind, qs, *, with_archived=False):
    return filter_records(request.GET, kind, qs, with_archived=with_archived)


# Query parameters shown as chips and their keys among the filter's values.
LIST_CHIPS = {"q": "text", "competency": "competency", "municipality": "municipality", "type": "type_value",
              "available": "available", "archived": "archived"}


def _tabs(request, kind, url):
    kept = {k: request.GET[k] for k in KEPT_ACROSS_KINDS if request.GET.get(k)}
    return [{"kind": k, "url": f"{url}?{urlencode({'kind': k.code, **kept})}", "current": k is kind}
            for k in KINDS.values()]


def _rows(kind, records):
    return [{"record": r, "url": reverse(kind.url_name("detail"), args=[r.pk]),
             "cells": [(capfirst(column.header), column.value(r)) for column in kind.table]} for r in records]


def _list(request, kind, qs, *, mode, url):
    with_archived = mode == "manage"
    form, values, filtered = _filtered(request, kind, qs, with_archived=with_archived)
    page = lists.page_of(request, filtered, PAGE_SIZE)
    query = request.GET.copy()
    query.pop("page", None)
    organizations = organizations_editable_by(request.user) if mode == "manage" else None
    return render(request, "resources/list.html", {
        "mode": mode, "kind": kind, "tabs": _tabs(request, kind, url), "filter_form": form,
        "rows": _rows(kind, page.object_list), **lists.list_context(page),
        "chips": lists.chips(request, form, values, LIST_CHIPS, url=url),
        "reset_url": f"{url}?{urlencode({'kind': kind.code})}", "query": query.urlencode(),
        "sort": request.GET.get("sort", "name"),
        "sort_choices": [("name", _("By name, A to Z")), ("-name", _("By name, Z to A")),
                         ("-date", _("Newest first"))],
        "show_organization": mode == "registry" or has_capability(request.user, Cap.RESOURCES_ALL),
        "add_url": reverse(kind.url_name("create")),
        "crumbs": [(_("Cabinet"), reverse("portal:cabinet")),
                   (_("Resource registry") if mode == "registry" else _("Resources"), "")],
        "filters_active": any(values.get(k) for k in ("text", "competency", "municipality", "type_value",
                                                       "available", "archived")),
        "can_add": mode == "manage" and organizations.exists(),
    })


@requires(Cap.RESOURCES_BROWSE)
@require_GET
def registry(request):
    """The region-wide registry: where a program can run and with what; search, filters, pages."""
    kind = kind_of(request.GET.get("kind"))
    return _list(request, kind, selectors.records_visible(request.user, kind), mode="registry",
                 url=reverse("resources:registry"))


@requires(Cap.RESOURCES_BROWSE)
@require_GET
def registry_export(request):
    """The filtered registry rows of one kind as an Excel file (up to COUNT_CAP rows)."""
    kind = kind_of(request.GET.get("kind"))
    _form, _values, qs = _filtered(request, kind, selectors.records_visible(request.user, kind))
    return export_response(request, jobs.REGISTRY_EXPORT, rows=rows_over_limit(qs))


@requires(Cap.RESOURCES_OWN)
@require_GET
def manage(request):
    """The records the user keeps: their organisation's (all of them for CoPP staff), with add and import."""
    kind = kind_of(request.GET.get("kind"))
    return _list(request, kind, selectors.records_editable(request.user, kind), mode="manage",
                 url=reverse("resources:manage"))


# --- Cards ---------------------------------------------------------------------------------------

def _facts(kind, record):
    facts = []
    for path in kind.facts:
        value = display(record, path)
        if value == "" and path not in ("organization",):
            continue
        field = field_at(kind.model, path)
        link = ""
        if field.get_internal_type() == "URLField":
            link = value
        elif path == "site":
            link = reverse("resources:site_detail", args=[record.site_id])
        facts.append({"label": capfirst(field.verbose_name), "value": value, "link": link,
                      "external": field.get_internal_type() == "URLField"})
    return facts


def _visible(request, kind, pk):
    return get_object_or_404(selectors.records_visible(request.user, kind), pk=pk)


def _editable(request, kind, pk):
    """The record if the user may change it; 404 if they may not even see it, 403 if they only see it."""
    record = _visible(request, kind, pk)
    if not selectors.records_editable(request.user, kind).filter(pk=pk).exists():
        raise PermissionDenied
    return record


def _crumbs(request, kind, *tail):
    """Cabinet › the list the user came through (their records, or the registry) › the kind › ..."""
    if has_capability(request.user, Cap.RESOURCES_OWN):
        list_label, list_url = _("Resources"), reverse("resources:manage")
    else:
        list_label, list_url = _("Resource registry"), reverse("resources:registry")
    return [(_("Cabinet"), reverse("portal:cabinet")), (list_label, list_url),
            (kind.label, f"{list_url}?kind={kind.code}"), *tail]


def _detail(request, kind, record, *, status=200, photo_form=None, movement_form=None):
    can_edit = selectors.records_editable(request.user, kind).filter(pk=record.pk).exists()
    context = {"kind": kind, "record": record, "facts": _facts(kind, record), "can_edit": can_edit,
               "edit_url": reverse(kind.url_name("update"), args=[record.pk]),
               "archive_url": reverse(kind.url_name("archive"), args=[record.pk]),
               "crumbs": _crumbs(request, kind, (str(record), ""))}
    if kind.code == "site":
        contents = selectors.site_contents(record)
        context.update(rooms=contents["rooms"], photos=contents["photos"],
                       photo_form=photo_form or SitePhotoForm())
        context["contents"] = [(KINDS[code].label, contents[key], code) for code, key in (
            ("equipment", "equipment"), ("tool", "tools"), ("software", "software"), ("consumable", "consumables"))]
        context["add_links"] = [
            (KINDS[code], reverse(KINDS[code].url_name("create")) + "?" + urlencode(
                {"organization": record.organization_id, "site": record.pk}))
            for code in ("equipment", "tool", "software", "consumable")]
    elif kind.code == "staff":
        context.update(selectors.staff_parts(record))
    elif kind.code == "consumable":
        context.update(history=selectors.consumable_history(record), movement_form=movement_form or MovementForm())
    return render(request, "resources/detail.html", context, status=status)


@requires(Cap.RESOURCES_VIEW)
@require_GET
def detail(request, kind, pk):
    kind = _kind(kind)
    return _detail(request, kind, _visible(request, kind, pk))


# --- Forms ---------------------------------------------------------------------------------------

def _chosen_organization(request, organizations):
    """The organisation a new record goes to: the one chosen in the URL, or the only one the user has."""
    chosen = request.GET.get("organization", "")
    if chosen.isdigit():
        found = organizations.filter(pk=chosen).first()
        if found is not None:
            return found
    first_two = list(organizations[:2])
    return first_two[0] if len(first_two) == 1 else None


def _formsets(request, kind, record):
    data = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    return [formset_class(*data, instance=record, prefix=name) for name, formset_class in kind.formsets]


def _form_page(request, kind, form, formsets, record=None, organization=None):
    tail = [(str(record), reverse(kind.url_name("detail"), args=[record.pk])), (_("Editing"), "")] if record \
        else [(_("New record"), "")]
    return render(request, "resources/form.html", {
        "kind": kind, "form": form, "formsets": [(FORMSET_TITLES[f.prefix], f) for f in formsets], "record": record,
        "organization": organization or form.organization, "crumbs": _crumbs(request, kind, *tail),
        "cancel_url": reverse(kind.url_name("detail"), args=[record.pk]) if record
        else reverse("resources:manage") + f"?kind={kind.code}",
    }, status=400 if form.is_bound else 200)


@requires(Cap.RESOURCES_OWN)
@require_http_methods(["GET", "POST"])
def create(request, kind):
    kind = _kind(kind)
    organizations = organizations_editable_by(request.user)
    organization = _chosen_organization(request, organizations)
    if organization is None:
        if not organizations.exists():
            raise PermissionDenied  # a representative whose membership has ended
        chooser = OrganizationChoiceForm(organizations=organizations, user=request.user)
        return render(request, "resources/choose_organization.html", {
            "kind": kind, "form": chooser, "crumbs": _crumbs(request, kind, (_("New record"), ""))})
    initial = {}
    if request.GET.get("site", "").isdigit():
        initial["site"] = int(request.GET["site"])
    form = kind.form(request.POST or None, request.FILES or None, organization=organization, initial=initial)
    formsets = _formsets(request, kind, form.instance)
    if request.method == "POST" and form.is_valid() and all(f.is_valid() for f in formsets):
        record = resource_save(actor=request.user, form=form, formsets=formsets, request=request)
        messages.success(request, _("«%(name)s» has been added to the resources of %(organization)s.")
                         % {"name": record, "organization": organization})
        return redirect(kind.url_name("detail"), pk=record.pk)
    return _form_page(request, kind, form, formsets, organization=organization)


@requires(Cap.RESOURCES_OWN)
@require_http_methods(["GET", "POST"])
def update(request, kind, pk):
    kind = _kind(kind)
    record = _editable(request, kind, pk)
    form = kind.form(request.POST or None, request.FILES or None, instance=record,
                     organization=record.organization)
    formsets = _formsets(request, kind, record)
    if request.method == "POST" and form.is_valid() and all(f.is_valid() for f in formsets):
        resource_save(actor=request.user, form=form, formsets=formsets, request=request)
        messages.success(request, _("The changes have been saved."))
        return redirect(kind.url_name("detail"), pk=record.pk)
    return _form_page(request, kind, form, formsets, record=record)


@requires(Cap.RESOURCES_OWN)
@require_POST
def archive(request, kind, pk):
    """Take a record out of use, or (restore=1) bring it back."""
    kind = _kind(kind)
    record = _editable(request, kind, pk)
    archived = request.POST.get("restore") != "1"
    resource_archive(actor=request.user, record=record, archived=archived, request=request)
    messages.success(request, _("«%(name)s» is archived: the registry and the schedule no longer offer it.")
                     % {"name": record} if archived else _("«%(name)s» is in use again.") % {"name": record})
    return redirect(kind.url_name("detail"), pk=record.pk)


# --- Consumables -------------------------------------------------------------------------------

@requires(Cap.RESOURCES_OWN)
@require_POST
def consumable_movement_add(request, pk):
    """Record a usage or a receipt of a consumable."""
    kind = KINDS["consumable"]
    consumable = _editable(request, kind, pk)
    form = MovementForm(request.POST)
    if not form.is_valid():
        return _detail(request, kind, consumable, status=400, movement_form=form)
    try:
        consumable_movement_record(actor=request.user, consumable=consumable, request=request,
                                   **{k: form.cleaned_data[k] for k in ("kind", "quantity", "on_date", "purpose")})
    except StockError as error:
        form.add_error("quantity", str(error))
        return _detail(request, kind, consumable, status=400, movement_form=form)
    messages.success(request, _("Recorded. In stock now: %(stock)s %(unit)s.")
                     % {"stock": display(consumable, "stock"), "unit": consumable.get_unit_display()})
    if consumable.is_low:
        messages.warning(request, _("The stock is at the minimum level or below: it is time to order more."))
    return redirect("resources:consumable_detail", pk=consumable.pk)
