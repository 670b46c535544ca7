"""Forms of the demonstration exam register (D6): the register's filters, the exam, a participant, a list from
Excel, the status change."""
from django import forms
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from copp.core.choices import autocomplete_if_many, autocomplete_multiple_if_many
from copp.directories.models import Competency, Municipality
from copp.resources.models import Site

from .exam_choices import EXPERTS
from .exam_models import DemoExam, ExamLevel, ExamStatus
from .exam_services import experts_of

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ExamFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"placeholder": _("Competency, assessment set, organisation "
                                                                       "or centre"), "type": "search"}))
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    competency = forms.ModelChoiceField(label=_("Competency"), required=False, empty_label=_("Any competency"),
                                        queryset=Competency.objects.filter(is_active=True).order_by("name"))
    organization_name = forms.CharField(label=_("Organisation (part of the name)"), required=False, max_length=100)
    municipality = forms.ModelChoiceField(label=_("Municipality of the centre"), required=False,
                                          empty_label=_("Any municipality"),
                                          queryset=Municipality.objects.filter(is_active=True))
    level = forms.ChoiceField(label=_("Level"), required=False, choices=[("", _("Any level")), *ExamLevel.choices])
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("Any status")), *ExamStatus.choices])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        this = timezone.localdate().year
        self.fields["year"].choices = [("", _("Any year"))] + [(y, str(y)) for y in range(this + 1, this - 8, -1)]

    def values(self) -> dict:
        self.is_valid()
        return {name: self.cleaned_data.get(name) for name in self.fields}


class ExamForm(forms.ModelForm):
    """The facts of an exam; the rules (an accredited centre for the competency, experts of the competency, the
    thresholds) are `exam_services.exam_save`'s, and its refusals are shown on these fields."""

    class Meta:
        model = DemoExam
        fields = ("organization", "competency", "assessment_set", "level", "centre", "accredited_until",
                  "starts_on", "ends_on", "chief_expert", "experts", "max_points", "threshold_3", "threshold_4",
                  "threshold_5")
        widgets = {"accredited_until": DATE, "starts_on": DATE, "ends_on": DATE,
                   "experts": forms.SelectMultiple(attrs={"size": 6})}

    def __init__(self, *args, organizations, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        self.fields["competency"].queryset = Competency.objects.filter(is_active=True).order_by("name")
        self.fields["centre"].queryset = Site.objects.filter(is_demo_exam_center=True, is_active=True)
        competency = self.instance.competency if self.instance.pk else None
        # Experts are people of the staff registry with expert status; the service checks the competency.
        experts = experts_of(competency).order_by("last_name", "first_name")
        # Searchable when many (issue 15, M32): a new exam offers every expert of the region.
        url = reverse_lazy("training:demo_exam_expert_choices")
        autocomplete_if_many(self.fields["chief_expert"], EXPERTS, user, url, experts)
        autocomplete_multiple_if_many(self.fields["experts"], EXPERTS, user, url, experts)
        self.fields["experts"].help_text = _("Experts of the exam's competency from the staff registry.")
        for name in ("accredited_until", "starts_on", "ends_on"):
            self.fields[name].widget.format = "%Y-%m-%d"

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("The last day is before the first day."))
        return data


class ParticipantForm(forms.Form):
    full_name = forms.CharField(label=_("Full name of the student"), max_length=300, required=False,
                                widget=forms.TextInput(attrs={"autocomplete": "off"}))
    email = forms.EmailField(label=_("E-mail of a learner on the platform"), required=False,
                             help_text=_("If the student has an account, the result appears in their portfolio."))
    # Text, not a number field: people here type a decimal comma (39,5), which number fields refuse.
    points = forms.CharField(label=_("Points"), required=False, max_length=10,
                             widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel file"), help_text=_(
        "The first sheet: a heading row, then one student a row: full name, points, e-mail (if they have an "
        "account). Up to 500 rows, up to 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}))


class ExamStatusForm(forms.Form):
    target = forms.ChoiceField(choices=ExamStatus.choices)
    comment = forms.CharField(label=_("Comment"), required=False, max_length=500,
                              widget=forms.Textarea(attrs={"rows": 2}))


