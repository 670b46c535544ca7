"""Forms of the register of consultations on an individual learning plan: its filters and a consultation."""
from django import forms
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from copp.accounts.models import User
from copp.core.choices import autocomplete
from copp.programs.choices import PROGRAMS
from copp.programs.models import Program

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ConsultationFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"type": "search",
                                                      "placeholder": _("Name, phone, e-mail, topic or program")}))
    date_from = forms.DateField(label=_("From"), required=False, widget=DATE)
    date_to = forms.DateField(label=_("To"), required=False, widget=DATE)
    organization_name = forms.CharField(label=_("Organisation (part of the name)"), required=False, max_length=100)
    with_program = forms.BooleanField(label=_("A program was chosen"), required=False)

    def values(self) -> dict:
        self.is_valid()
        return {name: self.cleaned_data.get(name) for name in self.fields}


class ConsultationForm(forms.Form):
    """The consultation's facts; the rules (own organisation, its consultant, once per person and day) are
    `consultation_save`'s, and its refusals are shown on these fields."""

    held_on = forms.DateField(label=_("Consultation date"), widget=DATE)
    account_email = forms.EmailField(
        label=_("E-mail of the citizen's account on the platform"), required=False,
        help_text=_("If the citizen is registered on the platform. Otherwise give the name and a contact below."))
    full_name = forms.CharField(label=_("Citizen's full name"), max_length=300, required=False)
    contact = forms.CharField(label=_("Phone or e-mail"), max_length=200, required=False)
    organization = forms.ModelChoiceField(label=_("Organisation"), queryset=None, empty_label=None)
    consultant = forms.ModelChoiceField(label=_("Consultant"), queryset=None)
    topic = forms.CharField(label=_("Topic"), max_length=300,
                            help_text=_("For example: choosing a retraining program for a welder"))
    result = forms.CharField(label=_("Result"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("What was agreed: the plan, the next steps."))
    program = forms.ModelChoiceField(label=_("Program chosen"), required=False, queryset=Program.objects.none(),
                                     empty_label=_("Not chosen"))

    def __init__(self, *args, organizations, consultants, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        if len(organizations) == 1:
            self.fields["organization"].widget = forms.HiddenInput()
        self.fields["consultant"].queryset = consultants
        self.fields["consultant"].label_from_instance = lambda u: u.get_full_name() or u.email
        autocomplete(self.fields["program"], PROGRAMS, user, reverse_lazy("programs:choices"))
        self.fields["held_on"].widget.format = "%Y-%m-%d"
        self.citizen = None

    @staticmethod
    def initial_from(consultation) -> dict:
        return {"held_on": consultation.held_on, "account_email": consultation.citizen.email
                if consultation.citizen else "", "full_name": consultation.full_name, "contact": consultation.contact,
                "organization": consultation.organization_id, "consultant": consultation.consultant_id,
                "topic": consultation.topic, "result": consultation.result, "program": consultation.program_id}

    def clean_held_on(self):
        value = self.cleaned_data["held_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The consultation cannot be in the future."))
        return value

    def clean_account_email(self):
        email = self.cleaned_data.get("account_email", "").strip()
        if email:
            self.citizen = User.objects.filter(email__iexact=email, is_active=True).first()
            if self.citizen is None:
                raise forms.ValidationError(_("No one on the platform has this e-mail. Leave it empty and give the "
                                              "name and a contact instead."))
        return email

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {"held_on": data["held_on"], "citizen": self.citizen, "full_name": data["full_name"],
                "contact": data["contact"], "organization": data["organization"], "consultant": data["consultant"],
                "topic": data["topic"], "result": data["result"], "program": data["program"]}
