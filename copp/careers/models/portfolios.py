"""Graduates' digital portfolios (M24) and employers' search over the open ones (M28).

A portfolio fills itself from the platform's records (completed programs with hours, grades, the issued document
and the rating; events attended; career-test results the learner chooses to show): those items are confirmed by
the CoPP and the learner cannot change them, only show or hide them. The learner adds self-declared items
(achievements, competitions, work experience, certificates, works) with a file or a link.

Showing the portfolio to employers or by a personal link is distribution of personal data (152-ФЗ): it needs the
separate, revocable consent to distribution (accounts.ConsentRecord of the «distribution» kind), in which the
learner lists the sections that may be shown (`allowed`). `is_open` is kept by the services: visible to verified
employers with a live consent; the search reads only open portfolios and only their searchable competency rows."""
import secrets

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from copp.core.models import TimeStampedModel
from copp.directories.models import Competency, Municipality, Profession
from copp.organizations.models import Organization
from copp.programs.models import Program

from .vacancies import Vacancy


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Visibility(models.TextChoices):
    PRIVATE = "private", _("Only me")
    EMPLOYERS = "employers", _("Verified employers of the platform")
    LINK = "link", _("Anyone with my personal link")


class Section(models.TextChoices):
    """What the consent to distribution lets the platform show (the learner ticks them)."""

    ABOUT = "about", _("Summary, desired profession and municipality")
    PROGRAMS = "programs", _("Completed programs and demonstration exams: hours, grades, documents, ratings")
    EVENTS = "events", _("Events attended")
    CAREER_TESTS = "career_tests", _("Career-guidance test results")
    OWN = "own", _("My own items: achievements, experience, works")


class ItemKind(models.TextChoices):
    PROGRAM = "program", _("Completed program")
    EVENT = "event", _("Event attended")
    CAREER_TEST = "career_test", _("Career-guidance test")
    DEMO_EXAM = "demo_exam", _("Demonstration exam")
    ACHIEVEMENT = "achievement", _("Achievement")
    COMPETITION = "competition", _("Competition")
    EXPERIENCE = "experience", _("Work experience")
    CERTIFICATE = "certificate", _("Certificate")
    WORK = "work", _("Work or project")


CONFIRMED_KINDS = (ItemKind.PROGRAM, ItemKind.EVENT, ItemKind.CAREER_TEST, ItemKind.DEMO_EXAM)
OWN_KINDS = (ItemKind.ACHIEVEMENT, ItemKind.COMPETITION, ItemKind.EXPERIENCE, ItemKind.CERTIFICATE, ItemKind.WORK)
# A demonstration exam's result is a graded result of training: it is shown with the programs.
SECTION_OF_KIND = {ItemKind.PROGRAM: Section.PROGRAMS, ItemKind.DEMO_EXAM: Section.PROGRAMS,
                   ItemKind.EVENT: Section.EVENTS,
                   ItemKind.CAREER_TEST: Section.CAREER_TESTS, **dict.fromkeys(OWN_KINDS, Section.OWN)}


class Portfolio(TimeStampedModel):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("learner"), on_delete=models.CASCADE,
                                related_name="portfolio")
    summary = models.TextField(_("about me"), blank=True, max_length=2000)
    profession = models.ForeignKey(Profession, verbose_name=_("desired profession"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    municipality = models.ForeignKey(Municipality, verbose_name=_("municipality"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    visibility = models.CharField(_("who sees the portfolio"), max_length=12, choices=Visibility.choices,
                                  default=Visibility.PRIVATE)
    allowed = ArrayField(models.CharField(max_length=16, choices=Section.choices), verbose_name=_("may be shown"),
                         default=list, blank=True)
    consent = models.ForeignKey("accounts.ConsentRecord", verbose_name=_("consent to distribution"), null=True,
                                blank=True, on_delete=models.SET_NULL, related_name="+")
    is_open = models.BooleanField(_("open to employers"), default=False, editable=False)
    link_token = models.CharField(max_length=64, blank=True, editable=False)
    link_expires_on = models.DateField(_("the link works until"), null=True, blank=True)
    check_token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    completed_last = models.DateField(_("last program completed"), null=True, blank=True, editable=False)
    refreshed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("portfolio")
        verbose_name_plural = _("portfolios")
        indexes = [
            # The employers' search: open portfolios, newest first, paged by id (keyset).
            models.Index(fields=["-id"], condition=Q(is_open=True), name="portfolio_open"),
            models.Index(fields=["municipality", "-id"], condition=Q(is_open=True), name="portfolio_open_municipality"),
            models.Index(fields=["profession", "-id"], condition=Q(is_open=True), name="portfolio_open_profession"),
            models.Index(fields=["link_token"], condition=~Q(link_token=""), name="portfolio_link_token"),
        ]

    def __str__(self):
        return str(self.user)

    @property
    def has_consent(self) -> bool:
        return self.consent_id is not None

    @property
    def is_private(self) -> bool:
        return self.visibility == Visibility.PRIVATE

    @property
    def is_by_link(self) -> bool:
        return self.visibility == Visibility.LINK

    @property
    def is_for_employers(self) -> bool:
        return self.visibility == Visibility.EMPLOYERS

    @property
    def link_is_live(self) -> bool:
        return bool(self.has_consent and self.is_by_link and self.link_token and self.link_expires_on
                    and self.link_expires_on >= timezone.localdate())

    def shows(self, section: str) -> bool:
        return section in (self.allowed or [])

    @property
    def shows_about(self) -> bool:
        return self.shows(Section.ABOUT)

    @property
    def shows_programs(self) -> bool:
        return self.shows(Section.PROGRAMS)


class PortfolioItem(TimeStampedModel):
    """One item: confirmed (from the platform's records, keyed by `source_key`) or self-declared."""

    portfolio = models.ForeignKey(Portfolio, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("kind"), max_length=16, choices=ItemKind.choices)
    is_confirmed = models.BooleanField(_("confirmed by the CoPP"), default=False, editable=False)
    source_key = models.CharField(max_length=40, blank=True, editable=False)
    source_path = models.CharField(max_length=200, blank=True, editable=False)
    title = models.CharField(_("title"), max_length=300)
    organization_name = models.CharField(_("organisation"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    hours = models.PositiveIntegerField(_("hours"), null=True, blank=True)
    grade = models.CharField(_("final grade"), max_length=64, blank=True)
    module_grades = models.JSONField(_("module grades"), default=list, blank=True)
    rating = models.DecimalField(_("rating"), max_digits=5, decimal_places=1, null=True, blank=True)
    rating_place = models.PositiveIntegerField(_("place in the group"), null=True, blank=True)
    document = models.CharField(_("document"), max_length=200, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    url = models.URLField(_("link"), blank=True)
    file = models.FileField(_("file"), upload_to="portfolio/%Y/%m/", blank=True)
    is_shown = models.BooleanField(_("shown"), default=True)

    class Meta:
        verbose_name = _("portfolio item")
        verbose_name_plural = _("portfolio items")
        ordering = ["-is_confirmed", "-date", "-pk"]
        constraints = [models.UniqueConstraint(fields=["portfolio", "source_key"], condition=~Q(source_key=""),
                                               name="portfolio_item_unique_source")]
        indexes = [models.Index(fields=["portfolio", "kind"], name="portfolio_item_kind")]

    def __str__(self):
        return self.title

    @property
    def section(self) -> str:
        return SECTION_OF_KIND[self.kind]

    @property
    def is_program(self) -> bool:
        return self.kind == ItemKind.PROGRAM


class PortfolioCompetency(models.Model):
    """A competency a completed program gave, with its level, for the employers' search (kept by the services).
    `searchable`: the program item is shown and the consent lets programs be shown."""

    portfolio = models.ForeignKey(Portfolio, on_delete=models.CASCADE, related_name="competency_rows")
    item = models.ForeignKey(PortfolioItem, on_delete=models.CASCADE, related_name="competency_rows")
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="+")
    program = models.ForeignKey(Program, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    completed_on = models.DateField(null=True, blank=True)
    grade_pct = models.PositiveSmallIntegerField(null=True, blank=True)
    rating = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    has_document = models.BooleanField(default=False)
    searchable = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("competency of a portfolio")
        verbose_name_plural = _("competencies of portfolios")
        constraints = [models.UniqueConstraint(fields=["item", "competency"], name="portfolio_competency_unique")]
        indexes = [
            models.Index(fields=["competency", "portfolio"], condition=Q(searchable=True),
                         name="portfolio_comp_search"),
            models.Index(fields=["program", "portfolio"], condition=Q(searchable=True),
                         name="portfolio_comp_program"),
            models.Index(fields=["completed_on", "portfolio"], condition=Q(searchable=True),
                         name="portfolio_comp_completed"),
        ]

    def __str__(self):
        return f"{self.portfolio_id}: {self.competency_id}"


class ViewChannel(models.TextChoices):
    EMPLOYER = "employer", _("Employer in the search")
    STAFF = "staff", _("CoPP staff")
    LINK = "link", _("Personal link")
    API = "api", _("Employer through the API")


class PortfolioView(models.Model):
    """Every view of a portfolio by someone other than its learner; the learner sees the log."""

    portfolio = models.ForeignKey(Portfolio, on_delete=models.CASCADE, related_name="views")
    organization = models.ForeignKey(Organization, verbose_name=_("organisation"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    viewer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("viewer"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    channel = models.CharField(_("how"), max_length=10, choices=ViewChannel.choices)
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("view of a portfolio")
        verbose_name_plural = _("views of portfolios")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["portfolio", "-at"], name="portfolio_view_log")]

    def __str__(self):
        return f"{self.portfolio_id} @ {self.at:%Y-%m-%d %H:%M}"


class SavedCandidate(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    portfolio = models.ForeignKey(Portfolio, on_delete=models.CASCADE, related_name="saved_by")
    saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("saved candidate")
        verbose_name_plural = _("saved candidates")
        constraints = [models.UniqueConstraint(fields=["organization", "portfolio"], name="saved_candidate_unique")]
        indexes = [models.Index(fields=["organization", "-created_at"], name="saved_candidate_org")]

    def __str__(self):
        return f"{self.organization_id}: {self.portfolio_id}"


class InvitationStatus(models.TextChoices):
    SENT = "sent", _("Waiting for the answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class PortfolioInvitation(TimeStampedModel):
    """An employer invites a learner (optionally to one of its vacancies); the learner accepts or declines.
    The learner's contacts are shown to that employer only after acceptance."""

    portfolio = models.ForeignKey(Portfolio, on_delete=models.CASCADE, related_name="invitations")
    organization = models.ForeignKey(Organization, verbose_name=_("employer"), on_delete=models.CASCADE,
                                     related_name="+")
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    vacancy = models.ForeignKey(Vacancy, verbose_name=_("vacancy"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    message = models.TextField(_("message"), max_length=2000)
    status = models.CharField(_("status"), max_length=10, choices=InvitationStatus.choices,
                              default=InvitationStatus.SENT)
    answer = models.TextField(_("answer"), blank=True, max_length=2000)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation of a candidate")
        verbose_name_plural = _("invitations of candidates")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["portfolio", "-created_at"], name="portfolio_invitation_in"),
                   models.Index(fields=["organization", "-created_at"], name="portfolio_invitation_out")]

    def __str__(self):
        return f"{self.organization} → {self.portfolio}"

    @property
    def is_waiting(self) -> bool:
        return self.status == InvitationStatus.SENT

    @property
    def is_accepted(self) -> bool:
        return self.status == InvitationStatus.ACCEPTED

    @property
    def is_declined(self) -> bool:
        return self.status == InvitationStatus.DECLINED
