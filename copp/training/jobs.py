"""Background jobs of training: the journal (ведомость) and the site load table in Excel when they are big."""
from django.utils.translation import gettext_lazy as _

from copp.core.jobs import Export, register_export

from . import exports, selectors
from .forms import load_period
from .models import Group

JOURNAL_EXPORT = "training.journal"
LOAD_EXPORT = "training.load"


def _journal_xlsx(owner, query, progress):
    # The job re-checks that its owner may still read the group.
    group = Group.objects.visible_to(owner).select_related("program", "provider").get(pk=query.get("group"))
    return exports.journal_xlsx(selectors.journal_of(group), progress=progress), f"journal-{group.pk}.xlsx"


def _load_xlsx(owner, query, progress):
    first, last, by, level = load_period(query)
    periods, rows = selectors.site_load(first, last, by=by, level=level)
    return exports.load_xlsx(first, periods, rows, progress=progress), f"site-load-{first:%Y%m%d}.xlsx"


register_export(Export(JOURNAL_EXPORT, _("Group journal in Excel"), _journal_xlsx))
register_export(Export(LOAD_EXPORT, _("Site load in Excel"), _load_xlsx))
