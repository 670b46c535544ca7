"""Demo of expert review for `make run`: two experts from the staff registry (of two colleges) and the CoPP's
draft programs taken through review by the real services, one per state: in review, sent back for revision,
approved after a second round, approved and published, rejected. Idempotent; call after the programs demo."""
from django.db import transaction

from copp.accounts.models import User
from copp.organizations.models import Organization
from copp.programs.models import Program, ProgramModule
from copp.resources.models import StaffKind, StaffMember

from . import services
from .models import Expert, Review

EXPERTS = [
    ("teacher@copp.local", None),
    ("expert@copp.local", ("НТСТ", "Егорова", "Марина", "Львовна", "Преподаватель спецдисциплин")),
]
GOOD = (5, "")
SCORES_OK = {0: GOOD, 1: GOOD, 2: (4, ""), 3: GOOD, 4: (4, "")}
SCORES_WEAK = {0: (4, ""), 1: (2, "Результаты не измеримы: переформулируйте через действия слушателя."),
               2: (2, "Практики мало для заявленной цели."), 3: (3, ""), 4: (4, "")}

# program title -> the rounds: each a list of (verdict, scores) per expert and the chairperson's decision.
SCENARIOS = {
    "Наставничество на производстве": [([("approve", SCORES_OK), None], None)],
    "Бережливое производство: инструменты и практика": [
        ([("approve", SCORES_OK), ("revise", SCORES_WEAK)], "revise")],
    "Оператор беспилотных авиационных систем": [
        ([("revise", SCORES_WEAK), ("approve", SCORES_OK)], "revise"),
        ([("approve", SCORES_OK), ("approve", SCORES_OK)], "approve")],
    "Цифровая грамотность для граждан предпенсионного возраста": [
        ([("approve", SCORES_OK), ("approve", SCORES_OK)], "publish")],
    "Основы кибербезопасности для сотрудников": [
        ([("reject", SCORES_WEAK), ("reject", SCORES_WEAK)], "reject")],
}
CONCLUSIONS = {"approve": "Программа соответствует требованиям, рекомендую к реализации.",
               "revise": "Доработайте планируемые результаты и увеличьте долю практики.",
               "reject": "Программа не соответствует запросу работодателей региона."}


def _experts() -> list[Expert]:
    experts = []
    for email, record in EXPERTS:
        user = User.objects.filter(email=email).first()
        if user is None:
            continue
        staff = StaffMember.objects.filter(user=user).first()
        if staff is None and record:
            org_name, last, first, middle, position = record
            staff, _ = StaffMember.objects.update_or_create(
                organization=Organization.objects.get(short_name=org_name), last_name=last, first_name=first,
                patronymic=middle, defaults={"user": user, "kind": StaffKind.TEACHER, "position": position,
                                             "email": email})
        if staff is not None:
            expert, _ = Expert.objects.get_or_create(staff=staff, defaults={"note": "Эксперт программ ДПО"})
            experts.append(expert)
    return experts


def _round(chair, program, experts, plan, decision) -> None:
    round_ = services.review_submit(actor=chair, kind_key="program", object_id=program.pk)
    for expert in experts:
        services.expert_assign(actor=chair, round_=round_, expert=expert)
    for assignment, step in zip(round_.assignments.order_by("pk"), plan, strict=False):
        if step is None:
            continue
        verdict, scores = step
        criteria = list(round_.review.criteria_set.criteria.all())
        services.scorecard_save(actor=assignment.expert.staff.user, assignment=assignment,
                                scores={c.pk: scores[i] for i, c in enumerate(criteria)}, verdict=verdict,
                                conclusion=CONCLUSIONS[verdict])
        if verdict != "approve":
            services.comment_add(actor=assignment.expert.staff.user, assignment=assignment, anchor="outcomes",
                                 text="Сформулируйте результаты через трудовые действия профстандарта.")
    if decision:
        services.round_decide(actor=chair, round_=round_, decision="approve" if decision == "publish" else decision,
                              comment="" if decision in ("approve", "publish") else CONCLUSIONS[decision],
                              publish=decision == "publish")


@transaction.atomic
def load() -> int:
    """Run the demo reviews that are not there yet; returns how many reviews there are."""
    chair = User.objects.filter(email="staff@copp.local").first()
    experts = _experts()
    if chair is None or len(experts) < 2:
        return Review.objects.count()
    for title, rounds in SCENARIOS.items():
        program = Program.objects.filter(title=title, provider__short_name="ЦОПП").first()
        if program is None or Review.objects.filter(kind="program", object_id=program.pk).exists():
            continue
        for number, (plan, decision) in enumerate(rounds):
            if number:
                # The authors revise between rounds: more practice in the first module.
                module = ProgramModule.objects.filter(program=program).order_by("order").first()
                module.practice_hours += 2
                module.save(update_fields=["practice_hours"])
                program.hours += 2
                program.save(update_fields=["hours"])
            _round(chair, program, experts, plan, decision)
    return Review.objects.count()
