"""Query filters of the API lists: dictionaries and organisations."""
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from rest_framework.filters import SearchFilter

from copp.directories.models import Competency, Municipality
from copp.organizations.models import Organization, OrganizationType, VerificationStatus
from copp.organizations.selectors import organizations_search


class DictionarySearchFilter(SearchFilter):
    search_description = _("Part of the name or the code.")


class OrganizationSearchFilter(SearchFilter):
    """`search`: Russian full-text search by name, or INN/OGRN prefix (the organisations selector)."""

    search_description = _("Part of the name, or the beginning of the INN or OGRN.")

    def filter_queryset(self, request, queryset, view):
        return organizations_search(queryset, " ".join(self.get_search_terms(request)))


class OrganizationFilter(filters.FilterSet):
    type = filters.ChoiceFilter(choices=OrganizationType.choices, label=_("Organisation type"))
    municipality = filters.ModelChoiceFilter(queryset=Municipality.objects.all(), label=_("Municipality id"))
    verification_status = filters.ChoiceFilter(
        choices=VerificationStatus.choices,
        label=_("Verification status (callers who see only verified organisations get nothing else)"),
    )
    competency = filters.ModelChoiceFilter(field_name="competencies", queryset=Competency.objects.all(),
                                           label=_("Competency id"))

    class Meta:
        model = Organization
        fields = ["type", "municipality", "verification_status", "competency"]
