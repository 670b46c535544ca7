"""Demo data of the demonstration exam register (D6): two exams at the demo's accredited centres, one checked and
locked, one sent for checking, with experts from the staff registry and students' results (some of them
learners of the platform, so their portfolios have a result). Idempotent."""
import datetime
from decimal import Decimal

from django.utils import timezone

from copp.accounts.models import User
from copp.resources.models import Site

from .exam_models import DemoExam, ExamParticipant, ExamStatus, summarize
from .exam_services import experts_of

STUDENTS = ["Арсеньев Кирилл", "Белкина Алина", "Воронов Степан", "Галкина Вера", "Давыдов Максим",
            "Егорова Полина", "Зуев Тимофей", "Исаева Мария"]
POINTS = [("72.5", "48", "55.5", "31", "64", "18.5", "41", "59"), ("66", "37.5", "52", "45", "29", "70")]


def load() -> int:
    """Two exams (nothing when the centres are missing or the exams exist)."""
    centres = [s for s in Site.objects.filter(is_demo_exam_center=True).prefetch_related("competencies")
               .order_by("pk") if s.competencies.exists()][:2]
    if not centres or DemoExam.objects.filter(assessment_set__startswith="ДЕМО").exists():
        return 0
    today = timezone.localdate()
    learners = list(User.objects.filter(email__startswith="history").order_by("email")[:3])
    made = 0
    for index, (centre, points) in enumerate(zip(centres * 2, POINTS, strict=False)):
        competency = next(iter(c for c in centre.competencies.all() if experts_of(c).exists()),
                          centre.competencies.first())
        experts = list(experts_of(competency)[:3])
        starts = (today.replace(day=1) - datetime.timedelta(days=120 if index == 0 else 20)).replace(day=10)
        exam = DemoExam.objects.create(
            competency=competency, assessment_set=f"ДЕМО 1.{index + 1}-{starts.year}",
            level="basic" if index == 0 else "profile", centre=centre,
            accredited_until=starts + datetime.timedelta(days=540), starts_on=starts,
            ends_on=starts + datetime.timedelta(days=1), organization=centre.organization,
            chief_expert=experts[0] if experts else None, max_points=Decimal(100), threshold_3=Decimal(20),
            threshold_4=Decimal(40), threshold_5=Decimal(60),
            status=ExamStatus.FINISHED if index == 0 else ExamStatus.SUBMITTED)
        exam.experts.set(experts)
        for n, value in enumerate(points):
            learner = learners[n] if index == 0 and n < len(learners) else None
            name = learner.get_full_name() if learner else STUDENTS[n]
            ExamParticipant.objects.create(exam=exam, learner=learner, full_name=name, points=Decimal(value),
                                           grade=exam.grade_for(Decimal(value)))
        summarize([exam.pk])
        made += 1
    return made
