"""The generator's parts of the apps that came after the first generator (issue 15): the module library, vacancies
with their competencies, responses and saved searches, surveys with questions and answers, and the monitoring's
daily facts. Same rules as the other parts: SQL over generate_series, ids by arithmetic, constraints respected."""
import json

from copp.accounts.models import User
from copp.analytics.models import DailyFact, FactsRefresh, Metric
from copp.careers.models import SavedSearch, Vacancy, VacancyCompetency, VacancyResponse
from copp.directories.models import Competency, Municipality, Profession
from copp.organizations.models import Organization
from copp.programs.models import LibraryModule, Program
from copp.surveys.models import Answer, Participation, Question, Response, Survey

from .base import Context, fix_sequence, insert_select, part, reserve_ids, run_sql
from .parts import MALE_LAST, PROGRAM_PREFIX, _array, _ids, _pick, providers

# Rows at scale 1 (a region); each is multiplied by the scale, with a small floor.
LIBRARY_MODULES = 20_000
VACANCIES = 200_000  # published, closed and own drafts of the region's job board over a few years
VACANCY_RESPONSES = 50_000
SAVED_SEARCHES = 20_000
SURVEYS = 200
RESPONSES_PER_SURVEY = 500  # one survey's results page reads the same amount at every scale
DAILY_FACTS = 1_000_000
FACT_DAYS = 730  # two years of figures

VACANCY_TITLES = ["Сварщик", "Электромонтажник", "Оператор станков с ЧПУ", "Слесарь-ремонтник", "Повар",
                  "Водитель погрузчика", "Токарь", "Мастер участка", "Медицинская сестра", "Программист 1С",
                  "Бухгалтер", "Монтажник", "Продавец-консультант", "Наладчик оборудования", "Электрогазосварщик"]
QUESTIONS = [  # (kind, text, choices)
    ("single", "Насколько программа оправдала ожидания?", ["Полностью", "Частично", "Не оправдала"]),
    ("multiple", "Что было полезнее всего?", ["Теория", "Практика", "Стажировка", "Материалы"]),
    ("scale5", "Оцените преподавателей", []),
    ("nps", "Порекомендуете ли вы обучение знакомым?", []),
    ("short_text", "Что улучшить?", []),
]


def _count(ctx: Context, full: int, floor: int) -> int:
    return max(floor, round(full * ctx.sizes.scale))


def _staff_user(ctx: Context) -> str:
    """The SQL id of staff@scale.example (the first special account)."""
    return f"{ctx.first_id(User)} + {ctx.layout['special']} + 1"


@part("library")
def library(ctx: Context) -> None:
    """The module library (M14, D4): the providers' modules, mostly published, some open for individual paths."""
    count = _count(ctx, LIBRARY_MODULES, 8)
    orgs, prov = ctx.first_id(Organization), providers(ctx)
    base = reserve_ids(ctx, LibraryModule)
    comp_ids = _ids(Competency)
    insert_select(LibraryModule, {
        "id": f"{base} + n + 1",
        "title": f"({_array(PROGRAM_PREFIX)})[1 + n % 8] || ': модуль ' || n",
        "author_id": f"{orgs} + n % {prov} + 1", "summary": "'Содержание модуля: темы, практические работы'",
        "knowledge": "'Технологию и нормативы'", "skills": "'Выполнять работы по стандарту'",
        "profession_id": _pick(_ids(Profession), "n"), "assessment_form": "'credit'",
        "theory_hours": "8 + n % 3 * 4", "practice_hours": "8 + n % 4 * 4",
        "status": "CASE WHEN n % 10 = 1 THEN 'draft' WHEN n % 10 = 2 THEN 'archived' ELSE 'published' END",
        "open_for_individual": "n % 2 = 0", "created_at": "now() - (n % 700) * interval '1 day'",
    }, f"FROM generate_series(0, {count - 1}) n")
    fix_sequence(LibraryModule)
    insert_select(LibraryModule.competencies.through, {
        "librarymodule_id": f"{base} + n + 1", "competency_id": _pick(comp_ids, "n")},
        f"FROM generate_series(0, {count - 1}) n")


@part("careers")
def careers(ctx: Context) -> None:
    """Vacancies of the job board: imported from «Работа России» (60 %) and hh.ru (25 %), the platform's own
    employers' (15 %, of the customer organisations); published, closed, drafts and on moderation; two
    competencies each with the matcher's confidence; responses to own vacancies and citizens' saved searches."""
    s = ctx.sizes
    count = _count(ctx, VACANCIES, 40)
    orgs, prov = ctx.first_id(Organization), providers(ctx)
    customers = max(1, s.organizations - prov)
    citizens = s.citizens
    users = ctx.first_id(User)
    base = reserve_ids(ctx, Vacancy)
    source = "CASE WHEN n % 20 < 12 THEN 'trudvsem' WHEN n % 20 < 17 THEN 'hhru' ELSE 'own' END"
    own = "n % 20 >= 17"
    status = (f"CASE WHEN n % 10 < 6 THEN 'published' WHEN n % 10 < 9 OR NOT ({own}) THEN 'closed' "
              "WHEN n % 2 = 0 THEN 'draft' ELSE 'moderation' END")
    salary_from = "CASE WHEN n % 7 = 0 THEN NULL ELSE 25000 + (n % 40) * 2500 END"
    salary_to = "CASE WHEN n % 3 = 0 THEN NULL ELSE 45000 + (n % 40) * 2500 END"
    days = "(n % 900)"
    insert_select(Vacancy, {
        "id": f"{base} + n + 1", "source": source,
        "external_id": f"CASE WHEN {own} THEN '' ELSE 'g' || n END",
        "source_url": f"CASE WHEN {own} THEN '' ELSE 'https://vacancies.example/' || n END",
        "employer_id": f"CASE WHEN {own} THEN {orgs} + {prov} + n % {customers} + 1 END",
        "employer_name": f"'Завод «' || ({_array(MALE_LAST)})[1 + n % {len(MALE_LAST)}] || '»'",
        "employer_inn": "lpad((660000000 + n % 50000)::text, 10, '0')",
        "title": f"({_array(VACANCY_TITLES)})[1 + n % {len(VACANCY_TITLES)}] || CASE WHEN n % 4 = 0 "
                 "THEN ' ' || (n % 6 + 1) || ' разряда' ELSE '' END",
        "profession_id": _pick(_ids(Profession), "n"), "match_confidence": "50 + n % 50",
        "municipality_id": _pick(_ids(Municipality), "n"), "address": "'г. Екатеринбург, ул. Мира, д. ' || n % 90",
        "salary_from": salary_from, "salary_to": salary_to,
        "salary_sort": f"greatest(coalesce({salary_from}, 0), coalesce({salary_to}, 0))",
        "experience_years": "n % 4", "duties": "'Выполнение работ по профессии, соблюдение техники безопасности'",
        "requirements": "'Опыт работы, удостоверение по профессии'", "places": "1 + n % 3",
        "closes_on": f"current_date + 30 - {days} % 60",
        "status": status,
        "published_at": f"CASE WHEN n % 10 < 9 OR NOT ({own}) THEN now() - {days} * interval '1 day' END",
        "closed_at": f"CASE WHEN n % 10 >= 6 AND (n % 10 < 9 OR NOT ({own})) THEN now() - {days} * interval "
                     "'1 day' + interval '20 days' END",
        "created_at": f"now() - {days} * interval '1 day' - interval '1 day'",
    }, f"FROM generate_series(0, {count - 1}) n")
    fix_sequence(Vacancy)
    comp_ids = _ids(Competency)
    insert_select(VacancyCompetency, {
        "vacancy_id": f"{base} + n / 2 + 1",
        "competency_id": _pick(comp_ids, f"n / 2 + (n % 2) * {len(comp_ids) // 2}"),
        "confidence": "60 + n % 40"}, f"FROM generate_series(0, {count * 2 - 1}) n")
    # Responses: citizen r answers own vacancy r mod (own count); the pairs are distinct while r < citizens.
    own_count = (count // 20) * 3  # vacancies 20k + 17, 18, 19 are the own ones
    responses = min(_count(ctx, VACANCY_RESPONSES, 10), citizens)
    if own_count:
        insert_select(VacancyResponse, {
            "vacancy_id": f"{base} + 17 + (n % {own_count}) / 3 * 20 + (n % {own_count}) % 3 + 1",
            "applicant_id": f"{users} + n + 1", "message": "'Здравствуйте! Прошу рассмотреть мою кандидатуру.'",
            "phone": "'+7 900 000-00-00'", "created_at": "now() - (n % 300) * interval '1 day'"},
            f"FROM generate_series(0, {responses - 1}) n")
    searches = min(_count(ctx, SAVED_SEARCHES, 10), citizens)
    insert_select(SavedSearch, {
        "user_id": f"{users} + n + 1", "name": f"({_array(VACANCY_TITLES)})[1 + n % {len(VACANCY_TITLES)}]",
        "query": f"'q=' || ({_array(VACANCY_TITLES)})[1 + n % {len(VACANCY_TITLES)}]",
        "notify": "n % 4 <> 0", "notified_until": "now() - (n % 7) * interval '1 day'"},
        f"FROM generate_series(0, {searches - 1}) n")


@part("surveys")
def surveys(ctx: Context) -> None:
    """Satisfaction surveys of the CoPP (open, to everyone by link) with five questions each and a fixed number of
    responses per survey (each citizen answers a survey once), every question answered."""
    count = _count(ctx, SURVEYS, 4)
    per_survey = min(RESPONSES_PER_SURVEY, ctx.sizes.citizens)
    orgs, users = ctx.first_id(Organization), ctx.first_id(User)
    base = reserve_ids(ctx, Survey)
    insert_select(Survey, {
        "id": f"{base} + n + 1", "title": "'Оценка качества обучения ' || (n + 1)",
        "description": "'Ответьте, пожалуйста, на несколько вопросов об обучении.'",
        "status": "CASE WHEN n % 4 = 3 THEN 'closed' ELSE 'open' END", "owner_organization_id": f"{orgs} + 1",
        "created_by_id": _staff_user(ctx), "is_anonymous": "n % 2 = 1", "public_token": "gen_random_uuid()",
        "opens_at": "now() - (n % 300 + 30) * interval '1 day'", "created_at": "now() - (n % 300 + 31) * "
                                                                            "interval '1 day'",
    }, f"FROM generate_series(0, {count - 1}) n")
    fix_sequence(Survey)
    questions = len(QUESTIONS)
    q_base = reserve_ids(ctx, Question)
    kinds = _array([k for k, _t, _c in QUESTIONS])
    texts = _array([t for _k, t, _c in QUESTIONS])
    choices = _array([json.dumps(c, ensure_ascii=False) for _k, _t, c in QUESTIONS])
    insert_select(Question, {
        "id": f"{q_base} + n + 1", "survey_id": f"{base} + n / {questions} + 1", "order": f"n % {questions} + 1",
        "kind": f"({kinds})[1 + n % {questions}]", "text": f"({texts})[1 + n % {questions}]",
        "required": f"n % {questions} < 4", "choices": f"(({choices})[1 + n % {questions}])::jsonb",
    }, f"FROM generate_series(0, {count * questions - 1}) n")
    fix_sequence(Question)
    r_base = reserve_ids(ctx, Response)
    # Response r of survey s: citizen r answers (distinct within the survey); an anonymous survey keeps no user.
    insert_select(Response, {
        "id": f"{r_base} + n + 1", "survey_id": f"{base} + n / {per_survey} + 1",
        "user_id": f"CASE WHEN (n / {per_survey}) % 2 = 1 THEN NULL ELSE {users} + n % {per_survey} + 1 END",
        "submitted_at": f"now() - (n % 29) * interval '1 day' - (n / {per_survey} % 300) * interval '1 day'",
        "result_key": "gen_random_uuid()"}, f"FROM generate_series(0, {count * per_survey - 1}) n")
    fix_sequence(Response)
    insert_select(Participation, {
        "survey_id": f"{base} + n / {per_survey} + 1", "user_id": f"{users} + n % {per_survey} + 1",
        "last_at": "now() - (n % 29) * interval '1 day'"},
        f"FROM generate_series(0, {count * per_survey - 1}) n WHERE (n / {per_survey}) % 2 = 0")
    value = (f"CASE n % {questions} WHEN 0 THEN to_jsonb((ARRAY['Полностью', 'Частично', 'Не оправдала'])"
             "[1 + (n / 5) % 3]) WHEN 1 THEN to_jsonb(ARRAY['Практика'] || CASE WHEN n % 3 = 0 THEN "
             "ARRAY['Теория'] ELSE ARRAY[]::text[] END) WHEN 2 THEN to_jsonb(3 + (n / 5) % 3) "
             "WHEN 3 THEN to_jsonb((n / 5) % 11) ELSE to_jsonb('Больше практики'::text) END")
    insert_select(Answer, {
        "response_id": f"{r_base} + n / {questions} + 1",
        "question_id": f"{q_base} + (n / {questions}) / {per_survey} * {questions} + n % {questions} + 1",
        "value": value}, f"FROM generate_series(0, {count * per_survey * questions - 1}) n")


@part("analytics")
def analytics(ctx: Context) -> None:
    """The monitoring's daily facts over two years (M27): a figure per day, metric, provider and one of its
    programs, some per customer; the refresh state says they are up to date, so the dashboard reads them."""
    count = _count(ctx, DAILY_FACTS, 200)
    orgs, prov = ctx.first_id(Organization), providers(ctx)
    programs = ctx.sizes.programs
    customers = max(1, ctx.sizes.organizations - prov)
    metrics = [m.value for m in Metric]
    insert_select(DailyFact, {
        "day": f"current_date - (n % {FACT_DAYS})", "metric": f"({_array(metrics)})[1 + (n / 7) % {len(metrics)}]",
        "organization_id": f"{orgs} + n % {prov} + 1",
        # the program of the provider: program p belongs to organisation p mod prov (see the programs part)
        "program_id": f"{ctx.first_id(Program)} + n % {prov} + {prov} * ((n / {prov}) % {max(1, programs // prov)})"
                      " + 1",
        "customer_id": f"CASE WHEN n % 5 = 0 THEN {orgs} + {prov} + n % {customers} + 1 END",
        "category": "CASE WHEN n % 11 = 0 THEN 'employee' WHEN n % 13 = 0 THEN 'teacher' ELSE '' END",
        "value": "1 + n % 5"}, f"FROM generate_series(0, {count - 1}) n")
    run_sql("INSERT INTO analytics_factsrefresh (id, refreshed_at, seen_until, full_at, rows) "
            "SELECT 1, now(), now(), now(), (SELECT count(*) FROM analytics_dailyfact) "
            "ON CONFLICT (id) DO UPDATE SET refreshed_at = now(), seen_until = now(), full_at = now(), "
            "rows = excluded.rows")
    assert FactsRefresh._meta.db_table == "analytics_factsrefresh"
