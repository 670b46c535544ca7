"""Background jobs of training: the journal (ведомость) and the site load table in Excel when they are big."""
from django.utils.translation import gettext_lazy as _

from copp.core.jobs import Export, register_export

from . import exports, selectors
from .forms import load_period
from .models import Group

JOURNAL_EXPORT = "training.journal"
LOAD_EXPORT = "training.load"
LOAD_SLICE = 500  # sites summed by one query of the export


def _journal_xlsx(owner, query, progress):
    # The job re-checks that its owner may still read the group.
    group = Group.objects.visible_to(owner).select_related("program", "provider").get(pk=query.get("group"))
    return exports.journal_xlsx(selectors.journal_of(group), progress=progress), f"journal-{group.pk}.xlsx"


def load_table(query):
    """The load chart's table for the query string's period, every site: (first day, periods, rows); the sites
    are summed a slice at a time."""
    first, last, by, level = load_period(query)
    sites, places = list(selectors.load_sites(first, last)), []
    for start in range(0, len(sites), LOAD_SLICE):
        places += selectors.load_places(first, last, by=by, level=level, sites=sites[start:start + LOAD_SLICE])
    return (first, *selectors.load_rows(places))


def load_file(first, periods, rows, progress=None):
    """The load table as an open xlsx file and its name."""
    return exports.load_xlsx(first, periods, rows, progress=progress), f"site-load-{first:%Y%m%d}.xlsx"


def _load_xlsx(owner, query, progress):
    return load_file(*load_table(query), progress=progress)


register_export(Export(JOURNAL_EXPORT, _("Group journal in Excel"), _journal_xlsx))
register_export(Export(LOAD_EXPORT, _("Site load in Excel"), _load_xlsx))
