"""Forms of the review engine: the staff list's filters, a round's settings and experts, the chairperson's
decision, an expert's anchored remark."""
from django import forms
from django.utils.translation import gettext_lazy as _

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
        self.fields["expert"].label_from_instance = lambda e: f"{e.staff.full_name} — {e.staff.organization}"


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
