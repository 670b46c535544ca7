"""Forms of the events app: the event, the public list's filters."""
from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from copp.core.choices import autocomplete_if_many
from copp.directories.models import Competency, Municipality
from copp.organizations.choices import ORGANIZATIONS

from .models import Event, EventType

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class EventForm(forms.ModelForm):
    online_url = forms.URLField(label=_("Online link"), required=False, max_length=200, assume_scheme="https",
                                help_text=_("A link to the broadcast or web conference, if any."))

    class Meta:
        model = Event
        fields = ("title", "type", "organizer", "starts_at", "ends_at", "venue", "municipality", "online_url",
                  "capacity", "competencies", "description", "contacts")
        widgets = {
            "starts_at": DATETIME_WIDGET, "ends_at": DATETIME_WIDGET,
            "description": forms.Textarea(attrs={"rows": 5}),
            "contacts": forms.Textarea(attrs={"rows": 2}),
            "competencies": forms.SelectMultiple(attrs={"size": 8}),
        }
        help_texts = {"competencies": _("To choose several, hold Ctrl (⌘ on a Mac) while clicking.")}

    def __init__(self, *args, organizers, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organizer"].empty_label = None if organizers.count() == 1 else _("Choose…")
        # Searchable when many (issue 15): CoPP staff hold events for any of the region's organisations.
        autocomplete_if_many(self.fields["organizer"], ORGANIZATIONS, user, reverse_lazy("organizations:choices"),
                             organizers)
        self.fields["competencies"].queryset = Competency.objects.filter(is_active=True).order_by("name")
        self.fields["municipality"].queryset = Municipality.objects.filter(is_active=True)
        self.fields["description"].required = True
        for name in ("starts_at", "ends_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%d.%m.%Y %H:%M"]

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends < starts:
            self.add_error("ends_at", _("The event cannot end before it starts."))
        if not cleaned.get("venue") and not cleaned.get("online_url") and "venue" not in self.errors:
            self.add_error("venue", _("Give the venue or the online link."))
        capacity = cleaned.get("capacity")
        if capacity is not None and capacity < 1:
            self.add_error("capacity", _("There must be at least one seat; leave the field empty for no limit."))
        return cleaned


PERIOD_CHOICES = [("upcoming", _("Upcoming")), ("past", _("Past"))]


class EventFilterForm(forms.Form):
    q = forms.CharField(label=_("Search words"), required=False, max_length=200,
                        widget=forms.SearchInput(attrs={"placeholder": _("Event title")}))
    type = forms.ChoiceField(label=_("Event type"), required=False,
                             choices=[("", _("Any type"))] + EventType.choices)
    competency = forms.ModelChoiceField(label=_("Competency"), required=False, empty_label=_("Any competency"),
                                        queryset=Competency.objects.filter(is_active=True).order_by("name"))
    municipality = forms.ModelChoiceField(label=_("Municipality"), required=False,
                                          empty_label=_("Any municipality"),
                                          queryset=Municipality.objects.filter(is_active=True))
    period = forms.ChoiceField(label=_("When"), required=False, choices=PERIOD_CHOICES)

    def values(self) -> dict:
        """Valid values only: a broken parameter in the URL is ignored, never an error page."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {"text": (data.get("q") or "").strip(), "event_type": data.get("type") or "",
                "competency": data.get("competency"), "municipality": data.get("municipality"),
                "period": data.get("period") or "upcoming"}
