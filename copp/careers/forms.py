"""Forms of the careers app: the public search's filters, an employer's vacancy, moderation, a response, a saved
search, matching corrections and the labour-market filters."""
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from copp.directories.choices import profession_choice
from copp.directories.models import Competency, Municipality, Profession

from .models import Employment, Schedule, Vacancy, VacancySource

# The parameters of the public search that a saved search keeps (never the page cursor).
FILTER_PARAMS = ("q", "municipality", "salary", "profession", "competency", "employment", "schedule", "source",
                 "no_experience", "sort")
SORT_CHOICES = [("new", _("Newest first")), ("salary", _("Highest salary first"))]


class VacancyFilterForm(forms.Form):
    q = forms.CharField(label=_("Search words"), required=False, max_length=100,
                        widget=forms.SearchInput(attrs={"placeholder": _("Profession, position or skill")}))
    municipality = forms.ModelChoiceField(label=_("Municipality"), required=False,
                                          empty_label=_("Any municipality"),
                                          queryset=Municipality.objects.filter(is_active=True))
    salary = forms.IntegerField(label=_("Salary from, ₽"), required=False, min_value=0, max_value=10_000_000)
    profession = forms.ModelChoiceField(label=_("Profession"), required=False, empty_label=_("Any profession"),
                                        queryset=Profession.objects.filter(is_active=True).order_by("name"))
    competency = forms.ModelChoiceField(label=_("Competency"), required=False, empty_label=_("Any competency"),
                                        queryset=Competency.objects.filter(is_active=True).order_by("name"))
    employment = forms.ChoiceField(label=_("Employment"), required=False,
                                   choices=[("", _("Any employment"))] + Employment.choices)
    schedule = forms.ChoiceField(label=_("Schedule"), required=False,
                                 choices=[("", _("Any schedule"))] + Schedule.choices)
    source = forms.ChoiceField(label=_("Source"), required=False,
                               choices=[("", _("Any source"))] + VacancySource.choices)
    no_experience = forms.BooleanField(label=_("No experience required"), required=False)
    sort = forms.ChoiceField(label=_("Sorting"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        profession_choice(self.fields["profession"])

    def values(self) -> dict:
        """Valid values only: a broken parameter in the URL is ignored, never an error page."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        if not hasattr(self, "cleaned_data"):
            data = {}
        return {"text": (data.get("q") or "").strip(), "municipality": data.get("municipality"),
                "salary": data.get("salary"), "profession": data.get("profession"),
                "competency": data.get("competency"), "employment": data.get("employment") or "",
                "schedule": data.get("schedule") or "", "source": data.get("source") or "",
                "no_experience": bool(data.get("no_experience")), "sort": data.get("sort") or "new"}


DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class VacancyForm(forms.ModelForm):
    competencies = forms.ModelMultipleChoiceField(
        label=_("Competencies"), required=False, queryset=Competency.objects.filter(is_active=True).order_by("name"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Leave empty and the platform will choose them from the title and duties."))

    class Meta:
        model = Vacancy
        fields = ("employer", "title", "profession", "municipality", "address", "salary_from", "salary_to",
                  "employment", "schedule", "education", "experience_years", "duties", "requirements", "contacts",
                  "places", "closes_on")
        widgets = {"duties": forms.Textarea(attrs={"rows": 4}), "requirements": forms.Textarea(attrs={"rows": 3}),
                   "contacts": forms.Textarea(attrs={"rows": 2}), "closes_on": DATE_WIDGET}

    def __init__(self, *args, employers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = employers
        self.fields["employer"].required = True
        self.fields["employer"].empty_label = None if employers.count() == 1 else _("Choose…")
        profession_choice(self.fields["profession"])
        self.fields["municipality"].queryset = Municipality.objects.filter(is_active=True)
        self.fields["municipality"].required = True
        self.fields["duties"].required = True
        self.fields["closes_on"].input_formats = ["%Y-%m-%d", "%d.%m.%Y"]
        if self.instance.pk:
            self.initial["competencies"] = list(self.instance.competencies.values_list("pk", flat=True))

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("salary_from"), cleaned.get("salary_to")
        if low and high and high < low:
            self.add_error("salary_to", _("The upper salary cannot be lower than the lower one."))
        closes = cleaned.get("closes_on")
        if closes and closes < timezone.localdate():
            self.add_error("closes_on", _("The closing date cannot be in the past."))
        places = cleaned.get("places")
        if places is not None and places < 1:
            self.add_error("places", _("There must be at least one place."))
        return cleaned


class ModerationForm(forms.Form):
    decision = forms.ChoiceField(choices=[("publish", _("Publish")), ("return", _("Return for changes"))])
    comment = forms.CharField(label=_("Comment for the employer"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 3}))


class ResponseForm(forms.Form):
    message = forms.CharField(label=_("Covering letter"), required=False, max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 4}))
    phone = forms.CharField(label=_("Phone"), required=False, max_length=32)


class SavedSearchForm(forms.Form):
    name = forms.CharField(label=_("Name of the search"), max_length=200)
    query = forms.CharField(widget=forms.HiddenInput, required=False, max_length=1000)


class MatchingForm(forms.Form):
    profession = forms.ModelChoiceField(label=_("Profession"), required=False,
                                        queryset=Profession.objects.filter(is_active=True).order_by("name"))
    competencies = forms.ModelMultipleChoiceField(label=_("Competencies"), required=False,
                                                  queryset=Competency.objects.filter(is_active=True).order_by("name"),
                                                  widget=forms.SelectMultiple(attrs={"size": 8}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        profession_choice(self.fields["profession"])


class ImportStartForm(forms.Form):
    source = forms.ChoiceField(choices=[(VacancySource.TRUDVSEM, VacancySource.TRUDVSEM.label),
                                        (VacancySource.HHRU, VacancySource.HHRU.label)])
    full = forms.BooleanField(required=False)


class MarketFilterForm(forms.Form):
    municipality = forms.ModelChoiceField(label=_("Municipality"), required=False,
                                          empty_label=_("The whole region"),
                                          queryset=Municipality.objects.filter(is_active=True))
    competency = forms.ModelChoiceField(label=_("Competency"), required=False, empty_label=_("All competencies"),
                                        queryset=Competency.objects.filter(is_active=True).order_by("name"))
    months = forms.TypedChoiceField(label=_("Period"), required=False, coerce=int, empty_value=12, initial=12,
                                    choices=[(6, _("6 months")), (12, _("12 months")), (24, _("24 months"))])

    def values(self) -> dict:
        self.is_valid()
        data = getattr(self, "cleaned_data", {}) or {}
        return {"municipality": data.get("municipality"), "competency": data.get("competency"),
                "months": data.get("months") or 12}
