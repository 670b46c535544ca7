"""Views of the resources app that take or give files: site photos, staff documents' scans, the xlsx import
(in the request or as a background job when big) and its templates."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from copp.core.access import requires
from copp.core.audit import audit_record
from copp.core.files import private_file_response
from copp.core.jobs import job_start, too_big_for_request
from copp.core.roles import Cap
from copp.core.xlsx import estimated_rows

from . import exports, jobs
from .forms import ImportForm, SitePhotoForm
from .kinds import KINDS
from .models import SitePhoto, StaffDocument, organizations_editable_by
from .services import resources_import, site_photo_add, site_photo_delete
from .views import _chosen_organization, _crumbs, _detail, _editable, _kind

# --- Site photos ---------------------------------------------------------------------------------

@requires(Cap.RESOURCES_OWN)
@require_POST
def site_photo_add_view(request, pk):
    kind = KINDS["site"]
    site = _editable(request, kind, pk)
    form = SitePhotoForm(request.POST, request.FILES)
    if not form.is_valid():
        return _detail(request, kind, site, status=400, photo_form=form)
    site_photo_add(actor=request.user, site=site, form=form, request=request)
    messages.success(request, _("The photo has been added."))
    return redirect("resources:site_detail", pk=site.pk)


def _photo(request, pk, *, editable):
    photo = get_object_or_404(SitePhoto.objects.visible_to(request.user).select_related("site__organization"), pk=pk)
    if editable and not SitePhoto.objects.editable_by(request.user).filter(pk=pk).exists():
        raise PermissionDenied
    return photo


@requires(Cap.RESOURCES_OWN)
@require_POST
def site_photo_delete_view(request, pk):
    photo = _photo(request, pk, editable=True)
    site_photo_delete(actor=request.user, photo=photo, request=request)
    messages.success(request, _("The photo has been deleted."))
    return redirect("resources:site_detail", pk=photo.site_id)


@requires(Cap.RESOURCES_VIEW)
@require_GET
def site_photo(request, pk):
    """A site photo, served after the same access check as its site."""
    photo = _photo(request, pk, editable=False)
    return private_file_response(photo.file, content_type=photo.content_type, as_attachment=False,
                                 cache_control="private, max-age=3600")


@requires(Cap.RESOURCES_VIEW)
@require_GET
def staff_document_file(request, pk):
    """The scan of a qualification document; personal data, so each download is logged."""
    document = get_object_or_404(StaffDocument.objects.visible_to(request.user).exclude(file=""), pk=pk)
    audit_record(actor=request.user, action="resources.staff_document.downloaded", obj=document, request=request)
    return private_file_response(document.file,
                                 filename=f"{document.title[:60]}.{document.file.name.rsplit('.', 1)[-1]}")


# --- Import ------------------------------------------------------------------------------------

@requires(Cap.RESOURCES_OWN)
@require_http_methods(["GET", "POST"])
def import_records(request, kind):
    """Upload an xlsx file of one kind of records; the page shows the row-by-row report."""
    kind = _kind(kind)
    organizations = organizations_editable_by(request.user)
    form = ImportForm(request.POST or None, request.FILES or None, organizations=organizations,
                      user=request.user)
    report = None
    status = 200
    if request.method == "POST":
        if form.is_valid() and too_big_for_request(estimated_rows(form.cleaned_data["file"])):
            job = job_start(owner=request.user, kind=jobs.IMPORT, title=jobs.import_title(kind),
                            params={"kind": kind.code, "organization": form.cleaned_data["organization"].pk},
                            input_file=form.cleaned_data["file"])
            return redirect("core:job", pk=job.pk)
        if form.is_valid():
            report = resources_import(actor=request.user, organization=form.cleaned_data["organization"],
                                      kind=kind, file=form.cleaned_data["file"], request=request)
            status = 200 if report.saved else 400
        else:
            status = 400
    return render(request, "resources/import.html", {
        "kind": kind, "form": form, "report": report, "kinds": KINDS.values(),
        "crumbs": _crumbs(request, kind, (_("Upload from Excel"), "")),
        "list_url": reverse("resources:manage") + f"?kind={kind.code}",
        "template_url": reverse("resources:import_template", args=[kind.code]),
    }, status=status)


@requires(Cap.RESOURCES_OWN)
@require_GET
def import_template(request, kind):
    """The xlsx template of one kind, with drop-down lists (the organisation's sites when it is known)."""
    kind = _kind(kind)
    organization = _chosen_organization(request, organizations_editable_by(request.user))
    return FileResponse(exports.import_template(kind, organization), as_attachment=True,
                        content_type=exports.XLSX_CONTENT_TYPE,
                        filename=f"{_('Import template')} — {kind.label}.xlsx")
