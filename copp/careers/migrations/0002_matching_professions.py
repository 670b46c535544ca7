"""The ОКПДТР professions the matching rules assign (copp/careers/matching.py), made sure in the dictionary."""
from django.db import migrations


def add_professions(apps, schema_editor):
    from copp.careers.matching import professions_of_rules

    Profession = apps.get_model("directories", "Profession")
    for order, (code, name) in enumerate(professions_of_rules()):
        Profession.objects.get_or_create(code=code, defaults={"name": name, "order": order})


class Migration(migrations.Migration):
    dependencies = [("careers", "0001_initial")]
    operations = [migrations.RunPython(add_professions, migrations.RunPython.noop)]
