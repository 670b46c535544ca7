"""Publish version 1 of the consent to distribution of personal data (the portfolio, 152-ФЗ art. 10.1)."""
from django.db import migrations


def forwards(apps, schema_editor):
    from copp.careers import seed

    seed.apply_distribution_consent(apps)


class Migration(migrations.Migration):
    dependencies = [("careers", "0004_portfolios"), ("accounts", "0002_consent_text")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
