"""Vacancies: an employer's own (moderated) or imported from «Работа России» and hh.ru (M9); the competencies
matched to each, with a confidence; citizens' responses to own vacancies."""
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from copp.core.models import TimeStampedModel
from copp.directories.models import Competency, Municipality, Profession
from copp.organizations.models import Organization


class VacancySource(models.TextChoices):
    OWN = "own", _("Employer of the platform")
    TRUDVSEM = "trudvsem", _("«Работа России»")
    HHRU = "hhru", _("hh.ru")


class VacancyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    MODERATION = "moderation", _("On moderation")
    RETURNED = "returned", _("Returned for changes")
    PUBLISHED = "published", _("Published")
    CLOSED = "closed", _("Closed")


class Employment(models.TextChoices):
    FULL = "full", _("Full employment")
    PART = "part", _("Part-time employment")
    PROJECT = "project", _("Project work")
    INTERNSHIP = "internship", _("Internship")
    SEASONAL = "seasonal", _("Seasonal work")


class Schedule(models.TextChoices):
    FULL_DAY = "full_day", _("Full day")
    SHIFT = "shift", _("Shifts")
    FLEXIBLE = "flexible", _("Flexible schedule")
    REMOTE = "remote", _("Remote work")
    ROTATION = "rotation", _("Rotation (вахта)")


class Education(models.TextChoices):
    ANY = "any", _("Not required")
    SECONDARY = "secondary", _("Secondary general")
    VOCATIONAL = "vocational", _("Secondary vocational")
    HIGHER = "higher", _("Higher")


class Vacancy(TimeStampedModel):
    """One vacancy. Imported ones are keyed by (source, external id) and never deleted: a vacancy gone from its
    source is closed. `salary_sort` and `search` are kept by the services for the public search's sort and
    full-text index; `match_locked` marks staff-corrected matching that re-imports keep."""

    source = models.CharField(_("source"), max_length=10, choices=VacancySource.choices, default=VacancySource.OWN)
    external_id = models.CharField(_("id at the source"), max_length=64, blank=True)
    source_url = models.URLField(_("link at the source"), max_length=500, blank=True)
    source_modified_at = models.DateTimeField(_("changed at the source"), null=True, blank=True)
    content_hash = models.CharField(max_length=40, blank=True, editable=False)
    employer = models.ForeignKey(Organization, verbose_name=_("employer"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="vacancies")
    employer_name = models.CharField(_("employer"), max_length=300)
    employer_inn = models.CharField(_("employer's INN"), max_length=12, blank=True, db_index=True)
    title = models.CharField(_("vacancy title"), max_length=300)
    profession = models.ForeignKey(Profession, verbose_name=_("profession (ОКПДТР)"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="vacancies")
    competencies = models.ManyToManyField(Competency, verbose_name=_("competencies"), through="VacancyCompetency",
                                          blank=True, related_name="vacancies")
    match_confidence = models.PositiveSmallIntegerField(_("matching confidence, %"), default=0)
    match_locked = models.BooleanField(_("matching corrected by staff"), default=False)
    municipality = models.ForeignKey(Municipality, verbose_name=_("municipality"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="vacancies")
    address = models.CharField(_("address"), max_length=500, blank=True)
    salary_from = models.PositiveIntegerField(_("salary from, ₽"), null=True, blank=True)
    salary_to = models.PositiveIntegerField(_("salary to, ₽"), null=True, blank=True)
    salary_sort = models.PositiveIntegerField(default=0, editable=False)
    employment = models.CharField(_("employment"), max_length=12, choices=Employment.choices,
                                  default=Employment.FULL)
    schedule = models.CharField(_("schedule"), max_length=12, choices=Schedule.choices, default=Schedule.FULL_DAY)
    education = models.CharField(_("education"), max_length=12, choices=Education.choices, default=Education.ANY)
    experience_years = models.PositiveSmallIntegerField(_("experience, years"), default=0)
    duties = models.TextField(_("duties"), blank=True)
    requirements = models.TextField(_("requirements"), blank=True)
    contacts = models.TextField(_("contacts"), blank=True)
    places = models.PositiveIntegerField(_("number of places"), default=1)
    closes_on = models.DateField(_("closing date"), null=True, blank=True)
    status = models.CharField(_("vacancy status"), max_length=12, choices=VacancyStatus.choices,
                              default=VacancyStatus.DRAFT)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    moderation_comment = models.TextField(_("moderator's comment"), blank=True)
    # Russian full-text search over the title (weight A) and the text (B), computed by PostgreSQL itself.
    search = models.GeneratedField(
        expression=SearchVector("title", weight="A", config="russian")
        + SearchVector(Coalesce("duties", models.Value(""), output_field=models.TextField()),
                       Coalesce("requirements", models.Value(""), output_field=models.TextField()),
                       weight="B", config="russian"),
        output_field=SearchVectorField(), db_persist=True)

    class Meta:
        verbose_name = _("vacancy")
        verbose_name_plural = _("vacancies")
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["source", "external_id"], condition=~Q(source="own"),
                                    name="vacancy_unique_external"),
            models.CheckConstraint(condition=Q(salary_to__isnull=True) | Q(salary_from__isnull=True)
                                   | Q(salary_to__gte=F("salary_from")), name="vacancy_salary_range"),
            models.CheckConstraint(condition=Q(source="own") | ~Q(external_id=""), name="vacancy_import_has_id"),
            models.CheckConstraint(condition=Q(places__gte=1), name="vacancy_places_positive"),
        ]
        indexes = [
            # The public search: published vacancies, newest or best paid first, paged by key (keyset).
            models.Index(fields=["-published_at", "-id"], condition=Q(status="published"),
                         name="vacancy_published_new"),
            models.Index(fields=["-salary_sort", "-id"], condition=Q(status="published"),
                         name="vacancy_published_salary"),
            models.Index(fields=["municipality", "-published_at"], condition=Q(status="published"),
                         name="vacancy_published_municipality"),
            models.Index(fields=["profession", "-published_at"], condition=Q(status="published"),
                         name="vacancy_published_profession"),
            models.Index(fields=["employer", "status"], name="vacancy_employer_status"),
            models.Index(fields=["status", "closes_on"], name="vacancy_status_closes"),
            models.Index(fields=["source", "status"], name="vacancy_source_status"),
            GinIndex(fields=["search"], name="vacancy_search"),
            GinIndex(fields=["title"], opclasses=["gin_trgm_ops"], name="vacancy_title_trgm"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_own(self) -> bool:
        return self.source == VacancySource.OWN

    @property
    def is_published(self) -> bool:
        return self.status == VacancyStatus.PUBLISHED

    # Flags for the pages, read from the workflow's statuses (templates never compare status literals).
    @property
    def is_editable(self) -> bool:
        """The employer may change it and send it to moderation: a draft or one returned for changes."""
        return self.status in (VacancyStatus.DRAFT, VacancyStatus.RETURNED)

    @property
    def is_returned(self) -> bool:
        return self.status == VacancyStatus.RETURNED

    @property
    def is_closable(self) -> bool:
        """The employer may close it (not while the moderator decides, not twice)."""
        return self.status not in (VacancyStatus.CLOSED, VacancyStatus.MODERATION)


class VacancyCompetency(models.Model):
    """A competency of a vacancy with the matcher's confidence (100 for the employer's or staff's own choice)."""

    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="competency_links")
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="vacancy_links")
    confidence = models.PositiveSmallIntegerField(_("confidence, %"), default=100)

    class Meta:
        verbose_name = _("competency of a vacancy")
        verbose_name_plural = _("competencies of vacancies")
        constraints = [models.UniqueConstraint(fields=["vacancy", "competency"], name="vacancy_competency_unique")]
        indexes = [models.Index(fields=["competency", "vacancy"], name="vacancy_competency_by_comp")]

    def __str__(self):
        return f"{self.vacancy_id}: {self.competency_id}"


class VacancyResponse(TimeStampedModel):
    """A citizen's response to an own employer's vacancy; the employer sees it in the cabinet."""

    vacancy = models.ForeignKey(Vacancy, verbose_name=_("vacancy"), on_delete=models.CASCADE,
                                related_name="responses")
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("applicant"), on_delete=models.CASCADE,
                                  related_name="vacancy_responses")
    message = models.TextField(_("covering letter"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("response to a vacancy")
        verbose_name_plural = _("responses to vacancies")
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["vacancy", "applicant"], name="vacancy_response_unique")]

    def __str__(self):
        return f"{self.applicant} — {self.vacancy}"
