"""Forms of the organisations app: employer/partner sign-up (M5), the database filters (M16), verification."""
from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.hashers import make_password
from django.urls import reverse_lazy
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from copp.accounts.models import User
from copp.accounts.services import consent_text_current
from copp.core.validators import validate_inn, validate_kpp, validate_ogrn
from copp.directories.models import Competency, Municipality

from .models import OrganizationType, VerificationStatus
from .services import (
    ESIA_CONFIRMED_FIELDS,
    duplicate_email_message,
    duplicate_inn_message,
    email_taken,
    inn_taken,
)

# Sign-up form field -> key of the organisation data the service takes.
ORGANIZATION_FIELD_KEYS = {
    "name": "name", "short_name": "short_name", "inn": "inn", "ogrn": "ogrn", "kpp": "kpp",
    "legal_address": "legal_address", "municipality": "municipality", "org_phone": "phone",
    "org_email": "email", "website": "website",
}
PERSON_FIELD_KEYS = {
    "last_name": "last_name", "first_name": "first_name", "patronymic": "patronymic", "position": "position",
    "phone": "phone", "email": "email",
}


def competency_choices():
    """Active competencies grouped as in the dictionary, for a select with option groups."""
    groups: dict[str, list[tuple[int, str]]] = {}
    for pk, name, group in Competency.objects.filter(is_active=True).order_by("group", "order", "name") \
            .values_list("pk", "name", "group"):
        groups.setdefault(group or "—", []).append((pk, name))
    return list(groups.items())


def _consent_hint():
    return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', reverse_lazy("portal:privacy"),
                       _("Read the consent text and the personal data policy"))


def _password_hint():
    return password_validation.password_validators_help_text_html()


class OrganizationSignupForm(forms.Form):
    """An organisation and its representative in one form; the URL fixes the organisation's type."""

    name = forms.CharField(label=_("Full name of the organisation"), max_length=500,
                           help_text=_("As in the state register (EGRUL or EGRIP)"),
                           widget=forms.TextInput(attrs={"autocomplete": "organization"}))
    short_name = forms.CharField(label=_("Short name"), max_length=200,
                                 help_text=_("As it will be shown on the platform, "
                                             "for example LLC «Romashka»"))
    inn = forms.CharField(label=_("INN"), max_length=12,
                          help_text=_("10 digits for an organisation, 12 for a sole proprietor"),
                          widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
    ogrn = forms.CharField(label=_("OGRN"), max_length=15, required=False,
                           help_text=_("13 digits; 15 digits (OGRNIP) for a sole proprietor"),
                           widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
    kpp = forms.CharField(label=_("KPP"), max_length=9, required=False,
                          help_text=_("9 characters; a sole proprietor has no KPP"),
                          widget=forms.TextInput(attrs={"autocomplete": "off"}))
    legal_address = forms.CharField(label=_("Legal address"), max_length=500)
    municipality = forms.ModelChoiceField(label=_("Municipality"), empty_label=_("Choose…"),
                                          queryset=Municipality.objects.filter(is_active=True))
    org_phone = forms.CharField(label=_("Organisation phone"), max_length=32, required=False,
                                widget=forms.TextInput(attrs={"autocomplete": "work tel",
                                                              "inputmode": "tel"}))
    org_email = forms.EmailField(label=_("Organisation e-mail"), required=False,
                                 widget=forms.EmailInput(attrs={"autocomplete": "work email"}))
    website = forms.URLField(label=_("Website"), max_length=200, required=False, assume_scheme="https",
                             help_text=_("For example, https://example.ru"))
    competencies = forms.TypedMultipleChoiceField(
        label=_("Competencies"), required=False, coerce=int, choices=competency_choices,
        help_text=_("The areas the organisation trains in or needs staff for. To choose several, "
                    "hold Ctrl (⌘ on a Mac) while clicking."),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    last_name = forms.CharField(label=_("Surname"), max_length=100,
                                widget=forms.TextInput(attrs={"autocomplete": "family-name"}))
    first_name = forms.CharField(label=_("Name"), max_length=100,
                                 widget=forms.TextInput(attrs={"autocomplete": "given-name"}))
    patronymic = forms.CharField(label=_("Patronymic"), max_length=100, required=False,
                                 help_text=_("If you have one"),
                                 widget=forms.TextInput(attrs={"autocomplete": "additional-name"}))
    position = forms.CharField(label=_("Position"), max_length=200,
                               widget=forms.TextInput(attrs={"autocomplete": "organization-title"}))
    phone = forms.CharField(label=_("Phone"), max_length=32,
                            widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}))
    email = forms.EmailField(label=_("E-mail"), max_length=254,
                             help_text=_("You will sign in with it; we will send a link to confirm it."),
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    password1 = forms.CharField(label=_("Password"), strip=False, help_text=lazy(_password_hint, str)(),
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(label=_("Repeat the password"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    consent = forms.BooleanField(label=_("I agree to the processing of my personal data"),
                                 help_text=lazy(_consent_hint, str)(),
                                 error_messages={"required": _("Without consent we cannot register you.")})

    ORGANIZATION_FIELDS = tuple(ORGANIZATION_FIELD_KEYS) + ("competencies",)
    PERSON_FIELDS = tuple(PERSON_FIELD_KEYS) + ("password1", "password2", "consent")

    # The signed-in representative's account stands for these: they are not asked.
    ACCOUNT_FIELDS = ("email", "password1", "password2")

    def __init__(self, *args, kind: str, keep_password: bool = False, representative: User | None = None,
                 **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        # A signed-in user registers the organisation with their own account as the representative.
        self.representative = representative
        if representative is not None:
            self._use_account(representative)
            return
        # Back from the review page the password was already chosen; leaving it blank keeps it.
        self.keep_password = keep_password
        if keep_password:
            for name in ("password1", "password2"):
                self.fields[name].required = False
            self.fields["password2"].help_text = _("Leave both password fields empty to keep the password "
                                                   "you entered before.")

    def clean_inn(self):
        value = self.cleaned_data["inn"].replace(" ", "")
        validate_inn(value)
        if inn_taken(value):
            raise forms.ValidationError(duplicate_inn_message(), code="duplicate")
        return value

    def clean_ogrn(self):
        value = self.cleaned_data["ogrn"].replace(" ", "")
        if value:
            validate_ogrn(value)
        return value

    def clean_kpp(self):
        value = self.cleaned_data["kpp"].replace(" ", "").upper()
        if value:
            validate_kpp(value)
        return value

    def _use_account(self, user: User):
        for name in self.ACCOUNT_FIELDS:
            del self.fields[name]
        self.PERSON_FIELDS = tuple(name for name in self.PERSON_FIELDS if name not in self.ACCOUNT_FIELDS)
        for name in ("last_name", "first_name", "patronymic", "phone"):
            self.initial.setdefault(name, getattr(user, name))
        if user.confirmed_by_esia and user.last_name and user.first_name:
            # The name confirmed by Gosuslugi is shown as it is, not retyped (a disabled field keeps it).
            for name in ESIA_CONFIRMED_FIELDS:
                self.initial[name] = getattr(user, name)
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Confirmed by Gosuslugi")

    def clean_email(self):
        value = User.objects.normalize_email(self.cleaned_data["email"]).lower()
        if email_taken(value):
            raise forms.ValidationError(duplicate_email_message(), code="duplicate")
        return value

    def clean(self):
        cleaned = super().clean()
        inn, ogrn, kpp = cleaned.get("inn"), cleaned.get("ogrn"), cleaned.get("kpp")
        if inn and len(inn) == 12 and kpp:
            self.add_error("kpp", _("A sole proprietor has no KPP: leave the field empty."))
        if inn and ogrn and {len(inn), len(ogrn)} not in ({10, 13}, {12, 15}):
            self.add_error("ogrn", _("The OGRN does not match the INN: an organisation has a 13-digit OGRN, "
                                     "a sole proprietor a 15-digit OGRNIP."))
        if self.representative is None:
            self._clean_password(cleaned)
        if consent_text_current() is None:
            raise forms.ValidationError(_("Registration is temporarily unavailable: the consent text is not "
                                          "published."))
        return cleaned

    def _clean_password(self, cleaned):
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if self.keep_password and not password1 and not password2:
            return
        if not password1:
            if "password1" not in self.errors:
                self.add_error("password1", forms.Field.default_error_messages["required"])
            return
        if password1 != password2:
            self.add_error("password2", _("The passwords do not match."))
            return
        probe = User(email=cleaned.get("email") or "", last_name=cleaned.get("last_name") or "",
                     first_name=cleaned.get("first_name") or "")
        try:
            password_validation.validate_password(password1, user=probe)
        except forms.ValidationError as error:
            self.add_error("password1", error)

    def to_draft(self, previous: dict | None = None) -> dict:
        """The cleaned data as JSON for the session; the password only as its hash."""
        data = self.cleaned_data
        municipality = data.get("municipality")
        org = {key: data.get(field) or "" for field, key in ORGANIZATION_FIELD_KEYS.items()}
        org["municipality"] = municipality.pk if municipality else None
        person = {key: data.get(field) or "" for field, key in PERSON_FIELD_KEYS.items()}
        if self.representative is not None:
            person["email"] = self.representative.email
            password_hash = ""
        elif data.get("password1"):
            password_hash = make_password(data["password1"])
        else:
            password_hash = (previous or {}).get("password_hash", "")
        return {
            "kind": self.kind,
            "org": org,
            "competencies": list(data.get("competencies") or []),
            "person": person,
            "password_hash": password_hash,
            # Whose draft: None for a new account; the review registers only for that same user.
            "user_id": self.representative.pk if self.representative is not None else None,
        }

    @staticmethod
    def initial_from_draft(draft: dict) -> dict:
        initial = {field: draft["org"].get(key, "") for field, key in ORGANIZATION_FIELD_KEYS.items()}
        initial.update({field: draft["person"].get(key, "") for field, key in PERSON_FIELD_KEYS.items()})
        initial["competencies"] = draft.get("competencies", [])
        initial["consent"] = True
        return initial


class FieldGroup:
    """Part of a form for includes/form.html: a fieldset's fields, or only the error summary."""

    def __init__(self, form, names=(), summary=False):
        self.form, self.names, self.summary = form, names, summary

    @property
    def errors(self):
        return self.form.errors if self.summary else {}

    def non_field_errors(self):
        return self.form.non_field_errors() if self.summary else []

    def __iter__(self):
        return iter(self.form) if self.summary else iter(self.visible_fields())

    def hidden_fields(self):
        return self.form.hidden_fields() if self.summary else []

    def visible_fields(self):
        return [] if self.summary else [self.form[name] for name in self.names]


SORT_CHOICES = [
    ("name", _("By name, A to Z")),
    ("-name", _("By name, Z to A")),
    ("-date", _("Newest first")),
    ("date", _("Oldest first")),
]


class OrganizationFilterForm(forms.Form):
    """Search, filters and sorting of the database of organisations (GET parameters)."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200,
                        widget=forms.SearchInput(attrs={"placeholder": _("Name, INN or OGRN")}))
    type = forms.ChoiceField(label=_("Type"), required=False,
                             choices=[("", _("Any type"))] + OrganizationType.choices)
    status = forms.ChoiceField(label=_("Verification"), required=False,
                               choices=[("", _("Any status"))] + VerificationStatus.choices)
    municipality = forms.ModelChoiceField(label=_("Municipality"), required=False,
                                          empty_label=_("Any municipality"),
                                          queryset=Municipality.objects.all())
    competency = forms.ModelChoiceField(label=_("Competency"), required=False,
                                        empty_label=_("Any competency"), queryset=Competency.objects.all())
    sort = forms.ChoiceField(label=_("Sort"), required=False, choices=SORT_CHOICES)

    FILTERS = ("q", "type", "status", "municipality", "competency")

    def clean_q(self):
        return self.cleaned_data["q"].strip()

    def values(self) -> dict:
        """Valid values only: a broken parameter in the URL is ignored, never an error page."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "text": data.get("q") or "",
            "org_type": data.get("type") or "",
            "status": data.get("status") or "",
            "municipality": data.get("municipality"),
            "competency": data.get("competency"),
            "sort": data.get("sort") or "name",
        }


class VerifyForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), required=False, max_length=2000,
                              help_text=_("Optional; the representative will see it."),
                              widget=forms.Textarea(attrs={"rows": 2}))


class RejectForm(forms.Form):
    comment = forms.CharField(label=_("Reason for the refusal"), max_length=2000,
                              help_text=_("The representative will read it in the e-mail and in the "
                                          "cabinet."),
                              error_messages={"required": _("Give the reason for the refusal: the "
                                                            "representative will read it.")},
                              widget=forms.Textarea(attrs={"rows": 3}))
