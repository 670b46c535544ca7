"""Pages of web conferences (M23): a lesson's online card with the join button, recordings and the attendance
the conference proposes; the join redirect; BigBlueButton's end callback; the administrator's settings; the
person's «online lessons and courses»."""
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from copp.core.access import has_capability, requires
from copp.core.audit import audit_record
from copp.core.roles import Cap
from copp.training.models import Group

from . import course, event_conferences, quizzes, selectors, services
from .forms import ConferenceSettingsForm
from .models import ConferenceSettings, ConferenceStatus, EventConference, MoodleSettings, ProposalStatus
from .services import ConferenceRefused, NotInLesson


def _in_training(request) -> None:
    """Lessons are for those who study or teach, and for those who run groups."""
    if not (has_capability(request.user, Cap.TRAINING_MY) or has_capability(request.user, Cap.TRAINING_GROUPS)):
        raise PermissionDenied


def _lesson(request, pk):
    _in_training(request)
    return get_object_or_404(selectors.lessons_visible_to(request.user)
                             .select_related("group__program", "lesson_type", "conference"), pk=pk)


def _conference_of(lesson):
    try:
        return lesson.conference
    except lesson._meta.model.conference.RelatedObjectDoesNotExist:
        return None


def _markable(request, lesson):
    """The lesson's conference for those who keep the group's journal: others who see the lesson get 403."""
    if not Group.objects.markable_by(request.user).filter(pk=lesson.group_id).exists():
        raise PermissionDenied
    conference = _conference_of(lesson)
    if conference is None:
        raise Http404
    return conference


def _callback_url(request, conference) -> str:
    return request.build_absolute_uri(reverse("learning:bbb_ended", args=[conference.callback_token]))


def _recording_url(request, conference) -> str:
    return request.build_absolute_uri(reverse("learning:bbb_recording", args=[conference.callback_token]))


@require_GET
def lesson(request, pk):
    """The online card of a lesson: how to join, the recordings, and for teachers the proposed attendance."""
    lesson = _lesson(request, pk)
    conference = _conference_of(lesson)
    role = services.role_in(request.user, lesson)
    can_mark = Group.objects.markable_by(request.user).filter(pk=lesson.group_id).exists()
    can_plan = role == "moderator" or Group.objects.manageable_by(request.user).filter(pk=lesson.group_id).exists()
    opens, closes = services.join_window(lesson)
    now = timezone.now()
    proposals = list(selectors.proposals_of(conference)) if conference and can_mark else []
    return render(request, "learning/lesson.html", {
        "crumbs": [(_("Cabinet"), reverse("portal:cabinet")), (_("Online lessons"), reverse("learning:my")),
                   (lesson.topic, "")],
        "lesson": lesson, "conference": conference, "role": role, "can_mark": can_mark, "can_plan": can_plan,
        "opens": opens, "closes": closes, "is_open": opens <= now <= closes and lesson.is_planned,
        "is_before": now < opens, "link_kind": services.link_kind(lesson.online_link) if lesson.online_link else "",
        "show_link": bool(lesson.online_link) and (role is not None or can_plan),
        "proposals": proposals,
        "pending": sum(1 for p in proposals if p.present and p.status == ProposalStatus.PROPOSED),
        "visits": conference.visits.order_by("full_name") if conference and can_mark else [],
        "bbb_ready": ConferenceSettings.current().is_ready, "statuses": ConferenceStatus,
    })


@require_POST
def conference_plan(request, pk):
    lesson = _lesson(request, pk)
    try:
        services.conference_plan(actor=request.user, lesson=lesson, request=request)
    except NotInLesson:
        raise PermissionDenied from None
    except ConferenceRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("The lesson will be held on BigBlueButton. Learners of the group will see "
                                    "the «Join» button from %(minutes)s minutes before it starts.") % {
            "minutes": ConferenceSettings.current().join_early_minutes})
    return redirect("learning:lesson", pk=lesson.pk)


@require_GET
def join(request, pk):
    """Into the lesson's conference: moderator for its teachers, viewer for its learners; 404 for anyone else."""
    lesson = _lesson(request, pk)
    if services.role_in(request.user, lesson) is None:
        raise PermissionDenied  # sees the lesson (runs the group) but has no seat in it
    conference = _conference_of(lesson)
    try:
        url = services.conference_join(user=request.user, lesson=lesson,
                                       callback_url=_callback_url(request, conference) if conference else "",
                                       recording_url=_recording_url(request, conference) if conference else "")
    except NotInLesson:
        raise Http404 from None
    except ConferenceRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("learning:lesson", pk=lesson.pk)
    audit_record(actor=request.user, action="learning.conference_join", obj=lesson, request=request)
    return redirect(url)


@require_POST
def attendance_refresh(request, pk):
    """The teacher asks the server who is in the room now (the schedule does it every minute too)."""
    lesson = _lesson(request, pk)
    conference = _markable(request, lesson)
    try:
        count = services.conference_poll(conference)
        if conference.status == ConferenceStatus.ENDED:
            services.attendance_propose(conference)
            services.recordings_refresh(conference)
    except ConferenceRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Checked the conference: %(count)s in the room now.") % {"count": count})
    return redirect("learning:lesson", pk=lesson.pk)


@require_POST
def attendance_confirm(request, pk):
    """One click: the learners the conference shows as present get «present (online)» in the journal."""
    lesson = _lesson(request, pk)
    conference = _markable(request, lesson)
    try:
        result = services.attendance_confirm(actor=request.user, conference=conference, request=request)
    except NotInLesson:
        raise Http404 from None
    except ConferenceRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("learning:lesson", pk=lesson.pk)
    text = _("Marked in the journal as present online: %(confirmed)s.") % result
    if result["kept"]:
        text += " " + _("Marks you set by hand were kept: %(kept)s.") % result
    messages.success(request, text)
    return redirect("learning:lesson", pk=lesson.pk)


@login_not_required
@require_GET
def bbb_ended(request, token):
    """BigBlueButton's end callback (meta_endCallbackUrl); the secret in the address is the key."""
    if not services.conference_ended_callback(meeting_id=request.GET.get("meetingID", ""), token=token):
        raise Http404
    return HttpResponse(status=204)


@csrf_exempt
@login_not_required
@require_POST
def bbb_recording(request, token):
    """BigBlueButton's recording-ready callback: `signed_parameters`, a JWT signed with the shared secret, names
    the meeting; the recordings are read at once (the poll is the fallback). A bad signature is 401."""
    result = services.recording_ready_callback(token=token, signed_parameters=request.POST.get("signed_parameters", ""))
    if result == "unknown":
        raise Http404
    if result == "forged":
        return HttpResponse(status=401)
    return HttpResponse(status=204)


@requires(Cap.ADMINISTRATION)
@require_http_methods(["GET", "POST"])
def conference_settings(request):
    """The administrator's BigBlueButton server: address, shared secret, the join window and the share of
    the lesson that counts as present."""
    options = ConferenceSettings.current()
    form = ConferenceSettingsForm(request.POST or None, instance=options)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            audit_record(actor=request.user, action="learning.conference_settings", obj=options, request=request)
            messages.success(request, _("The web conference settings are saved."))
            return redirect("learning:conference_settings")
        status = 400
    else:
        status = 200
    return render(request, "learning/conference_settings.html", {
        "crumbs": [(_("Cabinet"), reverse("portal:cabinet")), (_("Web conferences"), "")], "form": form,
    }, status=status)


@requires(Cap.TRAINING_MY)
@require_GET
def my(request):
    """«Моё обучение» online: the coming online lessons with their join buttons and the groups' Moodle courses."""
    lessons = list(selectors.online_lessons_of(request.user)[:50])
    now = timezone.now()
    options = ConferenceSettings.current()
    for item in lessons:
        opens, closes = services.join_window(item, options)
        item.join_open = opens <= now <= closes
        item.join_opens = opens
        item.link_kind = services.link_kind(item.online_link) if item.online_link else ""
    return render(request, "learning/my.html", {
        "crumbs": [(_("Cabinet"), reverse("portal:cabinet")), (_("Online lessons"), "")],
        "lessons": lessons, "groups": list(selectors.studied_groups_of(request.user)),
        "due": list(course.due_for(request.user)[:20]),
        "due_quizzes": list(quizzes.due_quizzes_for(request.user)[:20]),
        "online_events": list(event_conferences.online_events_of(request.user)[:20]),
        "new_materials": list(course.new_materials_for(request.user)[:10]),
        "taught_groups": list(selectors.taught_groups_of(request.user)[:20]),
        "moodle_ready": MoodleSettings.current().is_ready,
    })


def _event(request, pk):
    from copp.events.selectors import events_visible_to

    return get_object_or_404(events_visible_to(request.user), pk=pk)


@require_POST
def event_conference_plan(request, pk):
    """The organiser's staff hold the event on BigBlueButton."""
    event = _event(request, pk)
    try:
        event_conferences.plan(actor=request.user, event=event, request=request)
    except NotInLesson:
        raise PermissionDenied from None
    except ConferenceRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("The event will be held on BigBlueButton."))
    return redirect("learning:event_join_page", pk=event.pk)


@require_GET
def event_join_page(request, pk):
    """The event's web conference: the join button for its people around its time, planning for organisers."""
    event = _event(request, pk)
    role = event_conferences.role_at(request.user, event)
    if role is None:
        raise PermissionDenied
    opens, closes = event_conferences.window(event)
    now = timezone.now()
    return render(request, "learning/event_conference.html", {
        "crumbs": [(_("Events"), reverse("events:list")), (event.title, reverse("events:detail", args=[event.pk])),
                   (_("Web conference"), "")], "event": event,
        "is_moderator": role == "moderator",
        "conference": EventConference.objects.filter(event=event).first(),
        "is_open": opens <= now <= closes, "opens": opens, "bbb_ready": ConferenceSettings.current().is_ready,
    })


@require_GET
def event_join(request, pk):
    """Into the event's conference; 403 for someone with no place at it."""
    event = _event(request, pk)
    try:
        url = event_conferences.join(user=request.user, event=event)
    except NotInLesson:
        raise PermissionDenied from None  # the event is public; only its people have a seat in the room
    except ConferenceRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("learning:event_join_page", pk=event.pk)
    audit_record(actor=request.user, action="learning.event_conference_join", obj=event, request=request)
    return redirect(url)
