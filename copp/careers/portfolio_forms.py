"""Forms of the portfolios: the learner's «about me», a self-declared item, sharing with the consent to
distribution, an employer's search and invitation, the learner's answer."""
from django import forms
from django.core.validators import FileExtensionValidator
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from copp.core.choices import autocomplete
from copp.core.validators import validate_plain_text
from copp.directories.models import Competency, Municipality, Profession
from copp.programs.choices import PUBLISHED
from copp.programs.models import Program

from .models import OWN_KINDS, ItemKind, Portfolio, PortfolioItem, Section, Visibility

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
FILE_TYPES = {"pdf": "application/pdf", "jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png"}
MAX_FILE_BYTES = 10 * 1024 * 1024


class AboutForm(forms.ModelForm):
    class Meta:
        model = Portfolio
        fields = ("summary", "profession", "municipality")
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["summary"].validators.append(validate_plain_text)
        self.fields["profession"].queryset = Profession.objects.filter(is_active=True).order_by("name")
        self.fields["municipality"].queryset = Municipality.objects.filter(is_active=True)


class ItemForm(forms.ModelForm):
    """A self-declared item; a file is checked like every upload (copp.core.uploads) by the service."""

    kind = forms.ChoiceField(label=_("Kind"), choices=[(k, label) for k, label in ItemKind.choices if k in OWN_KINDS])
    file = forms.FileField(label=_("File (PDF, JPEG or PNG, up to 10 MB)"), required=False,
                           validators=[FileExtensionValidator(list(FILE_TYPES))])

    class Meta:
        model = PortfolioItem
        fields = ("kind", "title", "organization_name", "description", "date", "url", "file")
        widgets = {"date": DATE_WIDGET, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("title", "organization_name", "description"):
            self.fields[name].validators.append(validate_plain_text)

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if file and hasattr(file, "size") and file.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("The file is too large: the limit is 10 MB."))
        return file

    def clean_date(self):
        date = self.cleaned_data.get("date")
        if date and date > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return date


class SharingForm(forms.Form):
    visibility = forms.ChoiceField(label=_("Who sees the portfolio"), choices=Visibility.choices,
                                   widget=forms.RadioSelect(attrs={"class": "form-check-input"}))
    allowed = forms.MultipleChoiceField(label=_("What may be shown"), choices=Section.choices, required=False,
                                        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}))
    link_expires_on = forms.DateField(label=_("The personal link works until"), required=False, widget=DATE_WIDGET)
    agree = forms.BooleanField(label=_("I have read the consent to distribution of personal data and give it"),
                               required=False)

    def clean(self):
        data = super().clean()
        visibility = data.get("visibility")
        if visibility and visibility != Visibility.PRIVATE:
            if not data.get("allowed"):
                self.add_error("allowed", _("Tick at least one section that may be shown."))
            if not data.get("agree"):
                self.add_error("agree", _("Showing the portfolio to others needs your consent to distribution."))
        if visibility == Visibility.LINK:
            expires = data.get("link_expires_on")
            today = timezone.localdate()
            if not expires:
                self.add_error("link_expires_on", _("Set the date until which the link works."))
            elif expires < today or (expires - today).days > 366:
                self.add_error("link_expires_on", _("Choose a date from today to a year ahead."))
        return data


LEVELS = [("", _("Any level")), ("document", _("With a document issued")), ("grade", _("Final grade «good» or "
                                                                                       "better")),
          ("rating", _("Rating 75 or higher"))]


class SearchForm(forms.Form):
    competency = forms.ModelChoiceField(label=_("Competency"), required=False, empty_label=_("Any competency"),
                                        queryset=Competency.objects.filter(is_active=True).order_by("name"))
    level = forms.ChoiceField(label=_("Level"), required=False, choices=LEVELS)
    profession = forms.ModelChoiceField(label=_("Desired profession"), required=False,
                                        empty_label=_("Any profession"),
                                        queryset=Profession.objects.filter(is_active=True).order_by("name"))
    municipality = forms.ModelChoiceField(label=_("Municipality"), required=False,
                                          empty_label=_("Any municipality"),
                                          queryset=Municipality.objects.filter(is_active=True))
    program = forms.ModelChoiceField(label=_("Program"), required=False, empty_label=_("Any program"),
                                     queryset=Program.objects.none())
    completed_from = forms.DateField(label=_("Completed from"), required=False, widget=DATE_WIDGET)
    completed_to = forms.DateField(label=_("Completed to"), required=False, widget=DATE_WIDGET)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Searchable (issue 15): a region publishes 20 000 programs.
        autocomplete(self.fields["program"], PUBLISHED, None, reverse_lazy("programs:published_choices"))

    def values(self) -> dict:
        """Valid values only: a broken parameter in the URL is ignored, never an error page."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {}) or {}
        return {name: data.get(name) or None for name in
                ("competency", "level", "profession", "municipality", "program", "completed_from", "completed_to")}


class InviteForm(forms.Form):
    vacancy = forms.ModelChoiceField(label=_("Vacancy"), required=False, queryset=None,
                                     empty_label=_("Without a vacancy"))
    message = forms.CharField(label=_("Message to the candidate"), max_length=2000, validators=[validate_plain_text],
                              widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, vacancies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vacancy"].queryset = vacancies


class AnswerForm(forms.Form):
    accept = forms.BooleanField(required=False)
    answer = forms.CharField(label=_("Your answer"), max_length=2000, required=False,
                             validators=[validate_plain_text], widget=forms.Textarea(attrs={"rows": 2}))
