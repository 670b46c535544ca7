"""Forms of remote learning: the BigBlueButton and Moodle settings, linking a group's Moodle course, the course
space's sections, materials, assignments and tests."""
from django import forms
from django.utils.translation import gettext_lazy as _

from copp.directories.models import GradeValue
from copp.programs.models import ProgramModule
from copp.resources.files import validate_document

from .course import CourseRefused
from .models import ConferenceSettings, MaterialKind, MoodleSettings, QuizKind
from .quizzes import key_of


class SecretInput(forms.PasswordInput):
    """A secret is never sent back to the page; left blank it stays as it was."""

    def __init__(self):
        super().__init__(render_value=False, attrs={"autocomplete": "off"})


class ConferenceSettingsForm(forms.ModelForm):
    class Meta:
        model = ConferenceSettings
        fields = ["enabled", "url", "secret", "algorithm", "join_early_minutes", "join_late_minutes",
                  "present_share"]
        widgets = {"secret": SecretInput()}

    url = forms.URLField(label=_("BigBlueButton address"), required=False, assume_scheme="https",
                         help_text=_("The address ending in /bigbluebutton/, e.g. https://bbb.example.ru/bigbluebutton/"))

    def clean_secret(self):
        return self.cleaned_data.get("secret") or self.instance.secret

    def clean_url(self):
        url = self.cleaned_data.get("url", "")
        if url and not url.endswith("/"):
            url += "/"
        return url

    def clean_present_share(self):
        share = self.cleaned_data["present_share"]
        if not 1 <= share <= 100:
            raise forms.ValidationError(_("Enter a share from 1 to 100 %."))
        return share

    def clean(self):
        data = super().clean()
        if data.get("enabled") and not (data.get("url") and data.get("secret")):
            raise forms.ValidationError(_("To turn conferences on, enter the server address and the secret."))
        return data


class MoodleSettingsForm(forms.ModelForm):
    class Meta:
        model = MoodleSettings
        fields = ["enabled", "url", "token", "sso_token", "category_id", "template_course_id", "student_role_id",
                  "teacher_role_id"]
        widgets = {"token": SecretInput(), "sso_token": SecretInput()}

    url = forms.URLField(label=_("Moodle address"), required=False, assume_scheme="https",
                         help_text=_("e.g. https://moodle.example.ru"))

    def clean_token(self):
        return self.cleaned_data.get("token") or self.instance.token

    def clean_sso_token(self):
        return self.cleaned_data.get("sso_token") or self.instance.sso_token

    def clean_url(self):
        return (self.cleaned_data.get("url") or "").rstrip("/")

    def clean(self):
        data = super().clean()
        if data.get("enabled") and not (data.get("url") and data.get("token")):
            raise forms.ValidationError(_("To turn the link-up on, enter the Moodle address and the token."))
        return data


class CourseLinkForm(forms.Form):
    course_id = forms.IntegerField(label=_("Moodle course id"), min_value=1, required=False,
                                   help_text=_("Blank: make a new course from the template."))


# --- The course space ---


class SectionForm(forms.Form):
    title = forms.CharField(label=_("Section title"), max_length=300)
    module = forms.ModelChoiceField(label=_("Program module"), queryset=ProgramModule.objects.none(), required=False,
                                    empty_label=_("— not tied to a module —"))

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["module"].queryset = ProgramModule.objects.filter(program_id=group.program_id).order_by(
            "order", "pk")


class MaterialForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=MaterialKind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    url = forms.URLField(label=_("Address (for a link or a video)"), required=False, max_length=1000,
                         assume_scheme="https")
    body = forms.CharField(label=_("Text (for a text page)"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    file = forms.FileField(label=_("File (PDF, JPEG, PNG, WebP, up to 10 MB)"), required=False,
                           validators=[validate_document])

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == MaterialKind.FILE and not data.get("file"):
            self.add_error("file", _("Choose a file."))
        if kind in (MaterialKind.LINK, MaterialKind.VIDEO) and not data.get("url"):
            self.add_error("url", _("Enter the address."))
        if kind == MaterialKind.PAGE and not (data.get("body") or "").strip():
            self.add_error("body", _("Write the text of the page."))
        return data


class _JournalColumnForm(forms.Form):
    """An assignment or a test: its result goes to the journal column of one of the group's program modules."""

    def __init__(self, *args, group, choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["module"].queryset = ProgramModule.objects.filter(program_id=group.program_id).order_by(
            "order", "pk")
        if choices is not None:  # read once for the many forms of a page
            self.fields["module"].choices = choices


class AssignmentForm(_JournalColumnForm):
    title = forms.CharField(label=_("Assignment title"), max_length=300)
    instructions = forms.CharField(label=_("What to do"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    due_at = forms.DateTimeField(label=_("Due"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"},
                                                                          format="%Y-%m-%dT%H:%M"))
    module = forms.ModelChoiceField(label=_("Grade goes to the journal for the module"), required=False,
                                    queryset=ProgramModule.objects.none(),
                                    empty_label=_("— the section's module, or not to the journal —"))


class SubmissionForm(forms.Form):
    text = forms.CharField(label=_("Answer"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    file = forms.FileField(label=_("File (PDF, JPEG, PNG, WebP, up to 10 MB)"), required=False,
                           validators=[validate_document])

    def clean(self):
        data = super().clean()
        if not (data.get("text") or "").strip() and not data.get("file") and not self.errors:
            raise forms.ValidationError(_("Attach a file or write the answer."))
        return data


class GradeForm(forms.Form):
    grade = forms.ModelChoiceField(label=_("Grade"), queryset=GradeValue.objects.none())
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, grades, choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grade"].queryset = grades
        if choices is not None:  # read once for the many forms of a page
            self.fields["grade"].choices = choices


def _when(label, help_text=""):
    return forms.DateTimeField(label=label, required=False, help_text=help_text, widget=forms.DateTimeInput(
        attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))


class QuizForm(_JournalColumnForm):
    title = forms.CharField(label=_("Test title"), max_length=300)
    instructions = forms.CharField(label=_("Instructions"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    attempts_allowed = forms.IntegerField(label=_("Attempts allowed"), min_value=1, max_value=10, initial=1)
    opens_at = _when(_("Opens"), _("Blank: as soon as it is published."))
    due_at = _when(_("Due"), _("Blank: no due date."))
    module = forms.ModelChoiceField(label=_("Result goes to the journal for the module"), required=False,
                                    queryset=ProgramModule.objects.none(),
                                    empty_label=_("— the section's module, or not to the journal —"))

    def clean(self):
        data = super().clean()
        if data.get("opens_at") and data.get("due_at") and data["opens_at"] >= data["due_at"]:
            self.add_error("due_at", _("The test must open before it is due."))
        return data


class QuizQuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Question type"), choices=QuizKind.choices)
    text = forms.CharField(label=_("Question"), max_length=500)
    hint = forms.CharField(label=_("Hint"), max_length=500, required=False)
    choices = forms.CharField(label=_("Options (for a choice question)"), required=False,
                              widget=forms.Textarea(attrs={"rows": 4}),
                              help_text=_("One per line; mark the right ones with an asterisk: *Moscow."))
    answer = forms.CharField(label=_("Right answer (for a number or a short text)"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("For a short text, several accepted variants go one per line; case and "
                                         "extra spaces do not matter."))
    points = forms.IntegerField(label=_("Points"), min_value=1, max_value=100, initial=1)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            key_of(data["kind"], [line.strip() for line in data.get("choices", "").splitlines() if line.strip()],
                   data.get("answer", ""))
        except CourseRefused as refusal:
            field = "choices" if data["kind"] in (QuizKind.SINGLE, QuizKind.MULTIPLE) else "answer"
            self.add_error(field, str(refusal))
        return data
