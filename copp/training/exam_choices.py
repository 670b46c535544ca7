"""The experts of a demonstration exam as a searchable choice (copp.core.choices): people of the staff registry with
expert status (`experts_of`) of any organisation of the region — every one of them for a new exam, whose
competency is not yet known. Whoever enters exams (DEMO_EXAMS_ENTER) may ask, as the exam form offers them."""
from django.db.models.functions import Upper

from copp.core.access import has_capability
from copp.core.choices import ChoiceSource
from copp.core.roles import Cap
from copp.resources.models import StaffMember

from .exam_services import experts_of

EXPERTS = ChoiceSource(
    model=StaffMember, rows=lambda user: experts_of(), allowed=lambda user: has_capability(user, Cap.DEMO_EXAMS_ENTER),
    search=("last_name",), order=(Upper("last_name"), Upper("first_name"), Upper("patronymic"), "pk"),
    label=lambda row: row.full_name)
