"""Seed the dictionaries with public-fact values (directories/seed.py)."""
from django.db import migrations


def forwards(apps, schema_editor):
    from copp.directories import seed

    seed.apply(apps)


class Migration(migrations.Migration):
    dependencies = [("directories", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
