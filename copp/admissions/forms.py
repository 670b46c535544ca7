"""Forms of the admissions app: the citizen's application, participants' tables, requests, campaigns, inbox."""
from django import forms
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from copp.accounts.models import User
from copp.core.choices import autocomplete, autocomplete_multiple_if_many
from copp.core.roles import Role
from copp.core.validators import format_snils, validate_snils
from copp.events.models import RegistrationStatus
from copp.organizations.choices import ORGANIZATIONS
from copp.organizations.models import Organization
from copp.programs.choices import PROGRAMS, PUBLISHED
from copp.programs.models import Program

from .files import validate_document, validate_xlsx
from .models import ApplicationKind, ApplicationStatus, DocumentKind, LearnerCategory
from .selectors import EVENT_KIND, programs_open_for_applications


def _clean_snils(value: str) -> str:
    value = (value or "").strip()
    if not value:
        return ""
    validate_snils(value)
    return format_snils(value)


class PersonForm(forms.Form):
    """The person's details an individual application carries (a snapshot: later profile edits keep it)."""

    last_name = forms.CharField(label=_("Surname"), max_length=100,
                                widget=forms.TextInput(attrs={"autocomplete": "family-name"}))
    first_name = forms.CharField(label=_("First name"), max_length=100,
                                 widget=forms.TextInput(attrs={"autocomplete": "given-name"}))
    patronymic = forms.CharField(label=_("Patronymic"), max_length=100, required=False,
                                 help_text=_("If you have one"),
                                 widget=forms.TextInput(attrs={"autocomplete": "additional-name"}))
    birth_date = forms.DateField(label=_("Birth date"), widget=forms.DateInput(
        attrs={"type": "date", "autocomplete": "bday"}, format="%Y-%m-%d"))
    phone = forms.CharField(label=_("Contact phone"), max_length=32,
                            widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}))
    email = forms.EmailField(label=_("E-mail"), widget=forms.EmailInput(attrs={"autocomplete": "email"}),
                             help_text=_("We will send the decision to this address."))
    snils = forms.CharField(label=_("SNILS"), max_length=14, required=False,
                            help_text=_("11 digits, for example 123-456-789 01. "
                                        "Needed for the document on completion."),
                            widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    education = forms.CharField(label=_("Education"), max_length=255,
                                help_text=_("For example: secondary vocational, «Welder», 2015"))
    category = forms.ChoiceField(label=_("Who you are"), required=False, choices=LearnerCategory.choices,
                                 initial=LearnerCategory.NOT_SPECIFIED,
                                 help_text=_("Optional. The regional training centre reports how many school "
                                             "students, unemployed people, people of pre-retirement age and "
                                             "teachers it has trained."))

    def clean_snils(self):
        return _clean_snils(self.cleaned_data.get("snils"))

    def clean_birth_date(self):
        value = self.cleaned_data.get("birth_date")
        if value and value >= timezone.localdate():
            raise forms.ValidationError(_("Enter a birth date in the past."))
        return value


class ApplicationForm(PersonForm):
    """A citizen's application (M10): the person's details from the profile, documents, consent."""

    comment = forms.CharField(label=_("Comment to the application"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("For example, the start date that suits you."))
    consent = forms.BooleanField(
        label=_("I agree to the processing of my personal data for this application"),
        error_messages={"required": _("Without consent we cannot accept the application.")})

    def __init__(self, *args, document_kinds=(), uploaded=None, **kwargs):
        super().__init__(*args, **kwargs)
        uploaded = uploaded or {}
        self.document_fields = []
        labels = dict(DocumentKind.choices)
        for kind, required in document_kinds:
            name = f"document_{kind}"
            have = uploaded.get(kind)
            hint = _("PDF, JPEG or PNG, up to 10 MB.")
            if have:
                hint = _("Already attached: %(name)s. Choose a file only to replace it.") % {"name": have}
            self.fields[name] = forms.FileField(
                label=labels[kind], required=required and not have, validators=[validate_document], help_text=hint,
                widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
                error_messages={"required": _("Attach the document: a scan or a photo.")})
            self.document_fields.append((kind, name))
        self.order_fields([*[f for f in self.fields if not f.startswith("document_") and f not in
                             ("comment", "consent")], *[n for _k, n in self.document_fields], "comment", "consent"])

    @staticmethod
    def initial_from_profile(user) -> dict:
        return {"last_name": user.last_name, "first_name": user.first_name, "patronymic": user.patronymic,
                "birth_date": user.birth_date, "phone": user.phone, "email": user.email, "snils": user.snils,
                "education": str(user.education_level or ""), "category": LearnerCategory.NOT_SPECIFIED}


class ResubmitForm(forms.Form):
    """An organisation's resubmission after «needs changes»: what was changed (the list is edited beside it)."""

    comment = forms.CharField(label=_("What you have changed"), widget=forms.Textarea(attrs={"rows": 3}),
                              error_messages={"required": _("Tell us what you have changed.")})

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_resubmit_%s")  # the withdraw form on the same page has a comment too
        super().__init__(*args, **kwargs)


class CitizenResubmitForm(PersonForm, ResubmitForm):
    """A citizen's resubmission: the corrected details sent with the application, a corrected scan, a comment."""

    document = forms.FileField(label=_("Corrected document"), required=False, validators=[validate_document],
                               help_text=_("PDF, JPEG or PNG, up to 10 MB."))
    document_kind = forms.ChoiceField(label=_("Document kind"), choices=DocumentKind.choices,
                                      initial=DocumentKind.EDUCATION, required=False)

    field_order = ["comment", "last_name", "first_name", "patronymic", "birth_date", "phone", "email", "snils",
                   "education", "category", "document_kind", "document"]

    @staticmethod
    def initial_from(application) -> dict:
        return {f: getattr(application, f) for f in ("last_name", "first_name", "patronymic", "birth_date", "phone",
                                                     "email", "snils", "education", "category")}


class WithdrawForm(forms.Form):
    comment = forms.CharField(label=_("Reason (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


# --- Participants of organisations' applications --------------------------------------------------

class ParticipantForm(forms.Form):
    last_name = forms.CharField(label=_("Surname"), max_length=100)
    first_name = forms.CharField(label=_("First name"), max_length=100)
    patronymic = forms.CharField(label=_("Patronymic"), max_length=100, required=False)
    snils = forms.CharField(label=_("SNILS"), max_length=14, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False)
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    consent = forms.BooleanField(label=_("Consent confirmed"), required=False)

    teacher = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.teacher:
            self.fields["position"].required = True
            self.fields["subject"] = forms.CharField(label=_("Subject taught"), max_length=200)
            self.fields["experience_years"] = forms.IntegerField(label=_("Teaching experience, years"),
                                                                 min_value=0, max_value=70)
            consent = self.fields.pop("consent")
            self.fields["consent"] = consent

    def clean_snils(self):
        return _clean_snils(self.cleaned_data.get("snils"))

    def clean(self):
        cleaned = super().clean()
        if self.has_changed() and not cleaned.get("consent"):
            self.add_error("consent", _("Confirm that the person agreed to the processing of personal data."))
        return cleaned


class TeacherForm(ParticipantForm):
    teacher = True


class BaseParticipantFormSet(forms.BaseFormSet):
    def _kept(self, form) -> bool:
        return not (self.can_delete and self._should_delete_form(form))

    def clean(self):
        if any(form.errors for form in self.forms if self._kept(form)):
            return
        rows = self.rows()
        if not rows:
            raise forms.ValidationError(_("Add at least one participant."))
        seen = set()
        for row in rows:
            if row.get("snils"):
                if row["snils"] in seen:
                    raise forms.ValidationError(_("SNILS %(snils)s appears twice in the list.")
                                                % {"snils": row["snils"]})
                seen.add(row["snils"])

    def rows(self) -> list[dict]:
        return [f.cleaned_data for f in self.forms
                if self._kept(f) and f.cleaned_data and (f.has_changed() or f.cleaned_data.get("id"))]


def participant_formset(teacher=False, extra=5):
    return forms.formset_factory(TeacherForm if teacher else ParticipantForm, formset=BaseParticipantFormSet,
                                 extra=extra, max_num=500, validate_max=True)


class ParticipantEditForm(ParticipantForm):
    """A row of a participants' list being corrected: `id` ties it to the person already on the list."""

    id = forms.IntegerField(required=False, widget=forms.HiddenInput)


class TeacherEditForm(ParticipantEditForm):
    teacher = True


def participant_edit_formset(teacher=False, extra=3):
    """The list of an application sent back for changes: correct, remove («Delete») or add rows."""
    return forms.formset_factory(TeacherEditForm if teacher else ParticipantEditForm,
                                 formset=BaseParticipantFormSet, extra=extra, can_delete=True, max_num=500,
                                 validate_max=True)


def participant_initial(participants) -> list[dict]:
    fields = ("last_name", "first_name", "patronymic", "snils", "email", "phone", "position", "subject",
              "experience_years")
    return [{"id": p.pk, "consent": p.consent_confirmed, **{f: getattr(p, f) for f in fields}}
            for p in participants]


class UploadForm(forms.Form):
    file = forms.FileField(label=_("List in Excel (.xlsx)"), validators=[validate_xlsx],
                           help_text=_("Up to 2 MB, up to 500 rows. Fill in the template: one person per row."),
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}))


class MassApplicationForm(forms.Form):
    organization = forms.ModelChoiceField(label=_("Organisation"), queryset=Organization.objects.none())
    program = forms.ModelChoiceField(label=_("Program"), queryset=Program.objects.none(),
                                     empty_label=_("Choose a program"))
    comment = forms.CharField(label=_("Comment to the application"), required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, organizations=(), programs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.filter(pk__in=[o.pk for o in organizations])
        if len(organizations) == 1:
            self.fields["organization"].initial = organizations[0].pk
            self.fields["organization"].widget = forms.HiddenInput()
        # Searchable (issue 15): the region publishes 20 000 programs.
        autocomplete(self.fields["program"], PUBLISHED, None, reverse_lazy("programs:published_choices"),
                     within=programs if programs is not None else programs_open_for_applications())


class NewProgramRequestForm(forms.Form):
    organization = forms.ModelChoiceField(label=_("Organisation"), queryset=Organization.objects.none())
    competencies_needed = forms.CharField(label=_("Competencies needed"), widget=forms.Textarea(attrs={"rows": 3}),
                                          help_text=_("What the employees should be able to do after training."))
    hours = forms.IntegerField(label=_("Desired volume, hours"), min_value=16, max_value=2000,
                               help_text=_("Upskilling programs are at least 16 hours."))
    people_count = forms.IntegerField(label=_("Number of people"), min_value=1, max_value=10000)
    desired_start = forms.DateField(label=_("Desired start"), widget=forms.DateInput(attrs={"type": "date"}))
    desired_end = forms.DateField(label=_("Desired end"), widget=forms.DateInput(attrs={"type": "date"}))
    description = forms.CharField(label=_("Request description"), widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, organizations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.filter(pk__in=[o.pk for o in organizations])
        if len(organizations) == 1:
            self.fields["organization"].initial = organizations[0].pk
            self.fields["organization"].widget = forms.HiddenInput()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("desired_start"), cleaned.get("desired_end")
        if start and start < timezone.localdate():
            self.add_error("desired_start", _("Choose a date that has not passed."))
        if start and end and end < start:
            self.add_error("desired_end", _("The end cannot be earlier than the start."))
        return cleaned


class CampaignForm(forms.Form):
    title = forms.CharField(label=_("Campaign title"), max_length=300)
    description = forms.CharField(label=_("Campaign description"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    programs = forms.ModelMultipleChoiceField(label=_("Programs"), queryset=Program.objects.none(),
                                              widget=forms.CheckboxSelectMultiple)
    deadline = forms.DateTimeField(label=_("Deadline for lists"),
                                   widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    quota = forms.IntegerField(label=_("Quota per organisation"), min_value=1, max_value=10000,
                               help_text=_("How many teachers one organisation may put on its lists."))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # A choice of several, searchable when many (issue 15, M32): the programs open for applications are the
        # published ones, the public source's rows (a region has 20 000); a few stay checkboxes.
        autocomplete_multiple_if_many(self.fields["programs"], PUBLISHED, user,
                                      reverse_lazy("programs:published_choices"), programs_open_for_applications())

    def clean_deadline(self):
        value = self.cleaned_data["deadline"]
        if value <= timezone.now():
            raise forms.ValidationError(_("Choose a deadline in the future."))
        return value


class UpskillingListForm(forms.Form):
    organization = forms.ModelChoiceField(label=_("Organisation"), queryset=Organization.objects.none())
    program = forms.ModelChoiceField(label=_("Program"), queryset=Program.objects.none(),
                                     empty_label=_("Choose a program"))

    def __init__(self, *args, organizations=(), campaign=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.filter(pk__in=[o.pk for o in organizations])
        if len(organizations) == 1:
            self.fields["organization"].initial = organizations[0].pk
            self.fields["organization"].widget = forms.HiddenInput()
        self.fields["program"].queryset = campaign.programs.order_by("title")


# --- Processing -------------------------------------------------------------------------------------

NOT_SPECIFIED = "none"  # the inbox filter's value for applications that name no category
SORT_CHOICES = [("-submitted", _("newest first")), ("submitted", _("oldest first")),
                ("-changed", _("recently changed"))]


class InboxFilterForm(forms.Form):
    q = forms.CharField(label=_("Name, SNILS or number"), required=False,
                        widget=forms.TextInput(attrs={"type": "search", "form": "inbox-filters",
                                                      "placeholder": _("Name, SNILS or application number")}))
    kind = forms.ChoiceField(label=_("Application kind"), required=False,
                             choices=[("", _("All kinds")), *ApplicationKind.choices,
                                      (EVENT_KIND, _("Event registrations"))])
    status = forms.ChoiceField(label=pgettext_lazy("filter", "Status"), required=False,
                               choices=[("", _("All statuses")), (_("Applications"), ApplicationStatus.choices),
                                        (_("Event registrations"), RegistrationStatus.choices)])
    program = forms.ModelChoiceField(label=_("Program"), required=False, queryset=Program.objects.none(),
                                     empty_label=_("All programs"))
    organization = forms.ModelChoiceField(label=_("Organisation"), required=False,
                                          queryset=Organization.objects.none(), empty_label=_("All organisations"))
    assignee = forms.ChoiceField(label=_("Assigned to"), required=False)
    category = forms.ChoiceField(label=_("Learner category"), required=False,
                                 choices=[("", _("Any category")),
                                          (NOT_SPECIFIED, pgettext_lazy("learner category", "Not specified")),
                                          *[c for c in LearnerCategory.choices if c[0]]])
    date_from = forms.DateField(label=_("Submitted from"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("Submitted to"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    sort = forms.ChoiceField(label=_("Sorting"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Searchable: the region has 20 000 programs and 5 000 organisations (issue 15); only the chosen is drawn.
        autocomplete(self.fields["program"], PROGRAMS, user, reverse_lazy("programs:choices"))
        autocomplete(self.fields["organization"], ORGANIZATIONS, user, reverse_lazy("organizations:choices"))
        staff = User.objects.filter(role_assignments__role=Role.STAFF, is_active=True).order_by("last_name")
        choices = [("", _("Anyone")), ("none", _("Nobody"))]
        if user is not None:
            choices.append((str(user.pk), _("Me")))
        choices += [(str(u.pk), u.get_full_name() or u.email) for u in staff if user is None or u.pk != user.pk]
        self.fields["assignee"].choices = choices

    def values(self) -> dict:
        if not self.is_bound or not self.is_valid():
            return {"sort": "-submitted"}
        data = dict(self.cleaned_data)
        data["text"] = data.pop("q", "")
        data["sort"] = data.get("sort") or "-submitted"
        return data


class DecisionForm(forms.Form):
    target = forms.ChoiceField(label=_("New status"), choices=ApplicationStatus.choices)
    comment = forms.CharField(label=_("Comment for the applicant"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("Required for a refusal and a request for changes."))


class BulkForm(DecisionForm):
    ids = forms.TypedMultipleChoiceField(coerce=int, choices=(), required=True,
                                         error_messages={"required": _("Choose at least one application.")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        raw = self.data.getlist("ids") if hasattr(self.data, "getlist") else []
        self.fields["ids"].choices = [(v, v) for v in raw if str(v).isdigit()][:200]


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(label=_("Assigned to"), required=False,
                                      queryset=User.objects.filter(role_assignments__role=Role.STAFF,
                                                                   is_active=True).distinct(),
                                      empty_label=_("Nobody"))
