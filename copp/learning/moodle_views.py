"""Pages of the Moodle link-up (M22): the administrator's connection page with its check, a group's course
(link or make, sync now, the log, grade conflicts) and the learner's one-click single sign-on."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from copp.core.access import requires
from copp.core.audit import audit_record
from copp.core.roles import Cap
from copp.training.models import Group

from . import sync, tasks
from .forms import CourseLinkForm, MoodleSettingsForm
from .models import GradeConflict, GradeItemMapping, MoodleCourse, MoodleEnrolment, MoodleSettings
from .moodle import MoodleError

LOG_PAGE_SIZE = 20


@requires(Cap.ADMINISTRATION)
@require_http_methods(["GET", "POST"])
def moodle_settings(request):
    """The connection: address, token, SSO token, roles; saving checks it and lists the functions it lacks."""
    options = MoodleSettings.current()
    form = MoodleSettingsForm(request.POST or None, instance=options)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            form.save()
            audit_record(actor=request.user, action="learning.moodle_settings", obj=options, request=request)
            options = sync.connection_check(actor=request.user, request=request)
            if options.check_error:
                messages.error(request, _("Saved, but the check failed: %(error)s") % {"error": options.check_error})
            elif options.missing_functions:
                messages.warning(request, _("Saved. Moodle answered, but the token lacks some functions (listed "
                                            "below)."))
            else:
                messages.success(request, _("Saved. Moodle «%(site)s» answered; the token may call every needed "
                                            "function.") % {"site": options.site_name})
            return redirect("learning:moodle_settings")
        status = 400
    return render(request, "learning/moodle_settings.html", {
        "crumbs": [(_("Cabinet"), reverse("portal:cabinet")), (_("Moodle"), "")], "form": form, "options": options,
    }, status=status)


def _group(request, pk) -> Group:
    return get_object_or_404(Group.objects.visible_to(request.user).select_related("program", "study_form"), pk=pk)


@requires(Cap.TRAINING_GROUPS)
@require_GET
def group_moodle(request, pk):
    """A group's Moodle course: its state, the sync log, grades that differ from the teacher's, completion."""
    group = _group(request, pk)
    course = MoodleCourse.objects.filter(group=group).first()
    log = Paginator(course.log.all() if course else [], LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "learning/group_moodle.html", {
        "crumbs": [(_("Cabinet"), reverse("portal:cabinet")), (_("Study groups"), reverse("training:groups")),
                   (group.code, reverse("training:group", args=[group.pk])), (_("Moodle"), "")],
        "group": group, "course": course, "log": log, "form": CourseLinkForm(),
        "can_manage": Group.objects.manageable_by(request.user).filter(pk=group.pk).exists(),
        "remote": bool(group.study_form and group.study_form.code in sync.REMOTE_FORMS),
        "ready": MoodleSettings.current().is_ready, "moodle_url": MoodleSettings.current().url,
        "conflicts": (GradeConflict.objects.filter(course=course).select_related("enrolment__learner", "module")
                      .order_by("enrolment__learner__last_name", "module__order")) if course else [],
        "enrolments": (MoodleEnrolment.objects.filter(course=course).select_related("account__user")
                       .order_by("account__user__last_name", "pk")) if course else [],
    })


def _queue(course: MoodleCourse) -> None:
    transaction.on_commit(lambda: tasks.sync_course.delay(course.pk))


@requires(Cap.TRAINING_MANAGE)
@require_POST
def group_moodle_attach(request, pk):
    """Make the group's course from the template, or link an existing course by its id; the sync runs in the
    background."""
    group = _group(request, pk)
    form = CourseLinkForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the Moodle course id as a number, or leave it blank."))
        return redirect("learning:group_moodle", pk=group.pk)
    try:
        course = sync.course_attach(actor=request.user, group=group, course_id=form.cleaned_data["course_id"],
                                    request=request)
    except sync.MoodleRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("learning:group_moodle", pk=group.pk)
    _queue(course)
    messages.success(request, _("The group's course is being prepared in Moodle; learners and teachers are "
                                "enrolled in the background. The log below shows how it went."))
    return redirect("learning:group_moodle", pk=group.pk)


@requires(Cap.TRAINING_MANAGE)
@require_POST
def group_moodle_sync(request, pk):
    """Sync now: enrolments and suspensions, then grades and completion back."""
    group = _group(request, pk)
    course = MoodleCourse.objects.filter(group=group).first()
    if course is None or not Group.objects.manageable_by(request.user).filter(pk=group.pk).exists():
        raise Http404
    _queue(course)
    messages.success(request, _("The sync with Moodle has started; the log below shows how it went."))
    return redirect("learning:group_moodle", pk=group.pk)


@requires(Cap.TRAINING_MY)
@require_GET
def moodle_open(request, pk):
    """One click into the group's Moodle course without a second password (auth_userkey one-time login)."""
    group = get_object_or_404(Group, pk=pk)
    if not sync.takes_part(request.user, group) or not MoodleCourse.objects.filter(group=group).exists():
        raise Http404
    try:
        url = sync.sso_url(user=request.user, group=group)
    except sync.MoodleRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("learning:my")
    except MoodleError as exc:
        messages.error(request, exc.explain())
        return redirect("learning:my")
    audit_record(actor=request.user, action="learning.moodle_sso", obj=group, request=request)
    return redirect(url)


@requires(Cap.TRAINING_MANAGE)
@require_http_methods(["GET", "POST"])
def group_moodle_mapping(request, pk):
    """Staff map a Moodle grade item to a module of the group's program by hand when the automatic mapping
    (ID number M<order> or the module's exact name) does not fit, or keep an item out of the journal."""
    group = _group(request, pk)
    if not Group.objects.manageable_by(request.user).filter(pk=group.pk).exists():
        raise PermissionDenied
    course = MoodleCourse.objects.filter(group=group).first()
    if course is None:
        raise Http404
    modules = list(group.program.modules.order_by("order", "pk"))
    if request.method == "POST":
        choices = {}
        for item in course.grade_items:
            value = request.POST.get(f"item-{item['id']}", "auto")
            if value in ("auto", "skip") or value.isdigit():
                choices[item["id"]] = value
        try:
            count = sync.mapping_save(actor=request.user, course=course, choices=choices, request=request)
        except sync.MoodleRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("The mapping is saved: %(count)s grade items are mapped by hand. It applies "
                                        "from the next sync.") % {"count": count})
        return redirect("learning:group_moodle_mapping", pk=group.pk)
    manual = {m.item_id: m for m in GradeItemMapping.objects.filter(course=course)}
    rows = []
    for item in course.grade_items:
        mapping = manual.get(item["id"])
        auto = sync.automatic_module({"id": item["id"], "itemname": item.get("name"),
                                      "idnumber": item.get("idnumber")}, modules)
        rows.append({"item": item, "auto": auto, "choice": ("auto" if mapping is None else
                                                            "skip" if mapping.module_id is None
                                                            else str(mapping.module_id))})
    return render(request, "learning/group_moodle_mapping.html", {
        "crumbs": [(_("Cabinet"), reverse("portal:cabinet")), (_("Study groups"), reverse("training:groups")),
                   (group.code, reverse("training:group", args=[group.pk])),
                   (_("Moodle"), reverse("learning:group_moodle", args=[group.pk])), (_("Grade items"), "")],
        "group": group, "course": course, "rows": rows, "modules": modules,
    })
