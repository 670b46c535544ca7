"""Daily facts (one row per day × organisation × program × customer × site × category × metric), the
coordinator's yearly plan values and the state of the last refresh (M27)."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from copp.organizations.models import Organization
from copp.programs.models import Program
from copp.resources.models import Site


class Metric(models.TextChoices):
    """What a fact counts; the definitions (which records, which date decides the day) are in facts.py and
    docs/monitoring.md."""

    CITIZENS_COVERED = "citizens_covered", _("Citizens covered")
    CAREER_GUIDANCE = "career_guidance", _("Participants of career-guidance events and professional trials")
    PROFESSIONAL_TRIALS = "professional_trials", _("Of them, participants of professional trials")
    # Not a daily fact: each person once in the chosen period, counted from the register when asked (facts.py).
    PLAN_CONSULTATIONS = "plan_consultations", _("Citizens consulted on an individual learning plan")
    EVENT_PARTICIPANTS = "event_participants", _("Participants of events")
    APPLICATIONS_FILED = "applications_filed", _("Applications filed")
    APPLICATIONS_ACCEPTED = "applications_accepted", _("Applications accepted")
    ENROLLED = "enrolled", _("Enrolled in groups")
    COMPLETED = "completed", _("Completed training")
    EXPELLED = "expelled", _("Expelled")
    DOCUMENTS_ISSUED = "documents_issued", _("Documents issued")
    ATTENDANCE_MARKS = "attendance_marks", _("Attendance marks")
    ATTENDANCE_PRESENT = "attendance_present", _("Attendance marks: present")
    SITE_HOURS = "site_hours", _("Hours of lessons at sites")
    # The funnel: applications filed in the period that have reached a step by now (a cohort, facts.py).
    FUNNEL_ACCEPTED = "funnel_accepted", _("Filed applications accepted")
    FUNNEL_ENROLLED = "funnel_enrolled", _("Filed applications with a place in a group")
    FUNNEL_COMPLETED = "funnel_completed", _("Filed applications with training completed")
    FUNNEL_DOCUMENT = "funnel_document", _("Filed applications with a document issued")
    # Participants of checked (locked) demonstration exams with their points, and those graded 3 to 5 (D6).
    DEMO_EXAM_PARTICIPANTS = "demo_exam_participants", _("Participants of demonstration exams")
    DEMO_EXAM_PASSED = "demo_exam_passed", _("Passed the demonstration exam (grade 3-5)")
    # Not a fact: counted from the career tests' results when the dashboard asks (copp.surveys.selectors).
    CAREER_TESTS = "career_tests", _("Participants of career-guidance tests")


FUNNEL_STEPS = (Metric.FUNNEL_ACCEPTED, Metric.FUNNEL_ENROLLED, Metric.FUNNEL_COMPLETED, Metric.FUNNEL_DOCUMENT)


class Category(models.TextChoices):
    """The learner category a completion is counted under: teachers (upskilling lists, or teachers by their own
    word), the categories learners name on their application, employees sent by employers, the rest."""

    SCHOOL_STUDENT = "school_student", pgettext_lazy("trained by category", "School students")
    UNEMPLOYED = "unemployed", pgettext_lazy("trained by category", "Unemployed")
    PRE_RETIREMENT = "pre_retirement", pgettext_lazy("trained by category", "Pre-retirement age")
    TEACHER = "teacher", pgettext_lazy("trained by category", "Teachers")
    EMPLOYEE = "employee", _("Employees sent by employers")
    NONE = "", pgettext_lazy("trained by category", "Category not specified")


class DailyFact(models.Model):
    """One pre-aggregated figure; the dashboard sums these instead of reading the records (DESIGN.md)."""

    day = models.DateField(_("day"))
    metric = models.CharField(_("indicator"), max_length=32, choices=Metric.choices)
    organization = models.ForeignKey(Organization, verbose_name=_("organisation"), null=True, blank=True,
                                     on_delete=models.CASCADE, related_name="+")
    program = models.ForeignKey(Program, verbose_name=_("program"), null=True, blank=True,
                                on_delete=models.CASCADE, related_name="+")
    customer = models.ForeignKey(Organization, verbose_name=_("customer"), null=True, blank=True,
                                 on_delete=models.CASCADE, related_name="+")
    site = models.ForeignKey(Site, verbose_name=_("site"), null=True, blank=True, on_delete=models.CASCADE,
                             related_name="+")
    category = models.CharField(_("category"), max_length=20, choices=Category.choices, blank=True, default="")
    # Days between two steps of the funnel (for the medians); -1 where the step has no start.
    bucket = models.IntegerField(_("days between steps"), default=0)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("daily fact")
        verbose_name_plural = _("daily facts")
        indexes = [
            # Every dashboard query filters a metric set over a period, the regional one or one organisation's.
            models.Index(fields=["metric", "day"], name="analytics_fact_metric_day"),
            models.Index(fields=["organization", "metric", "day"], name="analytics_fact_org_day"),
            models.Index(fields=["customer", "metric", "day"], name="analytics_fact_customer_day"),
            models.Index(fields=["day"], name="analytics_fact_day"),
        ]

    def __str__(self):
        return f"{self.day} {self.metric} {self.value}"


class MonthlyFact(models.Model):
    """The daily facts summed by month (same dimensions, `day` is the month's first day), rebuilt with them.
    A dashboard over whole months (a month, a quarter, a year) reads these: about thirty times fewer rows."""

    day = models.DateField(_("month"))
    metric = models.CharField(_("indicator"), max_length=32, choices=Metric.choices)
    organization = models.ForeignKey(Organization, verbose_name=_("organisation"), null=True, blank=True,
                                     on_delete=models.CASCADE, related_name="+")
    program = models.ForeignKey(Program, verbose_name=_("program"), null=True, blank=True,
                                on_delete=models.CASCADE, related_name="+")
    customer = models.ForeignKey(Organization, verbose_name=_("customer"), null=True, blank=True,
                                 on_delete=models.CASCADE, related_name="+")
    site = models.ForeignKey(Site, verbose_name=_("site"), null=True, blank=True, on_delete=models.CASCADE,
                             related_name="+")
    category = models.CharField(_("category"), max_length=20, choices=Category.choices, blank=True, default="")
    bucket = models.IntegerField(_("days between steps"), default=0)
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=2)

    class Meta:
        verbose_name = _("monthly fact")
        verbose_name_plural = _("monthly facts")
        indexes = [
            models.Index(fields=["metric", "day"], name="analytics_month_metric_day"),
            models.Index(fields=["organization", "metric", "day"], name="analytics_month_org_day"),
            models.Index(fields=["customer", "metric", "day"], name="analytics_month_customer_day"),
            models.Index(fields=["day"], name="analytics_month_day"),
        ]
        constraints = [models.CheckConstraint(condition=models.Q(day__day=1), name="analytics_month_first_day")]

    def __str__(self):
        return f"{self.day:%m.%Y} {self.metric} {self.value}"


class IndicatorPlan(models.Model):
    """The plan value of one indicator for a year, entered by the coordinator (plan vs fact)."""

    year = models.PositiveSmallIntegerField(_("year"))
    metric = models.CharField(_("indicator"), max_length=32, choices=Metric.choices)
    value = models.DecimalField(_("plan value"), max_digits=14, decimal_places=2)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("entered by"), null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("indicator plan")
        verbose_name_plural = _("indicator plans")
        ordering = ["-year", "metric"]
        constraints = [models.UniqueConstraint(fields=["year", "metric"], name="analytics_plan_once")]

    def __str__(self):
        return f"{self.year} {self.metric}: {self.value}"


class FactsRefresh(models.Model):
    """The one row saying when the facts were last rebuilt and which records they have seen."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    refreshed_at = models.DateTimeField(_("figures refreshed at"), null=True, blank=True)
    # Records changed after this moment are picked up by the next incremental refresh.
    seen_until = models.DateTimeField(null=True, blank=True)
    full_at = models.DateTimeField(_("last full rebuild"), null=True, blank=True)
    rows = models.PositiveIntegerField(_("facts"), default=0)

    class Meta:
        verbose_name = _("figures refresh")
        verbose_name_plural = _("figures refresh")
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="analytics_refresh_single_row")]

    def __str__(self):
        return str(self.refreshed_at)
