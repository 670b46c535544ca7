"""The generator's parts of the upper apps that build on training (issue 15): demonstration exams with their
participants and expert groups, learners' portfolios (open ones with the consent to distribution, confirmed
program items and the competency rows the employers' search reads), the digital materials library and the expert
review of its materials. Registered after the training part (this
module is imported after `parts_training`); same rules: SQL over generate_series, ids by arithmetic."""
from django.apps import apps

from copp.accounts.models import ConsentRecord, ConsentText, User
from copp.careers.models import Portfolio, PortfolioCompetency, PortfolioItem
from copp.careers.seed import apply_distribution_consent
from copp.directories.models import Competency, Municipality, Profession
from copp.learning.materials.models import Material, MaterialVersion
from copp.learning.materials.services import search_vector_update
from copp.organizations.models import Organization
from copp.programs.models import Program
from copp.resources.models import Site, StaffMember
from copp.reviews.models import Assignment, CriteriaSet, Criterion, Expert, Review, Round, Score
from copp.training.exam_models import DemoExam, ExamParticipant, summarize

from .base import STAFF_PER_ORGANIZATION, Context, fix_sequence, insert_select, part, reserve_ids
from .parts import PROGRAM_PREFIX, _array, _ids, _pick, providers
from .parts_late import _count, _staff_user

# Rows at scale 1 (a region); each is multiplied by the scale, with a small floor.
DEMO_EXAMS = 5_000
PARTICIPANTS_PER_EXAM = 12
PORTFOLIOS = 200_000  # a fifth of the citizens keep a portfolio; half of them open it to employers
CENTRE_EVERY = 10  # site n is a demonstration exam centre when n mod 10 = 0 (the resources part)


@part("demo_exams")
def demo_exams(ctx: Context) -> None:
    """Demonstration exams (D6) at the accredited centres over two years: past ones checked and locked, recent
    ones sent for checking, future ones being entered; a chief expert and two experts of the centre's
    organisation, twelve learners each with points and the grade the thresholds give."""
    prov = providers(ctx)
    count = _count(ctx, DEMO_EXAMS, 4)
    per_exam = min(PARTICIPANTS_PER_EXAM, ctx.sizes.citizens)
    centres = (prov + CENTRE_EVERY - 1) // CENTRE_EVERY
    orgs, users = ctx.first_id(Organization), ctx.first_id(User)
    site_base, staff_base = ctx.first_id(Site), ctx.first_id(StaffMember)
    centre = f"((n % {centres}) * {CENTRE_EVERY})"  # the centre's site number = its organisation's number
    # A quarter ahead (being entered), a quarter in the last fortnight (sent for checking), half checked and locked.
    starts = "(current_date + CASE n % 4 WHEN 0 THEN 10 + n % 20 WHEN 1 THEN -(1 + n % 12) ELSE -(20 + n % 700) END)"
    base = reserve_ids(ctx, DemoExam)
    insert_select(DemoExam, {
        "id": f"{base} + n + 1", "competency_id": _pick(_ids(Competency), "n"),
        "assessment_set": "'1.' || (n % 5 + 1) || '-2026'",
        "level": "CASE WHEN n % 3 = 0 THEN 'profile' ELSE 'basic' END",
        "centre_id": f"{site_base} + {centre} + 1", "accredited_until": f"{starts} + 365",
        "starts_on": starts, "ends_on": f"{starts} + n % 3", "organization_id": f"{orgs} + n % {prov} + 1",
        "chief_expert_id": f"{staff_base} + {centre} * {STAFF_PER_ORGANIZATION} + 1",
        "max_points": "100", "threshold_3": "30", "threshold_4": "50", "threshold_5": "70",
        "status": f"CASE WHEN {starts} > current_date THEN 'draft' WHEN {starts} > current_date - 14 "
                  "THEN 'submitted' ELSE 'finished' END",
        "created_by_id": _staff_user(ctx), "created_at": f"({starts} - 30)::timestamptz",
    }, f"FROM generate_series(0, {count - 1}) n")
    fix_sequence(DemoExam)
    insert_select(DemoExam.experts.through, {
        "demoexam_id": f"{base} + n + 1",
        "staffmember_id": f"{staff_base} + {centre} * {STAFF_PER_ORGANIZATION} + 2 + k"},
        f"FROM generate_series(0, {count - 1}) n CROSS JOIN generate_series(0, 1) k")
    # Learner k of exam e is citizen (e * 12 + k) mod citizens: distinct within an exam.
    points = "(20 + (e.id * 7 + k * 13) % 81)"
    insert_select(ExamParticipant, {
        "exam_id": "e.id", "learner_id": "u.id",
        "full_name": "u.last_name || ' ' || u.first_name || ' ' || u.patronymic",
        "points": f"CASE WHEN e.status = 'draft' THEN NULL ELSE {points} END",
        "grade": f"CASE WHEN e.status = 'draft' THEN NULL WHEN {points} >= 70 THEN 5 WHEN {points} >= 50 THEN 4 "
                 f"WHEN {points} >= 30 THEN 3 ELSE 2 END"},
        f"FROM training_demoexam e CROSS JOIN generate_series(0, {per_exam - 1}) k "
        f"JOIN accounts_user u ON u.id = {users} + ((e.id - {base} - 1) * {per_exam} + k) % {ctx.sizes.citizens} + 1 "
        f"WHERE e.id > {base}")
    summarize()  # the participants' totals the register reads, by the platform's own statement


@part("portfolios")
def portfolios(ctx: Context) -> None:
    """Portfolios (M24, M28) of a fifth of the citizens: every other one open to verified employers with the
    consent to distribution (about me and programs), each with a confirmed completed-program item and its
    competency row, which the employers' search reads."""
    count = min(_count(ctx, PORTFOLIOS, 10), ctx.sizes.citizens)
    users, programs = ctx.first_id(User), ctx.first_id(Program)
    apply_distribution_consent(apps)
    text = ConsentText.objects.filter(kind="distribution", is_current=True).order_by("-version").first()
    consent_base = reserve_ids(ctx, ConsentRecord)
    opened = "n % 2 = 0"
    insert_select(ConsentRecord, {
        "id": f"{consent_base} + n / 2 + 1", "user_id": f"{users} + n + 1", "text_id": str(text.pk),
        "given_at": "now() - (n % 500) * interval '1 day'"},
        f"FROM generate_series(0, {count - 1}) n WHERE {opened}")
    fix_sequence(ConsentRecord)
    base = reserve_ids(ctx, Portfolio)
    completed = "current_date - 10 - n % 700"
    insert_select(Portfolio, {
        "id": f"{base} + n + 1", "user_id": f"{users} + n + 1",
        "summary": "'Ищу работу по профессии, готов к обучению на производстве.'",
        "profession_id": _pick(_ids(Profession), "n"), "municipality_id": _pick(_ids(Municipality), "n"),
        "visibility": f"CASE WHEN {opened} THEN 'employers' ELSE 'private' END",
        "allowed": f"CASE WHEN {opened} THEN ARRAY['about', 'programs']::varchar[] ELSE '{{}}'::varchar[] END",
        "consent_id": f"CASE WHEN {opened} THEN {consent_base} + n / 2 + 1 END", "is_open": opened,
        "check_token": "md5('portfolio-' || n)", "completed_last": completed, "refreshed_at": "now()",
    }, f"FROM generate_series(0, {count - 1}) n")
    fix_sequence(Portfolio)
    item_base = reserve_ids(ctx, PortfolioItem)
    program = f"{programs} + n % {ctx.sizes.programs} + 1"
    insert_select(PortfolioItem, {
        "id": f"{item_base} + n + 1", "portfolio_id": f"{base} + n + 1", "kind": "'program'", "is_confirmed": "true",
        "source_key": "'enrolment:g' || n", "title": f"({_array(PROGRAM_PREFIX)})[1 + n % {len(PROGRAM_PREFIX)}]"
                                                    " || ': программа ' || n % 1000",
        "organization_name": "'ГАПОУ «Колледж № ' || n % 300 || '»'", "hours": "72", "grade": "'отлично'",
        "document": "'Удостоверение У-' || n", "date": completed,
    }, f"FROM generate_series(0, {count - 1}) n")
    fix_sequence(PortfolioItem)
    insert_select(PortfolioCompetency, {
        "portfolio_id": f"{base} + n + 1", "item_id": f"{item_base} + n + 1",
        "competency_id": _pick(_ids(Competency), "n"), "program_id": program, "completed_on": completed,
        "grade_pct": "60 + n % 41", "has_document": "true", "searchable": opened,
    }, f"FROM generate_series(0, {count - 1}) n")


MATERIALS = 20_000
MATERIAL_KINDS = ["lecture", "presentation", "video", "practice", "test", "workbook", "guide"]
MATERIAL_LEVELS = ["intro", "basic", "advanced"]
# Material n's latest version: 70 % approved (published), then in review, sent back, a draft.
MATERIAL_STATUS = ("CASE WHEN n % 10 < 7 THEN 'approved' WHEN n % 10 = 7 THEN 'in_review' "
                   "WHEN n % 10 = 8 THEN 'revision' ELSE 'draft' END")
EXPERTS_PER_ROUND = 2


@part("materials")
def materials(ctx: Context) -> None:
    """The digital learning materials library (M25): teachers' materials of the providers, one version each (a text
    page), with competencies and the Russian search vector the platform computes; and their expert review (M15):
    an expert of every provider, a review and a round per material sent to review, two experts of other
    organisations with verdicts and scores by the material criteria set once decided."""
    prov = providers(ctx)
    count = _count(ctx, MATERIALS, 8)
    orgs, users = ctx.first_id(Organization), ctx.first_id(User)
    author = f"{users} + {ctx.layout['teachers']} + (n % {prov}) * {STAFF_PER_ORGANIZATION} + 1"
    base, v_base = reserve_ids(ctx, Material), reserve_ids(ctx, MaterialVersion)
    insert_select(Material, {
        "id": f"{base} + n + 1", "author_id": author, "organization_id": f"{orgs} + n % {prov} + 1",
        "kind": f"({_array(MATERIAL_KINDS)})[1 + n % {len(MATERIAL_KINDS)}]",
        "profession_id": _pick(_ids(Profession), "n"),
        "level": f"({_array(MATERIAL_LEVELS)})[1 + n / 7 % {len(MATERIAL_LEVELS)}]", "hours": "2 + n % 20",
        "published_id": f"CASE WHEN n % 10 < 7 THEN {v_base} + n + 1 END", "latest_id": f"{v_base} + n + 1",
        "downloads": "n % 500", "created_at": "now() - (n % 700 + 1) * interval '1 day'",
        "updated_at": "now() - (n % 700) * interval '1 day'",
    }, f"FROM generate_series(0, {count - 1}) n")
    fix_sequence(Material)
    insert_select(MaterialVersion, {
        "id": f"{v_base} + n + 1", "material_id": f"{base} + n + 1", "number": "1", "status": MATERIAL_STATUS,
        "title": f"({_array(PROGRAM_PREFIX)})[1 + n % {len(PROGRAM_PREFIX)}] || ': материал ' || n",
        "annotation": "'Учебный материал для практических занятий: разбор типовых операций и ошибок.'",
        "form": "'text'", "body": "'Порядок выполнения работы, техника безопасности, контрольные вопросы.'",
        "created_by_id": author, "created_at": "now() - (n % 700 + 1) * interval '1 day'",
        "submitted_at": "CASE WHEN n % 10 < 9 THEN now() - (n % 700) * interval '1 day' END",
        "decided_at": "CASE WHEN n % 10 < 7 OR n % 10 = 8 THEN now() - (n % 700) * interval '1 day' END",
    }, f"FROM generate_series(0, {count - 1}) n")
    fix_sequence(MaterialVersion)
    search_vector_update(range(v_base + 1, v_base + count + 1))
    insert_select(Material.competencies.through, {"material_id": f"{base} + n + 1",
                                                  "competency_id": _pick(_ids(Competency), "n")},
                  f"FROM generate_series(0, {count - 1}) n")

    criteria = CriteriaSet.objects.filter(kind="material", is_active=True).order_by("pk").first()
    if criteria is None:
        return  # no criteria set seeded: nothing can be reviewed
    staff_base = ctx.first_id(StaffMember)
    e_base = reserve_ids(ctx, Expert)
    insert_select(Expert, {"id": f"{e_base} + o + 1", "staff_id": f"{staff_base} + o * {STAFF_PER_ORGANIZATION} + 1"},
                  f"FROM generate_series(0, {prov - 1}) o")
    fix_sequence(Expert)
    sent = "n % 10 < 9"  # every material but the drafts
    r_base = reserve_ids(ctx, Review)
    insert_select(Review, {
        "id": f"{r_base} + n + 1", "kind": "'material'", "object_id": f"{base} + n + 1",
        "title": f"({_array(PROGRAM_PREFIX)})[1 + n % {len(PROGRAM_PREFIX)}] || ': материал ' || n",
        "organization_id": f"{orgs} + n % {prov} + 1", "criteria_set_id": str(criteria.pk),
        "status": "CASE WHEN n % 10 < 7 THEN 'approved' WHEN n % 10 = 7 THEN 'in_review' ELSE 'revision' END",
        "chair_id": _staff_user(ctx), "created_at": "now() - (n % 700) * interval '1 day'",
    }, f"FROM generate_series(0, {count - 1}) n WHERE {sent}")
    fix_sequence(Review)
    round_base = reserve_ids(ctx, Round)
    decided = "n % 10 <> 7"
    insert_select(Round, {
        "id": f"{round_base} + n + 1", "review_id": f"{r_base} + n + 1", "number": "1",
        "version_ref": f"{v_base} + n + 1", "version_label": "'Версия 1'",
        "due_on": "(now() - (n % 700) * interval '1 day')::date + 14",
        "status": f"CASE WHEN {decided} THEN 'decided' ELSE 'open' END",
        "decision": "CASE WHEN n % 10 < 7 THEN 'approve' WHEN n % 10 = 8 THEN 'revise' ELSE '' END",
        "decided_by_id": f"CASE WHEN {decided} THEN {_staff_user(ctx)} END",
        "decided_at": f"CASE WHEN {decided} THEN now() - (n % 700) * interval '1 day' END",
        "submitted_by_id": author, "created_at": "now() - (n % 700) * interval '1 day' - interval '14 days'",
    }, f"FROM generate_series(0, {count - 1}) n WHERE {sent}")
    fix_sequence(Round)
    # Experts of the next two organisations: never the author's own (the conflict-of-interest rule).
    a_base = reserve_ids(ctx, Assignment)
    insert_select(Assignment, {
        "id": f"{a_base} + n * {EXPERTS_PER_ROUND} + k + 1", "round_id": f"{round_base} + n + 1",
        "expert_id": f"{e_base} + (n + 1 + k) % {prov} + 1", "assigned_by_id": _staff_user(ctx),
        "verdict": "CASE WHEN n % 10 < 7 THEN 'approve' WHEN n % 10 = 8 THEN 'revise' ELSE '' END",
        "conclusion": f"CASE WHEN {decided} THEN 'Материал соответствует критериям экспертизы.' ELSE '' END",
        "verdict_at": f"CASE WHEN {decided} THEN now() - (n % 700) * interval '1 day' END",
    }, f"FROM generate_series(0, {count - 1}) n CROSS JOIN generate_series(0, {EXPERTS_PER_ROUND - 1}) k "
       f"WHERE {sent}")
    fix_sequence(Assignment)
    insert_select(Score, {"assignment_id": "a.id", "criterion_id": "c.id",
                          "value": "1 + (a.id + c.id) % c.scale_max"},
                  f"FROM reviews_assignment a JOIN reviews_criterion c ON c.criteria_set_id = {criteria.pk} "
                  f"WHERE a.id > {a_base} AND a.verdict <> ''")
    assert Criterion._meta.db_table == "reviews_criterion" and Assignment._meta.db_table == "reviews_assignment"
