"""The definition of every indicator (M27): which records count, which date decides the day, which
organisation, program, customer and site a record belongs to. The refresh aggregates these querysets into
daily facts in the database (INSERT … SELECT, no rows travel to Python) and the drill-down lists the same
querysets, so a figure and the records behind it never disagree. Described in docs/monitoring.md."""
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    Exists,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from copp.admissions.models import Application, ApplicationKind, ApplicationStatus, LearnerCategory, StatusChange
from copp.careers.models import PlanConsultation
from copp.events.models import EventRegistration, EventType
from copp.training.models import Enrolment, EnrolmentStatus, ExamParticipant, ExamStatus, Lesson, Mark

from .models import Category, Metric

# Events whose participants count as career guidance: guidance events, open days, excursions to employers, job
# fairs and professional trials (the «профориентационные мероприятия и профпробы» of the ЦОПП recommendations);
# the trials' participants are also counted apart.
CAREER_EVENT_TYPES = (EventType.CAREER_GUIDANCE, EventType.OPEN_DAY, EventType.EXCURSION, EventType.JOB_FAIR,
                      EventType.PROFESSIONAL_TRIAL)
# The categories a learner names on their own application (the rest come from how they came: lists, employers).
OWN_CATEGORIES = [c for c in LearnerCategory.values if c]


def local_day(path: str):
    """The calendar day of a moment in the region's zone (the zone active in the request or the task)."""
    return TruncDate(path, tzinfo=timezone.get_current_timezone())


def days_between(later, earlier):
    """Whole days from one date to another; -1 when the earlier step is unknown."""
    return Coalesce(Func(later, earlier, template="(%(expressions)s)", arg_joiner=" - ",
                         output_field=IntegerField()), Value(-1))


def _none(kind=IntegerField):
    return Value(None, output_field=kind())


def _enrolment_category():
    """Teachers came on an educational organisation's upskilling list; a learner's own application says what
    they named themselves (school student, unemployed, pre-retirement age, teacher); employees were sent by an
    employer; the rest named nothing."""
    return Case(
        When(Q(application__kind=ApplicationKind.UPSKILLING)
             | Q(participant__application__kind=ApplicationKind.UPSKILLING), then=Value(Category.TEACHER)),
        When(application__category__in=OWN_CATEGORIES, then=F("application__category")),
        When(sent_by__isnull=False, then=Value(Category.EMPLOYEE)),
        default=Value(Category.NONE), output_field=CharField())


def _enrolment_applied_day():
    return Coalesce(local_day("application__submitted_at"), local_day("participant__application__submitted_at"))


def _completion_day():
    return Coalesce(F("document_date"), local_day("updated_at"), output_field=DateField())


@dataclass(frozen=True)
class Source:
    """One indicator: `records()` are the rows counted, the other fields are the paths (or expressions) that
    give each row's day and dimensions; `changed` is the field whose later value marks a row as changed."""

    metric: str
    records: Callable[[], QuerySet]
    day: Callable
    organization: str
    changed: str
    program: str | None = None
    customer: str | None = None
    site: str | None = None
    category: Callable | None = None
    bucket: Callable | None = None
    value: Callable = field(default=lambda: Count("pk"))
    label: Callable = field(default=str)  # the drill-down row's text
    related: tuple = ()  # select_related of the drill-down list
    # Rows whose own `changed` field stays put when a related record changes (an application whose learner
    # completed): a rule on `since` that marks them changed too, for the incremental refresh.
    touched: Callable | None = None
    # Counted when asked, not stored as facts: the distinct values of this field over the whole chosen period
    # (each person once per period, which sums of days cannot give).
    distinct: str | None = None

    def annotated(self) -> QuerySet:
        """The records with f_day, f_org, f_program, f_customer, f_site, f_category and f_bucket."""
        return self.records().annotate(
            f_day=self.day(),
            f_org=F(self.organization),
            f_program=F(self.program) if self.program else _none(),
            f_customer=F(self.customer) if self.customer else _none(),
            f_site=F(self.site) if self.site else _none(),
            f_category=self.category() if self.category else Value("", output_field=CharField()),
            f_bucket=self.bucket() if self.bucket else Value(0, output_field=IntegerField()),
        )


def _lesson_hours():
    return Sum(Func(F("ends_at") - F("starts_at"), template="EXTRACT(EPOCH FROM %(expressions)s) / 3600.0",
                    output_field=FloatField()))


def _registration_label(reg):
    return f"{reg.user.get_full_name() or reg.user.email} — {reg.event.title}"


def _enrolment_label(enrolment):
    return f"{enrolment.learner.get_full_name() or enrolment.learner.email} — {enrolment.group.code}"


def _places(**lookup):
    """The places in groups given on an application (a person's own, or a row of an organisation's list)."""
    return Exists(Enrolment.objects.filter(Q(application=OuterRef("pk")) | Q(participant__application=OuterRef("pk")),
                                           **lookup).exclude(status=EnrolmentStatus.MOVED))


# The applications funnel is a cohort: the applications filed in the period and how far each has got by now.
# Each step is a subset of the one before (a place in a group implies the application was accepted, even where
# the acceptance was not recorded as a status change), so no conversion passes 100 %. An application counts
# once at each step, however many people an employer's list placed.
def _placed():
    return _places()


def _accepted_or_later():
    return Exists(StatusChange.objects.filter(application=OuterRef("pk"), to_status=ApplicationStatus.ACCEPTED,
                                              participant__isnull=True)) | _placed()


def _completed():
    return _places(status=EnrolmentStatus.COMPLETED)


def _documented():
    return Exists(Enrolment.objects.filter(Q(application=OuterRef("pk")) | Q(participant__application=OuterRef("pk")),
                                           status=EnrolmentStatus.COMPLETED, document_date__isnull=False)
                  .exclude(document_number=""))


def _cohort(reached):
    return lambda: Application.objects.filter(reached(), program__isnull=False)


def _cohort_touched(since):
    """An application is touched when its places or its status changes move, not only when it is edited."""
    # Semi-joins on the changed rows (not joins of every application with its places and history).
    changed = Enrolment.objects.filter(updated_at__gt=since)
    return (Q(pk__in=changed.filter(application__isnull=False).values("application"))
            | Q(pk__in=changed.filter(participant__isnull=False).values("participant__application"))
            | Q(pk__in=StatusChange.objects.filter(at__gt=since).values("application")))


SOURCES: dict[str, Source] = {source.metric: source for source in (
    Source(Metric.APPLICATIONS_FILED,
           lambda: Application.objects.filter(program__isnull=False),
           lambda: local_day("submitted_at"), "provider", "updated_at", program="program", customer="organization",
           category=lambda: Case(When(kind=ApplicationKind.UPSKILLING, then=Value(Category.TEACHER)),
                                 When(kind=ApplicationKind.MASS, then=Value(Category.EMPLOYEE)),
                                 default=F("category"), output_field=CharField()),
           label=lambda a: f"№ {a.number} — {a.full_name or a.get_kind_display()}"),
    # The first acceptance of an application (an application accepted again after a return counts once).
    Source(Metric.APPLICATIONS_ACCEPTED,
           lambda: StatusChange.objects.filter(
               ~Exists(StatusChange.objects.filter(to_status=ApplicationStatus.ACCEPTED, participant__isnull=True,
                                                   application=OuterRef("application"), pk__lt=OuterRef("pk"))),
               to_status=ApplicationStatus.ACCEPTED, participant__isnull=True, application__program__isnull=False),
           lambda: local_day("at"), "application__provider", "at", program="application__program",
           customer="application__organization",
           bucket=lambda: days_between(local_day("at"), local_day("application__submitted_at")),
           label=lambda c: f"№ {c.application.number}", related=("application",)),
    # A move to another group leaves a «moved» row behind and a new row in the new group: the person counts once.
    Source(Metric.ENROLLED,
           lambda: Enrolment.objects.exclude(status=EnrolmentStatus.MOVED),
           lambda: local_day("created_at"), "group__provider", "updated_at", program="group__program",
           customer="sent_by", category=_enrolment_category,
           bucket=lambda: days_between(local_day("created_at"), _enrolment_applied_day()),
           label=_enrolment_label, related=("learner", "group")),
    Source(Metric.COMPLETED,
           lambda: Enrolment.objects.filter(status=EnrolmentStatus.COMPLETED),
           _completion_day, "group__provider", "updated_at", program="group__program", customer="sent_by",
           category=_enrolment_category,
           bucket=lambda: days_between(_completion_day(), local_day("created_at")),
           label=_enrolment_label, related=("learner", "group")),
    Source(Metric.EXPELLED,
           lambda: Enrolment.objects.filter(status=EnrolmentStatus.EXPELLED),
           lambda: local_day("updated_at"), "group__provider", "updated_at", program="group__program",
           customer="sent_by", category=_enrolment_category,
           label=_enrolment_label, related=("learner", "group")),
    Source(Metric.DOCUMENTS_ISSUED,
           lambda: Enrolment.objects.filter(status=EnrolmentStatus.COMPLETED, document_date__isnull=False)
           .exclude(document_number=""),
           lambda: F("document_date"), "group__provider", "updated_at", program="group__program",
           customer="sent_by", category=_enrolment_category,
           bucket=lambda: days_between(F("document_date"), _completion_day()),
           label=lambda e: f"{_enrolment_label(e)} — {e.document_series} {e.document_number}".strip(),
           related=("learner", "group")),
    Source(Metric.EVENT_PARTICIPANTS,
           lambda: EventRegistration.objects.filter(checked_in_at__isnull=False),
           lambda: local_day("event__starts_at"), "event__organizer", "updated_at",
           label=_registration_label, related=("user", "event")),
    Source(Metric.CAREER_GUIDANCE,
           lambda: EventRegistration.objects.filter(checked_in_at__isnull=False, event__type__in=CAREER_EVENT_TYPES),
           lambda: local_day("event__starts_at"), "event__organizer", "updated_at",
           label=_registration_label, related=("user", "event")),
    Source(Metric.PROFESSIONAL_TRIALS,
           lambda: EventRegistration.objects.filter(checked_in_at__isnull=False,
                                                    event__type=EventType.PROFESSIONAL_TRIAL),
           lambda: local_day("event__starts_at"), "event__organizer", "updated_at",
           label=_registration_label, related=("user", "event")),
    # Citizens consulted on an individual learning plan: each person once in the chosen period (counted live from
    # the register, a small table), on the consultation's day, for the consulting organisation.
    Source(Metric.PLAN_CONSULTATIONS, lambda: PlanConsultation.objects.all(), lambda: F("held_on"), "organization",
           "updated_at", program="program", distinct="person_key",
           label=lambda c: f"{c.full_name} — {c.topic}", related=("organization",)),
    Source(Metric.ATTENDANCE_MARKS,
           lambda: Mark.objects.filter(attendance__isnull=False, lesson__status="planned"),
           lambda: local_day("lesson__starts_at"), "lesson__group__provider", "updated_at",
           program="lesson__group__program", customer="enrolment__sent_by",
           label=lambda m: f"{_enrolment_label(m.enrolment)} — {m.lesson}",
           related=("enrolment__learner", "enrolment__group", "lesson__group")),
    Source(Metric.ATTENDANCE_PRESENT,
           lambda: Mark.objects.filter(attendance__counts_as_present=True, lesson__status="planned"),
           lambda: local_day("lesson__starts_at"), "lesson__group__provider", "updated_at",
           program="lesson__group__program", customer="enrolment__sent_by",
           label=lambda m: f"{_enrolment_label(m.enrolment)} — {m.lesson}",
           related=("enrolment__learner", "enrolment__group", "lesson__group")),
    # Workshop load: planned lesson hours at a site, counted for the site's organisation (its owner).
    Source(Metric.SITE_HOURS,
           lambda: Lesson.objects.planned().filter(site__isnull=False),
           lambda: local_day("starts_at"), "site__organization", "updated_at", program="group__program",
           site="site", value=_lesson_hours,
           label=lambda lesson: f"{lesson.site} — {lesson}", related=("site", "group")),
    *(Source(metric, _cohort(reached), lambda: local_day("submitted_at"), "provider", "updated_at",
             program="program", customer="organization", touched=_cohort_touched,
             label=lambda a: f"№ {a.number} — {a.full_name or a.get_kind_display()}")
      for metric, reached in ((Metric.FUNNEL_ACCEPTED, _accepted_or_later), (Metric.FUNNEL_ENROLLED, _placed),
                              (Metric.FUNNEL_COMPLETED, _completed), (Metric.FUNNEL_DOCUMENT, _documented))),
    # The demonstration exam (D6): students of checked (locked) exams with points, on the exam's last day, for
    # the organisation whose students sat it, at the exam centre.
    *(Source(metric, records, lambda: F("exam__ends_on"), "exam__organization", "updated_at", site="exam__centre",
             touched=lambda since: Q(exam__updated_at__gt=since),
             label=lambda p: f"{p.full_name} — {p.exam.competency}: {p.points} ({p.grade})",
             related=("exam__competency",))
      for metric, records in (
          (Metric.DEMO_EXAM_PARTICIPANTS,
           lambda: ExamParticipant.objects.filter(exam__status=ExamStatus.FINISHED, points__isnull=False)),
          (Metric.DEMO_EXAM_PASSED,
           lambda: ExamParticipant.objects.filter(exam__status=ExamStatus.FINISHED, grade__gte=3)))),
)}


def contacts_sql():
    """SQL and parameters of every contact of a person with the network (an individual application, a place
    in a group, a visit to an event): columns person, day, organisation. The basis of «citizens covered»."""
    parts = [
        Application.objects.filter(kind=ApplicationKind.INDIVIDUAL, program__isnull=False)
        .annotate(c_person=F("applicant"), c_day=local_day("submitted_at"), c_org=F("provider")),
        Enrolment.objects.exclude(status=EnrolmentStatus.MOVED)
        .annotate(c_person=F("learner"), c_day=local_day("created_at"), c_org=F("group__provider")),
        EventRegistration.objects.filter(checked_in_at__isnull=False)
        .annotate(c_person=F("user"), c_day=local_day("event__starts_at"), c_org=F("event__organizer")),
    ]
    sqls, params = [], []
    for qs in parts:
        sql, part_params = qs.order_by().values_list("c_person", "c_day", "c_org").query.sql_with_params()
        sqls.append(f"({sql})")
        params.extend(part_params)
    return " UNION ALL ".join(sqls), params


# Changes to these rows move people's first contact; the refresh looks at them for citizens covered.
CONTACT_CHANGES = (
    (Application.objects.filter(kind=ApplicationKind.INDIVIDUAL), "updated_at", lambda: local_day("submitted_at")),
    (Enrolment.objects.all(), "updated_at", lambda: local_day("created_at")),
    (EventRegistration.objects.all(), "updated_at", lambda: local_day("event__starts_at")),
)
