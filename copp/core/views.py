"""«Мои задания»: a user's background jobs, a job's progress (polled by htmx) and its result file; the
in-request-or-job answer of Excel exports."""
from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from . import lists
from .files import private_file_response
from .jobs import EXPORTS, KINDS, job_start, too_big_for_request, visible_jobs
from .xlsx import XLSX_CONTENT_TYPE

PAGE_SIZE = 20


@require_GET
def my_jobs(request):
    """The user's own jobs, newest first."""
    page = lists.CappedPaginator(visible_jobs(request.user).only(
        "id", "title", "status", "done", "total", "created_at", "finished_at", "result_name", "kind"),
        PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "core/jobs.html", {
        "page_obj": page, "jobs": page.object_list,
        "crumbs": [(_("Cabinet"), reverse("portal:cabinet")), (_("My jobs"), "")]})


@require_GET
def job_detail(request, pk):
    """A job's page; while it runs, htmx asks for the progress block again every second."""
    job = get_object_or_404(visible_jobs(request.user), pk=pk)
    kind = KINDS.get(job.kind)
    context = {"job": job, "result_template": kind.result_template if kind else "",
               **(kind.result_context(job) if kind and kind.result_context and job.is_finished else {})}
    if request.headers.get("HX-Request"):
        return render(request, "core/includes/job_progress.html", context)
    back = kind.back_url(job) if kind and kind.back_url else ""
    crumbs = [(_("Cabinet"), reverse("portal:cabinet")), (_("My jobs"), reverse("core:my_jobs")), (job.title, "")]
    return render(request, "core/job.html", {**context, "back_url": back, "crumbs": crumbs})


@require_GET
def job_download(request, pk):
    """The job's result file, to its owner only."""
    job = get_object_or_404(visible_jobs(request.user), pk=pk)
    if not job.result_file:
        raise Http404
    return private_file_response(job.result_file, filename=job.result_name or "result.xlsx",
                                 content_type=XLSX_CONTENT_TYPE)


def export_response(request, export_name: str, *, rows: int, query=None):
    """An Excel export of the page's filters (`query`, the request's by default; a view adds the object's id
    to it): sent at once when small, else started as a job whose page the user is taken to
    (copp.core.jobs.register_export)."""
    export = EXPORTS[export_name]
    query = request.GET if query is None else query
    if too_big_for_request(rows):
        job = job_start(owner=request.user, kind="export", title=export.title,
                        params={"export": export_name, "query": query.urlencode()})
        messages.info(request, _("The file is big: it is being prepared in the background. It will be ready "
                                 "here, and in «My jobs»."))
        return redirect("core:job", pk=job.pk)
    file, file_name = export.build(request.user, query, None)
    return FileResponse(file, as_attachment=True, filename=file_name, content_type=XLSX_CONTENT_TYPE)
