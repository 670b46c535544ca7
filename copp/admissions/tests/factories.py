"""Programs and applications for the admissions tests (tests/factories.py stays the shared base)."""
import io
import itertools

from django.utils import timezone

from copp.directories.models import ProgramKind, StudyForm
from copp.programs.models import IssuedDocument, Program, ProgramStatus
from tests.factories import sample_image, sample_pdf

from ..models import Application, ApplicationKind, ApplicationStatus, Participant
from ..services.common import next_number, record_change, search_text_of

_serial = itertools.count(1)
# Real files of the accepted types: uploads are parsed whole (copp.core.uploads).
PDF = sample_pdf()
PNG = sample_image("PNG")


def pdf_file(name="diploma.pdf", content=PDF):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/pdf")


def program(provider, *, title=None, status=ProgramStatus.PUBLISHED) -> Program:
    kind, _ = ProgramKind.objects.get_or_create(code="upskilling", defaults={"name": "Повышение квалификации",
                                                                            "min_hours": 16})
    form, _ = StudyForm.objects.get_or_create(code="ochnaya", defaults={"name": "Очная"})
    return Program.objects.create(
        title=title or f"Сварочные технологии, поток {next(_serial)}", kind=kind, provider=provider, hours=72,
        study_form=form, document=IssuedDocument.UPSKILLING_CERTIFICATE, status=status, is_free=True)


def application(applicant, prog, *, status=ApplicationStatus.SUBMITTED, kind=ApplicationKind.INDIVIDUAL,
                organization=None, participants=0, campaign=None, **extra) -> Application:
    now = timezone.now()
    app = Application.objects.create(
        number=next_number(), kind=kind, status=status, program=prog, provider=prog.provider if prog else None,
        applicant=applicant, organization=organization, campaign=campaign, submitted_at=now, status_changed_at=now,
        last_name=applicant.last_name, first_name=applicant.first_name, email=applicant.email,
        snils=applicant.snils, participants_count=participants, **extra)
    people = Participant.objects.bulk_create([
        Participant(application=app, order=i, last_name=f"Работник{i}", first_name="Пётр", position="Сварщик",
                    consent_confirmed=True, status=status) for i in range(1, participants + 1)])
    app.search_text = search_text_of(app, people)
    app.save(update_fields=["search_text"])
    record_change(application=app, actor=applicant, source="", target=ApplicationStatus.SUBMITTED)
    return app


def employees_xlsx(count=10, *, teacher=False, bad_row=None) -> bytes:
    """A filled participants' template with `count` people (row `bad_row` gets a wrong SNILS)."""
    from openpyxl import Workbook

    from ..imports import _columns

    workbook = Workbook()
    sheet = workbook.active
    columns = _columns(teacher)
    sheet.append([title + (" *" if required else "") for _name, title, required in columns])
    for i in range(1, count + 1):
        row = {"last_name": f"Сотрудников{i}", "first_name": "Алексей", "patronymic": "Ильич", "snils": "",
               "email": f"worker{i}@example.ru", "phone": "", "position": "Слесарь", "subject": "Физика",
               "experience_years": 5, "consent": "да"}
        if bad_row == i:
            row["snils"] = "112-233-445 94"
        sheet.append([row[name] for name, _title, _required in columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
