"""Web conferences of lessons against the local BigBlueButton: join per role and only for the lesson's people
and time, attendance from the room proposed and confirmed into the journal, recordings, the end callback."""
import datetime
import urllib.request
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from copp.core.roles import Role
from copp.directories.models import AttendanceStatus
from copp.training.models import Mark, MarkChange, MarkSource
from copp.training.services import mark_set
from copp.training.tests.factories import enrol
from tests.factories import UserFactory

from .. import services
from ..models import AttendanceProposal, Conference, ConferenceSettings, ConferenceStatus, ProposalStatus

pytestmark = pytest.mark.django_db


def plan(klass):
    return services.conference_plan(actor=klass["teacher"], lesson=klass["lesson"])


def joined(fake, response):
    """Follow the platform's redirect into the local BigBlueButton as the browser would."""
    assert response.status_code == 302, response.status_code
    location = response["Location"]
    assert location.startswith(fake.url + "api/join?")
    with urllib.request.urlopen(location, timeout=5) as reply:  # noqa: S310  the local server
        assert "/fake-client?" in reply.url
    return parse_qs(urlsplit(location).query)


def enter(user, lesson, now=None):
    """Get the join address from the platform and open it, as the browser does: the person is in the room."""
    url = services.conference_join(user=user, lesson=lesson, now=now)
    with urllib.request.urlopen(url, timeout=5) as reply:  # noqa: S310  the local server
        assert "/fake-client?" in reply.url


def test_the_teacher_joins_as_moderator_and_the_learner_as_viewer(bbb_on, klass, login):
    conference = plan(klass)
    learner = joined(bbb_on, login(klass["learner"]).get(reverse("learning:join", args=[klass["lesson"].pk])))
    assert learner["role"] == ["VIEWER"] and learner["userID"] == [f"u{klass['learner'].pk}"]
    teacher = joined(bbb_on, login(klass["teacher"]).get(reverse("learning:join", args=[klass["lesson"].pk])))
    assert teacher["role"] == ["MODERATOR"]
    conference.refresh_from_db()
    assert conference.status == ConferenceStatus.RUNNING and conference.create_time
    # One meeting on the server, made once however many joined; the address carries its createTime.
    assert list(bbb_on.meetings) == [conference.meeting_id]
    assert teacher["createTime"] == [str(conference.create_time)]
    roles = {a.user_id: a.role for a in bbb_on.meetings[conference.meeting_id].attendees}
    assert roles == {f"u{klass['learner'].pk}": "VIEWER", f"u{klass['teacher'].pk}": "MODERATOR"}


def test_a_learner_of_another_group_gets_no_join_link(bbb_on, klass, login):
    plan(klass)
    response = login(klass["outsider"]).get(reverse("learning:join", args=[klass["lesson"].pk]))
    assert response.status_code == 404
    assert bbb_on.meetings == {}
    assert login(klass["outsider"]).get(reverse("learning:lesson", args=[klass["lesson"].pk])).status_code == 404


def test_the_join_link_works_only_around_the_lesson(bbb_on, klass, login):
    plan(klass)
    lesson = klass["lesson"]
    early = lesson.starts_at - datetime.timedelta(minutes=16)
    late = lesson.ends_at + datetime.timedelta(minutes=16)
    for moment in (early, late):
        with pytest.raises(services.ConferenceRefused):
            services.conference_join(user=klass["learner"], lesson=lesson, now=moment)
    assert bbb_on.meetings == {}
    assert services.conference_join(user=klass["learner"], lesson=lesson,
                                    now=lesson.starts_at - datetime.timedelta(minutes=14))


def test_a_wrong_secret_is_refused_by_the_server_and_the_learner_sees_why(bbb_on, klass, login):
    plan(klass)
    ConferenceSettings.objects.update(secret="a-wrong-secret")
    response = login(klass["learner"]).get(reverse("learning:join", args=[klass["lesson"].pk]), follow=True)
    assert response.status_code == 200
    assert "Сервер конференций не ответил" in response.content.decode()
    assert bbb_on.meetings == {}
    assert "checksumError" in Conference.objects.get().last_error


def test_attendance_from_the_room_is_proposed_and_confirmed_into_the_journal(bbb_on, klass, world):
    lesson, learner = klass["lesson"], klass["learner"]
    latecomer = UserFactory(email="late@example.ru", roles=[Role.LEARNER])
    late_enrolment = enrol(klass["group"], latecomer)
    conference = plan(klass)
    start = lesson.starts_at
    enter(learner, lesson, now=start)
    services.conference_poll(conference, now=start)
    enter(latecomer, lesson, now=start + datetime.timedelta(minutes=40))
    services.conference_poll(conference, now=start + datetime.timedelta(minutes=40))
    services.conference_poll(conference, now=start + datetime.timedelta(minutes=45))
    bbb_on.leave(conference.meeting_id, f"u{learner.pk}")
    bbb_on.leave(conference.meeting_id, f"u{latecomer.pk}")
    # The room is empty after the lesson: the sweep ends the meeting and proposes attendance.
    result = services.conferences_poll_running(now=lesson.ends_at + datetime.timedelta(minutes=20))
    assert result == {"polled": 1, "ended": 0}
    conference.refresh_from_db()
    assert conference.status == ConferenceStatus.ENDED
    proposals = {p.enrolment_id: p for p in AttendanceProposal.objects.filter(conference=conference)}
    assert proposals[klass["enrolment"].pk].minutes == 45 and proposals[klass["enrolment"].pk].present
    assert proposals[late_enrolment.pk].minutes == 5 and not proposals[late_enrolment.pk].present

    result = services.attendance_confirm(actor=klass["teacher"], conference=conference)
    assert result == {"confirmed": 1, "kept": 0}
    mark = Mark.objects.get(lesson=lesson, enrolment=klass["enrolment"])
    assert mark.attendance.code == "online" and mark.attendance_source == MarkSource.CONFERENCE
    assert MarkChange.objects.get(mark=mark).source == MarkSource.CONFERENCE
    assert not Mark.objects.filter(lesson=lesson, enrolment=late_enrolment).exists()
    # Confirming again changes nothing.
    assert services.attendance_confirm(actor=klass["teacher"], conference=conference) == {"confirmed": 0, "kept": 0}
    assert MarkChange.objects.filter(mark=mark).count() == 1


def test_a_mark_the_teacher_set_by_hand_is_kept(bbb_on, klass):
    lesson = klass["lesson"]
    conference = plan(klass)
    enter(klass["learner"], lesson, now=lesson.starts_at)
    services.conference_poll(conference, now=lesson.starts_at)
    services.conference_poll(conference, now=lesson.ends_at)
    mark_set(actor=klass["teacher"], enrolment=klass["enrolment"], lesson=lesson, field="attendance",
             value=AttendanceStatus.objects.get(code="late"))
    services.conference_finish(conference)
    assert services.attendance_confirm(actor=klass["teacher"], conference=conference) == {"confirmed": 0, "kept": 1}
    mark = Mark.objects.get(lesson=lesson, enrolment=klass["enrolment"])
    assert mark.attendance.code == "late" and mark.attendance_source == MarkSource.TEACHER
    assert AttendanceProposal.objects.get().status == ProposalStatus.KEPT


def test_the_teacher_confirms_on_the_lesson_page_and_sees_recordings(bbb_on, klass, login):
    lesson = klass["lesson"]
    conference = plan(klass)
    enter(klass["learner"], lesson, now=lesson.starts_at)
    services.conference_poll(conference, now=lesson.starts_at)
    services.conference_poll(conference, now=lesson.ends_at)
    services.server().end(meeting_id=conference.meeting_id)  # the teacher ends it in the room
    bbb_on.add_recording(conference.meeting_id, minutes=58)
    client = login(klass["teacher"])
    url = reverse("learning:lesson", args=[lesson.pk])
    assert client.post(reverse("learning:attendance_refresh", args=[lesson.pk])).status_code == 302
    page = client.get(url).content.decode()
    assert "Запись, 58 минут" in page and "Подтвердить онлайн-посещаемость" in page
    response = client.post(reverse("learning:attendance_confirm", args=[lesson.pk]), follow=True)
    assert "Отмечено в журнале как присутствовавшие онлайн: 1." in response.content.decode()
    assert Mark.objects.get(lesson=lesson).attendance.code == "online"
    # The learner sees the recording; the outsider teacher's learner does not see the lesson.
    assert "Запись, 58 минут" in login(klass["learner"]).get(url).content.decode()


def test_a_learner_cannot_confirm_attendance(bbb_on, klass, login):
    conference = plan(klass)
    services.conference_finish(conference)
    response = login(klass["learner"]).post(reverse("learning:attendance_confirm", args=[klass["lesson"].pk]))
    assert response.status_code == 403
    assert not Mark.objects.exists()


def test_the_end_callback_needs_the_conference_secret(bbb_on, klass, client):
    conference = plan(klass)
    services.conference_join(user=klass["learner"], lesson=klass["lesson"],
                             callback_url="http://testserver" + reverse("learning:bbb_ended",
                                                                        args=[conference.callback_token]))
    wrong = client.get(reverse("learning:bbb_ended", args=["not-the-token"]), {"meetingID": conference.meeting_id})
    assert wrong.status_code == 404
    assert bbb_on.meetings[conference.meeting_id].metadata["endCallbackUrl"].endswith(
        f"/learning/bbb/ended/{conference.callback_token}/")
    right = client.get(reverse("learning:bbb_ended", args=[conference.callback_token]),
                       {"meetingID": conference.meeting_id, "recordingmarks": "false"})
    assert right.status_code == 204
    conference.refresh_from_db()
    assert conference.status == ConferenceStatus.ENDED
    assert AttendanceProposal.objects.filter(conference=conference).count() == 1


def test_planning_needs_the_server_and_a_teacher(db, klass, login):
    response = login(klass["teacher"]).post(reverse("learning:conference_plan", args=[klass["lesson"].pk]),
                                            follow=True)
    assert "BigBlueButton" in response.content.decode() and not Conference.objects.exists()
    assert login(klass["learner"]).post(reverse("learning:conference_plan",
                                                args=[klass["lesson"].pk])).status_code == 403


def test_zoom_link_is_shown_to_the_lesson_people_only(db, klass, login):
    lesson = klass["lesson"]
    lesson.online_link = "https://us02web.zoom.us/j/123456789"
    lesson.save(update_fields=["online_link"])
    page = login(klass["learner"]).get(reverse("learning:lesson", args=[lesson.pk])).content.decode()
    assert "Zoom" in page and "zoom.us/j/123456789" in page
    assert login(klass["outsider"]).get(reverse("learning:lesson", args=[lesson.pk])).status_code == 404
    assert "zoom.us/j/123456789" in login(klass["learner"]).get(reverse("learning:my")).content.decode()
    assert "zoom.us" not in login(klass["outsider"]).get(reverse("learning:my")).content.decode()


def test_learners_hear_that_the_lesson_goes_online(bbb_on, klass, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        plan(klass)
        plan(klass)  # a repeat sends nothing more
    assert [m.to for m in mailoutbox] == [[klass["learner"].email]]
    assert "пройдёт онлайн" in mailoutbox[0].subject
    assert f"/learning/lessons/{klass['lesson'].pk}/" in mailoutbox[0].body
