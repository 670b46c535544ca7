"""Cabinet views of groups: the list, the group's form, the roster with enrolment, move, expel and completion."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from copp.core import lists
from copp.core.access import has_capability, requires
from copp.core.models import StatusChange
from copp.core.roles import Cap

from . import selectors, services
from .forms import AddLearnerForm, CompleteForm, GroupForm, GroupStatusForm, MoveLearnerForm, ReasonForm
from .models import Enrolment, EnrolmentStatus, Group, GroupStatus
from .workflow import CLOSED_GROUP, EDITABLE_GROUP, GROUP

PAGE_SIZE = 20


def crumbs(*tail):
    return [(_("Cabinet"), reverse("portal:cabinet")), (_("Study groups"), reverse("training:groups")), *tail]


def visible_group(request, pk) -> Group:
    return get_object_or_404(Group.objects.visible_to(request.user).select_related("program", "provider",
                                                                                       "program_version"), pk=pk)


def managed_group(request, pk) -> Group:
    group = visible_group(request, pk)
    if not Group.objects.manageable_by(request.user).filter(pk=group.pk).exists():
        raise PermissionDenied
    return group


@requires(Cap.TRAINING_GROUPS)
@require_GET
def group_list(request):
    """The groups the user works with: all for CoPP staff, own organisation's, or the taught ones."""
    status = request.GET.get("status", "")
    q = lists.search_text(request)
    qs = Group.objects.visible_to(request.user).select_related("program", "provider")
    if status in GroupStatus.values:
        qs = qs.filter(status=status)
    if q:
        qs = selectors.groups_search(qs, q)
    page = lists.page_of(request, qs.order_by("-starts_on", "code"), PAGE_SIZE)
    return render(request, "training/groups.html", {
        "crumbs": crumbs()[:-1] + [(_("Study groups"), "")], "page_obj": page,
        "groups": selectors.with_learner_counts(page.object_list),
        "status": status, "statuses": GroupStatus.choices, "q": q,
        "can_add": has_capability(request.user, Cap.TRAINING_MANAGE),
    })


GROUP_FIELDS = ("code", "program", "provider", "starts_on", "ends_on", "study_form", "capacity", "site", "teachers",
                "curator", "grade_scale")


def _group_form(request, group):
    data = request.POST if request.method == "POST" else None
    form = GroupForm(data, instance=group, providers=selectors.group_providers_for(request.user), user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.group_save(actor=request.user, group=group, request=request,
                                        **{name: form.cleaned_data[name] for name in GROUP_FIELDS})
        except services.GroupRefused as refusal:
            for name, message in refusal.errors.items():
                form.add_error(name if name in form.fields else None, message)
        else:
            messages.success(request, _("The group %(code)s has been saved.") % {"code": saved.code})
            return redirect("training:group", pk=saved.pk)
    title = _("Editing: %(code)s") % {"code": group.code} if group else _("New group")
    return render(request, "training/form.html", {"crumbs": crumbs((title, "")), "title": title, "form": form},
                  status=400 if form.errors else 200)


@requires(Cap.TRAINING_MANAGE)
@require_http_methods(["GET", "POST"])
def group_create(request):
    return _group_form(request, None)


@requires(Cap.TRAINING_MANAGE)
@require_http_methods(["GET", "POST"])
def group_update(request, pk):
    group = managed_group(request, pk)
    if group.status not in EDITABLE_GROUP:
        messages.error(request, _("The group is «%(status)s»: it can no longer be changed.") % {
            "status": group.get_status_display()})
        return redirect("training:group", pk=group.pk)
    return _group_form(request, group)


# How each move of a group is offered on its page.
GROUP_MOVES = {
    GroupStatus.ACTIVE: (_("Start the studies"), "btn-success", ""),
    GroupStatus.COMPLETED: (_("Finish the group"), "btn-outline-secondary",
                            _("Finish the group? It can no longer be changed or take learners.")),
    GroupStatus.CANCELLED: (_("Cancel the group"), "btn-outline-danger",
                            _("Cancel the group? It can no longer be changed or take learners.")),
}


@requires(Cap.TRAINING_MANAGE)
@require_POST
def group_status(request, pk):
    """Move the group along its TRANSITIONS table (start, finish, cancel) with a comment."""
    group = managed_group(request, pk)
    form = GroupStatusForm(request.POST)
    try:
        if not form.is_valid():
            raise services.GroupRefused({None: _("This status change is not possible.")})
        services.group_set_status(actor=request.user, group=group, target=form.cleaned_data["target"],
                                  comment=form.cleaned_data["comment"], request=request)
    except services.GroupRefused as refusal:
        for message in refusal.errors.values():
            messages.error(request, message)
    else:
        messages.success(request, _("The group %(code)s is now «%(status)s».") % {
            "code": group.code, "status": GroupStatus(form.cleaned_data["target"]).label})
    return redirect("training:group", pk=group.pk)


@requires(Cap.TRAINING_GROUPS)
@require_GET
def group_detail(request, pk):
    """The group's card: key facts, the roster with statuses and, for managers, enrolment."""
    group = visible_group(request, pk)
    can_manage = Group.objects.manageable_by(request.user).filter(pk=group.pk).exists()
    enrolments = list(group.enrolments.select_related("learner", "sent_by", "final_grade", "application"))
    moves = [(target, *GROUP_MOVES[target], target in services.GROUP_COMMENT_REQUIRED)
             for target in GROUP.targets(group.status, request.user)] if can_manage else []
    history = list(StatusChange.of(group))
    for change in history:
        change.to_status_label = GroupStatus(change.to_status).label
    return render(request, "training/group.html", {
        "crumbs": crumbs((group.code, "")), "group": group, "enrolments": enrolments, "can_manage": can_manage,
        "can_edit": can_manage and group.status in EDITABLE_GROUP, "is_closed": group.status in CLOSED_GROUP,
        "moves": moves, "history": history,
        "can_mark": Group.objects.markable_by(request.user).filter(pk=group.pk).exists(),
        "studying": sum(1 for e in enrolments if e.status == EnrolmentStatus.STUDYING),
        "applications": selectors.accepted_applications(group)[:200] if can_manage else [],
        "participants": selectors.accepted_participants(group)[:200] if can_manage else [],
        "add_form": AddLearnerForm(user=request.user), "teachers": group.teachers.all(),
        "move_groups": (Group.objects.manageable_by(request.user).filter(program=group.program_id)
                        .exclude(pk=group.pk)) if can_manage else [],
    })


@requires(Cap.TRAINING_MANAGE)
@require_POST
def group_enrol(request, pk):
    """Enrol the chosen accepted applications and people of organisations' lists (one or many)."""
    group = managed_group(request, pk)

    def chosen(name):
        return [int(v) for v in request.POST.getlist(name) if v.isdigit()]

    applications = list(selectors.accepted_applications(group).filter(pk__in=chosen("application")))
    participants = list(selectors.accepted_participants(group).filter(pk__in=chosen("participant")))
    if not applications and not participants:
        messages.error(request, _("Choose at least one application or person."))
        return redirect("training:group", pk=group.pk)
    done, refused = services.enrol_many(actor=request.user, group=group, applications=applications,
                                        participants=participants, request=request)
    if done:
        messages.success(request, _("Enrolled: %(count)s. Their applications are now «Enrolled»; people "
                                    "without an account got an invitation by e-mail.") % {"count": len(done)})
    for label, reason in refused:
        messages.error(request, _("%(who)s: %(reason)s") % {"who": label, "reason": reason})
    return redirect("training:group", pk=group.pk)


@requires(Cap.TRAINING_MANAGE)
@require_POST
def group_add(request, pk):
    """Add a learner by hand, by the e-mail of their account."""
    group = managed_group(request, pk)
    form = AddLearnerForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            services.learner_add(actor=request.user, group=group, learner=form.learner,
                                 sent_by=form.cleaned_data["sent_by"], request=request)
        except services.EnrolmentRefused as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("%(name)s has been added to the group.") % {"name": form.learner})
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("training:group", pk=group.pk)


def _managed_enrolment(request, pk) -> Enrolment:
    enrolment = get_object_or_404(Enrolment.objects.filter(group__in=Group.objects.visible_to(request.user))
                                  .select_related("group", "learner", "application"), pk=pk)
    if not Group.objects.manageable_by(request.user).filter(pk=enrolment.group_id).exists():
        raise PermissionDenied
    return enrolment


@requires(Cap.TRAINING_MANAGE)
@require_POST
def enrolment_expel(request, pk):
    enrolment = _managed_enrolment(request, pk)
    form = ReasonForm(request.POST)
    try:
        if not form.is_valid():
            raise services.EnrolmentRefused(_("Give the reason for the expulsion."))
        services.enrolment_expel(actor=request.user, enrolment=enrolment, reason=form.cleaned_data["reason"],
                                 request=request)
    except services.EnrolmentRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("%(name)s has been expelled.") % {"name": enrolment.learner})
    return redirect("training:group", pk=enrolment.group_id)


@requires(Cap.TRAINING_MANAGE)
@require_POST
def enrolment_move(request, pk):
    enrolment = _managed_enrolment(request, pk)
    form = MoveLearnerForm(request.POST, groups=Group.objects.manageable_by(request.user))
    try:
        if not form.is_valid():
            raise services.EnrolmentRefused(_("Choose another group of the same program."))
        moved = services.enrolment_move(actor=request.user, enrolment=enrolment, target=form.cleaned_data["target"],
                                        reason=form.cleaned_data["reason"], request=request)
    except services.EnrolmentRefused as error:
        messages.error(request, str(error))
        return redirect("training:group", pk=enrolment.group_id)
    messages.success(request, _("%(name)s has been moved to the group %(group)s.") % {
        "name": enrolment.learner, "group": moved.group.code})
    return redirect("training:group", pk=enrolment.group_id)


@requires(Cap.TRAINING_MANAGE)
@require_http_methods(["GET", "POST"])
def enrolment_complete(request, pk):
    """The final result and the issued document of one learner."""
    enrolment = _managed_enrolment(request, pk)
    group = enrolment.group
    form = CompleteForm(request.POST or None, scale=selectors.scale_of(group),
                        initial={"document_type": group.program.document})
    if request.method == "POST" and form.is_valid():
        try:
            services.enrolment_complete(actor=request.user, enrolment=enrolment, request=request,
                                        **form.cleaned_data)
        except services.EnrolmentRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("%(name)s has completed the program; the document is recorded.") % {
                "name": enrolment.learner})
            return redirect("training:group", pk=group.pk)
    title = _("Completion: %(name)s") % {"name": enrolment.learner}
    return render(request, "training/form.html", {
        "crumbs": crumbs((group.code, reverse("training:group", args=[group.pk])), (title, "")), "title": title,
        "form": form}, status=400 if form.errors else 200)
