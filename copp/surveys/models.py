"""Questionnaires (sections, questions with conditions), who answers them, the answers, invitations and the
career-test mappings (M26, M9). A response of an anonymous survey holds no link to the person: that someone
answered is kept apart, in `Participation`, which holds no answers."""
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from copp.admissions.files import GeneratedName
from copp.core.models import TimeStampedModel
from copp.core.roles import Role
from copp.directories.models import Competency, Profession
from copp.events.models import Event
from copp.organizations.models import Organization, OrganizationType
from copp.programs.models import Program
from copp.training.models import Group


class SurveyKind(models.TextChoices):
    SURVEY = "survey", _("Survey")
    CAREER_TEST = "career_test", _("Career-guidance test")


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("survey status", "Draft")
    OPEN = "open", pgettext_lazy("survey status", "Open")
    CLOSED = "closed", pgettext_lazy("survey status", "Closed")


class Audience(models.TextChoices):
    PUBLIC = "public", _("Anyone with the link")
    ROLE = "role", _("Signed-in users of a role")
    GROUP = "group", _("Learners of a group")
    PROGRAM = "program", _("Learners of a program")
    EVENT = "event", _("Participants of an event")
    CONTACTS = "contacts", _("Contacts of organisations")


class Instrument(models.TextChoices):
    """Scored career-guidance instruments whose keys live in copp/surveys/instruments.py."""

    DDO = "ddo", _("Klimov's differential-diagnostic questionnaire")
    RIASEC = "riasec", _("Interest profile (RIASEC)")


class Survey(TimeStampedModel):
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=SurveyKind.choices, default=SurveyKind.SURVEY,
                            db_index=True)
    instrument = models.CharField(_("instrument"), max_length=20, choices=Instrument.choices, blank=True)
    slug = models.SlugField(_("address"), max_length=60, unique=True, null=True, blank=True,
                            help_text=_("The short address of a career-guidance test."))
    duration_minutes = models.PositiveSmallIntegerField(_("duration, minutes"), default=10)
    template = models.CharField(_("made from template"), max_length=40, blank=True, db_index=True)
    status = models.CharField(_("status"), max_length=20, choices=SurveyStatus.choices,
                              default=SurveyStatus.DRAFT, db_index=True)
    owner_organization = models.ForeignKey(Organization, verbose_name=_("owner organisation"), null=True,
                                           blank=True, on_delete=models.PROTECT, related_name="surveys")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    is_anonymous = models.BooleanField(_("anonymous"), default=False,
                                       help_text=_("Answers are stored without a link to the person."))
    allow_repeat = models.BooleanField(_("repeated answers allowed"), default=False)
    audience = models.CharField(_("who answers"), max_length=20, choices=Audience.choices,
                                default=Audience.PUBLIC)
    audience_role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    audience_group = models.ForeignKey(Group, verbose_name=_("study group"), null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="surveys")
    audience_program = models.ForeignKey(Program, verbose_name=_("program"), null=True, blank=True,
                                         on_delete=models.PROTECT, related_name="surveys")
    audience_event = models.ForeignKey(Event, verbose_name=_("event"), null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="surveys")
    audience_org_type = models.CharField(_("organisation type"), max_length=20, choices=OrganizationType.choices,
                                         blank=True)
    # Contacts of these organisations; when none is chosen, of every organisation of audience_org_type.
    audience_organizations = models.ManyToManyField(Organization, verbose_name=_("organisations"), blank=True,
                                                    related_name="targeted_surveys")
    public_token = models.UUIDField(_("link key"), default=uuid.uuid4, unique=True, editable=False)
    opens_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True, db_index=True)
    remind_after_days = models.PositiveSmallIntegerField(_("remind after, days"), default=3)
    max_reminders = models.PositiveSmallIntegerField(_("reminders at most"), default=2)

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["kind", "status", "-created_at"])]
        constraints = [
            models.CheckConstraint(condition=~Q(kind="career_test") | ~Q(instrument=""),
                                   name="survey_career_test_has_instrument"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == SurveyStatus.OPEN

    @property
    def badge(self) -> str:
        """The shared badge colour code (UI.md)."""
        return {"draft": "draft", "open": "accepted", "closed": "archived"}[self.status]


class Section(models.Model):
    """A page-like part of a survey; shown only when its condition (an earlier answer) matches."""

    survey = models.ForeignKey(Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=300)
    show_if_question = models.ForeignKey("Question", verbose_name=_("show when question"), null=True, blank=True,
                                         on_delete=models.SET_NULL, related_name="+")
    show_if_value = models.CharField(_("has the answer"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["survey", "order", "pk"]

    def __str__(self):
        return self.title


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    SCALE5 = "scale5", _("Scale 1–5")
    SCALE10 = "scale10", _("Scale 1–10")
    NPS = "nps", _("Recommendation (NPS, 0–10)")
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    NUMBER = "number", pgettext_lazy("question type", "Number")  # not admissions' «Номер»
    DATE = "date", _("Date")
    MATRIX = "matrix", _("Matrix: rows × scale 1–5")
    RANKING = "ranking", _("Ranking")
    FILE = "file", _("File upload")


class Question(models.Model):
    survey = models.ForeignKey(Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="questions")
    section = models.ForeignKey(Section, verbose_name=_("section"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="questions")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("question type"), max_length=20, choices=QuestionKind.choices)
    text = models.CharField(_("question"), max_length=500)
    hint = models.CharField(_("hint"), max_length=500, blank=True)
    required = models.BooleanField(_("required"), default=True)
    # Choices of single/multiple/ranking questions and rows of a matrix, one per line in the builder.
    choices = models.JSONField(_("choices"), default=list, blank=True)
    rows = models.JSONField(_("matrix rows"), default=list, blank=True)
    # Points a choice adds to the scales of a scored test: {"choice": {"scale": points}}; for a scale answer
    # (RIASEC) {"*": {"scale": 1}} adds the answer's value minus the scale's minimum.
    scoring = models.JSONField(_("scoring key"), default=dict, blank=True)
    show_if_question = models.ForeignKey("self", verbose_name=_("show when question"), null=True, blank=True,
                                         on_delete=models.SET_NULL, related_name="+")
    show_if_value = models.CharField(_("has the answer"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["survey", "order", "pk"]

    def __str__(self):
        return self.text


class Response(models.Model):
    """One filled questionnaire. `user` is empty for an anonymous survey and for a visitor who did not sign in;
    group, program and organisation are the report's filters (a group of fewer than five is suppressed)."""

    survey = models.ForeignKey(Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="responses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("respondent"), null=True, blank=True,
                             on_delete=models.CASCADE, related_name="survey_responses")
    submitted_at = models.DateTimeField(_("submitted at"), db_index=True)
    group = models.ForeignKey(Group, verbose_name=_("study group"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    program = models.ForeignKey(Program, verbose_name=_("program"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    organization = models.ForeignKey(Organization, verbose_name=_("organisation"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    # A scored test's points per scale and its leading types, computed on submission.
    scores = models.JSONField(_("scores"), default=dict, blank=True)
    result_types = models.JSONField(_("result types"), default=list, blank=True)
    # The address of a career test's result page; a visitor's result is claimed on sign-up by the keys their
    # session keeps. A random number, no link to anyone.
    result_key = models.UUIDField(_("result key"), default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["survey", "submitted_at"]), models.Index(fields=["user", "survey"])]

    def __str__(self):
        return f"{self.survey} #{self.pk}"


class Answer(models.Model):
    response = models.ForeignKey(Response, verbose_name=_("response"), on_delete=models.CASCADE,
                                 related_name="answers")
    question = models.ForeignKey(Question, verbose_name=_("question"), on_delete=models.CASCADE,
                                 related_name="answers")
    # The value as the question's type has it: a string, a number, a list of choices, {row: value}.
    value = models.JSONField(_("answer"), null=True, blank=True)
    file = models.FileField(_("file"), upload_to=GeneratedName("surveys"), blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="survey_answer_unique")]

    def __str__(self):
        return f"{self.question} — {self.response_id}"


class Draft(models.Model):
    """Answers saved to continue later (files are attached on submission only); removed when submitted. A
    draft of an anonymous survey is the person's own until then; the submitted response holds no link."""

    survey = models.ForeignKey(Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="drafts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("respondent"), on_delete=models.CASCADE,
                             related_name="survey_drafts")
    data = models.JSONField(_("answers"), default=dict)
    updated_at = models.DateTimeField(_("saved at"), auto_now=True)

    class Meta:
        verbose_name = _("draft answer")
        verbose_name_plural = _("draft answers")
        constraints = [models.UniqueConstraint(fields=["survey", "user"], name="survey_draft_unique")]

    def __str__(self):
        return f"{self.survey} — {self.user}"


class Participation(models.Model):
    """That a person has answered a survey (how many times), kept apart from the answers so an anonymous
    survey still takes one answer per person and reminds only those who have not answered."""

    survey = models.ForeignKey(Survey, verbose_name=_("survey"), on_delete=models.CASCADE,
                               related_name="participations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("participant"), on_delete=models.CASCADE,
                             related_name="survey_participations")
    times = models.PositiveIntegerField(_("answers given"), default=1)
    last_at = models.DateTimeField(_("last answered at"))

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [models.UniqueConstraint(fields=["survey", "user"], name="survey_participation_unique")]

    def __str__(self):
        return f"{self.survey} — {self.user}"


class Invitation(models.Model):
    """A person of the survey's audience was sent the invitation; reminders counted."""

    survey = models.ForeignKey(Survey, verbose_name=_("survey"), on_delete=models.CASCADE,
                               related_name="invitations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE,
                             related_name="survey_invitations")
    sent_at = models.DateTimeField(_("sent at"))
    reminded_at = models.DateTimeField(_("last reminded at"), null=True, blank=True)
    reminders = models.PositiveSmallIntegerField(_("reminders sent"), default=0)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [models.UniqueConstraint(fields=["survey", "user"], name="survey_invitation_unique")]

    def __str__(self):
        return f"{self.survey} — {self.user}"


class CareerType(models.Model):
    """A type of a career-guidance instrument (ДДО's «человек–техника», RIASEC's R): its description and the
    competencies and professions it points to. The administrator edits the mapping."""

    instrument = models.CharField(_("instrument"), max_length=20, choices=Instrument.choices)
    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    competencies = models.ManyToManyField(Competency, verbose_name=_("competencies"), blank=True,
                                          related_name="career_types")
    professions = models.ManyToManyField(Profession, verbose_name=_("professions"), blank=True,
                                         related_name="career_types")
    profession_examples = models.TextField(_("examples of professions"), blank=True)

    class Meta:
        verbose_name = _("career type")
        verbose_name_plural = _("career types")
        ordering = ["instrument", "code"]
        constraints = [models.UniqueConstraint(fields=["instrument", "code"], name="career_type_unique")]

    def __str__(self):
        return f"{self.get_instrument_display()}: {self.title}"
