"""Forms of the accounts app: citizen sign-up (M5), profile, accepting an invitation."""
from allauth.account.forms import SignupForm
from django import forms
from django.contrib.auth.forms import SetPasswordForm
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from copp.core.validators import format_snils, validate_snils

from .models import User
from .services import citizen_register, consent_text_current

PROFILE_FIELDS = ["last_name", "first_name", "patronymic", "birth_date", "phone", "snils",
                  "education_level", "municipality"]


class PersonFieldsMixin:
    """Shared cleaning of the person profile fields."""

    def clean_snils(self):
        value = self.cleaned_data.get("snils", "").strip()
        if not value:
            return ""
        validate_snils(value)
        value = format_snils(value)
        taken = User.objects.filter(snils=value)
        if getattr(self, "instance", None) is not None and self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("This SNILS is already used by another account."))
        return value


class ConsentFields(forms.Form):
    """The consent checkbox of a sign-up (152-ФЗ: a separate consent, recorded with the current text)."""

    consent = forms.BooleanField(label=_("I agree to the processing of my personal data"), required=True,
                                 error_messages={"required": _("Without consent we cannot register you.")})

    def clean(self):
        cleaned = super().clean()
        if consent_text_current() is None:
            raise forms.ValidationError(
                _("Registration is temporarily unavailable: the consent text is not published."))
        return cleaned


class CitizenSignupForm(PersonFieldsMixin, ConsentFields, SignupForm):
    """Citizen (learner) sign-up: e-mail and password plus the person profile and consent."""

    last_name = forms.CharField(label=_("Surname"), max_length=100, widget=forms.TextInput(
        attrs={"autocomplete": "family-name"}))
    first_name = forms.CharField(label=_("First name"), max_length=100, widget=forms.TextInput(
        attrs={"autocomplete": "given-name"}))
    patronymic = forms.CharField(label=_("Patronymic"), max_length=100, required=False,
                                 help_text=_("If you have one"), widget=forms.TextInput(
                                     attrs={"autocomplete": "additional-name"}))
    birth_date = forms.DateField(label=_("Birth date"), required=False, widget=forms.DateInput(
        attrs={"type": "date", "autocomplete": "bday"}))
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False, widget=forms.TextInput(
        attrs={"autocomplete": "tel", "inputmode": "tel"}))
    snils = forms.CharField(label=_("SNILS"), max_length=14, required=False,
                            help_text=_("11 digits, for example 123-456-789 01. "
                                        "Needed for the document on completion."),
                            widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    field_order = ["last_name", "first_name", "patronymic", "birth_date", "phone", "snils",
                   "email", "password1", "password2", "consent"]

    @transaction.atomic
    def save(self, request):
        user = super().save(request)
        profile = {f: self.cleaned_data.get(f) for f in
                   ("last_name", "first_name", "patronymic", "birth_date", "phone", "snils")}
        profile = {k: (v if v is not None else ("" if k != "birth_date" else None)) for k, v in profile.items()}
        return citizen_register(user=user, profile=profile, request=request)


# Fields that Gosuslugi confirms: read-only while the profile is confirmed and the account linked (M6).
ESIA_CONFIRMED_FIELDS = ("last_name", "first_name", "patronymic", "birth_date", "snils")


def esia_confirmed(user: User) -> bool:
    """Whether the profile holds data confirmed by Gosuslugi: confirmed and still linked to ESIA."""
    from allauth.socialaccount.models import SocialAccount

    return bool(user.pk and user.confirmed_by_esia
                and SocialAccount.objects.filter(provider="esia", user=user).exists())


class ProfileForm(PersonFieldsMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = PROFILE_FIELDS
        widgets = {"birth_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The «Confirmed by Gosuslugi» badge must stay true: confirmed fields change only with a new sign-in
        # through Gosuslugi, and a disabled field ignores whatever is posted for it.
        self.esia_locked = esia_confirmed(self.instance)
        if not self.esia_locked and self.instance.snils:
            # A SNILS typed by hand proves nothing and gives way to the person Gosuslugi confirms it for.
            self.fields["snils"].help_text = _("Not confirmed: entered by hand. Sign in through Gosuslugi to confirm "
                                               "it.")
        if self.esia_locked:
            for name in ESIA_CONFIRMED_FIELDS:
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Confirmed by Gosuslugi; changes with your next sign-in through "
                                                "Gosuslugi.")


class InvitationForm(ConsentFields, SetPasswordForm):
    """An invited learner sets a password and agrees to the processing of personal data (152-ФЗ)."""

    field_order = ["new_password1", "new_password2", "consent"]


class ConsentWithdrawForm(forms.Form):
    """Withdrawing consent is destructive: the person ticks that they understand what is lost."""

    understood = forms.BooleanField(
        label=_("I understand that signing in will be blocked at once and my personal data will be destroyed"),
        error_messages={"required": _("Tick the box to confirm that you understand what will happen.")})
