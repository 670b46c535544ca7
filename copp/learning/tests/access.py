"""Rows of the access matrix for remote learning. The lesson belongs to a group of the first partner taught by
the first teacher with the first learner (training's world_group); the second learner, teacher and partner are
outsiders and get 404."""
from copp.core.roles import Role
from copp.organizations.models import OrganizationType
from copp.training.tests.access import GROUP_READERS, MANAGERS, PEOPLE_IN_CLASS, group, lesson
from copp.training.tests.factories import world_group
from tests.access import PUBLIC, Route, accepts

from ..models import Conference, MoodleCourse

LESSON_READERS = frozenset({Role.STAFF, Role.PARTNER, Role.TEACHER, Role.LEARNER})
SEATED = frozenset({Role.STAFF, Role.TEACHER, Role.LEARNER})  # a seat in the lesson's conference
JOURNAL_KEEPERS = frozenset({Role.STAFF, Role.TEACHER})
ADMINS = frozenset({Role.ADMIN})


def conference_lesson(w):
    _group, _enrolled, taught = world_group(w)
    Conference.objects.create(lesson=taught)
    return {"pk": taught.pk}


def moodle_group(w):
    group_row = world_group(w)[0]
    MoodleCourse.objects.create(group=group_row, course_id=77, shortname=group_row.code)
    return {"pk": group_row.pk}


ROUTES = {
    "learning:my": Route(PEOPLE_IN_CLASS),
    "learning:lesson": Route(LESSON_READERS, kwargs=lesson, owner=Role.LEARNER),
    # Without BigBlueButton set up, planning and joining say so and go back to the lesson (302).
    "learning:conference_plan": Route(frozenset({Role.STAFF, Role.PARTNER, Role.TEACHER}), method="post",
                                      kwargs=lesson, owner=Role.PARTNER, ok=(302,)),
    "learning:join": Route(SEATED, kwargs=conference_lesson, owner=Role.LEARNER, ok=(302,)),
    "learning:attendance_refresh": Route(JOURNAL_KEEPERS, method="post", kwargs=conference_lesson,
                                         owner=Role.TEACHER, ok=(302,)),
    "learning:attendance_confirm": Route(JOURNAL_KEEPERS, method="post", kwargs=conference_lesson,
                                         owner=Role.TEACHER, ok=(302,)),
    # BigBlueButton calls it; the secret in the address is the key, a wrong one is 404 for everyone.
    "learning:bbb_ended": Route(PUBLIC, kwargs=lambda w: {"token": "no-such-token"}, ok=(404,)),
    "learning:conference_settings": Route(ADMINS, also=accepts((400,), "post")),
    "learning:moodle_settings": Route(ADMINS, also=accepts((400,), "post")),
    "learning:group_moodle": Route(GROUP_READERS, kwargs=group, owner=Role.PARTNER),
    # The matrix's group studies full-time: attaching says only remote groups get a course (302).
    "learning:group_moodle_attach": Route(MANAGERS, method="post", kwargs=group, owner=Role.PARTNER, ok=(302,)),
    "learning:group_moodle_sync": Route(MANAGERS, method="post", kwargs=moodle_group, owner=Role.PARTNER,
                                        ok=(302,)),
    "learning:moodle_open": Route(PEOPLE_IN_CLASS, kwargs=moodle_group, owner=Role.LEARNER, ok=(302,)),
}


# --- The course space: the matrix's group with a section, a material with a file, an assignment and the first
# learner's answer with a file.


def _course(w):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from tests.factories import sample_pdf

    from ..models import Assignment, CourseMaterial, CourseSection, MaterialKind, Submission

    group_row, enrolment, _lesson = world_group(w)
    section = CourseSection.objects.create(group=group_row, title="Тема 1")
    material = CourseMaterial.objects.create(section=section, kind=MaterialKind.FILE, title="Конспект",
                                             file=SimpleUploadedFile("notes.pdf", sample_pdf()))
    assignment = Assignment.objects.create(section=section, title="Задание", due_at=timezone.now())
    submission = Submission.objects.create(assignment=assignment, enrolment=enrolment, submitted_at=timezone.now(),
                                           file=SimpleUploadedFile("answer.pdf", sample_pdf()))
    return group_row, section, material, assignment, submission


ROUTES |= {
    "learning:bbb_recording": Route(PUBLIC, method="post", kwargs=lambda w: {"token": "no-such-token"}, ok=(404,)),
    # Learners of the group read it, its teachers and staff run it, the managing partner reads it.
    "learning:course": Route(LESSON_READERS, kwargs=group, owner=Role.LEARNER),
    # An empty form is 400.
    "learning:section_add": Route(JOURNAL_KEEPERS, method="post", kwargs=group, owner=Role.TEACHER, ok=(400,)),
    "learning:material_add": Route(JOURNAL_KEEPERS, method="post", kwargs=lambda w: {"pk": _course(w)[1].pk},
                                   owner=Role.TEACHER, ok=(400,)),
    "learning:assignment_add": Route(JOURNAL_KEEPERS, method="post", kwargs=lambda w: {"pk": _course(w)[1].pk},
                                     owner=Role.TEACHER, ok=(400,)),
    "learning:material_file": Route(LESSON_READERS, kwargs=lambda w: {"pk": _course(w)[2].pk}, owner=Role.LEARNER),
    # The partner runs the group but neither teaches nor studies: no answers to see or give (403).
    "learning:assignment": Route(SEATED, kwargs=lambda w: {"pk": _course(w)[3].pk}, owner=Role.LEARNER),
    "learning:assignment_submit": Route(frozenset({Role.LEARNER}), method="post",
                                        kwargs=lambda w: {"pk": _course(w)[3].pk}, owner=Role.LEARNER, ok=(400,)),
    "learning:submission_grade": Route(JOURNAL_KEEPERS, method="post", kwargs=lambda w: {"pk": _course(w)[4].pk},
                                       owner=Role.TEACHER, ok=(400,)),
    "learning:submission_file": Route(SEATED, kwargs=lambda w: {"pk": _course(w)[4].pk}, owner=Role.LEARNER),
}

ROUTES |= {
    # Staff and the managing partner map grade items; the teacher reads the Moodle page but not this.
    "learning:group_moodle_mapping": Route(MANAGERS, kwargs=moodle_group, owner=Role.PARTNER,
                                           also=accepts((302,), "post")),
}


def _event_conference(w):
    from copp.events.tests.factories import make_event, make_registration

    from ..models import EventConference

    event = make_event(w.orgs[OrganizationType.PARTNER][0])
    make_registration(event, w.users[Role.LEARNER][0])
    EventConference.objects.create(event=event)
    return {"pk": event.pk}


EVENT_PEOPLE = frozenset({Role.STAFF, Role.PARTNER, Role.LEARNER})  # organisers and the registered learner
NO_EVENT_OUTSIDER = "a published event is public: someone with no place at it gets 403, nothing is hidden"
ROUTES |= {
    "learning:event_join_page": Route(EVENT_PEOPLE, kwargs=_event_conference, no_outsider=NO_EVENT_OUTSIDER),
    # The event is a week away: joining says when it opens (302); without BigBlueButton planning says so (302).
    "learning:event_join": Route(EVENT_PEOPLE, kwargs=_event_conference, ok=(302,), no_outsider=NO_EVENT_OUTSIDER),
    "learning:event_conference_plan": Route(frozenset({Role.STAFF, Role.PARTNER}), method="post",
                                            kwargs=_event_conference, ok=(302,), no_outsider=NO_EVENT_OUTSIDER),
}


# --- Tests of the course space: the matrix's group with a section and a test of one question, published (the
# learner takes it) or a draft (the teacher writes it; learners do not find it).


def _quiz(w, *, published=True):
    from django.utils import timezone

    from ..models import CourseSection, Quiz, QuizQuestion

    group_row = world_group(w)[0]
    section = CourseSection.objects.create(group=group_row, title="Тема 1")
    quiz = Quiz.objects.create(section=section, title="Тест", published_at=timezone.now() if published else None)
    question = QuizQuestion.objects.create(quiz=quiz, kind="number", text="1 + 1", correct=2)
    return section, quiz, question


ROUTES |= {
    # An empty form is 400.
    "learning:quiz_add": Route(JOURNAL_KEEPERS, method="post", kwargs=lambda w: {"pk": _quiz(w)[0].pk},
                               owner=Role.TEACHER, ok=(400,)),
    # The partner runs the group but neither teaches nor studies: no results or answers to see (403).
    "learning:quiz": Route(SEATED, kwargs=lambda w: {"pk": _quiz(w)[1].pk}, owner=Role.LEARNER),
    # Unanswered, the attempt is refused with the reasons (400).
    "learning:quiz_submit": Route(frozenset({Role.LEARNER}), method="post", kwargs=lambda w: {"pk": _quiz(w)[1].pk},
                                  owner=Role.LEARNER, ok=(400,)),
    "learning:quiz_question_add": Route(JOURNAL_KEEPERS, method="post",
                                        kwargs=lambda w: {"pk": _quiz(w, published=False)[1].pk},
                                        owner=Role.TEACHER, ok=(400,)),
    "learning:quiz_publish": Route(JOURNAL_KEEPERS, method="post",
                                   kwargs=lambda w: {"pk": _quiz(w, published=False)[1].pk},
                                   owner=Role.TEACHER, ok=(302,)),
    "learning:quiz_question_delete": Route(JOURNAL_KEEPERS, method="post",
                                           kwargs=lambda w: {"pk": _quiz(w, published=False)[2].pk},
                                           owner=Role.TEACHER, ok=(302,)),
}
from .materials.access import ROUTES as MATERIALS_ROUTES  # noqa: E402  the materials library (issue 21)

ROUTES |= MATERIALS_ROUTES
