"""Pages of the course space's tests (M22): the teacher adds a test to a section, writes its questions while it is
a draft, publishes it and reads everyone's results; a learner of the group takes it on the same page and sees
their own score only."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from copp.surveys.answering import form_items

from . import course, quizzes
from .course import CourseRefused
from .course_views import _crumbs, _groups_of, _in_training, _page, _section, _teaching
from .forms import QuizForm, QuizQuestionForm
from .models import Quiz, QuizQuestion


def _quiz(request, pk, *, teaching=False) -> Quiz:
    """A test of a group the person works with or studies in; a draft only for those who run the course (for
    the others it does not exist). `teaching`: the action is the teacher's (403 for the others)."""
    _in_training(request)
    quiz = get_object_or_404(Quiz.objects.select_related("section__group__program", "module")
                             .filter(section__group__in=_groups_of(request.user)), pk=pk)
    if teaching:
        _teaching(request, quiz.section.group)
    elif not quiz.is_published and not course.can_teach(request.user, quiz.section.group):
        raise Http404
    return quiz


def _quiz_page(request, quiz, *, status=200, question_form=None, values=None, errors=None):
    group = quiz.section.group
    teaching = course.can_teach(request.user, group)
    questions = quizzes.questions_of(quiz)
    context = {"crumbs": _crumbs(group, (quiz.title, "")), "group": group, "quiz": quiz, "teaching": teaching,
               "questions": questions, "max_score": sum(q.points for q in questions)}
    if teaching:
        for question in questions:
            question.right_options = question.correct if isinstance(question.correct, list) else [question.correct]
        context |= {"results": quizzes.results(quiz),
                    "question_form": question_form or (None if quiz.is_published else QuizQuestionForm())}
    else:
        enrolment = course.enrolment_of(request.user, group)
        if enrolment is None:
            raise PermissionDenied  # runs the group without teaching or studying in it: nobody's answers to see
        context |= quizzes.learner_state(quiz, enrolment) | {
            "items": form_items(questions, values or {}, errors or {}), "errors": errors}
    return render(request, "learning/quiz.html", context, status=status)


@require_POST
def quiz_add(request, pk):
    section = _section(request, pk)
    form = QuizForm(request.POST, prefix=f"t{section.pk}", group=section.group)
    if not form.is_valid():
        return _page(request, section.group, status=400, quiz_forms={section.pk: form})
    try:
        quiz = quizzes.quiz_add(actor=request.user, section=section, request=request, **form.cleaned_data)
    except CourseRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("learning:course", pk=section.group_id)
    messages.success(request, _("The test is created as a draft: add its questions, then publish it."))
    return redirect("learning:quiz", pk=quiz.pk)


@require_GET
def quiz(request, pk):
    """A test: its questions and everyone's results for the teacher; the form and own score for a learner."""
    return _quiz_page(request, _quiz(request, pk))


@require_POST
def quiz_question_add(request, pk):
    quiz = _quiz(request, pk, teaching=True)
    form = QuizQuestionForm(request.POST)
    if not form.is_valid():
        return _quiz_page(request, quiz, status=400, question_form=form)
    try:
        quizzes.question_add(actor=request.user, quiz=quiz, request=request, **form.cleaned_data)
    except CourseRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("The question is added."))
    return redirect(reverse("learning:quiz", args=[quiz.pk]) + "#questions")


@require_POST
def quiz_question_delete(request, pk):
    _in_training(request)
    question = get_object_or_404(QuizQuestion.objects.select_related("quiz__section__group")
                                 .filter(quiz__section__group__in=_groups_of(request.user)), pk=pk)
    _teaching(request, question.quiz.section.group)
    try:
        quizzes.question_delete(actor=request.user, question=question, request=request)
    except CourseRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("The question is removed."))
    return redirect(reverse("learning:quiz", args=[question.quiz_id]) + "#questions")


@require_POST
def quiz_publish(request, pk):
    quiz = _quiz(request, pk, teaching=True)
    try:
        quizzes.quiz_publish(actor=request.user, quiz=quiz, request=request)
    except CourseRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("The test is published: the group's learners can take it."))
    return redirect("learning:quiz", pk=quiz.pk)


@require_POST
def quiz_submit(request, pk):
    """A learner's attempt, scored on the server; the same form sent twice is one attempt."""
    quiz = _quiz(request, pk)
    if course.enrolment_of(request.user, quiz.section.group) is None:
        raise PermissionDenied
    try:
        number = int(request.POST.get("attempt", ""))
    except ValueError:
        number = None
    try:
        attempt, created = quizzes.attempt_submit(actor=request.user, quiz=quiz, data=request.POST, number=number,
                                                  request=request)
    except quizzes.AnswersInvalid as invalid:
        return _quiz_page(request, quiz, status=400, values=invalid.values, errors=invalid.errors)
    except CourseRefused as refusal:
        messages.error(request, str(refusal))
    else:
        if created:
            messages.success(request, _("Your answers are accepted: %(score)s of %(max)s points.") % {
                "score": attempt.score, "max": attempt.max_score})
        else:
            messages.info(request, _("This attempt was already accepted; it is counted once."))
    return redirect("learning:quiz", pk=quiz.pk)
