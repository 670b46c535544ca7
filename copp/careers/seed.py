"""The ОКПДТР professions the matching rules assign, made sure in the dictionary (a data migration and the
reference data of transactional tests apply it; re-running changes nothing)."""
from .matching import professions_of_rules


def apply(apps) -> None:
    Profession = apps.get_model("directories", "Profession")
    for order, (code, name) in enumerate(professions_of_rules()):
        Profession.objects.get_or_create(code=code, defaults={"name": name, "order": order})
