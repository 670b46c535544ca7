"""Forms of the surveys app: a survey's settings and audience, a question in the builder, the results' filters."""
from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from copp.core.access import has_capability
from copp.core.choices import autocomplete, autocomplete_if_many, autocomplete_multiple_if_many
from copp.core.roles import Cap
from copp.events.choices import EVENTS
from copp.events.selectors import events_managed_by
from copp.organizations.models import Organization
from copp.programs.choices import PROGRAMS
from copp.programs.models import Program
from copp.programs.selectors import programs_editable_by
from copp.training.models import Group

from .choices import AUDIENCE_ORGANIZATIONS
from .models import Audience, Question, QuestionKind, Section, Survey, SurveyStatus

CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.RANKING)


class SurveyForm(forms.ModelForm):
    group_code = forms.CharField(label=_("Group code"), required=False, max_length=40,
                                 help_text=_("For a survey of a group's learners, for example СВ-2026-01."))
    closes_at = forms.DateTimeField(label=_("Deadline"), required=False,
                                    widget=forms.DateTimeInput(attrs={"type": "datetime-local"},
                                                               format="%Y-%m-%dT%H:%M"),
                                    help_text=_("After it the survey closes by itself."))

    class Meta:
        model = Survey
        fields = ["title", "description", "is_anonymous", "allow_repeat", "audience", "audience_role",
                  "audience_program", "audience_event", "audience_org_type", "audience_organizations", "closes_at",
                  "remind_after_days",
                  "max_reminders"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}),
                   "audience_organizations": forms.SelectMultiple(attrs={"size": 8, "data-filter-list": ""})}
        help_texts = {"audience_organizations": _(
            "The representatives of these organisations answer; when none is chosen, those of every organisation "
            "of the type above. Type a part of the name in the search field to find one; to choose several, hold "
            "Ctrl (⌘ on a Mac) while clicking.")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        wide = has_capability(user, Cap.SURVEYS_ALL)
        programs = Program.objects.all() if wide else programs_editable_by(user)
        # Searchable when many (issue 15): CoPP staff target any of the region's 20 000 programs.
        autocomplete_if_many(self.fields["audience_program"], PROGRAMS, user, reverse_lazy("programs:choices"),
                             programs.order_by("title"))
        # Searchable (issue 15, M32): CoPP staff target any of the region's 2 000 events, a list that only grows, so
        # theirs is always the search field; an organisation's own few events stay a plain list.
        events = events_managed_by(user).order_by("-starts_at", "-pk")
        if wide:
            autocomplete(self.fields["audience_event"], EVENTS, user, reverse_lazy("events:choices"), within=events)
        else:
            autocomplete_if_many(self.fields["audience_event"], EVENTS, user, reverse_lazy("events:choices"), events)
        if self.instance.audience_group_id:
            self.fields["group_code"].initial = self.instance.audience_group.code
        self.fields["remind_after_days"].min_value = 1
        orgs = self.fields["audience_organizations"]
        orgs.label = _("Organisations")
        if not wide:  # only CoPP staff send a survey to organisations' contacts (services._check_audience)
            orgs.queryset = Organization.objects.none()
            orgs.widget = forms.MultipleHiddenInput()
            return
        # A choice of several, searchable when many (issue 15, M32): ≈ 5 000 organisations in a region.
        rows = AUDIENCE_ORGANIZATIONS.queryset(user).order_by("short_name", "pk")
        autocomplete_multiple_if_many(orgs, AUDIENCE_ORGANIZATIONS, user,
                                      reverse_lazy("surveys:organization_choices"), rows)
        orgs.label_from_instance = AUDIENCE_ORGANIZATIONS.label
        if isinstance(orgs.widget, forms.SelectMultiple) and "data-filter-list" in orgs.widget.attrs:
            orgs.widget.attrs.update({"data-search-label": _("Search the organisations"),
                                      "data-search-placeholder": _("A part of the name"),
                                      "data-chosen-label": _("Chosen"), "data-found-label": _("found")})
        else:
            orgs.help_text = _("The representatives of these organisations answer; when none is chosen, those of "
                               "every organisation of the type above. Type a part of the name and choose from the "
                               "list; to remove an organisation, press the button next to its name.")

    def clean_group_code(self):
        code = self.cleaned_data["group_code"].strip()
        if not code:
            return None
        group = Group.objects.visible_to(self.user).filter(code__iexact=code).first()
        if group is None:
            raise forms.ValidationError(_("No group with this code among your groups."))
        return group

    def clean(self):
        data = super().clean()
        audience = data.get("audience")
        needed = {Audience.ROLE: ("audience_role", _("Choose the role.")),
                  Audience.GROUP: ("group_code", _("Enter the code of the group.")),
                  Audience.PROGRAM: ("audience_program", _("Choose the program.")),
                  Audience.EVENT: ("audience_event", _("Choose the event.")),
                  Audience.CONTACTS: ("audience_org_type", _("Choose the type of organisations or the organisations."))}
        if audience == Audience.CONTACTS and data.get("audience_organizations"):
            needed.pop(Audience.CONTACTS)
        if audience in needed:
            name, message = needed[audience]
            if not data.get(name):
                self.add_error(name, message)
        return data

    def save(self, commit=True):
        survey = super().save(commit=False)
        audience = survey.audience
        survey.audience_group = self.cleaned_data.get("group_code") if audience == Audience.GROUP else None
        # Only the field of the chosen audience is kept, so a survey never targets two lists at once.
        if audience != Audience.ROLE:
            survey.audience_role = ""
        if audience != Audience.PROGRAM:
            survey.audience_program = None
        if audience != Audience.EVENT:
            survey.audience_event = None
        if audience != Audience.CONTACTS:
            survey.audience_org_type = ""
        return survey


class QuestionForm(forms.ModelForm):
    choices_text = forms.CharField(label=_("Options"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
                                   help_text=_("One per line: for single and multiple choice and ranking."))
    rows_text = forms.CharField(label=_("Matrix lines"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                help_text=_("One per line: each is rated from 1 to 5."))

    class Meta:
        model = Question
        fields = ["kind", "text", "hint", "required", "section", "show_if_question", "show_if_value"]

    def __init__(self, *args, survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = survey.sections.all()
        self.fields["show_if_question"].queryset = survey.questions.exclude(pk=self.instance.pk or 0)
        self.fields["show_if_value"].help_text = _("The question is shown only when that answer is given.")

    @staticmethod
    def _lines(text: str) -> list[str]:
        return list(dict.fromkeys(line.strip()[:300] for line in text.splitlines() if line.strip()))

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        data["choices"] = self._lines(data.get("choices_text", "")) if kind in CHOICE_KINDS else []
        data["rows"] = self._lines(data.get("rows_text", "")) if kind == QuestionKind.MATRIX else []
        if kind in CHOICE_KINDS and len(data["choices"]) < 2:
            self.add_error("choices_text", _("Give at least two options, one per line."))
        if kind == QuestionKind.MATRIX and not data["rows"]:
            self.add_error("rows_text", _("Give the lines of the matrix, one per line."))
        if data.get("show_if_question") and not data.get("show_if_value"):
            self.add_error("show_if_value", _("Enter the answer that shows this question."))
        return data

    def save(self, commit=True):
        question = super().save(commit=False)
        question.choices = self.cleaned_data["choices"]
        question.rows = self.cleaned_data["rows"]
        return question


class SectionForm(forms.ModelForm):
    """A section's title and its condition: it is shown only when an earlier question has the given answer."""

    class Meta:
        model = Section
        fields = ["title", "show_if_question", "show_if_value"]
        labels = {"title": _("Section title"), "show_if_question": _("Show the section when the question"),
                  "show_if_value": _("The answer that shows the section")}

    def __init__(self, *args, survey, **kwargs):
        super().__init__(*args, **kwargs)
        questions = survey.questions.order_by("order", "pk")
        if self.instance.pk:  # a section cannot depend on its own questions
            questions = questions.exclude(section=self.instance)
        self.fields["show_if_question"].queryset = questions
        self.fields["show_if_question"].empty_label = _("Always show")
        self.fields["show_if_value"].help_text = _("For a choice question, one of its options exactly as written.")

    def clean(self):
        data = super().clean()
        if data.get("show_if_question") and not (data.get("show_if_value") or "").strip():
            self.add_error("show_if_value", _("Enter the answer that shows this section."))
        if not data.get("show_if_question"):
            data["show_if_value"] = ""
        return data


class SurveyFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("Any status")), *SurveyStatus.choices])
    audience = forms.ChoiceField(label=_("Who answers"), required=False,
                                 choices=[("", _("Anyone")), *Audience.choices])

    def values(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {"text": data.get("q", ""), "status": data.get("status", ""), "audience": data.get("audience", "")}


class ResultsFilterForm(forms.Form):
    group = forms.ModelChoiceField(label=_("Study group"), required=False, queryset=Group.objects.none(),
                                   empty_label=_("All groups"))
    organization = forms.ModelChoiceField(label=_("Organisation"), required=False,
                                          queryset=Organization.objects.none(), empty_label=_("All organisations"))
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, survey, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the groups and organisations that answered this survey: a short list.
        self.fields["group"].queryset = Group.objects.filter(
            pk__in=survey.responses.exclude(group=None).values("group")).order_by("code")
        self.fields["organization"].queryset = Organization.objects.filter(
            pk__in=survey.responses.exclude(organization=None).values("organization")).order_by("short_name")

    def values(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {key: data.get(key) for key in ("group", "organization", "date_from", "date_to")}
