"""Fixtures of the remote-learning tests: the local BigBlueButton and Moodle on free ports, the platform
pointed at them, and a group with a learner, an outsider learner and a teacher."""
import datetime

import pytest
from django.utils import timezone

from copp.core.roles import Role
from copp.directories.models import StudyForm
from copp.organizations.models import OrganizationType
from copp.training.tests.factories import enrol, make_group, make_lesson, teacher_of
from fakes.bbb.server import FakeBbb
from fakes.moodle.server import ALL_FUNCTIONS, FakeMoodle

from ..models import ConferenceSettings, MoodleSettings

BBB_SECRET = "8cd8ef52e8e101574e400365b55e11a6"
MOODLE_TOKEN = "0123456789abcdef0123456789abcdef"


@pytest.fixture
def fake_bbb():
    fake = FakeBbb(secret=BBB_SECRET).start()
    yield fake
    fake.stop()


@pytest.fixture
def bbb_on(db, fake_bbb):
    ConferenceSettings.objects.update_or_create(singleton=True, defaults={
        "enabled": True, "url": fake_bbb.url, "secret": BBB_SECRET, "algorithm": "sha256"})
    return fake_bbb


@pytest.fixture
def fake_moodle():
    fake = FakeMoodle(tokens={MOODLE_TOKEN: ALL_FUNCTIONS}).start()
    yield fake
    fake.stop()


@pytest.fixture
def moodle_on(db, fake_moodle):
    MoodleSettings.objects.update_or_create(singleton=True, defaults={
        "enabled": True, "url": fake_moodle.url, "token": MOODLE_TOKEN})
    return fake_moodle


@pytest.fixture
def klass(world):
    """A distance group of the first partner taught by the first teacher, the first learner in it, the second
    learner in a group of the second partner, and a lesson that started five minutes ago."""
    partner, other = world.orgs[OrganizationType.PARTNER]
    teacher = teacher_of(world.users[Role.TEACHER][0], partner)
    group = make_group(partner, teachers=[teacher], study_form=StudyForm.objects.get(code="distance"))
    learner, outsider = world.users[Role.LEARNER]
    enrolment = enrol(group, learner)
    other_group = make_group(other)
    enrol(other_group, outsider)
    starts = timezone.now().replace(second=0, microsecond=0) - datetime.timedelta(minutes=5)
    lesson = make_lesson(group, starts_at=starts, hours=1, teachers=[teacher])
    return {"group": group, "lesson": lesson, "enrolment": enrolment, "learner": learner, "outsider": outsider,
            "teacher": world.users[Role.TEACHER][0], "other_group": other_group}


@pytest.fixture
def admin_client_for(world, client):
    client.force_login(world.users[Role.ADMIN][0])
    return client
