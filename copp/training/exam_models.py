"""The register of demonstration exams (D6): an exam of a competency's assessment set at an accredited centre,
its experts and the participants with their points and grades. Entered by the organisation whose students sit
it, checked by ЦОПП staff; a finished exam is locked."""
from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.core.validators import MinValueValidator
from django.db import connection, models
from django.db.models import Q, Subquery
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from copp.core.access import has_capability
from copp.core.models import TimeStampedModel
from copp.core.roles import Cap
from copp.directories.models import Competency
from copp.organizations.models import Organization
from copp.resources.models import Site, StaffMember
from copp.resources.models.base import own_organization_ids


class ExamLevel(models.TextChoices):
    BASIC = "basic", pgettext_lazy("demo exam level", "Basic")
    PROFILE = "profile", pgettext_lazy("demo exam level", "Profile")


class ExamStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("demo exam status", "Being entered")
    SUBMITTED = "submitted", pgettext_lazy("demo exam status", "Sent for checking")
    FINISHED = "finished", pgettext_lazy("demo exam status", "Checked and locked")


class DemoExamQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The whole region for ЦОПП staff, the coordinator and administrators; the own organisation's exams
        for an organisation's users."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if has_capability(user, Cap.DEMO_EXAMS_ALL):
            return self
        if has_capability(user, Cap.DEMO_EXAMS_ENTER):
            return self.filter(organization__in=Subquery(own_organization_ids(user)))
        return self.none()


# The participants' totals of the given exams (all when ids is None), recomputed from their rows in one statement;
# the services call it after every change of the participants, the scale generator and migration 0013 for all.
SUMMARY_SQL = """
UPDATE training_demoexam e SET people = s.people, scored = s.scored, points_total = s.points_total,
       grade_2 = s.g2, grade_3 = s.g3, grade_4 = s.g4, grade_5 = s.g5
FROM (SELECT x.id, count(p.id) AS people, count(p.points) AS scored, coalesce(sum(p.points), 0) AS points_total,
             count(*) FILTER (WHERE p.grade = 2) AS g2, count(*) FILTER (WHERE p.grade = 3) AS g3,
             count(*) FILTER (WHERE p.grade = 4) AS g4, count(*) FILTER (WHERE p.grade = 5) AS g5
      FROM training_demoexam x LEFT JOIN training_examparticipant p ON p.exam_id = x.id
      WHERE %(where)s GROUP BY x.id) s
WHERE e.id = s.id"""


# The register statistics' groups of some exams in one read (GROUPING SETS): per competency, organisation,
# municipality (of the centre), year and centre, and the total (kind, key: the group's id, the year, 0 for the
# total); «figure» is what a table ranks by: students, or exams for the centres. Groups «by …» count only exams
# with students; the centres and the total every exam. The register computes them for a filtered set
# (exam_selectors) and keeps them for the whole region in ExamRegionGroup.
GROUPS_SQL = """
SELECT kind, key, CASE WHEN kind = 'centre' THEN all_exams ELSE people END AS figure, all_exams, exams, people,
       scored, points, g2, g3, g4, g5
FROM (SELECT CASE WHEN GROUPING(competency_id) = 0 THEN 'competency'
                  WHEN GROUPING(organization_id) = 0 THEN 'organization'
                  WHEN GROUPING(municipality_id) = 0 THEN 'municipality'
                  WHEN GROUPING(year) = 0 THEN 'year' WHEN GROUPING(centre_id) = 0 THEN 'centre'
                  ELSE 'total' END AS kind,
             COALESCE(competency_id, organization_id, municipality_id, year, centre_id, 0) AS key,
             count(*) AS all_exams, count(*) FILTER (WHERE people > 0) AS exams,
             coalesce(sum(people), 0) AS people, coalesce(sum(scored), 0) AS scored,
             coalesce(sum(points_total), 0) AS points, coalesce(sum(grade_2), 0) AS g2,
             coalesce(sum(grade_3), 0) AS g3, coalesce(sum(grade_4), 0) AS g4, coalesce(sum(grade_5), 0) AS g5
      FROM (SELECT e.competency_id, e.organization_id, s.municipality_id, e.centre_id,
                   EXTRACT(YEAR FROM e.starts_on)::integer AS year, e.people, e.scored, e.points_total,
                   e.grade_2, e.grade_3, e.grade_4, e.grade_5
            FROM training_demoexam e JOIN resources_site s ON s.id = e.centre_id WHERE {exams}) x
      GROUP BY GROUPING SETS ((competency_id), (organization_id), (municipality_id), (year), (centre_id), ())) g
WHERE kind IN ('centre', 'total') OR exams > 0"""

# The whole region's groups, rebuilt under a transaction lock: two changes at once rebuild one after the other, and
# the later one reads what the earlier committed.
REGION_REBUILD = """
SELECT pg_advisory_xact_lock(hashtext('training_examregiongroup'));
DELETE FROM training_examregiongroup;
INSERT INTO training_examregiongroup (kind, key, figure, all_exams, exams, people, scored, points, grade_2, grade_3,
                                      grade_4, grade_5) {groups}"""
REGION_SQL = REGION_REBUILD.format(groups=GROUPS_SQL.format(exams="true"))


def summarize(exam_ids=None) -> None:
    """Recompute the participants' totals on the exams (every exam when exam_ids is None) and the whole region's
    statistics groups (ExamRegionGroup); the services call it after every change of an exam or its participants."""
    with connection.cursor() as cursor:
        if exam_ids is None:
            cursor.execute(SUMMARY_SQL % {"where": "true"})
        else:
            cursor.execute(SUMMARY_SQL % {"where": "x.id = ANY(%s)"}, [list(exam_ids)])
        cursor.execute(REGION_SQL)


class DemoExam(TimeStampedModel):
    """One demonstration exam: what (competency, assessment set, level), where (an accredited centre), when,
    whose students, who assessed, and the set's thresholds that turn points into grades."""

    competency = models.ForeignKey(Competency, verbose_name=_("competency"), on_delete=models.PROTECT,
                                   related_name="+")
    assessment_set = models.CharField(_("assessment set (КОД)"), max_length=100,
                                      help_text=_("The code of the assessment set, for example 1.1-2026."))
    level = models.CharField(_("level"), max_length=10, choices=ExamLevel.choices, default=ExamLevel.BASIC)
    centre = models.ForeignKey(Site, verbose_name=_("exam centre"), on_delete=models.PROTECT, related_name="+",
                               help_text=_("A site accredited as a demonstration exam centre."))
    accredited_until = models.DateField(_("centre accredited until"),
                                        help_text=_("The end of the centre's accreditation for this competency."))
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    organization = models.ForeignKey(Organization, verbose_name=_("organisation of the students"),
                                     on_delete=models.PROTECT, related_name="demo_exams")
    chief_expert = models.ForeignKey(StaffMember, verbose_name=_("chief expert"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    experts = models.ManyToManyField(StaffMember, verbose_name=_("expert group"), blank=True, related_name="+")
    max_points = models.DecimalField(_("maximum points"), max_digits=6, decimal_places=2, default=Decimal(100),
                                     validators=[MinValueValidator(1)])
    # The set's thresholds: the fewest points for grades 3, 4 and 5 (fewer than «3» is a 2).
    threshold_3 = models.DecimalField(_("points for grade 3"), max_digits=6, decimal_places=2)
    threshold_4 = models.DecimalField(_("points for grade 4"), max_digits=6, decimal_places=2)
    threshold_5 = models.DecimalField(_("points for grade 5"), max_digits=6, decimal_places=2)
    status = models.CharField(_("status"), max_length=12, choices=ExamStatus.choices, default=ExamStatus.DRAFT,
                              db_index=True)
    status_comment = models.CharField(_("comment"), max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("entered by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    # The participants' totals (issue 15): the register's rows and its statistics read them from the exams, not
    # by grouping every participant of the region on each view. Kept by `summarize` whenever participants change.
    people = models.PositiveIntegerField(_("students"), default=0, editable=False)
    scored = models.PositiveIntegerField(_("students with points"), default=0, editable=False)
    points_total = models.DecimalField(_("sum of the points"), max_digits=10, decimal_places=2, default=Decimal(0),
                                       editable=False)
    grade_2 = models.PositiveIntegerField(_("grades 2"), default=0, editable=False)
    grade_3 = models.PositiveIntegerField(_("grades 3"), default=0, editable=False)
    grade_4 = models.PositiveIntegerField(_("grades 4"), default=0, editable=False)
    grade_5 = models.PositiveIntegerField(_("grades 5"), default=0, editable=False)

    objects = DemoExamQuerySet.as_manager()

    class Meta:
        verbose_name = _("demonstration exam")
        verbose_name_plural = _("demonstration exams")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="training_exam_dates"),
            models.CheckConstraint(
                condition=Q(threshold_3__gt=0, threshold_4__gt=models.F("threshold_3"),
                            threshold_5__gt=models.F("threshold_4"), max_points__gte=models.F("threshold_5")),
                name="training_exam_thresholds"),
        ]
        indexes = [
            models.Index(fields=["starts_on"], name="training_exam_starts"),
            models.Index(fields=["organization", "starts_on"], name="training_exam_org"),
            models.Index(fields=["competency", "starts_on"], name="training_exam_competency"),
            models.Index(fields=["centre", "starts_on"], name="training_exam_centre"),
            models.Index(fields=["level", "starts_on"], name="training_exam_level"),
            # The register's search by the assessment set (icontains is UPPER(assessment_set) LIKE '%…%').
            GinIndex(OpClass(Upper("assessment_set"), name="gin_trgm_ops"), name="training_exam_set_trgm"),
        ]

    def __str__(self):
        return f"{self.competency} — {self.assessment_set}, {self.starts_on:%d.%m.%Y}"

    @property
    def is_locked(self) -> bool:
        """A finished exam changes no more: neither its facts nor its results."""
        return self.status == ExamStatus.FINISHED

    @property
    def badge(self) -> str:
        return {"draft": "draft", "submitted": "submitted", "finished": "approved"}[self.status]

    @property
    def average(self) -> Decimal | None:
        """The average points of the students who have points (None before any)."""
        return self.points_total / self.scored if self.scored else None

    def grade_for(self, points) -> int:
        """The grade 2-5 for points by the set's thresholds."""
        for grade, threshold in ((5, self.threshold_5), (4, self.threshold_4), (3, self.threshold_3)):
            if points >= threshold:
                return grade
        return 2


class ExamParticipant(models.Model):
    """A student who sat the exam: a learner of the platform or a name from the organisation's list, with the
    points and the grade the thresholds give."""

    exam = models.ForeignKey(DemoExam, verbose_name=_("demonstration exam"), on_delete=models.CASCADE,
                             related_name="participants")
    learner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("learner on the platform"), null=True,
                                blank=True, on_delete=models.SET_NULL, related_name="demo_exam_results")
    full_name = models.CharField(_("full name"), max_length=300)
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2, null=True, blank=True,
                                 validators=[MinValueValidator(0)])
    grade = models.PositiveSmallIntegerField(_("grade"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("participant of a demonstration exam")
        verbose_name_plural = _("participants of demonstration exams")
        ordering = ["full_name", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(grade__isnull=True) | Q(grade__gte=2, grade__lte=5),
                                   name="training_exam_grade_2_5"),
            models.UniqueConstraint(fields=["exam", "learner"], condition=Q(learner__isnull=False),
                                    name="training_exam_learner_once"),
        ]
        indexes = [models.Index(fields=["learner"], name="training_exam_part_learner")]

    def __str__(self):
        return self.full_name


class ExamRegionGroup(models.Model):
    """One group of the whole region's register statistics (issue 15): the totals of the exams of a competency, an
    organisation, a municipality, a year or a centre, or of every exam (kind «total»). Rebuilt by `summarize`; the
    register of ЦОПП staff without a filter reads its first groups by an index instead of grouping every exam."""

    kind = models.CharField(max_length=12)
    key = models.BigIntegerField()  # the competency's, organisation's, municipality's or centre's id; the year; 0
    figure = models.PositiveIntegerField()  # what the group is ranked by: students (exams for the centres)
    all_exams = models.PositiveIntegerField()
    exams = models.PositiveIntegerField()  # exams with students
    people = models.PositiveIntegerField()
    scored = models.PositiveIntegerField()
    points = models.DecimalField(max_digits=14, decimal_places=2)
    grade_2 = models.PositiveIntegerField()
    grade_3 = models.PositiveIntegerField()
    grade_4 = models.PositiveIntegerField()
    grade_5 = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="training_exam_region_group_key")]
        indexes = [models.Index(fields=["kind", "-figure", "key"], name="training_exam_region_rank")]

    def __str__(self):
        return f"{self.kind} {self.key}: {self.figure}"
