"""Reads shared by views, the API and exports: groups, weeks, the region timetable, the journal grid, ratings
and the site load (M20, M21, D5, D8)."""
import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import Count, DateField, DurationField, Exists, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import TruncMonth, TruncWeek
from django.utils import timezone
from django.utils.translation import gettext

from copp.admissions.models import Application, ApplicationKind, ApplicationStatus, Participant
from copp.core.access import has_capability
from copp.core.roles import Cap
from copp.directories.models import AttendanceStatus, GradeScale, GradeValue
from copp.organizations.models import Organization
from copp.programs.models import Program, ProgramModule
from copp.resources.models import Site
from copp.resources.models.base import own_organization_ids

from .models import Enrolment, EnrolmentStatus, Group, Lesson, LessonStatus, Mark, ModuleGrade, TeacherBooking

DEFAULT_SCALE = "five_point"


def group_providers_for(user):
    """The organisations whose groups the user may make: every one for TRAINING_ALL, else the own ones."""
    if has_capability(user, Cap.TRAINING_ALL):
        return Organization.objects.order_by("short_name")
    if has_capability(user, Cap.TRAINING_MANAGE):
        return Organization.objects.filter(pk__in=Subquery(own_organization_ids(user))).order_by("short_name")
    return Organization.objects.none()


def groups_search(qs, text: str):
    """Groups whose code or program title holds the text: the union of two trigram-indexed reads
    (`training_group_code_trgm`, `programs_program_title_trgm`), not an OR across a join."""
    by_code = Group.objects.filter(code__icontains=text).order_by().values("pk")
    by_title = Group.objects.filter(program__in=Program.objects.filter(title__icontains=text).values("pk")
                                    ).order_by().values("pk")
    return qs.filter(pk__in=by_code.union(by_title))


def with_learner_counts(groups) -> list[Group]:
    """The groups of one page with `learners` (studying now), counted by one query for these groups only, after
    paging: not a count over every group before the page is taken."""
    groups = list(groups)
    counts = dict(Enrolment.objects.filter(group__in=[g.pk for g in groups], status=EnrolmentStatus.STUDYING)
                  .order_by().values("group").annotate(n=Count("pk")).values_list("group", "n"))
    for group in groups:
        group.learners = counts.get(group.pk, 0)
    return groups


def accepted_applications(group: Group):
    """Accepted personal applications to the group's program, waiting to be enrolled."""
    return (Application.objects.filter(program=group.program, kind=ApplicationKind.INDIVIDUAL,
                                       status=ApplicationStatus.ACCEPTED)
            .select_related("applicant").order_by("submitted_at", "pk"))


def accepted_participants(group: Group):
    """Accepted people of accepted organisation applications (employer and teacher lists) to the group's
    program, waiting to be enrolled."""
    return (Participant.objects.filter(application__program=group.program_id,
                                       application__kind__in=(ApplicationKind.MASS, ApplicationKind.UPSKILLING),
                                       application__status=ApplicationStatus.ACCEPTED,
                                       status=ApplicationStatus.ACCEPTED)
            .select_related("application__organization").order_by("application__submitted_at", "order", "pk"))


def week_bounds(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    monday = day - datetime.timedelta(days=day.weekday())
    return monday, monday + datetime.timedelta(days=6)


def _aware(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def lessons_between(qs, first: datetime.date, last: datetime.date):
    return (qs.filter(starts_at__gte=_aware(first), starts_at__lt=_aware(last + datetime.timedelta(days=1)))
            .select_related("group__program", "lesson_type", "site", "room__site", "module")
            .prefetch_related("teacher_bookings__teacher").order_by("starts_at", "pk"))


def lessons_of_person(user):
    """The lessons a person studies at (as an enrolled learner) or teaches: the union of two indexed reads (the
    lessons of the person's groups, the person's teacher bookings), not an OR of two joins over every lesson."""
    learning = Lesson.objects.filter(
        group__in=Enrolment.objects.filter(learner=user, status__in=(EnrolmentStatus.STUDYING,
                                                                      EnrolmentStatus.COMPLETED)).values("group_id"),
    ).order_by().values("pk")
    teaching = TeacherBooking.objects.filter(teacher__user=user).order_by().values("lesson_id")
    # The ids are read first (one query): inside a larger query the planner cannot tell how few they are and
    # would join them with the region's lessons of the period instead.
    return Lesson.objects.filter(pk__in=list(learning.union(teaching).values_list("pk", flat=True)))


def days_of(lessons, first: datetime.date) -> list[tuple[datetime.date, list[Lesson]]]:
    days = [(first + datetime.timedelta(days=i), []) for i in range(7)]
    for lesson in lessons:
        index = (timezone.localtime(lesson.starts_at).date() - first).days
        if 0 <= index < 7:
            days[index][1].append(lesson)
    return days


def region_lessons(*, organization=None, site=None, competency=None, program=None, teacher=None):
    """The region-wide timetable, narrowed by the filters given."""
    qs = Lesson.objects.planned()
    if organization:
        qs = qs.filter(group__provider=organization)
    if site:
        qs = qs.filter(site=site)
    if competency:
        qs = qs.filter(group__program__in=Program.objects.filter(competencies=competency).values("pk"))
    if program:
        qs = qs.filter(group__program=program)
    if teacher:
        qs = qs.filter(pk__in=TeacherBooking.objects.filter(teacher=teacher, is_active=True).values("lesson_id"))
    # Filters over many-valued relations are subqueries, so no row repeats and no DISTINCT is needed: with it
    # the database sorted the whole week of the region to drop duplicates before taking a page (M32).
    return qs


def scale_of(group: Group) -> GradeScale | None:
    return group.grade_scale or GradeScale.objects.filter(code=DEFAULT_SCALE).first()


@dataclass
class Journal:
    """Everything the grid needs, read with a fixed number of queries."""

    group: Group
    enrolments: list
    lessons: list
    cells: dict = field(default_factory=dict)  # (enrolment_id, lesson_id) -> Mark
    statuses: list = field(default_factory=list)
    grades: list = field(default_factory=list)
    modules: list = field(default_factory=list)  # the modules of the group's program, in order
    module_cells: dict = field(default_factory=dict)  # (enrolment_id, module_id) -> ModuleGrade

    def rows(self):
        for enrolment in self.enrolments:
            yield enrolment, [(lesson, self.cells.get((enrolment.pk, lesson.pk))) for lesson in self.lessons]

    def module_row(self, enrolment) -> list:
        return [(module, self.module_cells.get((enrolment.pk, module.pk))) for module in self.modules]

    def grid(self):
        """(enrolment, lesson cells, module cells) per learner: the whole journal row."""
        for enrolment, cells in self.rows():
            yield enrolment, cells, self.module_row(enrolment)


def journal_of(group: Group, *, learner=None) -> Journal:
    """The grid of a group: learners × planned lessons with their marks (one learner's row if given)."""
    return journals_of([group], learner=learner)[0]


def journals_of(groups, *, learner=None) -> list[Journal]:
    """The grids of several groups (a program's rating, a learner's marks) in a fixed number of queries,
    whatever the number of groups, learners and lessons: each kind of row is read once for all of them."""
    groups = list(groups)
    ids = [g.pk for g in groups]
    enrolments = Enrolment.objects.filter(group__in=ids).select_related("learner", "final_grade", "group")
    if learner is not None:
        enrolments = enrolments.filter(learner=learner)
    enrolments = list(enrolments.exclude(status=EnrolmentStatus.MOVED))
    lessons = list(Lesson.objects.filter(group__in=ids, status=LessonStatus.PLANNED)
                   .select_related("lesson_type").order_by("starts_at", "pk"))
    statuses = {s.pk: s for s in AttendanceStatus.objects.filter(is_active=True)}
    default = None if all(g.grade_scale_id for g in groups) else GradeScale.objects.filter(code=DEFAULT_SCALE).first()
    scale_ids = {g.grade_scale_id or (default.pk if default else None) for g in groups} - {None}
    grades = {g.pk: g for g in GradeValue.objects.filter(scale__in=scale_ids)} if scale_ids else {}
    cells = {}
    for mark in Mark.objects.filter(enrolment__in=[e.pk for e in enrolments]):
        mark.attendance = statuses.get(mark.attendance_id) if mark.attendance_id else None
        mark.grade = grades.get(mark.grade_id) if mark.grade_id else None
        cells[(mark.enrolment_id, mark.lesson_id)] = mark
    # Intermediate grades per program module: two more queries, whatever the size of the grids.
    modules = list(ProgramModule.objects.filter(program__in={g.program_id for g in groups}).order_by("order", "pk"))
    module_cells = {}
    if modules and enrolments:
        for cell in ModuleGrade.objects.filter(enrolment__in=[e.pk for e in enrolments]):
            cell.grade = grades.get(cell.grade_id) if cell.grade_id else None
            module_cells[(cell.enrolment_id, cell.module_id)] = cell
    journals = []
    for group in groups:
        scale_id = group.grade_scale_id or (default.pk if default else None)
        journals.append(Journal(
            group=group, enrolments=[e for e in enrolments if e.group_id == group.pk],
            lessons=[lesson for lesson in lessons if lesson.group_id == group.pk], cells=cells,
            statuses=list(statuses.values()), grades=[g for g in grades.values() if g.scale_id == scale_id],
            modules=[m for m in modules if m.program_id == group.program_id], module_cells=module_cells))
    return journals


# The rating (D8), shown on the ratings page as written here:
#   attendance % = lessons attended (present or late) / lessons held with an attendance mark × 100
#   grade %      = average of the lesson grades and the module grades (each counts as one grade)
#                  / the scale's highest grade × 100
#   intermediate rating = 0.6 × grade % + 0.4 × attendance %   (a part with no data counts as the other part)
#   final rating = 0.5 × final grade % + 0.5 × intermediate rating, once the final grade is set
GRADE_WEIGHT, ATTENDANCE_WEIGHT, FINAL_WEIGHT = Decimal("0.6"), Decimal("0.4"), Decimal("0.5")


@dataclass
class Rating:
    enrolment: Enrolment
    attendance: Decimal | None
    grade: Decimal | None
    intermediate: Decimal | None
    final: Decimal | None
    place: int = 0


def _pct(part, whole) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


def rating_of(journal: Journal) -> list[Rating]:
    top = max((g.points for g in journal.grades), default=Decimal(0))
    ratings = []
    for enrolment, cells in journal.rows():
        marked = [m for _lesson, m in cells if m is not None and m.attendance is not None]
        attended = sum(1 for m in marked if m.attendance.counts_as_present)
        graded = [m.grade.points for _lesson, m in cells if m is not None and m.grade is not None]
        graded += [g.grade.points for _module, g in journal.module_row(enrolment) if g is not None and g.grade]
        attendance = _pct(attended, len(marked))
        grade = _pct(sum(graded) / len(graded), top) if graded and top else None
        if grade is not None and attendance is not None:
            intermediate = (GRADE_WEIGHT * grade + ATTENDANCE_WEIGHT * attendance).quantize(Decimal("0.1"))
        else:
            intermediate = grade if grade is not None else attendance
        final = None
        if enrolment.final_grade is not None and top:
            final_pct = _pct(enrolment.final_grade.points, top)
            # A learner with no intermediate data counts the final grade twice; a real 0 stays 0.
            rest = intermediate if intermediate is not None else final_pct
            final = (FINAL_WEIGHT * final_pct + FINAL_WEIGHT * rest).quantize(Decimal("0.1"))
        ratings.append(Rating(enrolment, attendance, grade, intermediate, final))
    return _rank(ratings)


def _rank(ratings: list[Rating]) -> list[Rating]:
    ordered = sorted(ratings, key=lambda r: -(r.final if r.final is not None else (r.intermediate or -1)))
    for place, rating in enumerate(ordered, start=1):
        rating.place = place
    return ordered


def program_rating(groups) -> list[Rating]:
    """One rating across several groups of a program (their journals read together, in fixed queries)."""
    return _rank([rating for journal in journals_of(groups) for rating in rating_of(journal)])


def employees_enrolments(user):
    """The enrolments of the people the user's organisations sent."""
    return (Enrolment.objects.filter(sent_by__in=Subquery(own_organization_ids(user)))
            .select_related("learner", "group__program", "final_grade", "sent_by").order_by("-group__starts_on", "pk"))


def attendance_summary(enrolment_ids) -> dict[int, tuple[int, int]]:
    """(attended, marked) per enrolment."""
    rows = (Mark.objects.filter(enrolment__in=enrolment_ids, attendance__isnull=False).values("enrolment_id")
            .annotate(marked=Count("pk"), attended=Count("pk", filter=Q(attendance__counts_as_present=True))))
    return {r["enrolment_id"]: (r["attended"], r["marked"]) for r in rows}


LOAD_PAGE_SIZE = 50  # sites of the load table on one page


def _planned_at_sites(first: datetime.date, last: datetime.date):
    return Lesson.objects.planned().filter(starts_at__gte=_aware(first),
                                           starts_at__lt=_aware(last + datetime.timedelta(days=1)))


def load_sites(first: datetime.date, last: datetime.date):
    """The sites with planned lessons in the period, by name: the load table pages over them by keyset
    (`lists.name_keyset_page`), and each page's hours are summed for its sites only.

    Which sites have lessons is an EXISTS probe of `training_lesson_site_planned (site, starts_at)` per site, walked
    in the order of `resources_site_name_order (name, id)` and stopped after a page: the cost of a page is its 50
    sites, whatever the size of the region. (Reading the distinct sites of the period's lessons instead read every
    lesson of the period — the whole region's timetable for a long period, 600 000 rows at scale 1.)"""
    return (Site.objects.filter(Exists(_planned_at_sites(first, last).filter(site=OuterRef("pk"))))
            .select_related("organization").order_by("name", "pk"))


def load_places(first: datetime.date, last: datetime.date, *, by: str = "week", level: str = "site",
                sites=()) -> list[dict]:
    """Hours per period of each place (site, or workshop/room with level="room") of the given sites, summed by
    the database (two grouped queries over the sites' index ranges): dicts with the name, the organisation,
    hours by period start and the programs, in the table's order."""
    sites = list(sites)
    if not sites:
        return []
    trunc = TruncWeek if by == "week" else TruncMonth
    lessons = _planned_at_sites(first, last).filter(site__in=[s.pk for s in sites])
    place = ("site_id", "room_id", "room__name") if level == "room" else ("site_id",)
    # One read of the sites' lessons: hours and the groups per place and period; the groups' program titles are
    # read after for those few groups, not joined to every lesson of the period.
    hours = list(lessons.annotate(period=trunc("starts_at", output_field=DateField())).values(*place, "period")
                 .annotate(length=Sum(F("ends_at") - F("starts_at"), output_field=DurationField()),
                           groups=ArrayAgg("group_id", distinct=True)).order_by())
    titles = dict(Group.objects.filter(pk__in={g for row in hours for g in row["groups"]})
                  .values_list("pk", "program__title"))
    whole_site = gettext("the whole site")  # a lesson without a room takes the whole site
    by_site = {s.pk: s for s in sites}
    table = {}
    for row in hours:
        key = tuple(row[k] for k in place[:2])
        site = by_site[row["site_id"]]
        name = f"{site.name} — {row['room__name'] or whole_site}" if level == "room" else site.name
        entry = table.setdefault(key, {"name": name, "organization": site.organization.short_name, "hours": {},
                                       "programs": [], "order": (site.name, site.pk, row.get("room__name") or "")})
        entry["hours"][row["period"]] = entry["hours"].get(row["period"], Decimal(0)) + (
            Decimal(row["length"].total_seconds()) / 3600)
        entry.setdefault("titles", set()).update(titles[g] for g in row["groups"])
    for entry in table.values():
        entry["programs"] = sorted(entry.pop("titles"))
    return sorted(table.values(), key=lambda r: r["order"])


def load_rows(places: list[dict]):
    """(periods, rows) of the table: the periods that have lessons at these places, a value per period."""
    periods = sorted({period for place in places for period in place["hours"]})
    rows = []
    for place in places:
        values = [place["hours"].get(p, Decimal(0)).quantize(Decimal("0.1")) for p in periods]
        rows.append({"name": place["name"], "organization": place["organization"], "values": values,
                     "total": sum(values, Decimal(0)), "programs": place["programs"]})
    return periods, rows


def site_load(first: datetime.date, last: datetime.date, *, by: str = "week", level: str = "site", sites=None):
    """D5: hours of planned lessons per site (or per workshop/room, level="room") and per week (or month) of a
    period for the given sites (a page of `load_sites`; every one when None): (periods, rows for the table and
    the chart). A lesson that takes a whole site counts as «the whole site»."""
    sites = load_sites(first, last) if sites is None else sites
    return load_rows(load_places(first, last, by=by, level=level, sites=sites))
