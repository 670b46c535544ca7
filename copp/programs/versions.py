"""What a program version freezes (the contents experts review and the catalogue publishes) and the
difference between two versions: modules added and removed, hours changed, other facts changed (M14)."""
from django.utils.translation import gettext_lazy as _

from .extensions import module_needs
from .models import HOUR_FIELDS, Program

# Facts of the program a version keeps, with their labels for the difference.
PROGRAM_FACTS = {
    "title": _("Title"), "kind": _("Program kind"), "hours": _("Volume, hours"), "goals": _("Goals"),
    "audience": _("Who the program is for"), "outcomes": _("Learning outcomes"),
    "final_assessment": _("Final assessment"), "competencies": _("Competencies"),
    "profession": _("Profession"), "entry_requirements": _("Entry requirements"),
}


def module_key(module) -> str:
    """A module is the same across versions if it comes from the same library module, else by its own row."""
    return f"lib-{module.library_module_id}" if module.library_module_id else f"own-{module.pk}"


def program_snapshot(program: Program) -> dict:
    """The program's contents as plain data, in the order of its modules."""
    modules = list(program.modules.order_by("order", "pk").select_related("library_module")
                   .prefetch_related("competencies"))
    needs = module_needs(m.library_module_id for m in modules if m.library_module_id)
    return {
        "title": program.title,
        "kind": program.kind.name,
        "kind_code": program.kind.code,
        "hours": sum(m.total_hours for m in modules),
        "goals": program.goals,
        "audience": program.audience,
        "entry_requirements": program.entry_requirements,
        "outcomes": program.outcomes,
        "final_assessment": program.get_final_assessment_display() if program.final_assessment else "",
        "competencies": sorted(c.name for c in program.competencies.all()),
        "profession": str(program.profession) if program.profession_id else "",
        "provider": program.provider.short_name or program.provider.name,
        "modules": [{
            "key": module_key(m), "title": m.title, "outcomes": m.outcomes, "summary": m.summary,
            "assessment_form": m.get_assessment_form_display() if m.assessment_form else "",
            "competencies": sorted(c.name for c in m.competencies.all()),
            "equipment": "; ".join([*needs.get(m.library_module_id, []), m.library_module.equipment.strip()]
                                   if m.library_module_id and m.library_module.equipment.strip()
                                   else needs.get(m.library_module_id, [])),
            **{f: getattr(m, f) for f in HOUR_FIELDS}, "total_hours": m.total_hours,
        } for m in modules],
    }


def snapshot_totals(snapshot: dict) -> dict:
    """Hours by kind over the snapshot's modules, and the total."""
    totals = {f: sum(m.get(f, 0) for m in snapshot["modules"]) for f in HOUR_FIELDS}
    totals["total_hours"] = sum(totals.values())
    return totals


def same_contents(snapshot: dict, program: Program) -> bool:
    """Whether the program still is what the snapshot froze (no change since it was sent)."""
    return program_snapshot(program) == snapshot


def versions_diff(old: dict, new: dict) -> dict:
    """What changed from `old` to `new`: modules added, removed, with hours changed, and other facts."""
    old_modules = {m["key"]: m for m in old["modules"]}
    new_modules = {m["key"]: m for m in new["modules"]}
    hours_changed = []
    for key, module in new_modules.items():
        before = old_modules.get(key)
        if before is None:
            continue
        changes = [(f, before.get(f, 0), module.get(f, 0)) for f in HOUR_FIELDS if before.get(f, 0) != module.get(f, 0)]
        if changes or before["title"] != module["title"]:
            hours_changed.append({"title": module["title"], "old_title": before["title"], "changes": changes,
                                  "old_total": before["total_hours"], "new_total": module["total_hours"]})
    facts = [(str(label), old.get(name), new.get(name)) for name, label in PROGRAM_FACTS.items()
             if old.get(name) != new.get(name)]
    return {
        "added": [m for k, m in new_modules.items() if k not in old_modules],
        "removed": [m for k, m in old_modules.items() if k not in new_modules],
        "changed": hours_changed,
        "facts": facts,
        "reordered": [k for k in new_modules if k in old_modules]
        != [k for k in old_modules if k in new_modules],
        "old_totals": snapshot_totals(old), "new_totals": snapshot_totals(new),
    }
