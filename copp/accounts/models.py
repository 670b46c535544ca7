"""User (e-mail login) with the person profile, the roles a user holds, consent texts and records."""
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from copp.core.roles import Role
from copp.core.validators import format_snils, validate_snils
from copp.directories.models import EducationLevel, Municipality


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create(self, email, password, **fields):
        if not email:
            raise ValueError("E-mail is required")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **fields):
        return self._create(email, password, **fields)

    def create_superuser(self, email, password=None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        user = self._create(email, password, **fields)
        RoleAssignment.objects.get_or_create(user=user, role=Role.ADMIN)
        return user


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-mail"), max_length=254, unique=True)
    last_name = models.CharField(_("surname"), max_length=100, blank=True)
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    patronymic = models.CharField(_("patronymic"), max_length=100, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    snils = models.CharField(_("SNILS"), max_length=14, blank=True, validators=[validate_snils])
    education_level = models.ForeignKey(
        EducationLevel, verbose_name=_("education level"), null=True, blank=True, on_delete=models.PROTECT
    )
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), null=True, blank=True, on_delete=models.PROTECT
    )
    # Set when the profile came from ESIA (Госуслуги), issue 3.
    confirmed_by_esia = models.BooleanField(_("confirmed by Gosuslugi"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("Django staff flag"), default=False)
    date_joined = models.DateTimeField(_("registered"), default=timezone.now)

    objects = UserManager()
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name", "email"]
        constraints = [
            models.UniqueConstraint(fields=["snils"], condition=~models.Q(snils=""), name="user_snils_unique"),
        ]

    def __str__(self):
        return self.get_full_name() or self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()
        if self.snils:
            self.snils = format_snils(self.snils)

    def get_full_name(self):
        return " ".join(p for p in (self.last_name, self.first_name, self.patronymic) if p)

    def get_short_name(self):
        return self.first_name or self.email

    def get_roles(self) -> list[str]:
        return [a.role for a in self.role_assignments.all()]

    @property
    def masked_snils(self) -> str:
        """SNILS for roles that don't need the whole number (152-ФЗ)."""
        return f"***-***-{self.snils[8:11]} {self.snils[12:]}" if len(self.snils) == 14 else ""


class RoleAssignment(models.Model):
    """One role held by one user (M3, M29); organisation ties live in organisations.Membership."""

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE,
                             related_name="role_assignments")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, db_index=True)
    assigned_at = models.DateTimeField(_("assigned"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="role_assignment_unique")]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()}"


class ConsentKind(models.TextChoices):
    PERSONAL_DATA = "personal_data", _("Consent to personal data processing")
    DISTRIBUTION = "distribution", _("Consent to distribution of personal data")


class ConsentText(models.Model):
    """A versioned consent text; the administrator publishes a new version instead of editing a
    text someone has already agreed to (152-ФЗ: a separate document since 01.09.2025)."""

    kind = models.CharField(_("kind"), max_length=20, choices=ConsentKind.choices)
    version = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=255)
    body = models.TextField(_("text"))
    is_current = models.BooleanField(_("current"), default=False)
    published_at = models.DateTimeField(_("published"), default=timezone.now)

    class Meta:
        verbose_name = _("consent text")
        verbose_name_plural = _("consent texts")
        ordering = ["kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="consent_text_unique_version"),
            models.UniqueConstraint(fields=["kind"], condition=models.Q(is_current=True),
                                    name="consent_text_one_current"),
        ]

    def __str__(self):
        return f"{self.title} (v{self.version})"


class ConsentRecord(models.Model):
    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="consents")
    text = models.ForeignKey(ConsentText, verbose_name=_("text"), on_delete=models.PROTECT)
    given_at = models.DateTimeField(_("given"), default=timezone.now)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")
        ordering = ["-given_at"]

    def __str__(self):
        return f"{self.user} — {self.text}"


class ErasureRequest(models.Model):
    """A subject withdrew consent: sign-in is blocked at once and the personal data is destroyed by
    `due_at` (152-ФЗ: within 30 days), by the daily command or an administrator."""

    user = models.ForeignKey(User, verbose_name=_("user"), null=True, on_delete=models.SET_NULL,
                             related_name="erasure_requests")
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    due_at = models.DateTimeField(_("data destroyed by"), db_index=True)
    done_at = models.DateTimeField(_("data destroyed"), null=True, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    done_by = models.ForeignKey(User, verbose_name=_("destroyed by"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("erasure request")
        verbose_name_plural = _("erasure requests")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(fields=["user"], condition=models.Q(done_at__isnull=True),
                                    name="erasure_request_one_open"),
        ]

    def __str__(self):
        return _("Erasure request No. %(pk)s") % {"pk": self.pk}
