"""Demo data of remote learning: the platform pointed at the local BigBlueButton and Moodle (fakes/), a
distance group with online lessons from today on (one with a Zoom link), an ended lesson whose attendance
waits for the teacher's confirmation, the group's course waiting for its first Moodle sync, and its built-in
course space: two sections with a link, a video and a text page, an assignment due in a few days with one
learner's answer waiting for the grade and one graded into the journal, and a published test."""
import datetime
import os

from django.db import transaction
from django.utils import timezone

from copp.accounts.models import User
from copp.directories.models import LessonType, StudyForm
from copp.organizations.models import Organization
from copp.programs.models import Program
from copp.resources.demo import COLLEGE
from copp.resources.models import StaffMember
from copp.training.models import Enrolment, Group, GroupStatus
from copp.training.scheduling import LessonPlan, lesson_schedule

from .course import grade_choices
from .models import (
    Assignment,
    Conference,
    ConferenceSettings,
    ConferenceStatus,
    ConferenceVisit,
    CourseMaterial,
    CourseSection,
    MaterialKind,
    MoodleCourse,
    MoodleSettings,
)
from .services import attendance_propose

CODE = "ДЕМО-ДО-2026-01"
BBB_URL = os.environ.get("LEARNING_DEMO_BBB_URL", "http://127.0.0.1:8024/bigbluebutton/")
BBB_SECRET = os.environ.get("LEARNING_DEMO_BBB_SECRET", "copp-demo-bbb-secret")
MOODLE_URL = os.environ.get("LEARNING_DEMO_MOODLE_URL", "http://127.0.0.1:8023")
MOODLE_TOKEN = os.environ.get("LEARNING_DEMO_MOODLE_TOKEN", "copp-demo-moodle-token")
TEMPLATE_COURSE_ID = 11  # the first course the local Moodle makes (`python -m fakes.moodle --demo`)
TOPICS = ["Вводное занятие онлайн", "Чтение чертежей: разбор", "Нормативные документы по сварке",
          "Разбор домашнего задания", "Контроль качества швов: теория"]


def _settings() -> None:
    ConferenceSettings.objects.update_or_create(singleton=True, defaults={
        "enabled": True, "url": BBB_URL, "secret": BBB_SECRET, "algorithm": "sha256"})
    MoodleSettings.objects.update_or_create(singleton=True, defaults={
        "enabled": True, "url": MOODLE_URL, "token": MOODLE_TOKEN, "template_course_id": TEMPLATE_COURSE_ID})


def _lessons(group, staff) -> None:
    kind = LessonType.objects.filter(code="lecture").first() or LessonType.objects.first()
    now = timezone.localtime()
    # Today's lesson starts at the current hour, so the demo shows the «Join» button whenever it is loaded.
    today = now.replace(minute=0, second=0, microsecond=0)
    starts = [today - datetime.timedelta(days=1, hours=2), today]
    evening = now.replace(hour=18, minute=0, second=0, microsecond=0)
    starts += [evening + datetime.timedelta(days=d) for d in range(1, 9) if (now + datetime.timedelta(days=d))
               .weekday() < 5]
    for i, start in enumerate(starts):
        link = "https://us02web.zoom.us/j/81234567890" if i == 2 else ""
        lesson = lesson_schedule(actor=staff, plan=LessonPlan(
            group=group, starts_at=start, ends_at=start + datetime.timedelta(minutes=90), topic=TOPICS[i % len(TOPICS)],
            lesson_type=kind, online_link=link, teachers=[]))
        if not link:
            Conference.objects.get_or_create(lesson=lesson, defaults={"created_by": staff})


def _ended_yesterday(group) -> None:
    """Yesterday's lesson was held: who was in the room, and the attendance it proposes."""
    conference = Conference.objects.filter(lesson__group=group).order_by("lesson__starts_at").first()
    if conference is None or conference.visits.exists():
        return
    lesson = conference.lesson
    for n, enrolment in enumerate(Enrolment.objects.filter(group=group).select_related("learner")):
        minutes = (85, 70, 12)[n % 3]
        ConferenceVisit.objects.create(
            conference=conference, user=enrolment.learner, bbb_user_id=f"u{enrolment.learner_id}",
            full_name=f"{enrolment.learner.last_name} {enrolment.learner.first_name}", role="VIEWER",
            first_seen=lesson.starts_at, last_seen=lesson.starts_at + datetime.timedelta(minutes=minutes))
    Conference.objects.filter(pk=conference.pk).update(status=ConferenceStatus.ENDED, started_at=lesson.starts_at,
                                                       ended_at=lesson.ends_at)
    conference.refresh_from_db()
    attendance_propose(conference)


def _quiz(group) -> None:
    """A published test of four questions in the first section, due in three days (once)."""
    from .models import Quiz, QuizKind, QuizQuestion

    section = CourseSection.objects.filter(group=group).order_by("position", "pk").first()
    if section is None or Quiz.objects.filter(section__group=group).exists():
        return
    quiz = Quiz.objects.create(section=section, title="Проверка: виды и разрезы", module=section.module,
                               attempts_allowed=2, due_at=timezone.now() + datetime.timedelta(days=3),
                               published_at=timezone.now(),
                               instructions="Четыре вопроса по видеолекции. Засчитывается лучшая из двух попыток.")
    for order, (kind, text, choices, correct, points) in enumerate([
        (QuizKind.SINGLE, "Какой вид на чертеже главный?", ["Вид сверху", "Вид спереди", "Вид слева"],
         "Вид спереди", 2),
        (QuizKind.MULTIPLE, "Что относится к разрезам?", ["Простой", "Сложный", "Местный вид"],
         ["Простой", "Сложный"], 3),
        (QuizKind.NUMBER, "Сколько основных видов устанавливает ГОСТ 2.305?", [], 6, 2),
        (QuizKind.SHORT_TEXT, "Как называется изображение фигуры, полученной рассечением предмета плоскостью?", [],
         ["сечение"], 3),
    ], start=1):
        QuizQuestion.objects.create(quiz=quiz, order=order, kind=kind, text=text, choices=choices, correct=correct,
                                    points=points)


def _course_space(group, teacher_user) -> None:
    """The group's own course space: materials, an assignment with answers (one graded into the journal)."""
    if CourseSection.objects.filter(group=group).exists():
        return
    from copp.programs.models import ProgramModule
    from copp.training.models import EnrolmentStatus, MarkSource
    from copp.training.services import module_grade_set

    from .models import Submission

    module = ProgramModule.objects.filter(program=group.program).order_by("order", "pk").first()
    first = CourseSection.objects.create(group=group, title="Тема 1. Чтение чертежей", module=module, position=1)
    second = CourseSection.objects.create(group=group, title="Тема 2. Нормативные документы", position=2)
    CourseMaterial.objects.create(section=first, kind=MaterialKind.PAGE, title="Памятка к теме",
                                  created_by=teacher_user,
                                  body="Повторите виды проекций и обозначения шероховатости.\n"
                                       "Вопросы присылайте в ответе на задание.")
    CourseMaterial.objects.create(section=first, kind=MaterialKind.VIDEO, title="Видеолекция: виды и разрезы",
                                  url="https://rutube.ru/video/demo-vidy-i-razrezy/", created_by=teacher_user)
    CourseMaterial.objects.create(section=second, kind=MaterialKind.LINK, title="ГОСТ 2.109-73 (ЕСКД)",
                                  url="https://docs.cntd.ru/document/1200006933", created_by=teacher_user)
    assignment = Assignment.objects.create(
        section=first, title="Эскиз вала", module=module, created_by=teacher_user,
        instructions="Начертите эскиз вала по образцу из памятки, сфотографируйте или отсканируйте и приложите.",
        due_at=timezone.now() + datetime.timedelta(days=4))
    Assignment.objects.create(section=second, title="Конспект ГОСТ 2.109", created_by=teacher_user,
                              instructions="Кратко перечислите требования к рабочему чертежу.",
                              due_at=timezone.now() + datetime.timedelta(days=9))
    enrolments = list(Enrolment.objects.filter(group=group, status=EnrolmentStatus.STUDYING)
                      .exclude(learner__email="learner@copp.local").select_related("learner")[:2])
    now = timezone.now()
    grade = grade_choices(group).filter(is_passing=True).first()
    for n, enrolment in enumerate(enrolments):
        submission = Submission.objects.create(assignment=assignment, enrolment=enrolment, submitted_at=now,
                                               text="Эскиз во вложении, размеры проставлены по ГОСТ 2.307.")
        if n == 0 and grade is not None and module is not None:
            Submission.objects.filter(pk=submission.pk).update(grade=grade, comment="Хорошо, проверьте фаски.",
                                                               graded_by=teacher_user, graded_at=now)
            module_grade_set(actor=teacher_user, enrolment=enrolment, module=module, value=grade,
                             source=MarkSource.ASSIGNMENT)


@transaction.atomic
def load() -> None:
    """Idempotent: the settings are refreshed, the group and its lessons are made once."""
    _settings()
    college = Organization.objects.filter(inn=COLLEGE).first()
    program = Program.objects.filter(provider=college).order_by("pk").first() if college else None
    staff = User.objects.filter(email="staff@copp.local").first()
    if program is None or staff is None:
        return
    group, created = Group.objects.get_or_create(code=CODE, defaults={
        "program": program, "provider": college, "starts_on": timezone.localdate() - datetime.timedelta(days=7),
        "ends_on": timezone.localdate() + datetime.timedelta(days=60), "status": GroupStatus.ACTIVE,
        "capacity": 20, "study_form": StudyForm.objects.filter(code="distance").first()})
    if created:
        teacher = StaffMember.objects.filter(organization=college, user__email="teacher@copp.local").first()
        if teacher is not None:
            group.teachers.set([teacher])
        learners = [User.objects.filter(email="learner@copp.local").first(),
                    *User.objects.filter(email__in=["learner01@copp.local", "learner02@copp.local"])]
        for learner in filter(None, learners):
            Enrolment.objects.get_or_create(group=group, learner=learner)
        _lessons(group, staff)
        _ended_yesterday(group)
    MoodleCourse.objects.get_or_create(group=group)
    _course_space(group, User.objects.filter(email="teacher@copp.local").first() or staff)
    _quiz(group)
