"""The built-in course space of a group (M22), for CoPPs without Moodle and groups that need only a little:
sections with the group's own materials (files, links, video links, text pages) and assignments with a due
date; a learner submits a file or text, the teacher grades it with a comment and the grade goes to the journal
as the learner's grade for the assignment's module, with the source «Assignment» (B10)."""
import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from copp.core.audit import audit_record
from copp.directories.models import GradeValue
from copp.training.models import Enrolment, EnrolmentStatus, Group, MarkSource
from copp.training.selectors import scale_of
from copp.training.services import module_grade_set

from .models import Assignment, CourseMaterial, CourseSection, MaterialKind, Submission


class CourseRefused(Exception):
    """Why a course-space action cannot be done, in words for the user."""


def can_teach(user, group: Group) -> bool:
    """The group's teachers and CoPP staff (those who keep its journal) run its course space."""
    return Group.objects.markable_by(user).filter(pk=group.pk).exists()


def enrolment_of(user, group: Group) -> Enrolment | None:
    """The person's place in the group as a learner (studying, or completed: they keep reading)."""
    return (Enrolment.objects.filter(group=group, learner=user,
                                     status__in=(EnrolmentStatus.STUDYING, EnrolmentStatus.COMPLETED))
            .order_by("-pk").first())


def section_add(*, actor, group: Group, title: str, module=None, request=None) -> CourseSection:
    if not can_teach(actor, group):
        raise PermissionDenied
    if module is not None and module.program_id != group.program_id:
        raise CourseRefused(_("The module is not a part of the group's program."))
    last = CourseSection.objects.filter(group=group).order_by("-position").values_list("position", flat=True).first()
    section = CourseSection.objects.create(group=group, title=title, module=module, position=(last or 0) + 1)
    audit_record(actor=actor, action="learning.section_add", obj=group, request=request)
    return section


def material_add(*, actor, section: CourseSection, kind: str, title: str, url: str = "", body: str = "",
                 file=None, request=None) -> CourseMaterial:
    """Publish a material in the section; what it needs depends on its kind (the form checks it too)."""
    if not can_teach(actor, section.group):
        raise PermissionDenied
    if kind == MaterialKind.FILE and not file:
        raise CourseRefused(_("Choose a file."))
    if kind in (MaterialKind.LINK, MaterialKind.VIDEO) and not url:
        raise CourseRefused(_("Enter the address."))
    if kind == MaterialKind.PAGE and not body.strip():
        raise CourseRefused(_("Write the text of the page."))
    material = CourseMaterial.objects.create(
        section=section, kind=kind, title=title, created_by=actor,
        url=url if kind in (MaterialKind.LINK, MaterialKind.VIDEO) else "",
        body=body if kind == MaterialKind.PAGE else "", file=file if kind == MaterialKind.FILE else None)
    audit_record(actor=actor, action="learning.material_add", obj=section.group, request=request)
    return material


def assignment_add(*, actor, section: CourseSection, title: str, due_at, instructions: str = "", module=None,
                   request=None) -> Assignment:
    group = section.group
    if not can_teach(actor, group):
        raise PermissionDenied
    if module is not None and module.program_id != group.program_id:
        raise CourseRefused(_("The module is not a part of the group's program."))
    assignment = Assignment.objects.create(section=section, title=title, due_at=due_at, instructions=instructions,
                                           module=module or section.module, created_by=actor)
    audit_record(actor=actor, action="learning.assignment_add", obj=group, request=request)
    return assignment


def submission_save(*, actor, assignment: Assignment, text: str = "", file=None, request=None) -> Submission:
    """The learner's answer: a file, a text or both; it may be replaced until the teacher grades it."""
    enrolment = Enrolment.objects.filter(group_id=assignment.section.group_id, learner=actor,
                                         status=EnrolmentStatus.STUDYING).first()
    if enrolment is None:
        raise PermissionDenied
    if not text.strip() and not file:
        raise CourseRefused(_("Attach a file or write the answer."))
    with transaction.atomic():
        submission = (Submission.objects.select_for_update()
                      .filter(assignment=assignment, enrolment=enrolment).first())
        if submission is not None and submission.is_graded:
            raise CourseRefused(_("The teacher has already graded your answer; it cannot be changed."))
        if submission is None:
            submission = Submission(assignment=assignment, enrolment=enrolment)
        submission.text = text
        if file:
            submission.file = file
        submission.submitted_at = timezone.now()
        submission.save()
    audit_record(actor=actor, action="learning.submission_save", obj=assignment.section.group, request=request)
    return submission


def grade_choices(group: Group):
    return GradeValue.objects.filter(scale=scale_of(group)).order_by("-points", "pk")


def submission_grade(*, actor, submission: Submission, grade: GradeValue, comment: str = "",
                     request=None) -> Submission:
    """The teacher's grade and comment; with the assignment's module set, the grade goes to the journal as the
    learner's grade for that module (source «Assignment»), with the cell's history."""
    assignment = submission.assignment
    group = assignment.section.group
    if not can_teach(actor, group):
        raise PermissionDenied
    if not grade_choices(group).filter(pk=grade.pk).exists():
        raise CourseRefused(_("Choose a grade of the group's scale."))
    with transaction.atomic():
        submission.grade, submission.comment = grade, comment
        submission.graded_by, submission.graded_at = actor, timezone.now()
        submission.save(update_fields=["grade", "comment", "graded_by", "graded_at"])
        if assignment.module_id:
            module_grade_set(actor=actor, enrolment=submission.enrolment, module=assignment.module, value=grade,
                             source=MarkSource.ASSIGNMENT)
        audit_record(actor=actor, action="learning.submission_grade", obj=group, request=request,
                     details={"submission": submission.pk, "grade": grade.code})
    return submission


def due_for(user, *, days: int = 14):
    """The learner's assignments not yet submitted, due from now to `days` ahead or overdue by a week at most."""
    now = timezone.now()
    submitted = Submission.objects.filter(assignment=OuterRef("pk"), enrolment__learner=user)
    return (Assignment.objects.filter(section__group__enrolments__learner=user,
                                      section__group__enrolments__status=EnrolmentStatus.STUDYING,
                                      due_at__gte=now - datetime.timedelta(days=7),
                                      due_at__lt=now + datetime.timedelta(days=days))
            .exclude(Exists(submitted)).select_related("section__group").order_by("due_at", "pk"))


def new_materials_for(user, *, days: int = 7):
    """Materials published in the learner's groups in the last days, newest first."""
    since = timezone.now() - datetime.timedelta(days=days)
    return (CourseMaterial.objects.filter(section__group__enrolments__learner=user,
                                          section__group__enrolments__status=EnrolmentStatus.STUDYING,
                                          created_at__gte=since)
            .select_related("section__group").order_by("-created_at", "-pk"))
