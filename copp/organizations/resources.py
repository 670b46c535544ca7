"""Import and export of organisations in the administration section (django-import-export)."""
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources, widgets

from copp.directories.models import Competency, Municipality

from .models import Organization


class OrganizationResource(resources.ModelResource):
    """Rows keyed by INN; the verification status is exported but never imported: it changes only
    through the verification workflow."""

    municipality = fields.Field(attribute="municipality", column_name="municipality",
                                widget=widgets.ForeignKeyWidget(Municipality, field="code"))
    competencies = fields.Field(attribute="competencies", column_name="competencies",
                                widget=widgets.ManyToManyWidget(Competency, field="code", separator=";"))
    verification_status = fields.Field(attribute="verification_status", column_name="verification_status",
                                       readonly=True)

    class Meta:
        model = Organization
        import_id_fields = ("inn",)
        fields = ("inn", "type", "name", "short_name", "ogrn", "kpp", "legal_address", "postal_address",
                  "municipality", "phone", "email", "website", "competencies", "verification_status")
        export_order = fields
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        name = _("Organisations")
