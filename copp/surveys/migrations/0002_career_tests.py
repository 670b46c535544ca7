"""Installs the two career-guidance tests (ДДО, RIASEC) with their keys and types (copp/surveys/instruments.py)."""
from django.db import migrations


def install(apps, schema_editor):
    from copp.surveys import instruments

    instruments.install(apps)


class Migration(migrations.Migration):
    dependencies = [("surveys", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
