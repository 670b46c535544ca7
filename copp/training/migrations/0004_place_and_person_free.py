# One exclusion constraint for the place (a whole-site lesson excludes every room of its site), a room lesson
# carries its site, and a teacher booking carries the person so one person cannot teach in two places at once.

import django.db.models.deletion
from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import BigIntegerRangeField, RangeBoundary, RangeOperators
from django.db import migrations, models

from copp.training.models import TsTzRange

PLANNED = models.Q(status="planned")


def _range():
    return TsTzRange("starts_at", "ends_at", RangeBoundary())


def fill_site_and_person(apps, schema_editor):
    """Room lessons get their room's site; teacher bookings get the staff record's account."""
    Lesson = apps.get_model("training", "Lesson")
    TeacherBooking = apps.get_model("training", "TeacherBooking")
    Lesson.objects.filter(room__isnull=False).update(
        site=models.Subquery(apps.get_model("resources", "Room").objects.filter(
            pk=models.OuterRef("room_id")).values("site_id")[:1]))
    TeacherBooking.objects.filter(teacher__user__isnull=False).update(
        person=models.Subquery(apps.get_model("resources", "StaffMember").objects.filter(
            pk=models.OuterRef("teacher_id")).values("user_id")[:1]))


class Migration(migrations.Migration):

    dependencies = [
        ("resources", "0003_staff_document_formats"),
        ("training", "0003_module_grades"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="teacherbooking",
            name="person",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL,
                                    related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="person"),
        ),
        migrations.RunPython(fill_site_and_person, migrations.RunPython.noop),
        migrations.RemoveConstraint(model_name="lesson", name="training_lesson_room_free"),
        migrations.RemoveConstraint(model_name="lesson", name="training_lesson_site_free"),
        migrations.AddIndex(
            model_name="teacherbooking",
            index=models.Index(fields=["person", "starts_at"], name="training_te_person__3baed9_idx"),
        ),
        migrations.AddConstraint(
            model_name="lesson",
            constraint=ExclusionConstraint(
                name="training_lesson_place_free", condition=PLANNED & models.Q(site__isnull=False),
                expressions=[
                    (_range(), RangeOperators.OVERLAPS), ("site", RangeOperators.EQUAL),
                    (models.Func(models.F("room_id"), models.F("room_id") + 1, function="int8range",
                                 output_field=BigIntegerRangeField()), RangeOperators.OVERLAPS)]),
        ),
        migrations.AddConstraint(
            model_name="lesson",
            constraint=models.CheckConstraint(condition=models.Q(room__isnull=True) | models.Q(site__isnull=False),
                                              name="training_lesson_room_has_site"),
        ),
        migrations.AddConstraint(
            model_name="teacherbooking",
            constraint=ExclusionConstraint(
                name="training_person_free", condition=models.Q(is_active=True, person__isnull=False),
                expressions=[(_range(), RangeOperators.OVERLAPS), ("person", RangeOperators.EQUAL)]),
        ),
    ]
