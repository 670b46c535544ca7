"""Forms of the review engine: the staff list's filters, a round's settings and experts, the chairperson's
decision, an expert's anchored remark."""
from django import forms
from django.db.models import Exists, OuterRef
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from copp.core.choices import autocomplete
from copp.directories.models import Competency
from copp.organizations.choices import ORGANIZATIONS
from copp.organizations.models import Organization
from copp.resources.models import StaffMember

from .models import Decision, Expert, ReviewStatus


class ReviewFilterForm(forms.Form):
    q = forms.CharField(label=_("Search words"), required=False, max_length=200)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("Any status")),
                                                                         *ReviewStatus.choices])
    overdue = forms.BooleanField(label=_("Only with overdue experts"), required=False)

    def values(self) -> dict:
        self.is_valid()
        data = {k: v for k, v in getattr(self, "cleaned_data", {}).items() if k not in self.errors}
        return {"text": (data.get("q") or "").strip(), "status": data.get("status") or "",
                "overdue": bool(data.get("overdue"))}


class AssignForm(forms.Form):
    expert = forms.ModelChoiceField(label=_("Expert"), queryset=Expert.objects.none(), empty_label=_("Choose…"))

    def __init__(self, *args, experts, **kwargs):
        super().__init__(*args, **kwargs)
        # The choice lists only those without a conflict of interest; the service refuses the others anyway.
        self.fields["expert"].queryset = experts
        # Experts of the subject's competencies come first and say so (competency matching).
        self.fields["expert"].label_from_instance = lambda e: f"{e.staff.full_name} — {e.staff.organization}" + (
            f" · {_('reviews its competency')}" if getattr(e, "matches", False) else "")


class RoundSettingsForm(forms.Form):
    due_on = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    is_blind = forms.BooleanField(label=_("Blind round: the authors do not see the experts' names"), required=False)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=Decision.choices, widget=forms.RadioSelect)
    comment = forms.CharField(label=_("Comment to the authors"), required=False, max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("Required when the program is sent for revision or rejected."))
    publish = forms.BooleanField(label=_("Publish the approved version in the catalogue at once"), required=False)


class CommentForm(forms.Form):
    anchor = forms.ChoiceField(label=_("Section or module"))
    text = forms.CharField(label=_("Remark"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, sections, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["anchor"].choices = sections


EXPERT_CHOICES = [("", _("Experts and others")), ("yes", _("Experts only")), ("no", _("Not experts"))]


class ExpertFilterForm(forms.Form):
    """The register of experts: search by name, organisation, competency, expert or not (GET parameters)."""

    q = forms.CharField(label=_("Search words"), required=False, max_length=200)
    expert = forms.ChoiceField(label=pgettext_lazy("expert register", "Expert"), required=False, choices=EXPERT_CHOICES)
    organization = forms.ModelChoiceField(label=_("Organisation"), required=False,
                                          empty_label=_("Any organisation"), queryset=None)
    competency = forms.ModelChoiceField(label=_("Competency"), required=False, empty_label=_("Any competency"),
                                        queryset=None)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Searchable (issue 15): the staff registry spans thousands of the region's organisations.
        autocomplete(self.fields["organization"], ORGANIZATIONS, user, reverse_lazy("organizations:choices"),
                     within=Organization.objects.filter(
                         Exists(StaffMember.objects.filter(organization=OuterRef("pk"), is_active=True))))
        self.fields["competency"].queryset = Competency.objects.filter(is_active=True).order_by("name")

    def values(self) -> dict:
        self.is_valid()
        data = {k: v for k, v in getattr(self, "cleaned_data", {}).items() if k not in self.errors}
        return {"text": (data.get("q") or "").strip(), "expert": data.get("expert") or "",
                "organization": data.get("organization"), "competency": data.get("competency")}


class ExpertForm(forms.Form):
    """Mark a person of the staff registry as an expert (or unmark) with the competencies they review."""

    is_expert = forms.BooleanField(label=_("The person is an expert of program reviews"), required=False)
    competencies = forms.ModelMultipleChoiceField(
        label=_("Competencies"), required=False, queryset=None,
        help_text=_("The competencies the expert reviews programs in; the levels already recorded stay, new ones "
                    "are recorded at the expert level. To choose several, hold Ctrl (⌘ on a Mac) while clicking."),
        widget=forms.SelectMultiple(attrs={"size": 10}))
    note = forms.CharField(label=_("Note"), required=False, max_length=300,
                           help_text=_("For example, the order that included the person in the register."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competencies"].queryset = Competency.objects.filter(is_active=True).order_by("name")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("is_expert") and not cleaned.get("competencies"):
            self.add_error("competencies", _("Choose at least one competency the expert reviews."))
        return cleaned
