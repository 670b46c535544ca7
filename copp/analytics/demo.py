"""Demo data of monitoring: a year of past activity (applications, groups with completions and an expulsion,
career-guidance days and professional trials with visitors, learners' categories, consultations on an individual
learning plan, two demonstration exams with results) so that every chart has something to
show, then a full refresh of the figures and a plan for the year. Idempotent: a month already made is skipped."""
import datetime

from django.db import transaction
from django.utils import timezone

from copp.accounts.models import RoleAssignment, User
from copp.admissions.models import Application, ApplicationKind, ApplicationStatus, StatusChange
from copp.admissions.services.common import next_number
from copp.careers.models import PlanConsultation
from copp.careers.services.consultations import person_key
from copp.core.roles import Role
from copp.events.models import Event, EventRegistration, EventStatus, EventType
from copp.programs.models import Program, ProgramStatus
from copp.training import exam_demo
from copp.training.models import Enrolment, EnrolmentStatus, Group, GroupStatus

from .models import IndicatorPlan, Metric
from .services import facts_refresh

SURNAMES = ["Андреев", "Белова", "Власов", "Гришина", "Дмитриев", "Ершова", "Жуков", "Зайцева", "Ильин", "Карпова",
            "Лебедев", "Макарова", "Никитин", "Орлова", "Поляков", "Романова", "Соколов", "Тихонова"]
NAMES = ["Алексей", "Дарья", "Никита", "Елена", "Роман", "Ксения"]
# What the demo learners named themselves on their applications (most say nothing).
CATEGORIES = ["", "unemployed", "school_student", "", "pre_retirement", "teacher", ""]
TOPICS = ["Выбор программы переподготовки", "Повышение квалификации по месту работы",
          "Смена профессии после сокращения", "Первая профессия для выпускника школы"]


def _people() -> list[User]:
    people = []
    for i, surname in enumerate(SURNAMES):
        user, created = User.objects.get_or_create(email=f"history{i:02d}@copp.local", defaults={
            "last_name": surname, "first_name": NAMES[i % len(NAMES)],
            "birth_date": datetime.date(1980 + i, 1 + i % 12, 10)})
        if created:
            user.set_unusable_password()
            user.save()
        RoleAssignment.objects.get_or_create(user=user, role=Role.LEARNER)
        people.append(user)
    return people


def _aware(day, hour=11):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def _month(first: datetime.date, index: int, programs, people) -> None:
    program = programs[index % len(programs)]
    code = f"ДЕМО-ИСТ-{first:%Y-%m}"
    if Group.objects.filter(code=code).exists():
        return
    ends = first + datetime.timedelta(days=24)
    group = Group.objects.create(code=code, program=program, provider=program.provider, starts_on=first,
                                 ends_on=ends, status=GroupStatus.COMPLETED, capacity=12,
                                 study_form=program.study_form)
    size = 4 + index % 5
    learners = [people[(index * 3 + k) % len(people)] for k in range(size)]
    for k, learner in enumerate(learners):
        filed = first - datetime.timedelta(days=12 - k % 4)
        app = Application.objects.create(
            number=next_number(), kind=ApplicationKind.INDIVIDUAL, status=ApplicationStatus.COMPLETED,
            program=program, provider=program.provider, applicant=learner, last_name=learner.last_name,
            first_name=learner.first_name, email=learner.email, submitted_at=_aware(filed),
            status_changed_at=_aware(ends), category=CATEGORIES[(index + k) % len(CATEGORIES)])
        accepted = StatusChange.objects.create(application=app, from_status=ApplicationStatus.IN_REVIEW,
                                               to_status=ApplicationStatus.ACCEPTED)
        StatusChange.objects.filter(pk=accepted.pk).update(at=_aware(filed + datetime.timedelta(days=2 + k % 3)))
        expelled = k == size - 1 and index % 3 == 0  # every third month one learner leaves
        enrolment = Enrolment.objects.create(group=group, learner=learner, application=app)
        fields = {"created_at": _aware(first - datetime.timedelta(days=3)), "updated_at": _aware(ends)}
        if expelled:
            fields |= {"status": EnrolmentStatus.EXPELLED, "status_comment": "По собственному желанию",
                       "updated_at": _aware(first + datetime.timedelta(days=10))}
        else:
            fields |= {"status": EnrolmentStatus.COMPLETED, "document_type": program.document,
                       "document_series": "66", "document_number": f"{first:%y%m}{k + 1:03d}",
                       "document_date": ends}
        Enrolment.objects.filter(pk=enrolment.pk).update(**fields)
    event = Event.objects.create(
        title=f"День профессий, {first:%m.%Y}", type=EventType.CAREER_GUIDANCE, organizer=program.provider,
        starts_at=_aware(first + datetime.timedelta(days=14), 10),
        ends_at=_aware(first + datetime.timedelta(days=14), 14), venue="Мастерские колледжа",
        status=EventStatus.PUBLISHED)
    for k in range(3 + index % 6):
        visitor = people[(index + k * 5) % len(people)]
        EventRegistration.objects.create(event=event, user=visitor, queued_at=event.starts_at,
                                         checked_in_at=event.starts_at)
    if index % 2 == 0:  # a professional trial in the workshop every other month
        trial = Event.objects.create(
            title=f"Профессиональная проба «{program.title[:80]}», {first:%m.%Y}", type=EventType.PROFESSIONAL_TRIAL,
            organizer=program.provider, starts_at=_aware(first + datetime.timedelta(days=20), 10),
            ends_at=_aware(first + datetime.timedelta(days=20), 13), venue="Мастерская колледжа",
            status=EventStatus.PUBLISHED)
        for k in range(2 + index % 3):
            visitor = people[(index * 2 + k * 7) % len(people)]
            EventRegistration.objects.create(event=trial, user=visitor, queued_at=trial.starts_at,
                                             checked_in_at=trial.starts_at)
    consultant = User.objects.filter(role_assignments__role=Role.STAFF, is_active=True).order_by("pk").first()
    membership = consultant.memberships.filter(is_active=True).first() if consultant else None
    if membership is not None:
        # Consultations on an individual learning plan at the staff member's CoPP: platform users and a visitor
        # without an account.
        for k in range(2 + index % 3):
            day = first + datetime.timedelta(days=3 + k * 6)
            citizen = people[(index * 5 + k) % len(people)] if k else None
            name = citizen.get_full_name() if citizen else f"Посетитель {first:%m.%Y}"
            contact = "" if citizen else f"+7 900 100 {index:02d} {k:02d}"
            PlanConsultation.objects.get_or_create(
                organization=membership.organization, held_on=day,
                person_key=person_key(citizen=citizen, full_name=name, contact=contact),
                defaults={"citizen": citizen, "full_name": name, "contact": contact, "consultant": consultant,
                          "topic": TOPICS[(index + k) % len(TOPICS)],
                          "result": "Составлен индивидуальный учебный план", "program": program if k % 2 else None})


@transaction.atomic
def load() -> int:
    """The past twelve months of activity, the figures refreshed, a plan for this year."""
    programs = list(Program.objects.filter(status=ProgramStatus.PUBLISHED).order_by("pk")[:4])
    if not programs:
        return 0
    people = _people()
    today = timezone.localdate()
    for index in range(1, 13):
        total = today.year * 12 + today.month - 1 - index
        _month(datetime.date(total // 12, total % 12 + 1, 1), index, programs, people)
    for metric, value in ((Metric.CITIZENS_COVERED, 120), (Metric.CAREER_GUIDANCE, 80),
                          (Metric.COMPLETED, 90), (Metric.DOCUMENTS_ISSUED, 85)):
        IndicatorPlan.objects.get_or_create(year=today.year, metric=metric, defaults={"value": value})
    exam_demo.load()  # the demonstration exams feed the indicators too
    return facts_refresh(full=True)["rows"]
