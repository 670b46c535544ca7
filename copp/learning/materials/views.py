"""Pages of the materials library (M25): the public catalogue of approved materials and a material's public card
with preview and download; the internal catalogue; the author's materials, form and page (versions, review
state, downloads, uses); the CoPP's whole library with Excel export; attaching: from a material's page to a
library module or a lesson, and from a place's page (a library or program module, a lesson, a course section)
by searching the catalogue; the materials of a learner's studies."""
from csp.constants import SELF
from csp.decorators import csp_replace
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from copp.core import lists
from copp.core.access import has_capability, requires
from copp.core.files import private_file_response
from copp.core.roles import Cap
from copp.core.xlsx import XLSX_CONTENT_TYPE, table_xlsx
from copp.organizations.models import Organization

from . import selectors, services
from .forms import AttachForm, CatalogueFilterForm, LibraryFilterForm, MaterialForm
from .models import AttachTarget, Material, MaterialUse, MaterialVersion

PAGE_SIZE = 20
EXPORT_LIMIT = 5000


def _crumbs(*tail):
    return [(_("Cabinet"), reverse("portal:cabinet")), *tail]


def _errors_to_form(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)


def _catalogue(request, qs, form_class, *, public: bool, url_name: str = "", url: str = "", extra=None,
               late_rows: bool = False):
    form = form_class(request.GET or None, user=request.user)
    values = form.values()
    found = selectors.materials_filter(qs, public=public, **values)
    page = lists.page_of(request, selectors.with_card_data(found, public=public), PAGE_SIZE, late_rows=late_rows)
    return form, values, page, {
        "filter_form": form, "materials": page.object_list, **lists.list_context(page),
        "chips": lists.chips(request, form, values, form.SHOWN, url=url or reverse(url_name)),
        "query": request.GET.urlencode(), "public": public, **(extra or {}),
    }


# --- Public -----------------------------------------------------------------------------------------

@login_not_required
@require_GET
def catalogue(request):
    """The public catalogue: only materials that passed expert review, Russian full-text search and filters."""
    _form, _values, _page, context = _catalogue(request, selectors.materials_public(), CatalogueFilterForm,
                                                public=True, url_name="learning:materials_catalogue")
    context["crumbs"] = [(_("Learning materials"), "")]
    return render(request, "learning/materials/catalogue.html", context)


@login_not_required
@require_GET
def card(request, pk):
    """A material's public card: the approved version with its preview, download and the review mark."""
    material = get_object_or_404(selectors.with_card_data(selectors.materials_public(), public=True), pk=pk)
    return render(request, "learning/materials/card.html", {
        "material": material, "version": material.published,
        "crumbs": [(_("Learning materials"), reverse("learning:materials_catalogue")),
                   (material.title, "")]})


def _readable_version(request, pk) -> MaterialVersion:
    version = get_object_or_404(MaterialVersion.objects.select_related("material"), pk=pk)
    if not version.file or not selectors.may_read_version(request.user, version):
        raise Http404
    return version


@login_not_required
@require_GET
@xframe_options_sameorigin
@csp_replace({"frame-ancestors": [SELF]})
def preview(request, pk):
    """The file shown in the browser (PDF, image, video) on the platform's own pages."""
    version = _readable_version(request, pk)
    if not version.preview_kind:
        raise Http404
    return private_file_response(version.file, content_type=version.file_type, as_attachment=False,
                                 filename=version.file_name)


@login_not_required
@require_GET
def download(request, pk):
    """The file as a download; a download of the published version is counted."""
    version = _readable_version(request, pk)
    if version.material.published_id == version.pk:
        services.download_count(version.material)
    return private_file_response(version.file, content_type=version.file_type, filename=version.file_name)


# --- Cabinet: everyone signed in ---------------------------------------------------------------------

@requires(Cap.CABINET)
@require_GET
def internal(request):
    """The internal catalogue: every material the user may see (the approved ones and the own organisation's)."""
    _form, _values, _page, context = _catalogue(request, selectors.materials_visible_to(request.user),
                                                CatalogueFilterForm, public=False,
                                                url_name="learning:materials_internal")
    context["crumbs"] = _crumbs((_("Materials catalogue"), ""))
    return render(request, "learning/materials/internal.html", context)


@requires(Cap.CABINET)
@require_GET
def detail(request, pk):
    """A material in the cabinet: the version shown, the one in work with its review state, the history of
    versions, downloads and uses; for its author the actions; for teachers and module authors «attach»."""
    material = get_object_or_404(selectors.with_card_data(selectors.materials_visible_to(request.user),
                                                          public=False), pk=pk)
    is_author = selectors.materials_editable_by(request.user).filter(pk=material.pk).exists()
    modules = selectors.modules_attachable_by(request.user).order_by("title")
    lessons = selectors.lesson_choices(request.user)
    attach_form = (AttachForm(modules=modules, lessons=lessons)
                   if material.is_published and (modules.exists() or lessons.exists()) else None)
    uses = list(selectors.uses_of(material)[:100])
    for use in uses:
        use.label = _target_label(use.target_kind, use.target)
    review = None
    if is_author or has_capability(request.user, Cap.REVIEWS_MANAGE):
        from copp.reviews.models import Review

        review = Review.objects.filter(kind="material", object_id=material.pk).first()
    return render(request, "learning/materials/detail.html", {
        "material": material, "latest": material.latest, "shown": material.published or material.latest,
        "versions": list(selectors.material_versions(material)), "uses": uses,
        "is_author": is_author, "attach_form": attach_form, "review": review,
        "crumbs": _crumbs((_("Materials catalogue"), reverse("learning:materials_internal")), (material.title, "")),
    })


# --- Authors ----------------------------------------------------------------------------------------

@requires(Cap.MATERIALS_OWN)
@require_GET
def mine(request):
    """The author's materials: the review state of the latest version, downloads and uses."""
    page = lists.page_of(request, selectors.mine(request.user), PAGE_SIZE)
    return render(request, "learning/materials/mine.html", {
        "materials": page.object_list, **lists.list_context(page),
        "crumbs": _crumbs((_("My learning materials"), ""))})


def _organizations(user):
    from copp.organizations.models import Membership

    return Organization.objects.filter(pk__in=Membership.objects.filter(user=user, is_active=True)
                                       .values("organization_id")).order_by("short_name")


def _data(form) -> dict:
    return {k: v for k, v in form.cleaned_data.items() if k not in ("organization", "competencies", "file")}


@requires(Cap.MATERIALS_OWN)
@require_http_methods(["GET", "POST"])
def create(request):
    """Add a material: its first version is a draft the author then sends to expert review."""
    organizations = _organizations(request.user)
    if not organizations.exists():
        messages.error(request, _("Materials are added on behalf of an organisation: you are in none."))
        return redirect("learning:materials_mine")
    form = MaterialForm(request.POST or None, request.FILES or None, organizations=organizations)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                material = services.material_create(
                    actor=request.user, organization=form.cleaned_data["organization"], data=_data(form),
                    competencies=form.cleaned_data["competencies"], file=form.cleaned_data.get("file"),
                    request=request)
            except ValidationError as error:
                _errors_to_form(form, error)
            else:
                messages.success(request, _("The material is saved as a draft. Send it to expert review when it "
                                            "is ready: only approved materials enter the public catalogue."))
                return redirect("learning:materials_detail", pk=material.pk)
        status = 400
    return render(request, "learning/materials/form.html", {
        "form": form, "crumbs": _crumbs((_("My learning materials"), reverse("learning:materials_mine")),
                                        (_("New material"), ""))}, status=status)


@requires(Cap.MATERIALS_OWN)
@require_http_methods(["GET", "POST"])
def edit(request, pk):
    """Change a material (only its author): a draft or a version sent back is changed; an approved or rejected
    one gets a new version, and the approved one stays published meanwhile."""
    material = get_object_or_404(selectors.materials_visible_to(request.user).select_related("latest"), pk=pk)
    if not selectors.materials_editable_by(request.user).filter(pk=pk).exists():
        raise PermissionDenied
    if material.latest.is_in_review:
        messages.info(request, _("The version is in expert review: wait for the decision before changing it."))
        return redirect("learning:materials_detail", pk=pk)
    organizations = Organization.objects.filter(pk=material.organization_id)
    form = MaterialForm(request.POST or None, request.FILES or None, organizations=organizations,
                        initial=MaterialForm.initial_of(material))
    form.fields["organization"].disabled = True
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                version = services.material_update(actor=request.user, material=material, data=_data(form),
                                                   competencies=form.cleaned_data["competencies"],
                                                   file=form.cleaned_data.get("file"), request=request)
            except ValidationError as error:
                _errors_to_form(form, error)
            else:
                messages.success(request, _("Version %(n)d is saved. Send it to expert review when it is ready.")
                                 % {"n": version.number})
                return redirect("learning:materials_detail", pk=pk)
        status = 400
    return render(request, "learning/materials/form.html", {
        "form": form, "material": material, "new_version": material.latest.is_closed,
        "crumbs": _crumbs((_("My learning materials"), reverse("learning:materials_mine")),
                          (material.title, reverse("learning:materials_detail", args=[pk])), (_("Change"), ""))},
        status=status)


@require_POST
@requires(Cap.CABINET)
def attach(request, pk):
    """Attach an approved material to a module of the library or a lesson."""
    material = get_object_or_404(selectors.materials_visible_to(request.user), pk=pk)
    form = AttachForm(request.POST, modules=selectors.modules_attachable_by(request.user),
                      lessons=selectors.lessons_attachable_by(request.user).select_related("group"))
    if not form.is_valid() or not (form.cleaned_data["library_module"] or form.cleaned_data["lesson"]):
        messages.error(request, _("Choose a module or a lesson you work with."))
        return redirect("learning:materials_detail", pk=pk)
    try:
        for target in ("library_module", "lesson"):
            if form.cleaned_data[target]:
                services.material_attach(actor=request.user, material=material, request=request,
                                         **{target: form.cleaned_data[target]})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The material is attached: the learners will see it in their studies."))
    return redirect("learning:materials_detail", pk=pk)


@require_POST
@requires(Cap.CABINET)
def detach(request, pk):
    """Take a material off its place; back to the place's page when asked from there."""
    use = get_object_or_404(MaterialUse.objects.filter(
        material__in=selectors.materials_visible_to(request.user)).select_related("material"), pk=pk)
    kind, target_id = use.target_kind, getattr(use, f"{use.target_kind}_id")
    services.material_detach(actor=request.user, use=use, request=request)
    messages.success(request, _("The material is detached."))
    if request.POST.get("back") == "target":
        return redirect("learning:materials_target", kind=kind, pk=target_id)
    return redirect("learning:materials_detail", pk=use.material_id)


def _target_label(kind: str, target) -> str:
    if kind == AttachTarget.PROGRAM_MODULE:
        return _("Module «%(module)s» of the program «%(program)s»") % {"module": target.title,
                                                                       "program": target.program.title}
    if kind == AttachTarget.LIBRARY_MODULE:
        return _("Library module «%(module)s»") % {"module": target.title}
    if kind == AttachTarget.LESSON:
        return _("Lesson %(date)s of the group %(group)s: %(topic)s") % {
            "date": f"{timezone.localtime(target.starts_at):%d.%m.%Y %H:%M}", "group": target.group.code,
            "topic": target.topic}
    return _("Section «%(section)s» of the course of the group %(group)s") % {"section": target.title,
                                                                             "group": target.group.code}


def _target_back(kind: str, target) -> tuple[str, str]:
    """Where the place itself is edited: the constructor, the module library, the group, the course space."""
    if kind == AttachTarget.PROGRAM_MODULE:
        return _("Back to the constructor"), reverse("programs:constructor", args=[target.program_id])
    if kind == AttachTarget.LIBRARY_MODULE:
        return _("Back to the module"), reverse("programs:module_update", args=[target.pk])
    if kind == AttachTarget.LESSON:
        return _("Back to the group"), reverse("training:group", args=[target.group_id])
    return _("Back to the course"), reverse("learning:course", args=[target.group_id]) + f"#section-{target.pk}"


TARGET_RELATED = {AttachTarget.PROGRAM_MODULE: ("program",), AttachTarget.LESSON: ("group",),
                  AttachTarget.COURSE_SECTION: ("group",), AttachTarget.LIBRARY_MODULE: ()}


@requires(Cap.CABINET)
@require_http_methods(["GET", "POST"])
def target(request, kind, pk):
    """The materials of one place (a library or program module, a lesson, a course section): those attached, with
    «detach», and the approved catalogue searched to attach more. One page for every kind of place."""
    if kind not in AttachTarget.values:
        raise Http404
    if not selectors.may_attach_to(request.user, kind):
        raise PermissionDenied
    place = get_object_or_404(selectors.targets_attachable_by(request.user, kind)
                              .select_related(*TARGET_RELATED[kind]), pk=pk)
    if request.method == "POST":
        chosen = request.POST.get("material", "")
        if not chosen.isdigit():
            messages.error(request, _("Choose a material to attach."))
            return redirect(request.get_full_path())
        material = get_object_or_404(selectors.materials_visible_to(request.user), pk=int(chosen))
        try:
            services.material_attach(actor=request.user, material=material, request=request, **{kind: place})
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The material is attached: the learners will see it in their studies."))
        return redirect(request.get_full_path())
    uses = list(selectors.target_uses(kind, place)[:200])
    attached = {use.material_id for use in uses}
    target_url = reverse("learning:materials_target", args=[kind, pk])
    _form, _values, _page, context = _catalogue(request, selectors.materials_public(), CatalogueFilterForm,
                                                public=True, url=target_url, extra={"attached": attached})
    label = _target_label(kind, place)
    back_text, back_url = _target_back(kind, place)
    return render(request, "learning/materials/target.html", {
        **context, "kind": kind, "place": place, "label": label, "uses": uses, "back_text": back_text,
        "back_url": back_url, "target_url": target_url,
        "crumbs": _crumbs((label, back_url), (_("Materials"), ""))})


# --- CoPP staff -------------------------------------------------------------------------------------

@requires(Cap.MATERIALS_ALL)
@require_GET
def library(request):
    """The whole library in every review state, with filters and the Excel export."""
    # The page's ids along the index of the order, then only its rows with their joins (issue 15).
    _form, _values, _page, context = _catalogue(request, Material.objects.all(), LibraryFilterForm, public=False,
                                                url_name="learning:materials_library", late_rows=True)
    context["crumbs"] = _crumbs((_("Materials library"), ""))
    return render(request, "learning/materials/library.html", context)


@requires(Cap.MATERIALS_ALL)
@require_GET
def export(request):
    """The filtered library as an Excel table."""
    form = LibraryFilterForm(request.GET or None, user=request.user)
    found = selectors.materials_filter(Material.objects.all(), public=False, **form.values())
    rows = list(selectors.with_card_data(found, public=False)[:EXPORT_LIMIT])
    columns = [
        (_("Title"), 50, lambda m: m.title),
        (_("Kind of material"), 22, lambda m: m.get_kind_display()),
        (_("Competencies"), 40, lambda m: ", ".join(c.name for c in m.competencies.all())),
        (_("Level"), 14, lambda m: m.get_level_display()),
        (_("Licence"), 18, lambda m: m.get_licence_display()),
        (_("Organisation"), 30, lambda m: m.organization.short_name or m.organization.name),
        (_("Latest version"), 10, lambda m: m.latest.number if m.latest else None),
        (_("Review state"), 22, lambda m: m.latest.get_status_display() if m.latest else ""),
        (_("Passed expert review"), 12, lambda m: _("yes") if m.is_published else _("no")),
        (_("Downloads"), 12, lambda m: m.downloads),
        (_("Updated"), 14, lambda m: timezone.localtime(m.updated_at).replace(tzinfo=None)),
    ]
    file = table_xlsx(rows, columns, sheet_title=_("Learning materials"))
    return FileResponse(file, as_attachment=True, filename="materials.xlsx", content_type=XLSX_CONTENT_TYPE)


# --- Learners -----------------------------------------------------------------------------------------

@requires(Cap.TRAINING_STUDY)
@require_GET
def study(request):
    """The materials of the learner's modules, lessons and course sections («Моё обучение»)."""
    uses = list(selectors.study_uses(request.user)[:300])
    # A library module and its copy in the program carry the same title: the learner sees one module.
    modules, sections, lessons, seen = {}, {}, [], set()
    for use in uses:
        if use.library_module_id or use.program_module_id:
            module = (use.program_module or use.library_module).title
            if (module, use.material_id) not in seen:
                seen.add((module, use.material_id))
                modules.setdefault(module, []).append(use.material)
        elif use.course_section_id:
            sections.setdefault(use.course_section, []).append(use.material)
        else:
            lessons.append(use)
    return render(request, "learning/materials/study.html", {
        "modules": list(modules.items()), "sections": list(sections.items()), "lessons": lessons,
        "crumbs": _crumbs((_("Materials of my studies"), ""))})
