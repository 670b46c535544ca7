"""Registers the training app's personal-data models (core.personal_data)."""
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from copp.core.personal_data import register, register_eraser

from .models import Enrolment, EnrolmentStatus, Mark, ModuleGrade
from .workflow import ENROLMENT

register(Enrolment, fields=["group__code", "group__program__title", "status", "status_comment", "final_grade__name",
                            "document_type", "document_series", "document_number", "document_date"],
         subject_lookup="learner", purpose=_("Studies in groups and completion documents"))
register(Mark, fields=["lesson__starts_at", "lesson__topic", "attendance__name", "grade__name", "updated_at"],
         subject_lookup="enrolment__learner", purpose=_("Attendance and grades in the electronic journal"))
register(ModuleGrade, fields=["enrolment__group__code", "module__title", "grade__name", "updated_at"],
         subject_lookup="enrolment__learner",
         purpose=_("Intermediate grades for program modules in the electronic journal"))


@register_eraser
def erase_learner(user) -> int:
    """A subject's erasure (152-ФЗ): enrolments, marks and completion documents stay (the law keeps education
    records; the user row is anonymised), but a place still «studying» ends — the group must not keep waiting
    for a person whose data is gone; the group's staff see why."""
    with translation.override(settings.LANGUAGE_CODE):  # a command or the admin may run it in any language
        reason = str(_("The learner withdrew the consent to the processing of personal data; the data has been "
                       "erased."))
    ended = 0
    for enrolment in Enrolment.objects.filter(learner=user, status=EnrolmentStatus.STUDYING):
        enrolment.status_comment = reason
        ENROLMENT.move(enrolment, EnrolmentStatus.EXPELLED, actor=None, comment=reason, by_platform=True,
                       update_fields=["status_comment"])
        ended += 1
    return ended
