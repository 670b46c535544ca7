"""The rules a constructed program must meet before it is sent to expert review (M14): the minimum volume of
its kind (order No. 499: upskilling 16 h, retraining 250 h), learning outcomes, every competency it claims
covered by a module, a final assessment. One message per broken rule."""
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .models import Program


@dataclass(frozen=True)
class RuleResult:
    code: str
    ok: bool
    message: str


def construction_check(program: Program, modules=None) -> list[RuleResult]:
    """Each rule with whether it holds and what to do when it does not; `modules` may be passed prefetched."""
    modules = list(modules if modules is not None
                   else program.modules.order_by("order", "pk").prefetch_related("competencies"))
    total = sum(m.total_hours for m in modules)
    kind = program.kind
    results = [RuleResult("modules", bool(modules), _("Add at least one module."))]
    minimum = kind.min_hours or 0
    results.append(RuleResult(
        "min_hours", total >= minimum and total > 0,
        _("A program of the kind «%(kind)s» must last at least %(min)d h; this one has %(hours)d h.")
        % {"kind": kind.name, "min": minimum, "hours": total}))
    missing_outcomes = [m.title for m in modules if not m.outcomes.strip()]
    results.append(RuleResult(
        "outcomes", bool(program.outcomes.strip()) and not missing_outcomes,
        _("Describe the program's learning outcomes.") if not program.outcomes.strip()
        else _("Describe the learning outcomes of the modules: %(modules)s.")
        % {"modules": ", ".join(f"«{t}»" for t in missing_outcomes)}))
    covered = {c.pk for m in modules for c in m.competencies.all()}
    uncovered = [c.name for c in program.competencies.all() if c.pk not in covered]
    results.append(RuleResult(
        "competencies", not uncovered,
        _("No module covers the competencies: %(names)s. Add a module for each or remove them from the program.")
        % {"names": ", ".join(f"«{n}»" for n in uncovered)}))
    results.append(RuleResult(
        "final_assessment", bool(program.final_assessment),
        _("Choose the form of the final assessment.")))
    return results


def construction_errors(program: Program) -> list[str]:
    """The messages of the rules the program breaks (empty when it may go to review)."""
    return [r.message for r in construction_check(program) if not r.ok]
