"""Pages of a group's built-in course space (M22): the sections with materials and assignments, managed by the
group's teachers from the group and read by its learners from «Моё обучение»; an assignment's page with the
learner's answer or, for the teacher, everyone's answers with grades; files served after the access check."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from copp.core.access import has_capability
from copp.core.audit import audit_record
from copp.core.files import private_file_response
from copp.core.roles import Cap
from copp.training.models import Enrolment, EnrolmentStatus, Group

from . import course
from .course import CourseRefused
from .forms import AssignmentForm, GradeForm, MaterialForm, QuizForm, SectionForm, SubmissionForm
from .models import Assignment, CourseMaterial, CourseSection, MaterialUse, Quiz, QuizAttempt, Submission


def _in_training(request) -> None:
    if not (has_capability(request.user, Cap.TRAINING_MY) or has_capability(request.user, Cap.TRAINING_GROUPS)):
        raise PermissionDenied


def _groups_of(user):
    """Groups whose course space the person may open: those they work with, and those they study in."""
    studied = Enrolment.objects.filter(learner=user, status__in=(EnrolmentStatus.STUDYING,
                                                                 EnrolmentStatus.COMPLETED)).values("group_id")
    return Group.objects.filter(Q(pk__in=Group.objects.visible_to(user).values("pk")) | Q(pk__in=studied))


def _group(request, pk) -> Group:
    _in_training(request)
    return get_object_or_404(_groups_of(request.user).select_related("program"), pk=pk)


def _teaching(request, group) -> None:
    if not course.can_teach(request.user, group):
        raise PermissionDenied


def _section(request, pk) -> CourseSection:
    _in_training(request)
    section = get_object_or_404(CourseSection.objects.select_related("group__program")
                                .filter(group__in=_groups_of(request.user)), pk=pk)
    _teaching(request, section.group)
    return section


def _assignment(request, pk) -> Assignment:
    _in_training(request)
    return get_object_or_404(Assignment.objects.select_related("section__group__program", "module")
                             .filter(section__group__in=_groups_of(request.user)), pk=pk)


def _crumbs(group, *tail):
    return [(_("Cabinet"), reverse("portal:cabinet")), (_("Online lessons"), reverse("learning:my")),
            (_("Course of the group %(code)s") % {"code": group.code}, reverse("learning:course", args=[group.pk])),
            *tail]


def _page(request, group, *, status=200, section_form=None, material_forms=None, assignment_forms=None,
          quiz_forms=None):
    teaching = course.can_teach(request.user, group)
    enrolment = None if teaching else course.enrolment_of(request.user, group)
    own = Submission.objects.filter(enrolment=enrolment) if enrolment else Submission.objects.none()
    tries = QuizAttempt.objects.filter(enrolment=enrolment) if enrolment else QuizAttempt.objects.none()
    # Learners see published tests only; a teacher sees drafts too, with how many have taken each.
    tests = Quiz.objects.annotate(takers=Count("attempts__enrolment", distinct=True)) if teaching else (
        Quiz.objects.filter(published_at__isnull=False).prefetch_related(
            Prefetch("attempts", queryset=tries.order_by("-score", "number"), to_attr="mine")))
    sections = list(CourseSection.objects.filter(group=group).select_related("module").prefetch_related(
        "materials",
        # Approved materials of the region's library attached to the section (M25).
        Prefetch("material_uses", to_attr="library_uses", queryset=MaterialUse.objects.filter(
            material__published__isnull=False).select_related("material__published").order_by("created_at", "pk")),
        Prefetch("assignments", queryset=Assignment.objects.annotate(
            submitted=Count("submissions"), graded=Count("submissions", filter=Q(submissions__graded_at__isnull=False)))
            .prefetch_related(Prefetch("submissions", queryset=own.select_related("grade"), to_attr="mine"))),
        Prefetch("quizzes", queryset=tests)))
    material_forms = material_forms or {}
    assignment_forms = assignment_forms or {}
    quiz_forms = quiz_forms or {}
    if teaching:
        choices = list(AssignmentForm(group=group).fields["module"].choices)
        for section in sections:
            section.material_form = material_forms.get(section.pk) or MaterialForm(prefix=f"m{section.pk}")
            section.assignment_form = assignment_forms.get(section.pk) or AssignmentForm(
                prefix=f"a{section.pk}", group=group, choices=choices)
            section.quiz_form = quiz_forms.get(section.pk) or QuizForm(prefix=f"t{section.pk}", group=group,
                                                                       choices=choices)
    return render(request, "learning/course.html", {
        "crumbs": _crumbs(group)[:-1] + [(_crumbs(group)[-1][0], "")], "group": group, "sections": sections,
        "teaching": teaching, "enrolment": enrolment,
        "section_form": section_form or (SectionForm(group=group) if teaching else None),
    }, status=status)


@require_GET
def course_page(request, pk):
    """The course space of a group: teachers add sections, materials, assignments and tests; learners read and
    answer."""
    return _page(request, _group(request, pk))


@require_POST
def section_add(request, pk):
    group = _group(request, pk)
    _teaching(request, group)
    form = SectionForm(request.POST, group=group)
    if not form.is_valid():
        return _page(request, group, status=400, section_form=form)
    course.section_add(actor=request.user, group=group, request=request, **form.cleaned_data)
    messages.success(request, _("The section is added."))
    return redirect("learning:course", pk=group.pk)


@require_POST
def material_add(request, pk):
    section = _section(request, pk)
    form = MaterialForm(request.POST, request.FILES, prefix=f"m{section.pk}")
    if not form.is_valid():
        return _page(request, section.group, status=400, material_forms={section.pk: form})
    try:
        course.material_add(actor=request.user, section=section, request=request, **form.cleaned_data)
    except CourseRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("The material is published."))
    return redirect(reverse("learning:course", args=[section.group_id]) + f"#section-{section.pk}")


@require_POST
def assignment_add(request, pk):
    section = _section(request, pk)
    form = AssignmentForm(request.POST, prefix=f"a{section.pk}", group=section.group)
    if not form.is_valid():
        return _page(request, section.group, status=400, assignment_forms={section.pk: form})
    try:
        assignment = course.assignment_add(actor=request.user, section=section, request=request, **form.cleaned_data)
    except CourseRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("learning:course", pk=section.group_id)
    messages.success(request, _("The assignment is published."))
    return redirect("learning:assignment", pk=assignment.pk)


def _assignment_page(request, assignment, *, status=200, submit_form=None, grade_forms=None):
    group = assignment.section.group
    teaching = course.can_teach(request.user, group)
    mine = None
    submissions = []
    grade_forms = grade_forms or {}
    if teaching:
        grades = course.grade_choices(group)
        choices = list(GradeForm(grades=grades).fields["grade"].choices)
        submissions = list(assignment.submissions.select_related("enrolment__learner", "grade", "graded_by")
                           .order_by("enrolment__learner__last_name", "enrolment__learner__first_name", "pk"))
        for item in submissions:
            item.form = grade_forms.get(item.pk) or GradeForm(
                prefix=f"s{item.pk}", grades=grades, choices=choices,
                initial={"grade": item.grade_id, "comment": item.comment})
        studying = Enrolment.objects.filter(group=group, status=EnrolmentStatus.STUDYING)
        waiting = studying.exclude(pk__in=assignment.submissions.values("enrolment_id")).select_related(
            "learner").order_by("learner__last_name", "learner__first_name")
    else:
        enrolment = course.enrolment_of(request.user, group)
        if enrolment is None:
            raise PermissionDenied  # sees the group (runs it) without teaching or studying in it
        mine = assignment.submissions.filter(enrolment=enrolment).select_related("grade").first()
        waiting = []
    return render(request, "learning/assignment.html", {
        "crumbs": _crumbs(group, (assignment.title, "")), "group": group, "assignment": assignment,
        "teaching": teaching, "mine": mine, "submissions": submissions, "waiting": list(waiting),
        "submit_form": submit_form or SubmissionForm(initial={"text": mine.text if mine else ""}),
    }, status=status)


@require_GET
def assignment(request, pk):
    return _assignment_page(request, _assignment(request, pk))


@require_POST
def assignment_submit(request, pk):
    assignment = _assignment(request, pk)
    form = SubmissionForm(request.POST, request.FILES)
    if course.enrolment_of(request.user, assignment.section.group) is None:
        raise PermissionDenied
    if not form.is_valid():
        return _assignment_page(request, assignment, status=400, submit_form=form)
    try:
        course.submission_save(actor=request.user, assignment=assignment, request=request, **form.cleaned_data)
    except CourseRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Your answer is sent to the teacher."))
    return redirect("learning:assignment", pk=assignment.pk)


@require_POST
def submission_grade(request, pk):
    _in_training(request)
    submission = get_object_or_404(Submission.objects.select_related(
        "assignment__section__group__program", "assignment__module", "enrolment__group")
        .filter(assignment__section__group__in=_groups_of(request.user)), pk=pk)
    group = submission.assignment.section.group
    _teaching(request, group)
    form = GradeForm(request.POST, prefix=f"s{submission.pk}", grades=course.grade_choices(group))
    if not form.is_valid():
        return _assignment_page(request, submission.assignment, status=400, grade_forms={submission.pk: form})
    try:
        course.submission_grade(actor=request.user, submission=submission, request=request, **form.cleaned_data)
    except CourseRefused as refusal:
        messages.error(request, str(refusal))
    else:
        text = _("The grade is saved.")
        if submission.assignment.module_id:
            text += " " + _("It is in the journal as the grade for the module «%(module)s».") % {
                "module": submission.assignment.module.title}
        messages.success(request, text)
    return redirect("learning:assignment", pk=submission.assignment_id)


@require_GET
def material_file(request, pk):
    """A material's file, for the group's learners and those who work with the group."""
    _in_training(request)
    material = get_object_or_404(CourseMaterial.objects.filter(section__group__in=_groups_of(request.user))
                                 .exclude(file=""), pk=pk)
    extension = material.file.name.rsplit(".", 1)[-1]
    return private_file_response(material.file, filename=f"{material.title[:60]}.{extension}")


@require_GET
def submission_file(request, pk):
    """A learner's answer file: for the learner and the group's teachers only, never for other learners."""
    _in_training(request)
    submission = get_object_or_404(Submission.objects.select_related("assignment__section__group", "enrolment")
                                   .filter(assignment__section__group__in=_groups_of(request.user))
                                   .exclude(file=""), pk=pk)
    group = submission.assignment.section.group
    if submission.enrolment.learner_id != request.user.pk and not course.can_teach(request.user, group):
        if course.enrolment_of(request.user, group) is not None:
            raise Http404  # another learner's answer: as if it did not exist
        raise PermissionDenied  # runs the group but neither teaches nor studies in it
    audit_record(actor=request.user, action="learning.submission_file", obj=group, request=request)
    extension = submission.file.name.rsplit(".", 1)[-1]
    return private_file_response(submission.file, filename=f"answer-{submission.pk}.{extension}")
