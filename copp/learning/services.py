"""Web conferences of lessons (M23): the meeting made on BigBlueButton for a lesson, join addresses per role
and only around the lesson's time, who was in the room (polled during the meeting and read once more when it
ends), the attendance it proposes and the teacher's one-click confirmation into the journal (B10)."""
import datetime
import math

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from copp.core.audit import audit_record
from copp.directories.models import AttendanceStatus
from copp.training.models import Enrolment, EnrolmentStatus, Group, Lesson, Mark, MarkSource
from copp.training.services import MarkRefused, lesson_takes_marks, mark_set

from .bbb import BbbError, Server, recording_ready_payload
from .models import (
    AttendanceProposal,
    Conference,
    ConferenceSettings,
    ConferenceStatus,
    ConferenceVisit,
    ProposalStatus,
)
from .notifications import tell_online

ONLINE = "online"  # the attendance mark a conference proposes (directories seed)
LINK_KINDS = (("zoom.us", "Zoom"), ("trueconf", "TrueConf"), ("teams.microsoft", "Microsoft Teams"),
              ("teams.live", "Microsoft Teams"))


class ConferenceRefused(Exception):
    """Why a conference action cannot be done now, in words for the user."""


class NotInLesson(Exception):
    """The person has no place in the lesson: views answer 404, as for a lesson they cannot see."""


def link_kind(url: str) -> str:
    """The service a stored lesson link leads to, by its host (Zoom, TrueConf, Teams); otherwise a plain link."""
    for marker, name in LINK_KINDS:
        if marker in url:
            return name
    return _("Online link")


def server() -> Server:
    """The configured BigBlueButton; ConferenceRefused when the administrator has not set it up."""
    options = ConferenceSettings.current()
    if not options.is_ready:
        raise ConferenceRefused(_("Web conferences are not set up: the administrator has to enter the "
                                  "BigBlueButton address and secret."))
    return Server(url=options.url, secret=options.secret, algorithm=options.algorithm)


def role_in(user, lesson: Lesson) -> str | None:
    """'moderator' for the lesson's teachers and those who keep the group's journal, 'viewer' for a learner
    studying in the group, None for anyone else."""
    if lesson.teacher_bookings.filter(teacher__user=user, is_active=True).exists() or \
            Group.objects.markable_by(user).filter(pk=lesson.group_id).exists():
        return "moderator"
    if Enrolment.objects.filter(group_id=lesson.group_id, learner=user, status=EnrolmentStatus.STUDYING).exists():
        return "viewer"
    return None


def join_window(lesson: Lesson, options: ConferenceSettings | None = None) -> tuple[datetime.datetime,
                                                                                    datetime.datetime]:
    options = options or ConferenceSettings.current()
    return (lesson.starts_at - datetime.timedelta(minutes=options.join_early_minutes),
            lesson.ends_at + datetime.timedelta(minutes=options.join_late_minutes))


@transaction.atomic
def conference_plan(*, actor, lesson: Lesson, request=None) -> Conference:
    """Hold the lesson on BigBlueButton (once: a repeat returns the same conference). Only a planned lesson
    of a group the actor teaches or manages."""
    if role_in(actor, lesson) != "moderator" and not Group.objects.manageable_by(actor).filter(
            pk=lesson.group_id).exists():
        raise NotInLesson
    if not lesson.is_planned:
        raise ConferenceRefused(_("The lesson is cancelled."))
    server()  # refuse early when the administrator has not set it up
    conference, created = Conference.objects.get_or_create(lesson=lesson, defaults={"created_by": actor})
    if created:
        audit_record(actor=actor, action="learning.conference_plan", obj=lesson, request=request)
        tell_online(conference, request)
    return conference


def _name(lesson: Lesson) -> str:
    return f"{lesson.group.code}: {lesson.topic}"[:250]


def _start(conference: Conference, bbb: Server, *, callback_url: str, recording_url: str = "") -> None:
    """Create the meeting on the server (idempotent there too) and keep its createTime for join addresses."""
    lesson = conference.lesson
    minutes = math.ceil((lesson.ends_at - lesson.starts_at).total_seconds() / 60) + 30
    answer = bbb.create(meeting_id=conference.meeting_id, name=_name(lesson), duration=minutes,
                        end_callback=callback_url, recording_ready=recording_url)
    fields = {"create_time": answer["create_time"], "last_error": ""}
    if conference.status == ConferenceStatus.WAITING:
        fields |= {"status": ConferenceStatus.RUNNING, "started_at": timezone.now()}
    Conference.objects.filter(pk=conference.pk).update(**fields)
    for name, value in fields.items():
        setattr(conference, name, value)


def conference_join(*, user, lesson: Lesson, callback_url: str = "", recording_url: str = "", now=None) -> str:
    """The join address for this person and lesson: moderator for its teachers, viewer for its learners,
    only from a little before the lesson to a little after it. NotInLesson for anyone else."""
    role = role_in(user, lesson)
    conference = Conference.objects.filter(lesson=lesson).select_related("lesson__group").first()
    if role is None or conference is None or not lesson.is_planned:
        raise NotInLesson
    now = now or timezone.now()
    opens, closes = join_window(lesson)
    if not opens <= now <= closes:
        raise ConferenceRefused(_("You can join from %(opens)s to %(closes)s on the day of the lesson.") % {
            "opens": time_format(timezone.localtime(opens), "H:i"),
            "closes": time_format(timezone.localtime(closes), "H:i")})
    if conference.status == ConferenceStatus.ENDED:
        raise ConferenceRefused(_("The conference has ended."))
    bbb = server()
    try:
        _start(conference, bbb, callback_url=callback_url, recording_url=recording_url)
    except BbbError as exc:
        Conference.objects.filter(pk=conference.pk).update(last_error=str(exc)[:500])
        raise ConferenceRefused(_("The conference server did not answer; try again in a minute.")) from exc
    name = f"{user.last_name} {user.first_name}".strip() or user.email
    return bbb.join_url(meeting_id=conference.meeting_id, full_name=name, user_id=f"u{user.pk}",
                        moderator=role == "moderator", create_time=conference.create_time)


def _user_pk(bbb_user_id: str) -> int | None:
    return int(bbb_user_id[1:]) if bbb_user_id.startswith("u") and bbb_user_id[1:].isdigit() else None


def conference_poll(conference: Conference, *, now=None) -> int:
    """Read who is in the room now (getMeetingInfo) and extend their time; a meeting the server no longer runs
    after it started is ended and its attendance proposed. Returns the number of people in the room."""
    now = now or timezone.now()
    bbb = server()
    try:
        info = bbb.meeting_info(meeting_id=conference.meeting_id)
    except BbbError as exc:
        Conference.objects.filter(pk=conference.pk).update(last_error=str(exc)[:500], polled_at=now)
        return 0
    present = info["attendees"] if info else []
    with transaction.atomic():
        for person in present:
            visit, created = ConferenceVisit.objects.get_or_create(
                conference=conference, bbb_user_id=person["user_id"],
                defaults={"user_id": _user_pk(person["user_id"]), "full_name": person["full_name"][:300],
                          "role": person["role"][:20], "first_seen": now, "last_seen": now})
            if not created and visit.last_seen < now:
                ConferenceVisit.objects.filter(pk=visit.pk).update(last_seen=now)
        Conference.objects.filter(pk=conference.pk).update(polled_at=now, last_error="")
    over = info is None or info["ended"] or (not info["running"] and now > conference.lesson.ends_at)
    if conference.status == ConferenceStatus.RUNNING and over:
        conference_finish(conference, now=now)
    return len(present)


def conference_finish(conference: Conference, *, now=None) -> None:
    """The meeting is over: mark it ended and propose the attendance it shows."""
    now = now or timezone.now()
    updated = Conference.objects.filter(pk=conference.pk).exclude(status=ConferenceStatus.ENDED).update(
        status=ConferenceStatus.ENDED, ended_at=now)
    conference.status, conference.ended_at = ConferenceStatus.ENDED, now
    if updated:
        attendance_propose(conference)


def conferences_poll_running(*, now=None) -> dict:
    """The scheduled sweep: poll every running conference, and end on the server those whose lesson (with
    the join margin) is over."""
    now = now or timezone.now()
    if not ConferenceSettings.current().is_ready:
        return {"polled": 0, "ended": 0}
    polled = ended = 0
    options = ConferenceSettings.current()
    for conference in Conference.objects.filter(status=ConferenceStatus.RUNNING).select_related("lesson"):
        conference_poll(conference, now=now)
        polled += 1
        conference.refresh_from_db(fields=["status"])
        closes = join_window(conference.lesson, options)[1]
        if conference.status == ConferenceStatus.RUNNING and now > closes:
            try:
                server().end(meeting_id=conference.meeting_id)
            except BbbError as exc:
                if exc.key != "notFound":
                    Conference.objects.filter(pk=conference.pk).update(last_error=str(exc)[:500])
                    continue
            conference_finish(conference, now=now)
            ended += 1
    return {"polled": polled, "ended": ended}


def conference_ended_callback(*, meeting_id: str, token: str) -> bool:
    """BigBlueButton's end callback (meta_endCallbackUrl): the meeting is over. False for an unknown one."""
    conference = Conference.objects.filter(meeting_id=meeting_id, callback_token=token).first()
    if conference is None:
        return False
    if conference.status != ConferenceStatus.ENDED:
        conference_finish(conference)
    return True


def recording_ready_callback(*, token: str, signed_parameters: str) -> str:
    """BigBlueButton's recording-ready callback (meta_bbb-recording-ready-url): `signed_parameters` is a JWT
    HS256 signed with the shared secret. 'ok' when the signature holds and its meeting is this conference's
    (the recordings are read again at once), 'forged' for a bad signature or another meeting, 'unknown' for an
    address of no conference. The 15-minute poll stays as the fallback."""
    conference = Conference.objects.filter(callback_token=token).first()
    if conference is None:
        return "unknown"
    options = ConferenceSettings.current()
    payload = recording_ready_payload(signed_parameters, options.secret) if options.secret else None
    if payload is None or payload.get("meeting_id") != conference.meeting_id:
        return "forged"
    recordings_refresh(conference)
    return "ok"


def attendance_propose(conference: Conference) -> int:
    """For every learner studying in the group: minutes in the room and whether that is enough to count as
    present (the share of the lesson set by the administrator). Decided proposals stay as decided."""
    lesson = conference.lesson
    share = ConferenceSettings.current().present_share
    needed = (lesson.ends_at - lesson.starts_at).total_seconds() / 60 * share / 100
    minutes: dict[int, int] = {}
    for visit in conference.visits.filter(user__isnull=False):
        minutes[visit.user_id] = minutes.get(visit.user_id, 0) + visit.minutes
    count = 0
    for enrolment in Enrolment.objects.filter(group_id=lesson.group_id, status=EnrolmentStatus.STUDYING):
        spent = minutes.get(enrolment.learner_id, 0)
        proposal, created = AttendanceProposal.objects.get_or_create(
            conference=conference, enrolment=enrolment, defaults={"minutes": spent, "present": spent >= needed})
        if not created and proposal.status == ProposalStatus.PROPOSED:
            AttendanceProposal.objects.filter(pk=proposal.pk).update(minutes=spent, present=spent >= needed)
        count += 1
    return count


def attendance_confirm(*, actor, conference: Conference, request=None) -> dict:
    """The teacher's one click: learners the conference shows as present get «present (online)» in the journal
    (source: web conference). A mark the teacher already set by hand is kept, not overwritten."""
    lesson = conference.lesson
    if not Group.objects.markable_by(actor).filter(pk=lesson.group_id).exists():
        raise NotInLesson
    if not lesson_takes_marks(lesson):
        raise ConferenceRefused(_("The lesson has not taken place yet: marks are set from its day on."))
    online = AttendanceStatus.objects.get(code=ONLINE)
    marks = {m.enrolment_id: m for m in Mark.objects.filter(lesson=lesson).select_related("attendance")}
    confirmed = kept = 0
    now = timezone.now()
    with transaction.atomic():
        proposals = (AttendanceProposal.objects.select_for_update().filter(
            conference=conference, status=ProposalStatus.PROPOSED, present=True,
            enrolment__status=EnrolmentStatus.STUDYING).select_related("enrolment"))
        for proposal in proposals:
            mark = marks.get(proposal.enrolment_id)
            hand_set = mark is not None and mark.attendance_id and mark.attendance_source == MarkSource.TEACHER
            if hand_set and mark.attendance_id != online.pk:
                proposal.status = ProposalStatus.KEPT
                kept += 1
            else:
                try:
                    mark_set(actor=actor, enrolment=proposal.enrolment, lesson=lesson, field="attendance",
                             value=online, source=MarkSource.CONFERENCE)
                except MarkRefused:
                    continue
                proposal.status = ProposalStatus.CONFIRMED
                confirmed += 1
            proposal.decided_by, proposal.decided_at = actor, now
            proposal.save(update_fields=["status", "decided_by", "decided_at"])
        if confirmed or kept:
            audit_record(actor=actor, action="learning.attendance_confirm", obj=lesson, request=request,
                         details={"confirmed": confirmed, "kept": kept})
    return {"confirmed": confirmed, "kept": kept}


def recordings_refresh(conference: Conference) -> list[dict]:
    """Ask the server for the meeting's published recordings and keep the list on the conference."""
    try:
        rows = server().recordings(meeting_id=conference.meeting_id)
    except BbbError as exc:
        Conference.objects.filter(pk=conference.pk).update(last_error=str(exc)[:500])
        return conference.recordings
    Conference.objects.filter(pk=conference.pk).update(recordings=rows)
    conference.recordings = rows
    return rows


def conferences_refresh_recordings(*, days: int = 7) -> int:
    """The scheduled sweep: recordings of conferences ended in the last days (processing takes a while)."""
    if not ConferenceSettings.current().is_ready:
        return 0
    since = timezone.now() - datetime.timedelta(days=days)
    count = 0
    for conference in Conference.objects.filter(Q(status=ConferenceStatus.ENDED), ended_at__gte=since):
        recordings_refresh(conference)
        count += 1
    return count
