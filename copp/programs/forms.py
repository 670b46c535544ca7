"""Forms of the programs app: the program with its modules and start dates, the catalogue's filters."""
from django import forms
from django.forms import inlineformset_factory
from django.urls import reverse_lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from copp.core.choices import autocomplete
from copp.directories.choices import profession_choice
from copp.directories.models import Competency, FundingSource, Municipality, ProgramKind, StudyForm
from copp.organizations.models import Organization

from .choices import LIBRARY_AUTHORS, PROVIDERS
from .models import HOUR_FIELDS, AssessmentForm, LibraryModule, ModuleStatus, Program, ProgramModule, ProgramStart

MULTI_HINT = _("To choose several, hold Ctrl (⌘ on a Mac) while clicking.")


class ProgramForm(forms.ModelForm):
    class Meta:
        model = Program
        fields = ("title", "provider", "kind", "competencies", "profession", "audience", "entry_requirements",
                  "goals", "outcomes", "final_assessment", "hours", "study_form", "duration", "municipalities",
                  "address", "funding", "price", "document", "contacts")
        labels = {"title": _("Program title"), "provider": _("Training organisation"), "kind": _("Program kind"),
                  "audience": _("Who the program is for"), "hours": _("Volume, hours"),
                  "price": _("Price, roubles")}
        help_texts = {
            "hours": _("The sum of the modules' hours. Upskilling: at least 16 h; retraining: at least 250 h."),
            "competencies": MULTI_HINT,
            "municipalities": format_lazy("{} {}", _("Where the training takes place."), MULTI_HINT),
            "duration": _("For example, «2 months» or «72 hours over 3 weeks»."),
            "funding": _("A federal or regional project makes the program free for the learner."),
            "price": _("For a paid program; a free program costs 0."),
            "contacts": _("Who answers questions: name, phone, e-mail."),
        }
        widgets = {
            "audience": forms.Textarea(attrs={"rows": 2}),
            "entry_requirements": forms.Textarea(attrs={"rows": 2}),
            "goals": forms.Textarea(attrs={"rows": 3}),
            "outcomes": forms.Textarea(attrs={"rows": 3}),
            "contacts": forms.Textarea(attrs={"rows": 2}),
            "competencies": forms.SelectMultiple(attrs={"size": 8}),
            "municipalities": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, providers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers
        self.fields["provider"].empty_label = None if providers.count() == 1 else _("Choose…")
        self.fields["kind"].queryset = ProgramKind.objects.filter(is_active=True)
        self.fields["study_form"].queryset = StudyForm.objects.filter(is_active=True)
        self.fields["competencies"].queryset = Competency.objects.filter(is_active=True).order_by("name")
        self.fields["municipalities"].queryset = Municipality.objects.filter(is_active=True)
        profession_choice(self.fields["profession"])
        self.fields["funding"].queryset = FundingSource.objects.filter(is_active=True)
        self.fields["audience"].required = True
        self.fields["goals"].required = True
        self.fields["competencies"].required = True
        self.fields["price"].required = False

    def clean(self):
        cleaned = super().clean()
        funding, price = cleaned.get("funding"), cleaned.get("price")
        if price is None and "price" not in self.errors:
            cleaned["price"] = 0
        if funding is not None and not funding.is_free_for_learner and not price:
            self.add_error("price", _("A paid program needs its price."))
        return cleaned


class ModuleForm(forms.ModelForm):
    class Meta:
        model = ProgramModule
        fields = ("order", "title", "theory_hours", "practice_hours")
        labels = {"title": _("Module title"), "order": _("Module number")}


class StartForm(forms.ModelForm):
    class Meta:
        model = ProgramStart
        fields = ("starts_on", "place", "seats")
        widgets = {"starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


ModuleFormSet = inlineformset_factory(Program, ProgramModule, form=ModuleForm, extra=1, can_delete=True)
StartFormSet = inlineformset_factory(Program, ProgramStart, form=StartForm, extra=1, can_delete=True)


class TransitionForm(forms.Form):
    target = forms.CharField()
    comment = forms.CharField(required=False, max_length=2000)


SORT_CHOICES = [
    ("start", _("Nearest start first")),
    ("title", _("By title")),
    ("price", _("Cheaper first")),
    ("-price", _("More expensive first")),
    ("new", _("Newest first")),
]
PRICE_CHOICES = [("", _("Free or paid")), ("free", _("Free for the learner")), ("paid", _("Paid"))]


class CatalogueFilterForm(forms.Form):
    """Search, filters and sorting of the public catalogue (GET parameters)."""

    q = forms.CharField(label=_("Search words"), required=False, max_length=200,
                        widget=forms.SearchInput(attrs={"placeholder": _("For example, welding or web design")}))
    competency = forms.ModelChoiceField(label=_("Competency"), required=False, empty_label=_("Any competency"),
                                        queryset=Competency.objects.filter(is_active=True).order_by("name"))
    kind = forms.ModelChoiceField(label=_("Program kind"), required=False, empty_label=_("Any kind"),
                                  queryset=ProgramKind.objects.filter(is_active=True))
    study_form = forms.ModelChoiceField(label=_("Study form"), required=False, empty_label=_("Any form"),
                                        queryset=StudyForm.objects.filter(is_active=True))
    provider = forms.ModelChoiceField(label=_("Provider"), required=False, empty_label=_("Any provider"),
                                      queryset=Organization.objects.none())
    price = forms.ChoiceField(label=_("Cost"), required=False, choices=PRICE_CHOICES)
    starts_from = forms.DateField(label=_("Starts not earlier than"), required=False,
                                  widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    municipality = forms.ModelChoiceField(label=_("Municipality"), required=False,
                                          empty_label=_("Any municipality"),
                                          queryset=Municipality.objects.filter(is_active=True))
    sort = forms.ChoiceField(label=_("Sort"), required=False, choices=[("relevance", _("By relevance"))]
                             + SORT_CHOICES)

    FILTERS = ("q", "competency", "kind", "study_form", "provider", "price", "starts_from", "municipality")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Searchable (issue 15): a region's catalogue has thousands of providers.
        autocomplete(self.fields["provider"], PROVIDERS, None, reverse_lazy("programs:provider_choices"))

    def clean_q(self):
        return self.cleaned_data["q"].strip()

    def values(self) -> dict:
        """Valid values only: a broken parameter in the URL is ignored, never an error page."""
        self.is_valid()
        data = {name: value for name, value in getattr(self, "cleaned_data", {}).items()
                if name not in self.errors}
        return {
            "text": data.get("q") or "",
            "competency": data.get("competency"),
            "kind": data.get("kind"),
            "study_form": data.get("study_form"),
            "provider": data.get("provider"),
            "price": data.get("price") or "",
            "starts_from": data.get("starts_from"),
            "municipality": data.get("municipality"),
            "sort": data.get("sort") or "",
        }


# --- The module library and the constructor (M14) -------------------------------------------------

class LibraryModuleForm(forms.ModelForm):
    class Meta:
        model = LibraryModule
        fields = ("title", "author", "summary", "knowledge", "skills", "abilities", "competencies", "profession",
                  "theory_hours", "practice_hours", "internship_hours", "self_study_hours", "assessment_hours",
                  "assessment_form", "equipment", "open_for_individual")
        labels = {"title": _("Module title"), "summary": _("Contents of the module"),
                  "knowledge": _("The learner will know"), "skills": _("The learner will be able to"),
                  "abilities": _("The learner will master")}
        help_texts = {
            "competencies": MULTI_HINT,
            "equipment": _("Software, materials and anything else the resources registry does not list, one per "
                           "line."),
            "open_for_individual": _("Learners may pick the module for their own learning path."),
        }
        widgets = {f: forms.Textarea(attrs={"rows": 3})
                   for f in ("summary", "knowledge", "skills", "abilities", "equipment")} | {
            "competencies": forms.SelectMultiple(attrs={"size": 8})}

    def __init__(self, *args, authors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["author"].queryset = authors
        self.fields["author"].empty_label = None if authors.count() == 1 else _("Choose…")
        self.fields["competencies"].queryset = Competency.objects.filter(is_active=True).order_by("name")
        profession_choice(self.fields["profession"])
        self.fields["competencies"].required = True
        self.fields["knowledge"].required = True

    def clean(self):
        cleaned = super().clean()
        if not self.errors and sum(cleaned.get(f) or 0 for f in HOUR_FIELDS) == 0:
            self.add_error("theory_hours", _("Plan at least one hour of the module."))
        return cleaned


class LibraryFilterForm(forms.Form):
    q = forms.CharField(label=_("Search words"), required=False, max_length=200)
    competency = forms.ModelChoiceField(label=_("Competency"), required=False, empty_label=_("Any competency"),
                                        queryset=Competency.objects.filter(is_active=True).order_by("name"))
    author = forms.ModelChoiceField(label=_("Author organisation"), required=False, empty_label=_("Any author"),
                                    queryset=Organization.objects.none())
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("Any status")), *ModuleStatus.choices])
    hours_min = forms.IntegerField(label=_("Hours from"), required=False, min_value=0, max_value=10000)
    hours_max = forms.IntegerField(label=_("Hours to"), required=False, min_value=0, max_value=10000)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Searchable (issue 15): the authors are thousands of organisations in a region.
        autocomplete(self.fields["author"], LIBRARY_AUTHORS, user, reverse_lazy("programs:library_author_choices"))

    def values(self) -> dict:
        """Valid values only: a broken parameter in the URL is ignored."""
        self.is_valid()
        data = {k: v for k, v in getattr(self, "cleaned_data", {}).items() if k not in self.errors}
        return {"text": (data.get("q") or "").strip(), "competency": data.get("competency"),
                "author": data.get("author"), "status": data.get("status") or "",
                "hours_min": data.get("hours_min"), "hours_max": data.get("hours_max")}


class OwnModuleForm(forms.ModelForm):
    """A module of the program's own, not from the library."""

    class Meta:
        model = ProgramModule
        fields = ("title", "outcomes", "competencies", "theory_hours", "practice_hours", "internship_hours",
                  "self_study_hours", "assessment_hours", "assessment_form")
        labels = {"title": _("Module title")}
        widgets = {"outcomes": forms.Textarea(attrs={"rows": 2}),
                   "competencies": forms.SelectMultiple(attrs={"size": 5})}
        help_texts = {"competencies": MULTI_HINT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competencies"].queryset = Competency.objects.filter(is_active=True).order_by("name")
        self.fields["outcomes"].required = True


class HoursForm(forms.Form):
    """A module's hours by kind, as the constructor's row sends them."""

    theory_hours = forms.IntegerField(min_value=0, max_value=2000)
    practice_hours = forms.IntegerField(min_value=0, max_value=2000)
    internship_hours = forms.IntegerField(min_value=0, max_value=2000)
    self_study_hours = forms.IntegerField(min_value=0, max_value=2000)
    assessment_hours = forms.IntegerField(min_value=0, max_value=2000)


class FinalAssessmentForm(forms.Form):
    final_assessment = forms.ChoiceField(label=_("Final assessment"), required=False,
                                         choices=[("", _("Not chosen")), *AssessmentForm.choices])
    outcomes = forms.CharField(label=_("Learning outcomes of the program"), required=False, max_length=5000,
                               widget=forms.Textarea(attrs={"rows": 3}))
