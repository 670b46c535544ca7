"""Reference dictionaries (M30). Items are deactivated rather than deleted once something uses them."""
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _


class DictionaryItem(models.Model):
    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=255)
    is_active = models.BooleanField(_("in use"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class Competency(DictionaryItem):
    group = models.CharField(_("group"), max_length=255, blank=True)
    is_priority = models.BooleanField(_("priority for the region"), default=False, db_index=True)
    description = models.TextField(_("description"), blank=True)

    class Meta(DictionaryItem.Meta):
        verbose_name = _("competency")
        verbose_name_plural = _("competencies")


class Profession(DictionaryItem):
    """A worker profession or employee position; the code is the ОКПДТР code."""

    class Meta(DictionaryItem.Meta):
        verbose_name = _("profession")
        verbose_name_plural = _("professions")
        indexes = [
            # The searchable choice of a profession (directories/choices.py): icontains is UPPER(name) LIKE '%…%'.
            GinIndex(OpClass(Upper("name"), name="gin_trgm_ops"), name="directories_profession_trgm"),
            # Its list of matches in the order it shows them.
            models.Index(fields=["name", "id"], name="directories_profession_order"),
        ]


class ProgramKind(DictionaryItem):
    min_hours = models.PositiveIntegerField(_("minimum hours"), default=0)

    class Meta(DictionaryItem.Meta):
        verbose_name = _("program kind")
        verbose_name_plural = _("program kinds")


class EducationLevel(DictionaryItem):
    class Meta(DictionaryItem.Meta):
        verbose_name = _("education level")
        verbose_name_plural = _("education levels")


class StudyForm(DictionaryItem):
    class Meta(DictionaryItem.Meta):
        verbose_name = _("study form")
        verbose_name_plural = _("study forms")


class FundingSource(DictionaryItem):
    is_free_for_learner = models.BooleanField(_("free for the learner"), default=False)

    class Meta(DictionaryItem.Meta):
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")


class Region(DictionaryItem):
    """A region of Russia (субъект РФ); the code is its two-digit code."""

    class Meta(DictionaryItem.Meta):
        verbose_name = _("region")
        verbose_name_plural = _("regions")


class Municipality(DictionaryItem):
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT,
                               related_name="municipalities")

    class Meta(DictionaryItem.Meta):
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")


class LessonType(DictionaryItem):
    class Meta(DictionaryItem.Meta):
        verbose_name = _("lesson type")
        verbose_name_plural = _("lesson types")


class GradeScale(DictionaryItem):
    class Meta(DictionaryItem.Meta):
        verbose_name = _("grade scale")
        verbose_name_plural = _("grade scales")


class GradeValue(models.Model):
    scale = models.ForeignKey(GradeScale, verbose_name=_("scale"), on_delete=models.CASCADE,
                              related_name="values")
    code = models.CharField(_("code"), max_length=16)
    name = models.CharField(_("name"), max_length=64)
    points = models.DecimalField(_("points"), max_digits=5, decimal_places=2)
    is_passing = models.BooleanField(_("passing"), default=True)

    class Meta:
        verbose_name = _("grade")
        verbose_name_plural = _("grades")
        ordering = ["scale", "-points"]
        constraints = [models.UniqueConstraint(fields=["scale", "code"], name="grade_value_unique_code")]

    def __str__(self):
        return self.name


class AttendanceStatus(DictionaryItem):
    short_name = models.CharField(_("short mark"), max_length=4)
    counts_as_present = models.BooleanField(_("counts as present"), default=False)

    class Meta(DictionaryItem.Meta):
        verbose_name = _("attendance status")
        verbose_name_plural = _("attendance statuses")


DICTIONARIES = (
    Competency, Profession, ProgramKind, EducationLevel, StudyForm, FundingSource, Region,
    Municipality, LessonType, GradeScale, AttendanceStatus,
)
