"""Background jobs of admissions: the inbox's Excel export when it is big (M19)."""
from django.utils.translation import gettext_lazy as _

from copp.core.access import has_capability
from copp.core.jobs import Export, register_export
from copp.core.roles import Cap

from . import exports, selectors

INBOX_EXPORT = "admissions.inbox"


def filtered_inbox(user, query):
    """The inbox filter form over `query` and the applications it selects for `user`, sorted as chosen."""
    from .forms import InboxFilterForm

    form = InboxFilterForm(query or None, user=user)
    values = form.values()
    sort = values.pop("sort", "-submitted")
    return form, values, sort, selectors.inbox_filter(selectors.applications_processed_by(user), **values)


def _inbox_xlsx(owner, query, progress):
    _form, _values, sort, qs = filtered_inbox(owner, query)
    qs = selectors.with_list_relations(qs).order_by(*selectors.ORDERINGS.get(sort, selectors.ORDERINGS["-submitted"]))
    total = qs[:exports.MAX_ROWS].count() if progress else 0
    workbook = exports.applications_xlsx(qs, show_snils=has_capability(owner, Cap.APPLICATIONS_ALL),
                                         progress=progress, total=total)
    return workbook, "applications.xlsx"


register_export(Export(INBOX_EXPORT, _("Applications inbox in Excel"), _inbox_xlsx))
