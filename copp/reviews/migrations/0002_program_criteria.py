"""The default criteria set for program reviews (M15); the administrator changes it in the administration."""
from django.db import migrations


def create(apps, schema_editor):
    from copp.reviews import seed

    seed.apply(apps)


class Migration(migrations.Migration):
    dependencies = [("reviews", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
