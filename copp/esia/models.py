"""The administrator's ESIA settings (a single row) and the journal of sign-ins through ESIA."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Environment(models.TextChoices):
    TEST = "test", _("Test stand (esia-portal1.test.gosuslugi.ru)")
    PRODUCTION = "production", _("Production (esia.gosuslugi.ru)")
    CUSTOM = "custom", _("Another address: a certified gateway or the local ESIA")


class SignerKind(models.TextChoices):
    OPENSSL = "openssl", _("OpenSSL with the GOST engine")
    CRYPTOPRO = "cryptopro", _("CryptoPro CSP (csptest)")
    HTTP = "http", _("Signing service over HTTP (certified gateway)")
    GOSTCRYPTO = "gostcrypto", _("Built-in pure-Python signer (tests and demo only)")


class EsiaSettings(models.Model):
    """The single row of ESIA settings; a blank field takes the server's environment value (ESIA_*)."""

    singleton = models.BooleanField(default=True, unique=True, editable=False)
    enabled = models.BooleanField(_("sign-in through Gosuslugi is on"), default=False)
    environment = models.CharField(_("ESIA host"), max_length=20, choices=Environment.choices, blank=True)
    custom_url = models.URLField(_("address of the gateway or local ESIA"), blank=True,
                                 help_text=_("Only for “another address”, e.g. http://127.0.0.1:8010"))
    client_id = models.CharField(_("client id (mnemonic of the system)"), max_length=100, blank=True)
    scopes = models.CharField(_("scopes"), max_length=300, blank=True,
                              help_text=_("Space-separated, e.g. openid fullname birthdate snils email mobile. "
                                          "Each scope must be approved for the system on the technology portal."))
    redirect_uri = models.URLField(_("redirect URI"), blank=True,
                                   help_text=_("As registered on the technology portal; blank: built from the "
                                               "address of the request."))
    signer = models.CharField(_("signer"), max_length=20, choices=SignerKind.choices, blank=True)
    certificate_path = models.CharField(_("path to the system's certificate"), max_length=500, blank=True)
    key_path = models.CharField(_("path to the private key"), max_length=500, blank=True)
    certificate_hash = models.CharField(
        _("certificate hash"), max_length=128, blank=True,
        help_text=_("Hex. Blank: Streebog-256 of the certificate file; set it when the certificate stays in "
                    "the signing service."))
    cryptopro_container = models.CharField(_("CryptoPro key container"), max_length=300, blank=True)
    signer_url = models.URLField(_("address of the signing service"), blank=True)
    esia_certificate_path = models.CharField(
        _("path to the ESIA certificate"), max_length=500, blank=True,
        help_text=_("Published by the Ministry of Digital Development; used to check the token signatures."))
    issuer = models.CharField(_("token issuer (iss)"), max_length=200, blank=True)
    timeout = models.PositiveSmallIntegerField(_("time-out, seconds"), null=True, blank=True)

    class Meta:
        verbose_name = _("Gosuslugi (ESIA) settings")
        verbose_name_plural = _("Gosuslugi (ESIA) settings")

    def __str__(self):
        return str(self._meta.verbose_name)


class Outcome(models.TextChoices):
    SIGNED_IN = "signed_in", _("Signed in")
    SIGNED_UP = "signed_up", _("Signed up")
    LINKED = "linked", _("Account linked")
    REFUSED = "refused", _("Refused")


class Reason(models.TextChoices):
    """Why a sign-in through ESIA was refused; the user sees REFUSAL_MESSAGES[reason]."""

    DISABLED = "disabled", _("Sign-in through Gosuslugi is off")
    SIGNER_FAILED = "signer_failed", _("The request could not be signed")
    STATE_MISMATCH = "state_mismatch", _("Callback state does not match")
    TOKEN_STATE_MISMATCH = "token_state_mismatch", _("Token answer state does not match")
    ACCESS_DENIED = "access_denied", _("The user refused access at Gosuslugi")
    CODE_REJECTED = "code_rejected", _("The code was rejected (used or expired)")
    SIGNATURE_REJECTED = "signature_rejected", _("Gosuslugi rejected the signature")
    CERTIFICATE_REJECTED = "certificate_rejected", _("Gosuslugi rejected the certificate")
    CLOCK_SKEW = "clock_skew", _("Gosuslugi rejected the request time")
    UNCONFIRMED_ACCOUNT = "unconfirmed_account", _("The Gosuslugi account is not confirmed")
    ESIA_ERROR = "esia_error", _("Gosuslugi answered with an error")
    TIMEOUT = "timeout", _("Gosuslugi did not answer in time")
    UNAVAILABLE = "unavailable", _("Gosuslugi is unavailable")
    BAD_RESPONSE = "bad_response", _("Gosuslugi answered with something unreadable")
    TOKEN_INVALID = "token_invalid", _("The token failed the checks")
    MISSING_OID = "missing_oid", _("The token carries no oid")
    PERSON_FORBIDDEN = "person_forbidden", _("Person data is not available")
    OID_TAKEN = "oid_taken", _("The Gosuslugi account is linked to another account")
    OTHER_OID_LINKED = "other_oid_linked", _("Another Gosuslugi account is linked already")
    EMAIL_TAKEN = "email_taken", _("The e-mail belongs to another account")
    SNILS_TAKEN = "snils_taken", _("The SNILS belongs to another account")
    ACCOUNT_INACTIVE = "account_inactive", _("The account is blocked")
    LINK_EXPIRED = "link_expired", _("The data from Gosuslugi has expired")
    SCOPE_MISSING = "scope_missing", _("Gosuslugi did not grant all the requested data")
    LINK_FOREIGN = "link_foreign", _("The link was offered to another account")


class EsiaEvent(models.Model):
    """One outcome of a sign-in through ESIA: who, what happened and, when refused, why (issue 3)."""

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    reason = models.CharField(_("reason"), max_length=30, choices=Reason.choices, blank=True)
    oid = models.CharField(_("ESIA oid"), max_length=40, blank=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="esia_events")
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("sign-in through Gosuslugi")
        verbose_name_plural = _("sign-ins through Gosuslugi")
        ordering = ["-at"]

    def __str__(self):
        label = self.get_reason_display() if self.reason else self.get_outcome_display()
        return f"{label} {self.oid}".strip()
