"""Rows of the access matrix for the training app. Groups belong to the first partner organisation and are
taught by the first teacher; the second partner and the second teacher (outsiders) get 404."""
from django.urls import NoReverseMatch, reverse

from copp.core.roles import Role
from tests.access import ALL_ROLES, PUBLIC, Route, accepts

from ..models import Mark, ModuleGrade
from ..services import calendar_token_of
from .exam_factories import world_exam
from .factories import world_group

# Those who have a week of lessons of their own: learners and teachers.
PEOPLE_IN_CLASS = frozenset({Role.LEARNER, Role.TEACHER})

MANAGERS = frozenset({Role.STAFF, Role.PARTNER})
GROUP_READERS = frozenset({Role.STAFF, Role.PARTNER, Role.TEACHER})
MARKERS = frozenset({Role.STAFF, Role.TEACHER})
REGION = frozenset({Role.STAFF, Role.COORDINATOR, Role.ADMIN})
EXAM_READERS = frozenset({Role.STAFF, Role.COORDINATOR, Role.ADMIN, Role.PARTNER})
EXAM_ENTRY = frozenset({Role.STAFF, Role.PARTNER})


def exam(w):
    return {"pk": world_exam(w).pk}


def exam_participant(w):
    exam = world_exam(w)
    return {"pk": exam.pk, "participant_pk": exam.participants.create(full_name="Студент Матрицы").pk}


def group(w):
    return {"pk": world_group(w)[0].pk}


def enrolment(w):
    return {"pk": world_group(w)[1].pk}


def lesson(w):
    return {"pk": world_group(w)[2].pk}


def cell(w):
    _group, enrolled, taught = world_group(w)
    return {"lesson_pk": taught.pk, "enrolment_pk": enrolled.pk}


def marked_cell(w):
    kwargs = cell(w)
    Mark.objects.create(lesson_id=kwargs["lesson_pk"], enrolment_id=kwargs["enrolment_pk"])
    return kwargs


def module_cell(w):
    _group, enrolled, _taught = world_group(w)
    module = enrolled.group.program.modules.create(order=1, title="Модуль для матрицы")
    return {"module_pk": module.pk, "enrolment_pk": enrolled.pk}


def graded_module_cell(w):
    kwargs = module_cell(w)
    ModuleGrade.objects.create(module_id=kwargs["module_pk"], enrolment_id=kwargs["enrolment_pk"])
    return kwargs


def column(w):
    return {"lesson_pk": world_group(w)[2].pk}


def token(w):
    return {"token": calendar_token_of(w.users[Role.LEARNER][0])}


ROUTES = {
    "training:groups": Route(GROUP_READERS),
    "training:group_create": Route(MANAGERS, also=accepts((400,), "post")),
    "training:group": Route(GROUP_READERS, kwargs=group, owner=Role.PARTNER),
    "training:group_update": Route(MANAGERS, kwargs=group, owner=Role.PARTNER, also=accepts((400,), "post")),
    "training:group_status": Route(MANAGERS, method="post", kwargs=group, owner=Role.PARTNER, ok=(302,),
                                   data={"target": "completed"}),
    "training:group_enrol": Route(MANAGERS, method="post", kwargs=group, owner=Role.PARTNER, ok=(302,)),
    "training:group_add": Route(MANAGERS, method="post", kwargs=group, owner=Role.PARTNER, ok=(302,)),
    "training:enrolment_expel": Route(MANAGERS, method="post", kwargs=enrolment, owner=Role.PARTNER, ok=(302,)),
    "training:enrolment_move": Route(MANAGERS, method="post", kwargs=enrolment, owner=Role.PARTNER, ok=(302,)),
    "training:enrolment_complete": Route(MANAGERS, kwargs=enrolment, owner=Role.PARTNER, also=accepts((200,), "post")),
    "training:schedule": Route(GROUP_READERS, kwargs=group, owner=Role.PARTNER),
    "training:lesson_add": Route(MANAGERS, method="post", kwargs=group, owner=Role.PARTNER, ok=(400,)),
    "training:lesson_check": Route(MANAGERS, method="post", kwargs=group, owner=Role.PARTNER),
    "training:lesson_pattern": Route(MANAGERS, method="post", kwargs=group, owner=Role.PARTNER, ok=(400,)),
    "training:lesson_change": Route(MANAGERS, kwargs=lesson, owner=Role.PARTNER, also=accepts((200,), "post")),
    "training:journal": Route(GROUP_READERS, kwargs=group, owner=Role.PARTNER),
    "training:journal_xlsx": Route(GROUP_READERS, kwargs=group, owner=Role.PARTNER),
    "training:ratings": Route(GROUP_READERS, kwargs=group, owner=Role.PARTNER),
    "training:mark_save": Route(MARKERS, method="post", kwargs=cell, owner=Role.TEACHER, data={"cycle": "1"}),
    "training:mark_history": Route(GROUP_READERS, kwargs=marked_cell, owner=Role.PARTNER),
    "training:module_grade_save": Route(MARKERS, method="post", kwargs=module_cell, owner=Role.TEACHER,
                                        data={"grade": "5"}),
    "training:module_grade_history": Route(GROUP_READERS, kwargs=graded_module_cell, owner=Role.PARTNER),
    "training:column_fill": Route(MARKERS, method="post", kwargs=column, owner=Role.TEACHER,
                                  data={"attendance": "present"}, ok=(302,)),
    "training:week": Route(PEOPLE_IN_CLASS),
    "training:my_marks": Route(frozenset({Role.LEARNER})),
    "training:calendar_renew": Route(PEOPLE_IN_CLASS, method="post", ok=(302,)),
    "training:ics": Route(PUBLIC, kwargs=token),
    "training:employees": Route(frozenset({Role.CUSTOMER})),
    "training:region": Route(REGION),
    "training:load": Route(REGION),
    "training:load_xlsx": Route(REGION),
    # The demonstration exam register (D6): the region's for ЦОПП staff, the coordinator and administrators;
    # an organisation's own exams for partners, who enter them; ЦОПП staff also check and lock them.
    "training:demo_exams": Route(EXAM_READERS),
    "training:demo_exams_xlsx": Route(EXAM_READERS),
    "training:demo_exam_create": Route(EXAM_ENTRY, also=accepts((400,), "post")),
    # The searchable choice of an exam's experts: whoever enters exams (every expert of the region).
    "training:demo_exam_expert_choices": Route(EXAM_ENTRY),
    "training:demo_exam": Route(EXAM_READERS, kwargs=exam, owner=Role.PARTNER),
    "training:demo_exam_update": Route(EXAM_ENTRY, kwargs=exam, owner=Role.PARTNER, also=accepts((400,), "post")),
    "training:demo_exam_participant": Route(EXAM_ENTRY, method="post", kwargs=exam, owner=Role.PARTNER,
                                            ok=(400,)),
    "training:demo_exam_participant_remove": Route(EXAM_ENTRY, method="post", kwargs=exam_participant,
                                                   owner=Role.PARTNER, ok=(302,)),
    "training:demo_exam_import": Route(EXAM_ENTRY, method="post", kwargs=exam, owner=Role.PARTNER, ok=(400,)),
    "training:demo_exam_status": Route(EXAM_ENTRY, method="post", kwargs=exam, owner=Role.PARTNER, ok=(302,),
                                       data={"target": "submitted"}),
}


def _api_is_wired() -> bool:
    try:
        reverse("api:training-group-list")
    except NoReverseMatch:
        return False
    return True


if _api_is_wired():
    ROUTES |= {
        "api:training-group-list": Route(GROUP_READERS, anonymous=401),
        "api:training-group-detail": Route(GROUP_READERS, kwargs=group, owner=Role.PARTNER, anonymous=401),
        "api:training-lesson-list": Route(ALL_ROLES, anonymous=401),
        "api:training-mark-list": Route(ALL_ROLES, anonymous=401),
        "api:training-module-grade-list": Route(ALL_ROLES, anonymous=401),
    }
