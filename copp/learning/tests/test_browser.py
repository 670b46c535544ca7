"""In a real browser (360 px and 1280 px): a learner opens the group's Moodle course by single sign-on and joins
today's online lesson on BigBlueButton; the teacher confirms the online attendance with one click."""
import datetime
import re
import urllib.request

import pytest
from django.utils import timezone

from copp.core.roles import Role
from copp.directories.models import StudyForm
from copp.organizations.models import OrganizationType
from copp.training.models import Mark
from copp.training.tests.factories import enrol, make_group, make_lesson, scheduler, teacher_of
from fakes.bbb.server import FakeBbb
from fakes.moodle.server import ALL_FUNCTIONS, FakeMoodle
from tests.browser.conftest import shot
from tests.browser.test_events import sign_in

from .. import services, sync
from ..models import ConferenceSettings, MoodleSettings
from .conftest import BBB_SECRET, MOODLE_TOKEN

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def servers():
    bbb = FakeBbb(secret=BBB_SECRET).start()
    moodle = FakeMoodle(tokens={MOODLE_TOKEN: ALL_FUNCTIONS}).start()
    yield bbb, moodle
    bbb.stop()
    moodle.stop()


def remote_class(world, bbb, moodle):
    ConferenceSettings.objects.update_or_create(singleton=True, defaults={
        "enabled": True, "url": bbb.url, "secret": BBB_SECRET})
    MoodleSettings.objects.update_or_create(singleton=True, defaults={
        "enabled": True, "url": moodle.url, "token": MOODLE_TOKEN})
    partner = world.orgs[OrganizationType.PARTNER][0]
    teacher = teacher_of(world.users[Role.TEACHER][0], partner)
    group = make_group(partner, teachers=[teacher], study_form=StudyForm.objects.get(code="distance"))
    enrolment = enrol(group, world.users[Role.LEARNER][0])
    starts = timezone.now().replace(second=0, microsecond=0) - datetime.timedelta(minutes=5)
    lesson = make_lesson(group, starts_at=starts, hours=1, teachers=[teacher], topic="Онлайн-разбор чертежей")
    services.conference_plan(actor=world.users[Role.TEACHER][0], lesson=lesson)
    sync.course_sync(sync.course_attach(actor=scheduler(), group=group))
    return group, enrolment, lesson


def test_learner_opens_the_course_and_joins_the_lesson(page, world, servers):
    bbb, moodle = servers
    group, _enrolment, lesson = remote_class(world, bbb, moodle)
    sign_in(page, world.users[Role.LEARNER][0], world.password)
    page.goto(page.base + "/learning/my/")
    page.get_by_role("heading", name="Онлайн-занятия", exact=True).wait_for()
    shot(page, "learning-my")
    with page.expect_popup() as course:
        page.get_by_role("link", name="Открыть курс").click()
    course.value.get_by_text(re.compile("Вы вошли как")).wait_for()
    assert world.users[Role.LEARNER][0].email in course.value.content()
    with page.expect_popup() as room:
        page.get_by_role("link", name="Подключиться к занятию").click()
    room.value.get_by_text("вы в конференции", exact=False).wait_for()
    conference = lesson.conference
    assert [a.role for a in bbb.meetings[conference.meeting_id].attendees] == ["VIEWER"]


def test_teacher_confirms_online_attendance(page, world, servers):
    bbb, moodle = servers
    group, enrolment, lesson = remote_class(world, bbb, moodle)
    learner = world.users[Role.LEARNER][0]
    conference = lesson.conference
    url = services.conference_join(user=learner, lesson=lesson)
    urllib.request.urlopen(url, timeout=5).close()  # noqa: S310  the learner is in the room
    services.conference_poll(conference, now=lesson.starts_at)
    services.conference_poll(conference, now=lesson.ends_at)
    services.conference_finish(conference)
    sign_in(page, world.users[Role.TEACHER][0], world.password)
    page.goto(page.base + f"/learning/lessons/{lesson.pk}/")
    page.get_by_role("heading", name="Посещаемость по конференции").wait_for()
    shot(page, "learning-lesson-teacher")
    page.get_by_role("button", name="Подтвердить онлайн-посещаемость").click()
    page.get_by_text("Отмечено в журнале как присутствовавшие онлайн: 1.").wait_for()
    shot(page, "learning-lesson-confirmed")
    assert Mark.objects.get(enrolment=enrolment, lesson=lesson).attendance.code == "online"
    page.goto(page.base + f"/training/groups/{group.pk}/journal/")
    page.locator(".jr-src").first.wait_for(state="attached")
    shot(page, "learning-journal-source")
