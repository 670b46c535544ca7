"""Statuses of groups, enrolments and lessons and who may move them (the TRANSITIONS tables, M20, M21)."""
from copp.core.roles import Cap
from copp.core.workflow import Transition, Workflow

from .models import EnrolmentStatus, ExamStatus, GroupStatus, LessonStatus

G, E, L = GroupStatus, EnrolmentStatus, LessonStatus

# A group is made while it gathers learners, then studies, then is over; either of the first two may be cancelled.
# Nothing goes back: a finished or cancelled group never gathers learners again.
GROUP_TRANSITIONS = [
    Transition("", G.FORMING, Cap.TRAINING_MANAGE),
    Transition(G.FORMING, G.ACTIVE, Cap.TRAINING_MANAGE),
    Transition(G.ACTIVE, G.COMPLETED, Cap.TRAINING_MANAGE),
    Transition(G.FORMING, G.CANCELLED, Cap.TRAINING_MANAGE),
    Transition(G.ACTIVE, G.CANCELLED, Cap.TRAINING_MANAGE),
]
GROUP = Workflow(GROUP_TRANSITIONS)

# Groups that take no one in and whose lessons are not added or moved.
CLOSED_GROUP = (G.COMPLETED, G.CANCELLED)
# Groups whose facts (dates, teachers, places) may still be edited.
EDITABLE_GROUP = (G.FORMING, G.ACTIVE)

# A learner studies, and leaves by moving, expulsion or completion; one moved out or expelled (by mistake) may
# come back to the same place with its marks.
ENROLMENT_TRANSITIONS = [
    Transition("", E.STUDYING, Cap.TRAINING_MANAGE),
    Transition(E.STUDYING, E.MOVED, Cap.TRAINING_MANAGE),
    Transition(E.STUDYING, E.EXPELLED, Cap.TRAINING_MANAGE),
    Transition(E.STUDYING, E.COMPLETED, Cap.TRAINING_MANAGE),
    Transition(E.MOVED, E.STUDYING, Cap.TRAINING_MANAGE),
    Transition(E.EXPELLED, E.STUDYING, Cap.TRAINING_MANAGE),
]
ENROLMENT = Workflow(ENROLMENT_TRANSITIONS)

# A lesson is planned, and may be cancelled with a reason; a cancelled lesson is not brought back (plan a new one).
LESSON_TRANSITIONS = [
    Transition("", L.PLANNED, Cap.TRAINING_MANAGE),
    Transition(L.PLANNED, L.CANCELLED, Cap.TRAINING_MANAGE),
]
LESSON = Workflow(LESSON_TRANSITIONS)

# A demonstration exam (D6) is entered by the organisation whose students sit it, sent to ЦОПП staff, who return
# it for corrections or check it and lock it: a finished exam changes no more.
EXAM_TRANSITIONS = [
    Transition("", ExamStatus.DRAFT, Cap.DEMO_EXAMS_ENTER),
    Transition(ExamStatus.DRAFT, ExamStatus.SUBMITTED, Cap.DEMO_EXAMS_ENTER),
    Transition(ExamStatus.SUBMITTED, ExamStatus.DRAFT, Cap.DEMO_EXAMS_CHECK),
    Transition(ExamStatus.SUBMITTED, ExamStatus.FINISHED, Cap.DEMO_EXAMS_CHECK),
]
EXAM = Workflow(EXAM_TRANSITIONS)
