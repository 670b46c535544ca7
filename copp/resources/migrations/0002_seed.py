from django.db import migrations


def forwards(apps, schema_editor):
    from copp.resources import seed

    seed.apply(apps)


class Migration(migrations.Migration):
    dependencies = [("resources", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
