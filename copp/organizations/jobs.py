"""Background jobs of organisations: the database's Excel export when it is big."""
from django.utils.translation import gettext_lazy as _

from copp.core.jobs import Export, register_export

from . import exports, selectors

ORGANIZATIONS_EXPORT = "organizations.list"


def filtered_organizations(user, query):
    """The organisations filter form over `query` and the organisations it selects among those `user` sees."""
    from .forms import OrganizationFilterForm

    form = OrganizationFilterForm(query or None)
    values = form.values()
    return form, values, selectors.organizations_filter(selectors.organizations_visible_to(user), **values)


def _organizations_xlsx(owner, query, progress):
    _form, _values, qs = filtered_organizations(owner, query)
    total = qs.count() if progress else 0
    rows = selectors.with_member_counts(qs).prefetch_related("competencies")
    return exports.organizations_xlsx(rows, progress=progress, total=total), "organizations.xlsx"


register_export(Export(ORGANIZATIONS_EXPORT, _("Organisations in Excel"), _organizations_xlsx))
