"""Demo data of training: groups in several states with schedules, filled journals and completion documents."""
import datetime
import random

import holidays
from django.db import transaction
from django.utils import timezone

from copp.accounts.models import RoleAssignment, User
from copp.core.roles import Role
from copp.directories.models import AttendanceStatus, GradeScale, GradeValue, LessonType
from copp.organizations.models import Organization
from copp.programs.models import Program
from copp.programs.selectors import published_version
from copp.resources.demo import COLLEGE, PERVOURALSK, TAGIL
from copp.resources.models import Equipment, Room, Site, StaffMember

from .models import Enrolment, EnrolmentStatus, Group, GroupStatus, Lesson, Mark, MarkChange, ModuleGrade
from .scheduling import LessonPlan, lessons_from_pattern
from .services import enrol_participant

LEARNERS = [("Морозова", "Анна"), ("Волков", "Игорь"), ("Егорова", "Ольга"), ("Павлов", "Кирилл"),
            ("Семёнова", "Юлия"), ("Голубев", "Денис"), ("Виноградова", "Мария"), ("Богданов", "Артём"),
            ("Воробьёва", "Светлана"), ("Фёдоров", "Максим")]
TOPICS = ["Техника безопасности в мастерской", "Подготовка кромок под сварку", "Сварка пластин в нижнем положении",
          "Сварка в вертикальном положении", "Контроль качества швов", "Чтение чертежей сварных конструкций"]


def _learners() -> list[User]:
    people = list(User.objects.filter(email="learner@copp.local"))
    for i, (last, first) in enumerate(LEARNERS, start=1):
        user, created = User.objects.get_or_create(email=f"learner{i:02d}@copp.local", defaults={
            "last_name": last, "first_name": first, "patronymic": ""})
        if created:
            user.set_unusable_password()
            user.save()
        RoleAssignment.objects.get_or_create(user=user, role=Role.LEARNER)
        people.append(user)
    return people


def _schedule(group, *, first, last, weekdays, site, room, teachers, equipment, start=datetime.time(10, 0),
              topics=TOPICS):
    if group.lessons.exists():
        return
    kind = LessonType.objects.filter(code="practice").first() or LessonType.objects.first()
    plan = LessonPlan(group=group, starts_at=None, ends_at=None, topic=topics[0], lesson_type=kind, site=site,
                      room=room, teachers=teachers, equipment=equipment)
    end = (datetime.datetime.combine(first, start) + datetime.timedelta(hours=2)).time()
    # The demo schedules as the CoPP staff member does on the page (its accounts are made before the groups).
    staff = User.objects.filter(email="staff@copp.local").first()
    lessons_from_pattern(actor=staff, plan=plan, date_from=first, date_to=last, weekdays=weekdays,
                         start_time=start, end_time=end)
    # No lessons on public holidays and the days off of the Russian production calendar (with the transfers).
    days_off = holidays.country_holidays("RU", years=range(first.year, last.year + 1))
    for lesson in list(group.lessons.all()):
        if timezone.localdate(lesson.starts_at) in days_off:
            lesson.delete()
    for i, lesson in enumerate(group.lessons.order_by("starts_at")):
        Lesson.objects.filter(pk=lesson.pk).update(topic=topics[i % len(topics)])


def _fill_journal(group, until):
    if Mark.objects.filter(lesson__group=group).exists():
        return
    rng = random.Random(group.code)
    statuses = {s.code: s for s in AttendanceStatus.objects.all()}
    grades = list(GradeValue.objects.filter(scale__code="five_point", is_passing=True))
    marks = []
    for enrolment in group.enrolments.all():
        for lesson in group.lessons.filter(starts_at__lt=until):
            code = rng.choices(["present", "late", "excused", "absent"], weights=[80, 8, 6, 6])[0]
            grade = rng.choice(grades) if grades and code in ("present", "late") and rng.random() < 0.4 else None
            marks.append(Mark(enrolment=enrolment, lesson=lesson, attendance=statuses.get(code), grade=grade))
    Mark.objects.bulk_create(marks)
    MarkChange.objects.bulk_create([MarkChange(mark=m, field="attendance", new_value=m.attendance.code)
                                    for m in marks if m.attendance])
    # Module grades for the modules whose lessons are over: all of a finished group's, the first of a running one.
    modules = list(group.program.modules.order_by("order", "pk"))
    passed = modules if group.ends_on < timezone.localdate() else modules[:1] if group.starts_on < until.date() else []
    cells = [ModuleGrade(enrolment=enrolment, module=module, grade=rng.choice(grades))
             for enrolment in group.enrolments.all() for module in passed if grades]
    ModuleGrade.objects.bulk_create(cells)
    MarkChange.objects.bulk_create([MarkChange(module_grade=c, field="grade", new_value=c.grade.code) for c in cells])


WELDERS = [("Кузнецов", "Роман", "Андреевич", "kuznetsov.welder@example.ru"),
           ("Лебедева", "Ирина", "Олеговна", "lebedeva.welder@example.ru"),
           ("Никитин", "Павел", "Сергеевич", "nikitin.welder@example.ru")]


def _employer_list(program, active_group) -> None:
    """An employer's accepted list for the welding program: one person already in the running group (their
    account made with an invitation), two waiting on the forming group's card to be enrolled."""
    from copp.admissions.models import Application
    from copp.admissions.models import ApplicationStatus as S
    from copp.admissions.services import application_set_status, mass_application_submit, participant_set_status

    staff = User.objects.filter(email="staff@copp.local").first()
    employer = User.objects.filter(email="employer@copp.local").first()
    uztm = Organization.objects.filter(short_name="АО «УЗТМ»").first()
    if not (staff and employer and uztm) or Application.objects.filter(submit_token="demo-mass-welders").exists():
        return
    rows = [{"last_name": last, "first_name": first, "patronymic": middle, "email": email,
             "position": "Сварщик", "consent": True} for last, first, middle, email in WELDERS]
    application = mass_application_submit(actor=employer, organization=uztm, program=program, rows=rows,
                                          comment="Три сварщика цеха № 4.", token="demo-mass-welders")
    application_set_status(actor=staff, application=application, target=S.IN_REVIEW)
    people = list(application.participants.order_by("order"))
    for person in people:
        participant_set_status(actor=staff, participant=person, target=S.ACCEPTED)
    application_set_status(actor=staff, application=application, target=S.ACCEPTED)
    enrol_participant(actor=staff, group=active_group, participant=people[0])


# Groups elsewhere in the network, so that the region timetable and the load chart (D5) show several sites:
# (code, provider INN, a word of the site's name, a word of the program's title, weekdays, start, topics).
NETWORK = [
    ("ДЕМО-ЧПУ-2026-01", COLLEGE, "Токарные", "Оператор станков", [1, 3], datetime.time(10, 0),
     ["Устройство токарного станка с ЧПУ", "Программирование обработки", "Наладка и пробная деталь"]),
    ("ДЕМО-ЭМ-2026-01", TAGIL, "Электромонтаж", "Электромонтажник", [0, 2], datetime.time(14, 0),
     ["Электробезопасность", "Монтаж щита освещения", "Прокладка кабеля", "Проверка цепей"]),
]


def _network_groups(monday, learners, scale) -> None:
    first, last = monday - datetime.timedelta(weeks=3), monday + datetime.timedelta(weeks=5, days=4)
    for code, inn, site_word, program_word, weekdays, start, topics in NETWORK:
        provider = Organization.objects.filter(inn=inn).first()
        site = Site.objects.filter(organization=provider, name__contains=site_word).first() if provider else None
        program = Program.objects.filter(provider=provider, title__contains=program_word).order_by("pk").first()
        teacher = (StaffMember.objects.filter(organization=provider, is_active=True, is_bookable=True)
                   .order_by("-pk").first())
        if not (site and program and teacher):
            continue
        group, created = Group.objects.get_or_create(code=code, defaults={
            "program": program, "provider": provider, "starts_on": first, "ends_on": last,
            "status": GroupStatus.ACTIVE, "capacity": 10, "site": site, "grade_scale": scale,
            "study_form": program.study_form})
        if created:
            group.teachers.set([teacher])
            for learner in learners:
                Enrolment.objects.get_or_create(group=group, learner=learner)
        _schedule(group, first=first, last=last, weekdays=weekdays, site=site,
                  room=Room.objects.filter(site=site).order_by("pk").first(), teachers=[teacher], equipment=[],
                  start=start, topics=topics)
        _fill_journal(group, timezone.now())


@transaction.atomic
def load() -> int:
    """Create the demo groups once (idempotent); returns how many groups there are."""
    college = Organization.objects.filter(inn=COLLEGE).first()
    programs = list(Program.objects.filter(provider=college).order_by("pk")[:2]) if college else []
    if not programs:
        return Group.objects.count()
    teachers = list(StaffMember.objects.filter(organization=college, is_active=True).order_by("user", "pk")[:2])
    site = Site.objects.filter(organization=college).order_by("pk").first()
    room = Room.objects.filter(site=site).order_by("pk").first() if site else None
    welder = Equipment.objects.filter(organization=college, quantity__gte=2).order_by("pk").first()
    scale = GradeScale.objects.filter(code="five_point").first()
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    people = _learners()
    sender = Organization.objects.filter(inn=PERVOURALSK).first()
    states = [
        ("ДЕМО-СВ-2026-01", GroupStatus.COMPLETED, monday - datetime.timedelta(weeks=10),
         monday - datetime.timedelta(weeks=4, days=3), people[5:11]),
        ("ДЕМО-СВ-2026-02", GroupStatus.ACTIVE, monday - datetime.timedelta(weeks=3),
         monday + datetime.timedelta(weeks=5, days=4), people[:6]),
        ("ДЕМО-СВ-2026-03", GroupStatus.FORMING, monday + datetime.timedelta(weeks=6),
         monday + datetime.timedelta(weeks=12, days=4), people[8:10]),
    ]
    for code, status, first, last, learners in states:
        # A completed group's lessons are scheduled while it studies; it is closed below.
        group, created = Group.objects.get_or_create(code=code, defaults={
            "program": programs[0], "provider": college, "starts_on": first, "ends_on": last,
            "status": GroupStatus.ACTIVE if status == GroupStatus.COMPLETED else status,
            "capacity": 12, "site": site, "grade_scale": scale, "study_form": programs[0].study_form})
        if created:
            group.teachers.set(teachers[:1])
            for i, learner in enumerate(learners):
                Enrolment.objects.get_or_create(group=group, learner=learner,
                                                defaults={"sent_by": sender if i % 3 == 0 else None})
        if status == GroupStatus.ACTIVE:  # before the journal is filled, so the employee has marks too
            _employer_list(programs[0], group)
        _schedule(group, first=first, last=last, weekdays=[0, 2, 4] if status != GroupStatus.COMPLETED else [1, 3],
                  site=site, room=room if status != GroupStatus.FORMING else None, teachers=teachers[:1],
                  equipment=[(welder, 2)] if welder and status == GroupStatus.ACTIVE else [])
        _fill_journal(group, timezone.now())
        if status == GroupStatus.COMPLETED:
            Group.objects.filter(pk=group.pk).update(status=status)
            five = GradeValue.objects.filter(scale=scale, code="5").first()
            for n, enrolment in enumerate(group.enrolments.filter(status=EnrolmentStatus.STUDYING), start=1):
                Enrolment.objects.filter(pk=enrolment.pk).update(
                    status=EnrolmentStatus.COMPLETED, final_grade=five, document_type=programs[0].document,
                    document_series="66", document_number=f"0000{n:03d}", document_date=last)
    _network_groups(monday, people[1:5], scale)
    _record_versions()
    return Group.objects.count()


def _record_versions() -> None:
    """Each demo group studies by the program version published when it was made (the card shows it)."""
    for group in Group.objects.filter(program_version__isnull=True).select_related("program"):
        version = published_version(group.program)
        if version is not None:
            Group.objects.filter(pk=group.pk).update(program_version=version)
