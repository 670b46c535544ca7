"""Registers the training app's personal-data models (core.personal_data)."""
from django.utils.translation import gettext_lazy as _

from copp.core.personal_data import register

from .models import Enrolment, Mark, ModuleGrade

register(Enrolment, fields=["group__code", "group__program__title", "status", "status_comment", "final_grade__name",
                            "document_type", "document_series", "document_number", "document_date"],
         subject_lookup="learner", purpose=_("Studies in groups and completion documents"))
register(Mark, fields=["lesson__starts_at", "lesson__topic", "attendance__name", "grade__name", "updated_at"],
         subject_lookup="enrolment__learner", purpose=_("Attendance and grades in the electronic journal"))
register(ModuleGrade, fields=["enrolment__group__code", "module__title", "grade__name", "updated_at"],
         subject_lookup="enrolment__learner",
         purpose=_("Intermediate grades for program modules in the electronic journal"))
