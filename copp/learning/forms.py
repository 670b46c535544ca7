"""Forms of remote learning: the BigBlueButton and Moodle settings, linking a group's Moodle course."""
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ConferenceSettings, MoodleSettings


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
