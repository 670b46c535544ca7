"""Background jobs of the resources registry: a big import from Excel (M18) with its row-by-row report, and a big
export of the registry."""
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from copp.core import lists
from copp.core.jobs import Export, JobKind, JobOutcome, register, register_export
from copp.organizations.models import Organization

from . import exports, selectors
from .imports import ImportReport
from .kinds import KINDS, kind_of

IMPORT = "resources.import"


def import_title(kind) -> str:
    return _("Upload from Excel: %(kind)s") % {"kind": kind.label.lower()}


def _run_import(job, progress) -> JobOutcome:
    from .services import resources_import

    kind = KINDS[job.params["kind"]]
    organization = Organization.objects.get(pk=job.params["organization"])
    with job.input_file.open("rb") as file:
        report = resources_import(actor=job.owner, organization=organization, kind=kind, file=file,
                                  progress=progress)
    return JobOutcome(result=report.as_dict(), failed=not report.saved)


def _list_url(job) -> str:
    return reverse("resources:manage") + f"?kind={job.params['kind']}"


register(JobKind(
    name=IMPORT, runner=_run_import, result_template="resources/includes/import_report.html",
    result_context=lambda job: {"report": ImportReport.from_dict(job.result), "list_url": _list_url(job)}
    if job.result else {},
    back_url=lambda job: reverse("resources:import", args=[job.params["kind"]]),
))


REGISTRY_EXPORT = "resources.registry"


def _registry_xlsx(owner, query, progress):
    from .forms import filter_records

    kind = kind_of(query.get("kind"))
    _form, _values, qs = filter_records(query, kind, selectors.records_visible(owner, kind))
    workbook = exports.records_xlsx(kind, list(qs[:lists.COUNT_CAP]), progress)
    return workbook, f"{_('Resource registry')} — {kind.label}.xlsx"


register_export(Export(REGISTRY_EXPORT, gettext_lazy("Resource registry in Excel"), _registry_xlsx))
