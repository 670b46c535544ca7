"""Forms of the resources app: a form per kind of record with its inline parts, usage records, photos,
import, and the filters of the registry and the cabinet lists."""
from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.forms.models import BaseInlineFormSet, inlineformset_factory
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from copp.accounts.models import User
from copp.core.choices import autocomplete_if_many
from copp.core.uploads import reencoded
from copp.core.xlsx import WorkbookRefused, check_workbook
from copp.directories.models import Competency, Municipality
from copp.organizations.choices import ORGANIZATIONS
from copp.organizations.models import Organization

from .files import sniff, validate_document, validate_photo
from .imports import MAX_FILE_BYTES
from .models import (
    Accessibility,
    Consumable,
    ConsumableMovement,
    Equipment,
    EquipmentCategory,
    EquipmentType,
    IctResource,
    MovementKind,
    ReferenceResource,
    Room,
    Site,
    SitePhoto,
    Software,
    StaffCompetency,
    StaffDocument,
    StaffMember,
    Tool,
)

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
COMPETENCY_HINT = _("To choose several, hold Ctrl (⌘ on a Mac) while clicking.")


def localize_decimals(form):
    """Decimal fields take «12,5» as well as «12.5»: a text input, since number inputs refuse the comma."""
    for field in form.fields.values():
        if isinstance(field, forms.DecimalField):
            field.localize = True
            field.widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
            field.widget.is_localized = True


def active_competencies():
    return Competency.objects.filter(is_active=True).order_by("name")


class ResourceForm(forms.ModelForm):
    """A record of one organisation. The organisation is fixed by the page, not a field; what must be
    unique within it is checked here because the model's constraints leave it out of form validation."""

    unique_in_organization: tuple[tuple[str, ...], ...] = ()

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization
        self.instance.organization = organization
        localize_decimals(self)
        for name, field in self.fields.items():
            model_field = self._meta.model._meta.get_field(name) if name in self._meta.fields else None
            if isinstance(field, forms.DateField):
                field.widget = DATE_WIDGET
            if name == "site":
                field.queryset = Site.objects.filter(organization=organization, is_active=True)
                field.empty_label = _("Not at a site")
            if name == "competencies":
                field.queryset = active_competencies()
                field.help_text = COMPETENCY_HINT
                field.widget.attrs["size"] = 8
            if model_field is not None and model_field.choices and not model_field.blank:
                field.choices = [("", _("Choose…")) if c[0] == "" else c for c in field.choices]

    def clean(self):
        cleaned = super().clean()
        for names in self.unique_in_organization:
            values = {name: cleaned.get(name) for name in names}
            if any(v in (None, "") for v in values.values()):
                continue
            clash = type(self.instance).objects.filter(organization=self.organization, **values)
            if self.instance.pk:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error(names[0], _("The organisation already has a record with this value."))
        return cleaned


class StaffMemberForm(ResourceForm):
    unique_in_organization = (("user",),)

    class Meta:
        model = StaffMember
        fields = ["last_name", "first_name", "patronymic", "kind", "position", "email", "phone",
                  "experience_years", "weekly_hours_limit", "is_bookable", "user", "notes"]
        widgets = {
            "last_name": forms.TextInput(attrs={"autocomplete": "off"}),
            "email": forms.EmailInput(attrs={"autocomplete": "off"}),
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        members = User.objects.filter(memberships__organization=self.organization, memberships__is_active=True)
        self.fields["user"].queryset = members.order_by("last_name", "first_name")
        self.fields["user"].empty_label = _("No account")
        self.fields["user"].help_text = _("If the person works on the platform: their lessons and journal "
                                          "will be theirs.")


class StaffCompetencyForm(forms.ModelForm):
    class Meta:
        model = StaffCompetency
        fields = ["competency", "level"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competency"].queryset = active_competencies()
        self.fields["level"].choices = [c for c in self.fields["level"].choices if c[0]]


class StaffDocumentForm(forms.ModelForm):
    class Meta:
        model = StaffDocument
        fields = ["kind", "title", "number", "issued_by", "issued_on", "valid_until", "file"]
        widgets = {"issued_on": DATE_WIDGET, "valid_until": DATE_WIDGET}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [c for c in self.fields["kind"].choices if c[0]]

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if isinstance(file, UploadedFile):  # a new scan (not the stored one kept or cleared)
            validate_document(file)
            return reencoded(file, sniff(file))  # a photographed document loses its EXIF (issue 14)
        return file


class UniqueCompetencyFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            if not getattr(form, "cleaned_data", None) or form.cleaned_data.get("DELETE"):
                continue
            competency = form.cleaned_data.get("competency")
            if competency in seen:
                form.add_error("competency", _("This competency is listed twice."))
            seen.add(competency)


StaffCompetencyFormSet = inlineformset_factory(
    StaffMember, StaffCompetency, form=StaffCompetencyForm, formset=UniqueCompetencyFormSet, extra=1,
    can_delete=True)
StaffDocumentFormSet = inlineformset_factory(StaffMember, StaffDocument, form=StaffDocumentForm, extra=1,
                                             can_delete=True)


class SiteForm(ResourceForm):
    unique_in_organization = (("name",),)
    accessibility = forms.MultipleChoiceField(label=_("accessibility"), required=False,
                                              choices=Accessibility.choices, widget=forms.CheckboxSelectMultiple,
                                              help_text=_("What makes the site usable by people with "
                                                          "disabilities."))

    class Meta:
        model = Site
        fields = ["name", "kind", "address", "municipality", "area", "capacity", "competencies",
                  "is_demo_exam_center", "accessibility", "accessibility_notes", "description", "is_bookable",
                  "notes"]
        widgets = {
            "accessibility_notes": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.filter(is_active=True)
        if not self.instance.pk and self.organization.municipality_id:
            self.initial.setdefault("municipality", self.organization.municipality_id)
        if not self.instance.pk and self.organization.legal_address:
            self.initial.setdefault("address", self.organization.legal_address)


class RoomForm(forms.ModelForm):
    class Meta:
        model = Room
        fields = ["name", "capacity", "area", "is_bookable", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        localize_decimals(self)


RoomFormSet = inlineformset_factory(Site, Room, form=RoomForm, extra=1, can_delete=True)


class EquipmentForm(ResourceForm):
    unique_in_organization = (("inventory_number",),)

    class Meta:
        model = Equipment
        fields = ["name", "equipment_type", "site", "manufacturer", "model", "inventory_number", "quantity",
                  "condition", "competencies", "is_bookable", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2}),
                   "quantity": forms.NumberInput(attrs={"inputmode": "numeric"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["equipment_type"].queryset = EquipmentType.objects.filter(
            category=EquipmentCategory.EQUIPMENT, is_active=True)
        self.fields["equipment_type"].empty_label = _("Choose…")
        self.fields["inventory_number"].help_text = _("As in the organisation's accounts; it must be unique.")


class ToolForm(ResourceForm):
    unique_in_organization = (("inventory_number",),)

    class Meta:
        model = Tool
        fields = ["name", "tool_type", "site", "inventory_number", "quantity", "condition", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2}),
                   "quantity": forms.NumberInput(attrs={"inputmode": "numeric"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tool_type"].queryset = EquipmentType.objects.filter(category=EquipmentCategory.TOOL,
                                                                         is_active=True)
        self.fields["tool_type"].empty_label = _("Not set")


class SoftwareForm(ResourceForm):
    unique_in_organization = (("name", "version"),)

    class Meta:
        model = Software
        fields = ["name", "version", "vendor", "licence_type", "seats", "valid_until", "site", "competencies",
                  "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}


class ConsumableForm(ResourceForm):
    unique_in_organization = (("name",),)

    class Meta:
        model = Consumable
        fields = ["name", "unit", "stock", "minimum_level", "site", "responsible", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        members = User.objects.filter(memberships__organization=self.organization, memberships__is_active=True)
        self.fields["responsible"].queryset = members.order_by("last_name", "first_name")
        self.fields["responsible"].empty_label = _("The organisation's representatives")
        if self.instance.pk:
            # After the first save the stock changes only through usage and receipt records, so the
            # history explains every change.
            self.fields["stock"].disabled = True
            self.fields["stock"].help_text = _("Record a usage or a receipt on the consumable's page to "
                                               "change the stock.")


def url_field(model):
    """The model's link field with https assumed when the scheme is left out (as Django 6 will do)."""
    return model._meta.get_field("url").formfield(assume_scheme="https",
                                                  widget=forms.URLInput(attrs={"placeholder": "https://"}))


class IctResourceForm(ResourceForm):
    unique_in_organization = (("name",),)
    url = url_field(IctResource)

    class Meta:
        model = IctResource
        fields = ["name", "kind", "url", "provider", "access_details", "concurrent_users", "valid_until", "notes"]
        widgets = {"access_details": forms.Textarea(attrs={"rows": 3}), "notes": forms.Textarea(attrs={"rows": 2})}


class ReferenceResourceForm(ResourceForm):
    unique_in_organization = (("name",),)
    url = url_field(ReferenceResource)

    class Meta:
        model = ReferenceResource
        fields = ["name", "kind", "url", "document_number", "document_date", "description", "competencies",
                  "notes"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "notes": forms.Textarea(attrs={"rows": 2})}


class MovementForm(forms.ModelForm):
    class Meta:
        model = ConsumableMovement
        fields = ["kind", "quantity", "on_date", "purpose"]
        widgets = {"kind": forms.RadioSelect, "on_date": DATE_WIDGET}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        localize_decimals(self)
        self.fields["kind"].choices = MovementKind.choices
        self.fields["kind"].initial = MovementKind.USAGE
        self.fields["on_date"].initial = timezone.localdate


class SitePhotoForm(forms.ModelForm):
    class Meta:
        model = SitePhoto
        fields = ["file", "caption"]
        widgets = {"file": forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})}

    def clean_file(self):
        file = self.cleaned_data["file"]
        validate_photo(file)
        return reencoded(file, sniff(file))  # stored without EXIF: no camera, no location (issue 14)


class OrganizationChoiceForm(forms.Form):
    organization = forms.ModelChoiceField(label=_("Organisation"), queryset=Organization.objects.none(),
                                          empty_label=_("Choose…"))

    def __init__(self, *args, organizations, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Searchable when many (issue 15): CoPP staff add records to any of the region's organisations.
        autocomplete_if_many(self.fields["organization"], ORGANIZATIONS, user, reverse_lazy("organizations:choices"),
                             organizations.order_by("short_name"))


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel file (.xlsx)"),
                           help_text=_("Fill in the template for this kind of resource; up to 5 MB."),
                           widget=forms.ClearableFileInput(attrs={
                               "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}))

    def __init__(self, *args, organizations, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"] = forms.ModelChoiceField(
            label=_("Organisation"), queryset=organizations.order_by("short_name"), empty_label=_("Choose…"),
            help_text=_("The records are added to this organisation."))
        # Searchable when many (issue 15): CoPP staff import into any of the region's organisations.
        autocomplete_if_many(self.fields["organization"], ORGANIZATIONS, user, reverse_lazy("organizations:choices"),
                             organizations.order_by("short_name"))
        if organizations.count() == 1:
            self.fields["organization"].initial = organizations.first()
            self.fields["organization"].widget = forms.HiddenInput()
        self.order_fields(["organization", "file"])

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB. Split it into several files."))
        file.seek(0)
        if file.read(4) != b"PK\x03\x04":
            raise forms.ValidationError(_("This is not an Excel file. Save it as «Excel workbook (.xlsx)» "
                                          "and upload again."))
        # Before anything opens the archive (the view's row estimate does): unpacked sizes, no DTD.
        try:
            check_workbook(file)
        except WorkbookRefused as refused:
            raise forms.ValidationError(refused.message) from None
        return file


class ListFilterForm(forms.Form):
    """Search and filters of the registry and the cabinet lists (GET parameters); `type` depends on the kind."""

    q = forms.CharField(label=pgettext_lazy("registry", "Search"), required=False, max_length=200,
                        widget=forms.SearchInput(attrs={"placeholder": _("Search by name")}))
    competency = forms.ModelChoiceField(label=_("Competency"), required=False, empty_label=_("Any competency"),
                                        queryset=Competency.objects.all())
    municipality = forms.ModelChoiceField(label=_("Municipality"), required=False,
                                          empty_label=_("Any municipality"), queryset=Municipality.objects.all())
    type = forms.ChoiceField(label=_("Type"), required=False)
    available = forms.BooleanField(label=_("Only available ones"), required=False,
                                   help_text=_("In use, in working order and open for booking."))
    archived = forms.BooleanField(label=_("Show archived records"), required=False)

    def __init__(self, *args, kind, with_archived=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields["q"].widget.attrs["placeholder"] = kind.search_hint
        if kind.type_choices is None:
            del self.fields["type"]
        else:
            self.fields["type"].choices = [("", _("Any type")), *kind.type_choices()]
            self.fields["type"].label = kind.type_label
        if kind.competency_filter is None:
            del self.fields["competency"]
        if kind.available is None:
            del self.fields["available"]
        if not with_archived:
            del self.fields["archived"]

    def values(self) -> dict:
        """Valid values only: a broken parameter in the URL is ignored, never an error page."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "text": (data.get("q") or "").strip(),
            "competency": data.get("competency"),
            "municipality": data.get("municipality"),
            "type_value": data.get("type") or "",
            "available": bool(data.get("available")),
            "archived": bool(data.get("archived")),
        }


def filter_records(query, kind, qs, *, with_archived=False):
    """The list filter form over `query` (a QueryDict) and what it selects from `qs`: (form, values, queryset);
    one function for the list pages and their Excel export, in the request or as a background job."""
    from . import selectors

    form = ListFilterForm(query or None, kind=kind, with_archived=with_archived)
    values = form.values()
    return form, values, selectors.records_filter(qs, kind, sort=query.get("sort", "name"), **values)
