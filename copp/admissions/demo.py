"""Demo applications for `make run`: every status for the demo citizen, an employer's application for ten
employees, a new-program request, a teacher upskilling campaign with a list. Idempotent; call after
copp.portal.demo.load() and copp.programs.demo.load() (it loads the programs demo itself if it has not run)."""
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from copp.accounts.models import User
from copp.organizations.models import Organization
from copp.programs.models import Program, ProgramStatus
from copp.programs.selectors import modules_open_for_paths

from .models import Application, ApplicationStatus, Campaign
from .services import (
    application_assign,
    application_set_status,
    application_submit,
    document_kinds_for,
    document_upload,
    mass_application_submit,
    new_program_request_submit,
    participant_set_status,
    upskilling_list_submit,
)
from .services.paths import path_apply

S = ApplicationStatus
DEMO_SCAN = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"  # a blank scan: applications need the documents
# The demo citizen's applications: the path each one takes from «submitted», with the comments on the way.
CITIZEN_PATHS = [
    ("submitted", []),
    ("in_review", [(S.IN_REVIEW, "staff", "")]),
    ("needs_changes", [(S.IN_REVIEW, "staff", ""),
                       (S.NEEDS_CHANGES, "staff", "Приложите скан диплома вместе с приложением (вкладышем).")]),
    ("accepted", [(S.IN_REVIEW, "staff", ""),
                  (S.ACCEPTED, "staff", "Ждём вас на первом занятии. Расписание придёт по электронной почте.")]),
    ("rejected", [(S.IN_REVIEW, "staff", ""),
                  (S.REJECTED, "staff", "Для программы нужно среднее профессиональное образование по профилю.")]),
    ("withdrawn", [(S.WITHDRAWN, "learner", "Передумал, выберу другую программу.")]),
    ("enrolled", [(S.IN_REVIEW, "staff", ""), (S.ACCEPTED, "staff", ""), (S.ENROLLED, "staff", "Зачислен в группу.")]),
    # The training issue's final status: the learner completed the program.
    ("completed", [(S.IN_REVIEW, "staff", ""), (S.ACCEPTED, "staff", ""), (S.ENROLLED, "staff", "Зачислен в группу."),
                   (S.COMPLETED, "staff", "Обучение завершено, удостоверение выдано.")]),
]
EMPLOYEES = [("Кириллов", "Антон", "Сергеевич", "Сварщик"), ("Медведева", "Ольга", "Игоревна", "Контролёр ОТК"),
             ("Фёдоров", "Максим", "Андреевич", "Оператор станков с ЧПУ"),
             ("Егорова", "Татьяна", "Павловна", "Инженер"),
             ("Тихонов", "Роман", "Олегович", "Слесарь-ремонтник"), ("Павлова", "Ксения", "Дмитриевна", "Технолог"),
             ("Семёнов", "Илья", "Викторович", "Электромонтёр"), ("Голубева", "Дарья", "Алексеевна", "Наладчик"),
             ("Виноградов", "Артём", "Ильич", "Токарь"), ("Богданова", "Алина", "Романовна", "Мастер участка")]
TEACHERS = [("Громова", "Лариса", "Ивановна", "Преподаватель", "Материаловедение", 12),
            ("Ершов", "Николай", "Петрович", "Мастер производственного обучения", "Сварочное дело", 8),
            ("Жукова", "Вера", "Сергеевна", "Преподаватель", "Электротехника", 5)]


def _programs() -> list[Program]:
    programs = list(Program.objects.filter(status=ProgramStatus.PUBLISHED).order_by("pk")[:12])
    if len(programs) < len(CITIZEN_PATHS) + 2:
        from copp.programs import demo as programs_demo

        programs_demo.load()
        programs = list(Program.objects.filter(status=ProgramStatus.PUBLISHED).order_by("pk")[:12])
    return programs


def _person(user) -> dict:
    return {"last_name": user.last_name, "first_name": user.first_name, "patronymic": user.patronymic,
            "birth_date": user.birth_date, "phone": user.phone or "+7 900 100-20-30", "email": user.email,
            "snils": user.snils, "education": "Среднее профессиональное, «Сварочное производство», 2016"}


@transaction.atomic
def load() -> int:
    """Create the demo applications once; returns how many demo applications there are."""
    staff = User.objects.filter(email="staff@copp.local").first()
    learner = User.objects.filter(email="learner@copp.local").first()
    employer = User.objects.filter(email="employer@copp.local").first()
    partner = User.objects.filter(email="partner@copp.local").first()
    if not all((staff, learner, employer, partner)):
        return 0
    programs = _programs()
    actors = {"staff": staff, "learner": learner}
    for program, (code, path) in zip(programs, CITIZEN_PATHS, strict=False):
        token = f"demo-citizen-{code}"
        if Application.objects.filter(submit_token=token).exists():
            continue
        scans = [document_upload(owner=learner, kind=kind, file=ContentFile(DEMO_SCAN, name=f"{kind}.pdf"))
                 for kind, required in document_kinds_for(program) if required]
        application = application_submit(actor=learner, program=program, person=_person(learner), documents=scans,
                                         consent=True, comment="Удобнее вечерняя группа.", token=token)
        for target, who, comment in path:
            application_set_status(actor=actors[who], application=application, target=target, comment=comment)
        if code in ("in_review", "needs_changes"):
            application_assign(actor=staff, application=application, assignee=staff)

    uztm = Organization.objects.filter(short_name="АО «УЗТМ»").first()
    if uztm and not Application.objects.filter(submit_token="demo-mass").exists():
        rows = [{"last_name": last, "first_name": first, "patronymic": middle, "position": position, "consent": True}
                for last, first, middle, position in EMPLOYEES]
        application = mass_application_submit(actor=employer, organization=uztm, program=programs[-1], rows=rows,
                                              comment="Обучение в рабочее время, с отрывом от производства.",
                                              token="demo-mass")
        application_set_status(actor=staff, application=application, target=S.IN_REVIEW)
        people = list(application.participants.order_by("order"))
        participant_set_status(actor=staff, participant=people[0], target=S.ACCEPTED)
        participant_set_status(actor=staff, participant=people[1], target=S.REJECTED,
                               comment="Нет документа о профильном образовании.")
    if uztm and not Application.objects.filter(submit_token="demo-new-program").exists():
        start = timezone.localdate() + timezone.timedelta(days=45)
        new_program_request_submit(actor=employer, organization=uztm, token="demo-new-program", data={
            "competencies_needed": "Аддитивные технологии: подготовка моделей и печать металлических деталей.",
            "hours": 72, "people_count": 8, "desired_start": start, "desired_end": start + timezone.timedelta(days=30),
            "description": "Запускаем участок 3D-печати металлом, нужны операторы и технологи."})

    if not Application.objects.filter(submit_token="demo-path").exists():
        # A learner's own path of three modules open for individual paths (D4).
        modules = list(modules_open_for_paths().order_by("title").values_list("pk", flat=True)[:3])
        if modules:
            path_apply(actor=learner, module_ids=modules, consent=True, token="demo-path",
                       comment="Хочу учиться по вечерам.")

    college = partner.memberships.filter(is_active=True).select_related("organization").first()
    campaign = Campaign.objects.filter(title="Повышение квалификации педагогов и мастеров п/о — 2027").first()
    if campaign is None:
        campaign = Campaign.objects.create(
            title="Повышение квалификации педагогов и мастеров п/о — 2027", quota=10, created_by=staff,
            description="Сбор заявок от колледжей области на программы повышения квалификации для педагогов.",
            deadline=timezone.now() + timezone.timedelta(days=30))
        campaign.programs.set(programs[:3])
    if college and not Application.objects.filter(submit_token="demo-teachers").exists():
        rows = [{"last_name": last, "first_name": first, "patronymic": middle, "position": position,
                 "subject": subject, "experience_years": years, "consent": True}
                for last, first, middle, position, subject, years in TEACHERS]
        upskilling_list_submit(actor=partner, organization=college.organization, campaign=campaign,
                               program=programs[0], rows=rows, token="demo-teachers")
    return Application.objects.filter(submit_token__startswith="demo-").count()
