"""Each app's part of the large-data generator, one registered function per app in the apps' layer order. Rows are
made by INSERT … SELECT over generate_series; row n of a table has id base + n + 1, so a child row finds its
parent by arithmetic. Lessons, rooms and teachers are laid out so that no two bookings overlap (see training)."""
from django.db import connection

from copp.accounts.models import RoleAssignment, User
from copp.admissions.models import Application, Participant, StatusChange
from copp.core.roles import Role
from copp.directories.models import (
    Competency,
    EducationLevel,
    Municipality,
    Profession,
    ProgramKind,
    StudyForm,
)
from copp.events.models import Event, EventRegistration
from copp.organizations.models import Membership, Organization
from copp.programs.models import Program, ProgramModule, ProgramStart
from copp.programs.services import program_next_start_update, program_search_vector_update

from .base import (
    MODULES_PER_PROGRAM,
    REGISTRATIONS_PER_EVENT,
    STAFF_PER_ORGANIZATION,
    Context,
    _literal,
    fix_sequence,
    insert_select,
    part,
    reserve_ids,
    run_sql,
)

MALE_LAST = ["Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов", "Новиков",
             "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров", "Павлов", "Козлов",
             "Степанов", "Николаев", "Орлов", "Андреев", "Макаров", "Никитин", "Захаров"]
MALE_FIRST = ["Александр", "Дмитрий", "Максим", "Сергей", "Андрей", "Алексей", "Артём", "Илья", "Кирилл",
              "Михаил", "Никита", "Матвей", "Роман", "Егор", "Иван"]
FEMALE_FIRST = ["Анастасия", "Мария", "Анна", "Виктория", "Екатерина", "Наталья", "Марина", "Полина", "Дарья",
                "Алина", "Ксения", "Ольга", "Елена", "Татьяна", "Юлия"]
PATRONYMIC_ROOT = ["Александров", "Дмитриев", "Сергеев", "Андреев", "Алексеев", "Михайлов", "Иванов",
                   "Николаев", "Петров", "Владимиров"]
PROGRAM_PREFIX = ["Основы", "Практикум", "Современные технологии", "Профессиональный стандарт",
                  "Введение в профессию", "Углублённый курс", "Наставничество", "Цифровые инструменты"]
EVENT_TITLE = ["День открытых дверей", "Мастер-класс", "Профпроба", "Семинар для работодателей",
               "Вебинар", "Ярмарка вакансий", "Экскурсия на предприятие", "Региональный чемпионат"]
SNILS_CITIZEN_BASE = 200_000_000  # above 001-001-998, so every number carries check digits
SNILS_PARTICIPANT_BASE = 700_000_000


def _array(values) -> str:
    """A Python list as an SQL array literal (constants of this module, not user input)."""
    return "ARRAY[" + ", ".join("'" + str(v).replace("'", "''") + "'" for v in values) + "]"


def _ids(model, **filters) -> list[int]:
    return list(model.objects.filter(**filters).order_by("pk").values_list("pk", flat=True))


def _pick(ids: list[int], expr: str) -> str:
    """The SQL that picks one of the ids by an integer expression."""
    return f"({_array(ids)}::int[])[1 + (({expr}) % {len(ids)})]"


def _name_sql(n: str) -> tuple[str, str, str]:
    """Surname, first name and patronymic of person number n (half men, half women)."""
    female = f"(({n}) % 2 = 1)"
    last = f"({_array(MALE_LAST)})[1 + (({n}) / 2) % {len(MALE_LAST)}] || CASE WHEN {female} THEN 'а' ELSE '' END"
    first = (f"CASE WHEN {female} THEN ({_array(FEMALE_FIRST)})[1 + (({n}) / 7) % {len(FEMALE_FIRST)}] "
             f"ELSE ({_array(MALE_FIRST)})[1 + (({n}) / 7) % {len(MALE_FIRST)}] END")
    patronymic = (f"({_array(PATRONYMIC_ROOT)})[1 + (({n}) / 3) % {len(PATRONYMIC_ROOT)}] "
                  f"|| CASE WHEN {female} THEN 'на' ELSE 'ич' END")
    return last, first, patronymic


def user_layout(ctx: Context) -> dict[str, int]:
    """Ordinals of the generated accounts: citizens, then one representative per organisation, the teachers
    (one per staff record) and a few CoPP staff, coordinators and administrators."""
    s = ctx.sizes
    reps = s.citizens
    teachers = reps + s.organizations
    special = teachers + providers(ctx) * STAFF_PER_ORGANIZATION
    return {"citizens": 0, "reps": reps, "teachers": teachers, "special": special, "total": special + 4}


def providers(ctx: Context) -> int:
    """The first 70 % of organisations provide training (the CoPP itself is number 0); the rest are customers."""
    return max(2, (ctx.sizes.organizations * 7) // 10)


SPECIAL_USERS = [("staff@scale.example", Role.STAFF), ("staff2@scale.example", Role.STAFF),
                 ("coordinator@scale.example", Role.COORDINATOR), ("admin@scale.example", Role.ADMIN)]


@part("directories")
def directories(ctx: Context) -> None:
    """Professions (ОКПДТР-like codes) for programs; the other dictionaries come seeded by migrations."""
    insert_select(Profession, {"code": "'S' || lpad(n::text, 5, '0')", "name": "'Профессия № ' || n",
                               "order": "n % 1000"},
                  "FROM generate_series(1, 300) n ON CONFLICT DO NOTHING")


@part("accounts")
def accounts(ctx: Context) -> None:
    """Citizens with valid SNILS, organisation representatives, teachers and staff, all with one password."""
    layout = user_layout(ctx)
    ctx.layout = layout
    base = reserve_ids(ctx, User)
    last, first, patr = _name_sql("n")
    citizens, reps, teachers, special = (layout[k] for k in ("citizens", "reps", "teachers", "special"))
    email = (f"CASE WHEN n < {reps} THEN 'citizen' || n WHEN n < {teachers} THEN 'org' || (n - {reps}) "
             f"WHEN n < {special} THEN 'teacher' || (n - {teachers}) "
             f"ELSE ({_array([e.split('@')[0] for e, _r in SPECIAL_USERS])})[1 + n - {special}] END "
             "|| '@scale.example'")
    insert_select(User, {
        "id": f"{base} + n + 1", "password": _literal(ctx.password_hash), "email": email, "last_name": last,
        "first_name": first, "patronymic": patr, "birth_date": "date '1960-01-01' + (n * 37 % 16000)",
        "phone": "'+7 9' || lpad((n % 1000000000)::text, 9, '0')",
        "snils": f"CASE WHEN n < {reps} THEN pg_temp.snils({SNILS_CITIZEN_BASE} + n) ELSE '' END",
        "education_level_id": _pick(_ids(EducationLevel), "n"), "municipality_id": _pick(_ids(Municipality), "n"),
        "is_staff": f"n = {special + 3}", "is_superuser": f"n = {special + 3}",
        "date_joined": "now() - (n % 1000) * interval '1 day'",
    }, f"FROM generate_series(0, {layout['total'] - 1}) n")
    fix_sequence(User)
    role = (f"CASE WHEN n < {reps} THEN 'learner' WHEN n < {teachers} THEN "
            f"CASE WHEN n - {reps} < {providers(ctx)} THEN 'partner' ELSE 'customer' END "
            f"WHEN n < {special} THEN 'teacher' "
            f"ELSE ({_array([r.value for _e, r in SPECIAL_USERS])})[1 + n - {special}] END")
    insert_select(RoleAssignment, {"user_id": f"{base} + n + 1", "role": role},
                  f"FROM generate_series(0, {layout['total'] - 1}) n")


@part("organizations")
def organizations(ctx: Context) -> None:
    """The CoPP, partners and educational organisations (providers), customers; valid INN and OGRN."""
    s = ctx.sizes
    base = reserve_ids(ctx, Organization)
    prov = providers(ctx)
    kind = (f"CASE WHEN n = 0 THEN 'copp' WHEN n < {prov} THEN "
            "CASE WHEN n % 3 = 0 THEN 'educational' ELSE 'partner' END "
            "WHEN n % 25 = 0 THEN 'authority' ELSE 'customer' END")
    name = (f"CASE WHEN n = 0 THEN 'ЦОПП' WHEN n < {prov} AND n % 3 = 0 THEN 'Колледж № ' || n "
            f"WHEN n < {prov} THEN 'Учебный центр «' || ({_array(MALE_LAST)})[1 + n % {len(MALE_LAST)}] "
            f"|| '-' || n || '»' ELSE 'Завод «' || ({_array(PROGRAM_PREFIX)})[1 + n % 8] || ' ' || n || '»' END")
    insert_select(Organization, {
        "id": f"{base} + n + 1", "type": kind, "name": f"'ООО ' || {name}", "short_name": name,
        "inn": "pg_temp.inn10(770000000 + n)", "ogrn": "pg_temp.ogrn(102770000000 + n)", "kpp": "'667101001'",
        "legal_address": "'г. Екатеринбург, ул. Ленина, д. ' || (n % 200 + 1)",
        "municipality_id": _pick(_ids(Municipality), "n"), "email": "'org' || n || '@scale.example'",
        "verification_status": "CASE WHEN n % 17 = 5 THEN 'pending' ELSE 'verified' END",
        "verified_at": "CASE WHEN n % 17 = 5 THEN NULL ELSE now() END",
        "created_at": "now() - (n % 1500) * interval '1 day'",
    }, f"FROM generate_series(0, {s.organizations - 1}) n")
    fix_sequence(Organization)
    users = ctx.first_id(User)
    layout = ctx.layout
    through = Organization.competencies.through
    insert_select(through, {"organization_id": f"{base} + n + 1",
                            "competency_id": _pick(_ids(Competency), "n")},
                  f"FROM generate_series(0, {s.organizations - 1}) n")
    # A representative per organisation; the teachers are employees of their provider; staff work at the CoPP.
    insert_select(Membership, {"user_id": f"{users} + {layout['reps']} + n + 1", "organization_id": f"{base} + n + 1",
                               "role": "'representative'", "position": "'Директор'"},
                  f"FROM generate_series(0, {s.organizations - 1}) n")
    insert_select(Membership, {"user_id": f"{users} + {layout['teachers']} + n + 1",
                               "organization_id": f"{base} + n / {STAFF_PER_ORGANIZATION} + 1",
                               "position": "'Преподаватель'"},
                  f"FROM generate_series(0, {prov * STAFF_PER_ORGANIZATION - 1}) n")
    insert_select(Membership, {"user_id": f"{users} + {layout['special']} + n + 1", "organization_id": f"{base} + 1",
                               "position": "'Специалист ЦОПП'"}, "FROM generate_series(0, 1) n")


@part("programs")
def programs(ctx: Context) -> None:
    """Programs of the providers with modules, start dates, competencies and the search vector."""
    s = ctx.sizes
    base = reserve_ids(ctx, Program)
    orgs = ctx.first_id(Organization)
    prov = providers(ctx)
    kinds = {k.code: k for k in ProgramKind.objects.all()}
    kind_ids = [k.pk for k in kinds.values()]
    competencies = list(Competency.objects.order_by("pk").values_list("pk", "name"))
    comp_ids = [c for c, _n in competencies]
    kind = _pick(kind_ids, "n / 7")
    document = ("CASE k.code WHEN 'retraining' THEN 'retraining_diploma' WHEN 'upskilling' "
                "THEN 'upskilling_certificate' ELSE 'worker_certificate' END")
    insert_select(Program, {
        "id": f"{base} + n + 1",
        "title": f"({_array(PROGRAM_PREFIX)})[1 + n % 8] || ': ' || "
                 f"({_array([c for _i, c in competencies])})[1 + n % {len(competencies)}] || ' (' || n || ')'",
        "kind_id": "k.id", "provider_id": f"{orgs} + n % {prov} + 1",
        "profession_id": _pick(_ids(Profession), "n"),
        "audience": "'Рабочие и специалисты предприятий региона, безработные граждане, студенты СПО'",
        "goals": "'Совершенствование профессиональных компетенций в области ' || "
                 f"({_array([c for _i, c in competencies])})[1 + n % {len(competencies)}]",
        "outcomes": "'Слушатель умеет применять современное оборудование и технологии'",
        "hours": "k.min_hours + 16 + (n % 6) * 8", "study_form_id": _pick(_ids(StudyForm), "n"),
        "duration": "'2 месяца'", "price": "CASE WHEN n % 3 = 0 THEN 0 ELSE 15000 + (n % 20) * 1000 END",
        "is_free": "n % 3 = 0", "document": document,
        "status": "CASE WHEN n % 20 = 1 THEN 'draft' WHEN n % 20 = 2 THEN 'archived' ELSE 'published' END",
        "created_at": "now() - (n % 900) * interval '1 day'",
    }, f"FROM generate_series(0, {s.programs - 1}) n "
       f"JOIN directories_programkind k ON k.id = {kind}")
    fix_sequence(Program)
    insert_select(Program.competencies.through, {
        "program_id": f"{base} + n / 2 + 1",
        "competency_id": _pick(comp_ids, f"n / 2 + (n % 2) * {len(comp_ids) // 2}")},
        f"FROM generate_series(0, {s.programs * 2 - 1}) n")
    insert_select(Program.municipalities.through, {
        "program_id": f"{base} + n + 1", "municipality_id": _pick(_ids(Municipality), "n")},
        f"FROM generate_series(0, {s.programs - 1}) n")
    reserve_ids(ctx, ProgramModule)
    insert_select(ProgramModule, {
        "id": f"{ctx.first_id(ProgramModule)} + n + 1", "program_id": f"{base} + n / {MODULES_PER_PROGRAM} + 1",
        "order": f"n % {MODULES_PER_PROGRAM} + 1",
        "title": f"'Модуль ' || (n % {MODULES_PER_PROGRAM} + 1) || '. ' || "
                 f"({_array(PROGRAM_PREFIX)})[1 + n % 8]",
        "theory_hours": "8", "practice_hours": "12"},
        f"FROM generate_series(0, {s.programs * MODULES_PER_PROGRAM - 1}) n")
    fix_sequence(ProgramModule)
    insert_select(ProgramStart, {
        "program_id": f"{base} + n / 2 + 1", "starts_on": "current_date + 14 + (n % 120)",
        "place": "'г. Екатеринбург'", "seats": "20"}, f"FROM generate_series(0, {s.programs * 2 - 1}) n")
    ids = range(base + 1, base + s.programs + 1)
    program_search_vector_update(list(ids))
    program_next_start_update(list(ids))


@part("events")
def events(ctx: Context) -> None:
    """Events of the providers, past and coming, with registrations of citizens."""
    s = ctx.sizes
    base = reserve_ids(ctx, Event)
    orgs, users = ctx.first_id(Organization), ctx.first_id(User)
    insert_select(Event, {
        "id": f"{base} + n + 1", "title": f"({_array(EVENT_TITLE)})[1 + n % 8] || ' № ' || n",
        "type": "(" + _array(["open_day", "masterclass", "career_guidance", "seminar", "webinar", "job_fair",
                              "excursion", "championship"]) + ")[1 + n % 8]",
        # Spread over the year around today at any scale (37 is prime to 360): at S too some events are coming,
        # so the list's page shows rows, and counts the same queries as at L.
        "description": "'Приглашаем жителей региона'",
        "starts_at": "now() + ((n * 37 % 360) - 180) * interval '1 day'",
        "ends_at": "now() + ((n * 37 % 360) - 180) * interval '1 day' + interval '3 hours'",
        "venue": "'г. Екатеринбург, ул. Малышева, д. ' || (n % 100 + 1)", "capacity": "200",
        "organizer_id": f"{orgs} + n % {providers(ctx)} + 1",
        "status": "CASE WHEN n % 15 = 3 THEN 'draft' WHEN n % 15 = 7 THEN 'cancelled' ELSE 'published' END",
    }, f"FROM generate_series(0, {s.events - 1}) n")
    fix_sequence(Event)
    per = min(REGISTRATIONS_PER_EVENT, s.citizens)
    insert_select(EventRegistration, {
        "event_id": f"{base} + n / {per} + 1", "user_id": f"{users} + (n * 7919) % {s.citizens} + 1",
        "status": "CASE WHEN n % 20 = 0 THEN 'cancelled' ELSE 'registered' END",
        "queued_at": "now() - (n % 90) * interval '1 day'",
        "cancelled_at": "CASE WHEN n % 20 = 0 THEN now() ELSE NULL END",
    }, f"FROM generate_series(0, {s.events * per - 1}) n ON CONFLICT DO NOTHING")


APPLICATION_STATUSES = ["submitted", "in_review", "needs_changes", "accepted", "rejected", "enrolled",
                        "enrolled", "withdrawn", "completed", "completed"]


@part("admissions")
def admissions(ctx: Context) -> None:
    """Applications of every kind with the person's details, participants, status history and search text."""
    s = ctx.sizes
    base = reserve_ids(ctx, Application)
    orgs, users, programs_base = ctx.first_id(Organization), ctx.first_id(User), ctx.first_id(Program)
    layout = ctx.layout
    prov = providers(ctx)
    customers = s.organizations - prov
    with connection.cursor() as cursor:
        cursor.execute("SELECT last_value FROM admissions_application_number_seq")
        number0 = cursor.fetchone()[0]
    kind = ("CASE WHEN n % 20 = 0 THEN 'mass' WHEN n % 20 = 1 THEN 'upskilling' "
            "WHEN n % 20 = 2 THEN 'new_program' WHEN n % 20 = 3 THEN 'path' ELSE 'individual' END")
    # Organisation applications come from a customer (mass) or an educational provider (teacher lists).
    org_ordinal = (f"CASE WHEN n % 20 = 0 THEN {prov} + (n / 20) % {max(customers, 1)} "
                   f"ELSE (n / 20) % {prov} END")
    program = f"{programs_base} + ((n * 31) + n / {s.citizens}) % {s.programs} + 1"
    # Requests for a new program and learners' own paths (D4) never reach enrolment into a program's group;
    # other kinds take every status.
    status = (f"CASE WHEN n % 20 IN (2, 3) THEN ({_array(APPLICATION_STATUSES)})[1 + (n / 20) % 5] "
              f"ELSE ({_array(APPLICATION_STATUSES)})[1 + (n + n / 20) % 10] END")
    submitted = "now() - (n % 730) * interval '1 day' - (n % 1440) * interval '1 minute'"
    number = f"to_char(now(), 'YYYY') || '-' || lpad(({number0} + n + 1)::text, 6, '0')"
    insert_select(Application, {
        "id": f"{base} + n + 1", "number": number, "kind": kind, "status": "x.st",
        "program_id": f"CASE WHEN n % 20 IN (2, 3) THEN NULL ELSE {program} END",
        "provider_id": "CASE WHEN n % 20 IN (2, 3) THEN NULL ELSE p.provider_id END",
        "applicant_id": f"CASE WHEN n % 20 < 2 THEN {users} + {layout['reps']} + {org_ordinal} + 1 "
                        f"WHEN n % 20 = 2 THEN {users} + {layout['reps']} + {prov} + (n / 20) % {max(customers, 1)} + 1"
                        f" ELSE u.id END",
        "organization_id": f"CASE WHEN n % 20 < 2 THEN {orgs} + {org_ordinal} + 1 "
                           f"WHEN n % 20 = 2 THEN {orgs} + {prov} + (n / 20) % {max(customers, 1)} + 1 END",
        "last_name": "CASE WHEN n % 20 > 2 THEN u.last_name ELSE '' END",
        "first_name": "CASE WHEN n % 20 > 2 THEN u.first_name ELSE '' END",
        "patronymic": "CASE WHEN n % 20 > 2 THEN u.patronymic ELSE '' END",
        "birth_date": "CASE WHEN n % 20 > 2 THEN u.birth_date END",
        "email": "CASE WHEN n % 20 > 2 THEN u.email ELSE '' END",
        "phone": "CASE WHEN n % 20 > 2 THEN u.phone ELSE '' END",
        "snils": "CASE WHEN n % 20 > 2 THEN u.snils ELSE '' END",
        "education": "CASE WHEN n % 20 > 2 THEN 'Среднее профессиональное' ELSE '' END",
        "competencies_needed": "CASE WHEN n % 20 = 2 THEN 'Сварка, охрана труда' ELSE '' END",
        "hours": "CASE WHEN n % 20 IN (2, 3) THEN 72 END", "people_count": "CASE WHEN n % 20 = 2 THEN 12 END",
        "description": "CASE WHEN n % 20 = 2 THEN 'Нужна программа для наших рабочих' ELSE '' END",
        "submitted_at": submitted,
        "status_changed_at": f"{submitted} + CASE WHEN x.st = 'submitted' THEN interval '0' ELSE interval '2 days' END",
        "participants_count": "CASE WHEN n % 20 < 2 THEN 3 ELSE 0 END",
        "search_text": "CASE WHEN n % 20 > 2 THEN lower(concat_ws(' ', u.last_name, u.first_name, u.patronymic)) "
                       "|| ' | ' || translate(u.snils, '- ', '') ELSE '' END",
        "created_at": submitted,
    }, f"FROM generate_series(0, {s.applications - 1}) n CROSS JOIN LATERAL (SELECT {status} AS st) x "
       f"JOIN accounts_user u ON u.id = {users} + n % {s.citizens} + 1 "
       f"LEFT JOIN programs_program p ON p.id = {program} ON CONFLICT DO NOTHING")
    fix_sequence(Application)
    run_sql(f"SELECT setval('admissions_application_number_seq', {number0 + s.applications})")
    # Three people on every organisation's application; the application's search text lists them.
    insert_select(Participant, {
        "application_id": "a.id", "order": "k + 1",
        "last_name": _name_sql("a.id * 3 + k")[0], "first_name": _name_sql("a.id * 3 + k")[1],
        "patronymic": _name_sql("a.id * 3 + k")[2],
        "snils": f"pg_temp.snils({SNILS_PARTICIPANT_BASE} + (a.id - {base}) * 3 + k)",
        "position": "CASE a.kind WHEN 'upskilling' THEN 'Преподаватель' ELSE 'Слесарь' END",
        "subject": "CASE a.kind WHEN 'upskilling' THEN 'Технология металлообработки' ELSE '' END",
        "consent_confirmed": "true", "status": "a.status",
    }, f"FROM admissions_application a CROSS JOIN generate_series(0, 2) k "
       f"WHERE a.id > {base} AND a.kind IN ('mass', 'upskilling')")
    run_sql(f"""UPDATE admissions_application a SET search_text = x.t || ' | ' || lower(o.short_name)
                FROM (SELECT application_id, string_agg(lower(concat_ws(' ', last_name, first_name, patronymic))
                        || ' | ' || translate(snils, '- ', ''), ' | ' ORDER BY "order") t
                      FROM admissions_participant WHERE application_id > {base} GROUP BY application_id) x,
                     organizations_organization o
                WHERE a.id = x.application_id AND o.id = a.organization_id""")  # noqa: S608 - numbers only
    insert_select(StatusChange, {"application_id": "a.id", "from_status": "''", "to_status": "'submitted'",
                                 "actor_id": "a.applicant_id", "at": "a.submitted_at"},
                  f"FROM admissions_application a WHERE a.id > {base}")
    staff = users + layout["special"] + 1
    insert_select(StatusChange, {"application_id": "a.id", "from_status": "'submitted'", "to_status": "a.status",
                                 "actor_id": str(staff), "at": "a.status_changed_at",
                                 "comment": "'Проверено'"},
                  f"FROM admissions_application a WHERE a.id > {base} AND a.status <> 'submitted'")
