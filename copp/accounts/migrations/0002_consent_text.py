"""Publish version 1 of the personal-data consent text."""
from django.db import migrations


def forwards(apps, schema_editor):
    from copp.accounts import consent_texts

    ConsentText = apps.get_model("accounts", "ConsentText")
    ConsentText.objects.get_or_create(
        kind="personal_data", version=1,
        defaults={"title": consent_texts.PERSONAL_DATA_TITLE, "body": consent_texts.PERSONAL_DATA_BODY,
                  "is_current": True},
    )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
