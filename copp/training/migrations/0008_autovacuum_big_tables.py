"""Autovacuum of the tables of millions of rows (issue 15, docs/performance.md): vacuum and analyze start after a
fixed small share of changes on these tables whatever the server's global settings, so dead rows and stale
statistics do not pile up for days on the journal, the lessons and the applications."""
from django.db import migrations

# table -> (vacuum scale factor, analyze scale factor, insert vacuum scale factor)
BIG_TABLES = {
    "training_mark": (0.01, 0.005, 0.02),
    "training_lesson": (0.02, 0.01, 0.05),
    "training_teacherbooking": (0.02, 0.01, 0.05),
    "training_enrolment": (0.02, 0.01, 0.05),
    "training_modulegrade": (0.02, 0.01, 0.05),
    "admissions_application": (0.02, 0.01, 0.05),
    "admissions_statuschange": (0.02, 0.01, 0.05),
    "admissions_participant": (0.02, 0.01, 0.05),
}
PARAMS = ("autovacuum_vacuum_scale_factor", "autovacuum_analyze_scale_factor",
          "autovacuum_vacuum_insert_scale_factor")


def _set(table, values):
    return f"ALTER TABLE {table} SET ({', '.join(f'{p} = {v}' for p, v in zip(PARAMS, values, strict=True))})"


class Migration(migrations.Migration):

    dependencies = [
        ("training", "0007_demo_exams"),
        ("admissions", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(_set(table, values), f"ALTER TABLE {table} RESET ({', '.join(PARAMS)})")
        for table, values in BIG_TABLES.items()
    ]
