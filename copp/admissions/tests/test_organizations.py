"""Employers' mass applications (table and xlsx), new-program requests (M11); campaign lists with quotas (M12)."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from copp.core.roles import Role
from copp.organizations.models import OrganizationType

from ..models import Application, ApplicationKind, ApplicationStatus, Campaign, Participant
from . import factories

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def head(world, program):
    return {"organization": world.orgs[OrganizationType.CUSTOMER][0].pk, "program": program.pk, "comment": ""}


def management(total):
    return {"p-TOTAL_FORMS": str(total), "p-INITIAL_FORMS": "0", "p-MIN_NUM_FORMS": "0", "p-MAX_NUM_FORMS": "500"}


def test_template_downloads(world, login):
    response = login(world.users[Role.CUSTOMER][0]).get(reverse("admissions:participants_template"))
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    import io

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert sheet.cell(1, 1).value == "Фамилия *"


def test_table_application_review_submit(world, program, login):
    client = login(world.users[Role.CUSTOMER][0])
    data = {**head(world, program), **management(2), "action": "continue",
            "p-0-last_name": "Петров", "p-0-first_name": "Илья", "p-0-snils": "112-233-445 95", "p-0-consent": "on",
            "p-1-last_name": "Сидорова", "p-1-first_name": "Анна", "p-1-consent": "on"}
    response = client.post(reverse("admissions:mass_apply"), data)
    assert response.status_code == 302
    review = client.get(response.url).content.decode()
    assert "Петров" in review and "Сидорова" in review
    done = client.post(response.url, {"action": "submit"})
    application = Application.objects.get()
    assert done.url == reverse("admissions:org_detail", args=[application.pk])
    assert application.kind == ApplicationKind.MASS and application.participants_count == 2
    assert list(application.participants.values_list("consent_confirmed", flat=True)) == [True, True]
    page = client.get(done.url).content.decode()
    assert "Петров" in page and "Подана" in page


def test_row_without_consent_is_refused(world, program, login):
    client = login(world.users[Role.CUSTOMER][0])
    data = {**head(world, program), **management(1), "action": "continue",
            "p-0-last_name": "Петров", "p-0-first_name": "Илья"}
    response = client.post(reverse("admissions:mass_apply"), data)
    assert response.status_code == 200
    assert "Подтвердите, что человек согласился" in response.content.decode()


def upload(client, world, program, content, name="list.xlsx"):
    return client.post(reverse("admissions:mass_apply"), {
        **head(world, program), **management(5), "action": "upload",
        "file": SimpleUploadedFile(name, content, content_type=XLSX)})


def test_xlsx_upload_of_ten(world, program, login):
    client = login(world.users[Role.CUSTOMER][0])
    response = upload(client, world, program, factories.employees_xlsx(10))
    assert response.status_code == 302
    client.post(response.url, {"action": "submit"})
    assert Participant.objects.count() == 10


@pytest.mark.parametrize(("content", "name", "message"), [
    (b"PK\x03\x04 broken zip", "list.xlsx", "не удалось прочитать как книгу Excel"),
    (b"%PDF-1.4 not a table", "list.pdf", "Загрузите список файлом Excel (.xlsx)"),
    (b"PK\x03\x04" + b"0" * (2 * 1024 * 1024 + 1), "list.xlsx", "Файл слишком большой"),
])
def test_bad_xlsx_gives_clear_message_and_saves_nothing(world, program, login, content, name, message):
    client = login(world.users[Role.CUSTOMER][0])
    response = upload(client, world, program, content, name)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Application.objects.exists()


def test_xlsx_with_a_faulty_row_saves_nothing(world, program, login):
    client = login(world.users[Role.CUSTOMER][0])
    response = upload(client, world, program, factories.employees_xlsx(10, bad_row=4))
    page = response.content.decode()
    assert "Строка 5" in page and "СНИЛС" in page
    assert not Application.objects.exists() and not Participant.objects.exists()


def test_new_program_request(world, login):
    client = login(world.users[Role.CUSTOMER][0])
    start = timezone.localdate() + timezone.timedelta(days=30)
    response = client.post(reverse("admissions:new_program"), {
        "organization": world.orgs[OrganizationType.CUSTOMER][0].pk, "competencies_needed": "Сварка ТИГ",
        "hours": 72, "people_count": 12, "desired_start": start, "desired_end": start + timezone.timedelta(days=20),
        "description": "Нужна программа для сварщиков", "token": "t1"})
    application = Application.objects.get()
    assert response.url == reverse("admissions:org_detail", args=[application.pk])
    assert application.kind == ApplicationKind.NEW_PROGRAM and application.people_count == 12


def test_other_organisation_gets_404(world, program, login):
    application = factories.application(world.users[Role.CUSTOMER][0], program, kind=ApplicationKind.MASS,
                                        organization=world.orgs[OrganizationType.CUSTOMER][0], participants=1)
    client = login(world.users[Role.CUSTOMER][1])
    assert client.get(reverse("admissions:org_detail", args=[application.pk])).status_code == 404


def campaign_with(program, quota=3, days=7):
    campaign = Campaign.objects.create(title="Педагоги 2027", quota=quota,
                                       deadline=timezone.now() + timezone.timedelta(days=days))
    campaign.programs.add(program)
    return campaign


def teacher_rows(n, start=0):
    data = {}
    for i in range(n):
        data |= {f"p-{i}-last_name": f"Учителев{start + i}", f"p-{i}-first_name": "Олег",
                 f"p-{i}-position": "Мастер п/о",
                 f"p-{i}-subject": "Сварка", f"p-{i}-experience_years": "7", f"p-{i}-consent": "on"}
    return data


def send_list(client, world, campaign, program, n):
    url = reverse("admissions:org_campaign", args=[campaign.pk])
    response = client.post(url, {"organization": world.orgs[OrganizationType.PARTNER][0].pk, "program": program.pk,
                                 **management(n), **teacher_rows(n), "action": "continue"})
    if response.status_code != 302:
        return response
    return client.post(response.url, {"action": "submit"}, follow=True)


def test_campaign_list_within_quota(world, program, login):
    campaign = campaign_with(program, quota=3)
    client = login(world.users[Role.PARTNER][0])
    send_list(client, world, campaign, program, 2)
    application = Application.objects.get(kind=ApplicationKind.UPSKILLING)
    assert application.participants.first().subject == "Сварка"
    response = send_list(client, world, campaign, program, 2)
    assert "Квота превышена" in response.content.decode()
    assert Application.objects.filter(kind=ApplicationKind.UPSKILLING).count() == 1


def test_campaign_closed_after_deadline(world, program, login):
    campaign = campaign_with(program)
    Campaign.objects.filter(pk=campaign.pk).update(deadline=timezone.now() - timezone.timedelta(minutes=1))
    page = login(world.users[Role.PARTNER][0]).get(reverse("admissions:org_campaign", args=[campaign.pk]))
    assert "Кампания закрыта" in page.content.decode()


def test_staff_open_a_campaign(world, program, login):
    client = login(world.users[Role.STAFF][0])
    deadline = (timezone.localtime() + timezone.timedelta(days=10)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(reverse("admissions:campaign_new"), {
        "title": "Мастера п/о", "description": "", "programs": [program.pk], "deadline": deadline, "quota": 10})
    campaign = Campaign.objects.get()
    assert response.url == reverse("admissions:campaign_detail", args=[campaign.pk])


def test_participant_decisions(world, program, login):
    application = factories.application(world.users[Role.CUSTOMER][0], program, kind=ApplicationKind.MASS,
                                        organization=world.orgs[OrganizationType.CUSTOMER][0], participants=2,
                                        status=ApplicationStatus.IN_REVIEW)
    first, second = application.participants.all()
    client = login(world.users[Role.PARTNER][0])
    client.post(reverse("admissions:participant_status", args=[first.pk]), {"target": "accepted"})
    client.post(reverse("admissions:participant_status", args=[second.pk]), {"target": "rejected", "comment": ""})
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == ApplicationStatus.ACCEPTED and second.status == ApplicationStatus.IN_REVIEW
    page = login(world.users[Role.CUSTOMER][0]).get(reverse("admissions:org_detail", args=[application.pk]))
    assert "Принята" in page.content.decode()


def test_organisation_withdraws_and_resubmits(world, program, login):
    application = factories.application(world.users[Role.CUSTOMER][0], program, kind=ApplicationKind.MASS,
                                        organization=world.orgs[OrganizationType.CUSTOMER][0], participants=2,
                                        status=ApplicationStatus.NEEDS_CHANGES)
    client = login(world.users[Role.CUSTOMER][0])
    client.post(reverse("admissions:org_resubmit", args=[application.pk]), {"comment": "Заменили сотрудника"})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    client.post(reverse("admissions:org_withdraw", args=[application.pk]), {"comment": ""})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    assert set(application.participants.values_list("status", flat=True)) == {ApplicationStatus.WITHDRAWN}
