"""Rows of the access matrix for remote learning. The lesson belongs to a group of the first partner taught by
the first teacher with the first learner (training's world_group); the second learner, teacher and partner are
outsiders and get 404."""
from copp.core.roles import Role
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

from .materials.access import ROUTES as MATERIALS_ROUTES  # noqa: E402  the materials library (issue 21)

ROUTES |= MATERIALS_ROUTES
