"""The ОКПДТР professions the matching rules assign (copp/careers/matching.py), made sure in the dictionary."""
from django.db import migrations


def add_professions(apps, schema_editor):
    from copp.careers import seed

    seed.apply(apps)


class Migration(migrations.Migration):
    dependencies = [("careers", "0001_initial")]
    operations = [migrations.RunPython(add_professions, migrations.RunPython.noop)]
