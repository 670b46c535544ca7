"""The resources and training parts of the generator. The layout that keeps the exclusion constraints: every
provider has one site with two rooms and four teachers, two per room; group g takes room g mod R and the hour
slot g div R, so two groups in one room either meet at different hours or in windows 35 days apart (a group's 24
daily lessons span 24 days); a room's teachers teach only in that room, so no teacher or person is booked twice."""
from django.conf import settings

from copp.accounts.models import User
from copp.directories.models import AttendanceStatus, Competency, GradeScale, GradeValue, LessonType, Municipality
from copp.organizations.models import Organization
from copp.programs.models import Program, ProgramModule
from copp.resources.models import Consumable, Equipment, Room, Site, StaffCompetency, StaffMember
from copp.resources.models.equipment import EquipmentType
from copp.training.models import Enrolment, Group, Lesson, Mark, ModuleGrade, TeacherBooking

from .base import (
    LEARNERS_PER_GROUP,
    LESSONS_PER_GROUP,
    MODULES_PER_PROGRAM,
    ROOMS_PER_SITE,
    STAFF_PER_ORGANIZATION,
    Context,
    fix_sequence,
    insert_select,
    part,
    reserve_ids,
)
from .parts import MALE_LAST, _array, _ids, _pick, providers

SLOTS_PER_DAY = 4  # lessons of 90 minutes at 9:00, 11:00, 13:00, 15:00
WINDOW_DAYS = 35


@part("resources")
def resources(ctx: Context) -> None:
    """A site with rooms, teachers with competencies, equipment and consumables for every provider."""
    prov = providers(ctx)
    orgs, users = ctx.first_id(Organization), ctx.first_id(User)
    comp_ids = _ids(Competency)
    site_base = reserve_ids(ctx, Site)
    insert_select(Site, {
        "id": f"{site_base} + n + 1", "organization_id": f"{orgs} + n + 1",
        "name": f"'Мастерская «' || ({_array([c.name for c in Competency.objects.order_by('pk')])})"
                f"[1 + n % {len(comp_ids)}] || '» № ' || n",
        "kind": "CASE WHEN n % 4 = 0 THEN 'classroom' ELSE 'workshop' END",
        "address": "'г. Екатеринбург, ул. Мира, д. ' || (n % 300 + 1)",
        "municipality_id": _pick(_ids(Municipality), "n"), "capacity": "25", "area": "120.0",
        "is_demo_exam_center": "n % 10 = 0",
    }, f"FROM generate_series(0, {prov - 1}) n")
    fix_sequence(Site)
    insert_select(Site.competencies.through, {"site_id": f"{site_base} + n + 1",
                                              "competency_id": _pick(comp_ids, "n")},
                  f"FROM generate_series(0, {prov - 1}) n")
    room_base = reserve_ids(ctx, Room)
    insert_select(Room, {"id": f"{room_base} + n + 1", "site_id": f"{site_base} + n / {ROOMS_PER_SITE} + 1",
                         "name": f"'ауд. ' || (101 + n % {ROOMS_PER_SITE})", "capacity": "20"},
                  f"FROM generate_series(0, {prov * ROOMS_PER_SITE - 1}) n")
    fix_sequence(Room)
    staff_base = reserve_ids(ctx, StaffMember)
    staff = prov * STAFF_PER_ORGANIZATION
    teachers = users + ctx.layout["teachers"]
    insert_select(StaffMember, {
        "id": f"{staff_base} + n + 1", "organization_id": f"{orgs} + n / {STAFF_PER_ORGANIZATION} + 1",
        "user_id": f"{teachers} + n + 1", "last_name": "u.last_name", "first_name": "u.first_name",
        "patronymic": "u.patronymic", "kind": "CASE WHEN n % 2 = 0 THEN 'teacher' ELSE 'master' END",
        "position": "'Преподаватель'", "email": "u.email", "experience_years": "n % 30",
    }, f"FROM generate_series(0, {staff - 1}) n JOIN accounts_user u ON u.id = {teachers} + n + 1")
    fix_sequence(StaffMember)
    insert_select(StaffCompetency, {"staff_id": f"{staff_base} + n + 1", "competency_id": _pick(comp_ids, "n"),
                                    "level": "'advanced'"}, f"FROM generate_series(0, {staff - 1}) n")
    equipment_types = _ids(EquipmentType, category="equipment")
    insert_select(Equipment, {
        "organization_id": f"{orgs} + n / 3 + 1", "site_id": f"{site_base} + n / 3 + 1",
        "name": f"({_array(['Сварочный аппарат', 'Станок токарный с ЧПУ', 'Стенд электромонтажный'])})"
                "[1 + n % 3]", "inventory_number": "'ИН-' || n", "quantity": "1 + n % 5",
        "equipment_type_id": _pick(equipment_types, "n"), "manufacturer": "'Уралмаш'",
    }, f"FROM generate_series(0, {prov * 3 - 1}) n")
    insert_select(Consumable, {
        "organization_id": f"{orgs} + n / 2 + 1", "site_id": f"{site_base} + n / 2 + 1",
        "name": "CASE WHEN n % 2 = 0 THEN 'Электроды' ELSE 'Металлический прокат' END",
        "unit": "'kg'", "stock": "50 + n % 40", "minimum_level": "20",
    }, f"FROM generate_series(0, {prov * 2 - 1}) n")


@part("training")
def training(ctx: Context) -> None:
    """Groups with teachers, learners, a month of daily lessons with teacher bookings, the journal's marks on
    past lessons and module grades."""
    s = ctx.sizes
    prov = providers(ctx)
    rooms = prov * ROOMS_PER_SITE
    orgs, users, programs = ctx.first_id(Organization), ctx.first_id(User), ctx.first_id(Program)
    site_base, room_base, staff_base = ctx.first_id(Site), ctx.first_id(Room), ctx.first_id(StaffMember)
    programs_per_provider = s.programs // prov
    five_point = GradeScale.objects.get(code="five_point")
    group_base = reserve_ids(ctx, Group)
    # Room r of provider r div 2; the window goes back in time so older windows hold completed groups.
    start = (f"current_date - 24 + (g % 11) - (g / {rooms} / {SLOTS_PER_DAY}) * {WINDOW_DAYS}")
    insert_select(Group, {
        "id": f"{group_base} + g + 1", "code": "'ГР-' || lpad(g::text, 6, '0')",
        "program_id": f"{programs} + (g % {rooms}) / {ROOMS_PER_SITE} + "
                      f"{prov} * ((g / {rooms}) % {programs_per_provider}) + 1",
        "provider_id": f"{orgs} + (g % {rooms}) / {ROOMS_PER_SITE} + 1",
        "starts_on": start, "ends_on": f"{start} + {LESSONS_PER_GROUP - 1}", "capacity": "25",
        "site_id": f"{site_base} + (g % {rooms}) / {ROOMS_PER_SITE} + 1", "grade_scale_id": str(five_point.pk),
        "study_form_id": "NULL",
        "status": f"CASE WHEN {start} + {LESSONS_PER_GROUP - 1} < current_date THEN 'completed' ELSE 'active' END",
    }, f"FROM generate_series(0, {s.groups - 1}) g")
    fix_sequence(Group)
    # The two teachers of the group's room.
    teacher = (f"{staff_base} + ((g % {rooms}) / {ROOMS_PER_SITE}) * {STAFF_PER_ORGANIZATION} "
               f"+ ((g % {rooms}) % {ROOMS_PER_SITE}) * 2 + k + 1")
    insert_select(Group.teachers.through, {"group_id": f"{group_base} + g + 1", "staffmember_id": teacher},
                  f"FROM generate_series(0, {s.groups - 1}) g CROSS JOIN generate_series(0, 1) k")
    enrolment_base = reserve_ids(ctx, Enrolment)
    grades = list(GradeValue.objects.filter(scale=five_point, is_passing=True).order_by("-points")
                  .values_list("pk", flat=True))
    insert_select(Enrolment, {
        "id": f"{enrolment_base} + g * {LEARNERS_PER_GROUP} + k + 1", "group_id": f"{group_base} + g + 1",
        "learner_id": f"{users} + (g * {LEARNERS_PER_GROUP} + k) % {s.citizens} + 1",
        "status": "CASE WHEN gr.status = 'completed' THEN 'completed' WHEN k = 19 THEN 'expelled' "
                  "ELSE 'studying' END",
        "final_grade_id": f"CASE WHEN gr.status = 'completed' THEN {_pick(grades, 'k')} END",
        "document_type": "CASE WHEN gr.status = 'completed' THEN 'upskilling_certificate' ELSE '' END",
        "document_number": "CASE WHEN gr.status = 'completed' THEN 'У-' || g || '-' || k ELSE '' END",
        "document_date": "CASE WHEN gr.status = 'completed' THEN gr.ends_on END",
    }, f"FROM generate_series(0, {s.groups - 1}) g CROSS JOIN generate_series(0, {LEARNERS_PER_GROUP - 1}) k "
       f"JOIN training_group gr ON gr.id = {group_base} + g + 1")
    fix_sequence(Enrolment)
    lesson_base = reserve_ids(ctx, Lesson)
    zone = settings.TIME_ZONE
    hour = f"(9 + 2 * ((g / {rooms}) % {SLOTS_PER_DAY}))"
    starts = f"((gr.starts_on + i) + make_time({hour}, 0, 0)) AT TIME ZONE '{zone}'"
    lesson_types = _ids(LessonType)
    insert_select(Lesson, {
        "id": f"{lesson_base} + g * {LESSONS_PER_GROUP} + i + 1", "group_id": "gr.id",
        "starts_at": starts, "ends_at": f"{starts} + interval '90 minutes'",
        "module_id": f"{ctx.first_id(ProgramModule)} + (gr.program_id - {programs} - 1) * {MODULES_PER_PROGRAM} "
                     f"+ i * {MODULES_PER_PROGRAM} / {LESSONS_PER_GROUP} + 1",
        "topic": "'Тема ' || (i + 1) || '. ' || " + f"({_array(MALE_LAST)})[1 + i % {len(MALE_LAST)}]",
        "lesson_type_id": _pick(lesson_types, "i"), "site_id": "gr.site_id",
        "room_id": f"{room_base} + g % {rooms} + 1",
    }, f"FROM generate_series(0, {s.groups - 1}) g CROSS JOIN generate_series(0, {LESSONS_PER_GROUP - 1}) i "
       f"JOIN training_group gr ON gr.id = {group_base} + g + 1")
    fix_sequence(Lesson)
    # Bookings and marks by arithmetic over (group, lesson, learner), in id order: no joins, and the unique
    # indexes grow at their right edge.
    booking_teacher = teacher.replace("+ k + 1", "+ i % 2 + 1")
    insert_select(TeacherBooking, {
        "lesson_id": f"{lesson_base} + g * {LESSONS_PER_GROUP} + i + 1", "teacher_id": booking_teacher,
        "person_id": f"{users} + {ctx.layout['teachers']} + {booking_teacher} - {staff_base}",
        "starts_at": starts.replace("gr.starts_on", f"({start})"),
        "ends_at": starts.replace("gr.starts_on", f"({start})") + " + interval '90 minutes'", "is_active": "true",
    }, f"FROM generate_series(0, {s.groups - 1}) g CROSS JOIN generate_series(0, {LESSONS_PER_GROUP - 1}) i")
    present, late, absent = (AttendanceStatus.objects.get(code=c).pk for c in ("present", "late", "absent"))
    # Marks on past lessons only; every fourth lesson is graded.
    enrolment, lesson = (f"({enrolment_base} + g * {LEARNERS_PER_GROUP} + k + 1)",
                         f"({lesson_base} + g * {LESSONS_PER_GROUP} + i + 1)")
    insert_select(Mark, {
        "enrolment_id": enrolment, "lesson_id": lesson,
        "attendance_id": f"CASE (k + i) % 10 WHEN 8 THEN {late} WHEN 9 THEN {absent} ELSE {present} END",
        "grade_id": f"CASE WHEN i % 4 = 3 AND (k + i) % 10 < 8 THEN {_pick(grades, 'g + k + i')} END",
    }, f"FROM generate_series(0, {s.groups - 1}) g CROSS JOIN generate_series(0, {LEARNERS_PER_GROUP - 1}) k "
       f"CROSS JOIN generate_series(0, {LESSONS_PER_GROUP - 1}) i "
       f"WHERE {starts.replace('gr.starts_on', f'({start})')} < now()")
    insert_select(ModuleGrade, {
        "enrolment_id": "e.id", "module_id": "m.id", "grade_id": _pick(grades, "e.id + m.id"),
    }, f"FROM training_enrolment e JOIN training_group gr ON gr.id = e.group_id "
       f"JOIN programs_programmodule m ON m.program_id = gr.program_id "
       f"WHERE e.id > {enrolment_base} AND (gr.status = 'completed' OR m.\"order\" <= 2)")

