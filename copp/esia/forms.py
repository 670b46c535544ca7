"""Forms of the ESIA app: confirming a sign-up with the data from ESIA and the consent."""
from django import forms
from django.utils.translation import gettext_lazy as _

from copp.accounts.services import consent_text_current

from .identity import EsiaIdentity
from .services import email_owner


class EsiaSignupForm(forms.Form):
    """The person sees what came from ESIA and agrees to the processing of personal data; the e-mail is
    asked for only when ESIA has none."""

    email = forms.EmailField(label=_("E-mail"), max_length=254, widget=forms.EmailInput(
        attrs={"autocomplete": "email"}), help_text=_("We will send a link to confirm it."))
    consent = forms.BooleanField(label=_("I agree to the processing of my personal data"), required=True,
                                 error_messages={"required": _("Without consent we cannot register you.")})

    def __init__(self, *args, identity: EsiaIdentity, **kwargs):
        super().__init__(*args, **kwargs)
        self.identity = identity
        # ESIA's address is used when no account has it; an unverified address that an account here has
        # proves nothing, so another one is asked for (the owner links ESIA from the profile instead).
        self.esia_email_usable = bool(identity.email) and email_owner(identity.email) is None
        if self.esia_email_usable:
            del self.fields["email"]
        elif identity.email:
            self.fields["email"].help_text = _(
                "The e-mail from Gosuslugi is already used by an account here. Enter another one; if that account "
                "is yours, cancel, sign in to it with the password and link Gosuslugi in the profile.")

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if email_owner(email) is not None:
            raise forms.ValidationError(_("This e-mail is already used by another account. Enter another one, or "
                                          "sign in to that account with the password and link Gosuslugi there."))
        return email

    def clean(self):
        cleaned = super().clean()
        if consent_text_current() is None:
            raise forms.ValidationError(_("Registration is temporarily unavailable: the consent text is not "
                                          "published."))
        return cleaned

    @property
    def email_value(self) -> str:
        return self.identity.email if self.esia_email_usable else self.cleaned_data["email"]
