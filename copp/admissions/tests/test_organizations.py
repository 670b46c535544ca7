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
    (b"PK\x03\x04 broken zip", "list.xlsx", "Файл повреждён или не является книгой Excel"),
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


# --- Double submits: the second click shows the one application ----------------------------------------

def test_double_post_of_a_mass_application_shows_the_one_application(world, program, login):
    client = login(world.users[Role.CUSTOMER][0])
    data = {**head(world, program), **management(1), "action": "continue",
            "p-0-last_name": "Петров", "p-0-first_name": "Илья", "p-0-consent": "on"}
    review = client.post(reverse("admissions:mass_apply"), data).url
    first = client.post(review, {"action": "submit"})
    again = client.post(review, {"action": "submit"}, follow=True)
    application = Application.objects.get()
    assert first.url == reverse("admissions:org_detail", args=[application.pk])
    assert again.redirect_chain[-1][0] == first.url and again.status_code == 200
    assert f"Заявка № {application.number} уже отправлена" in again.content.decode()
    assert Participant.objects.count() == 1


def test_a_repeated_token_finds_the_mass_application(world, program):
    from ..services import mass_application_submit

    employer, organization = world.users[Role.CUSTOMER][0], world.orgs[OrganizationType.CUSTOMER][0]
    rows = [{"last_name": "Петров", "first_name": "Илья", "consent": True}]
    first = mass_application_submit(actor=employer, organization=organization, program=program, rows=rows,
                                    token="t-1")
    again = mass_application_submit(actor=employer, organization=organization, program=program, rows=rows,
                                    token="t-1")
    assert again.pk == first.pk and again.repeated and not getattr(first, "repeated", False)
    assert Application.objects.count() == 1


def test_double_post_of_a_new_program_request_makes_one(world, login):
    client = login(world.users[Role.CUSTOMER][0])
    start = timezone.localdate() + timezone.timedelta(days=30)
    data = {"organization": world.orgs[OrganizationType.CUSTOMER][0].pk, "competencies_needed": "Сварка ТИГ",
            "hours": 72, "people_count": 12, "desired_start": start, "desired_end": start + timezone.timedelta(days=20),
            "description": "Нужна программа для сварщиков", "token": "same-form"}
    client.post(reverse("admissions:new_program"), data)
    again = client.post(reverse("admissions:new_program"), data, follow=True)
    application = Application.objects.get()
    assert again.redirect_chain[-1][0] == reverse("admissions:org_detail", args=[application.pk])
    assert f"Запрос № {application.number} уже отправлен" in again.content.decode()


# --- Resubmission with a corrected participants' list ----------------------------------------------------

def edit_rows(application, rows, extra=0):
    """The posted edit formset: `rows` are dicts of fields (with `id` for people already on the list)."""
    data = {"p-TOTAL_FORMS": str(len(rows) + extra), "p-INITIAL_FORMS": str(sum(1 for r in rows if r.get("id"))),
            "p-MIN_NUM_FORMS": "0", "p-MAX_NUM_FORMS": "500"}
    for i, row in enumerate(rows):
        data |= {f"p-{i}-{name}": value for name, value in row.items()}
    return data


def as_row(person, **changes):
    row = {"id": person.pk, "last_name": person.last_name, "first_name": person.first_name,
           "position": person.position, "consent": "on"}
    row.update(changes)
    return row


def needs_changes_mass(world, program, participants=2):
    return factories.application(world.users[Role.CUSTOMER][0], program, kind=ApplicationKind.MASS,
                                 organization=world.orgs[OrganizationType.CUSTOMER][0], participants=participants,
                                 status=ApplicationStatus.NEEDS_CHANGES, decision_comment="Замените второго")


def test_resubmit_page_offers_the_list_for_editing(world, program, login):
    application = needs_changes_mass(world, program)
    page = login(world.users[Role.CUSTOMER][0]).get(reverse("admissions:org_detail", args=[application.pk]))
    html = page.content.decode()
    first = application.participants.first()
    assert 'name="p-0-last_name"' in html and f'value="{first.last_name}"' in html
    assert f'name="p-0-id" value="{first.pk}"' in html and 'name="p-0-DELETE"' in html
    assert "Удалить" in html and "Исправьте список участников" in html


def test_resubmit_corrects_removes_and_adds_participants(world, program, login):
    application = needs_changes_mass(world, program)
    first, second = application.participants.all()
    client = login(world.users[Role.CUSTOMER][0])
    rows = [as_row(first, last_name="Работников", snils="112-233-445 95"), as_row(second, DELETE="on"),
            {"last_name": "Новикова", "first_name": "Анна", "position": "Технолог", "consent": "on"}]
    response = client.post(reverse("admissions:org_resubmit", args=[application.pk]),
                           {"comment": "Заменили второго", **edit_rows(application, rows, extra=2)})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED and application.participants_count == 2
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.last_name == "Работников" and first.snils == "112-233-445 95"
    assert first.status == ApplicationStatus.SUBMITTED
    assert second.status == ApplicationStatus.WITHDRAWN  # kept with its history, off the list
    assert second.history.filter(to_status=ApplicationStatus.WITHDRAWN).exists()
    added = application.participants.get(last_name="Новикова")
    assert added.status == ApplicationStatus.SUBMITTED and added.consent_confirmed
    assert "работников" in application.search_text and "новикова" in application.search_text
    assert "работник2" not in application.search_text


@pytest.mark.parametrize(("change", "message"), [
    ({"consent": ""}, "Подтвердите, что человек согласился"),
    ({"last_name": ""}, "Обязательное поле"),
    ({"snils": "112-233-445 94"}, "СНИЛС"),
])
def test_resubmit_with_a_faulty_row_changes_nothing(world, program, login, change, message):
    application = needs_changes_mass(world, program)
    first, second = application.participants.all()
    client = login(world.users[Role.CUSTOMER][0])
    rows = [as_row(first, **change), as_row(second)]
    response = client.post(reverse("admissions:org_resubmit", args=[application.pk]),
                           {"comment": "Исправили", **edit_rows(application, rows)})
    assert response.status_code == 200 and message in response.content.decode()
    application.refresh_from_db()
    first.refresh_from_db()
    assert application.status == ApplicationStatus.NEEDS_CHANGES and first.last_name == "Работник1"


def test_resubmit_refuses_an_empty_list_and_duplicate_snils(world, program, login):
    application = needs_changes_mass(world, program)
    first, second = application.participants.all()
    client = login(world.users[Role.CUSTOMER][0])
    url = reverse("admissions:org_resubmit", args=[application.pk])
    empty = client.post(url, {"comment": "x", **edit_rows(application, [as_row(first, DELETE="on"),
                                                                          as_row(second, DELETE="on")])})
    assert "Добавьте хотя бы одного участника" in empty.content.decode()
    twice = client.post(url, {"comment": "x", **edit_rows(application, [
        as_row(first, snils="112-233-445 95"), as_row(second, snils="112-233-445 95")])})
    assert "встречается в списке дважды" in twice.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.NEEDS_CHANGES
    assert set(application.participants.values_list("status", flat=True)) == {ApplicationStatus.NEEDS_CHANGES}


def test_teacher_list_resubmit_stays_within_the_quota(world, program, login):
    campaign = campaign_with(program, quota=2)
    client = login(world.users[Role.PARTNER][0])
    send_list(client, world, campaign, program, 2)
    application = Application.objects.get(kind=ApplicationKind.UPSKILLING)
    Application.objects.filter(pk=application.pk).update(status=ApplicationStatus.NEEDS_CHANGES)
    application.participants.update(status=ApplicationStatus.NEEDS_CHANGES)
    people = list(application.participants.all())
    teacher = {"position": "Преподаватель", "subject": "Физика", "experience_years": "3", "consent": "on"}
    rows = [as_row(p, subject=p.subject, experience_years=p.experience_years) for p in people]
    url = reverse("admissions:org_resubmit", args=[application.pk])
    over = client.post(url, {"comment": "Добавили", **edit_rows(application, [
        *rows, {"last_name": "Лишний", "first_name": "Иван", **teacher}])})
    assert "Квота превышена" in over.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.NEEDS_CHANGES and application.participants.count() == 2
    # Swapping one teacher for another fits: the person taken off no longer counts.
    swap = client.post(url, {"comment": "Заменили", **edit_rows(application, [
        rows[0], {**rows[1], "DELETE": "on"}, {"last_name": "Новый", "first_name": "Иван", **teacher}])})
    assert swap.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED and application.participants_count == 2
    from ..services import campaign_quota_left

    assert campaign_quota_left(campaign, world.orgs[OrganizationType.PARTNER][0]) == 0


def test_teacher_list_after_the_deadline_is_corrected_but_not_extended(world, program):
    from ..services import organization_application_resubmit
    from ..services.individual import ApplicationRefused

    campaign = campaign_with(program, quota=5)
    application = factories.application(world.users[Role.PARTNER][0], program, kind=ApplicationKind.UPSKILLING,
                                        organization=world.orgs[OrganizationType.PARTNER][0], campaign=campaign,
                                        participants=1, status=ApplicationStatus.NEEDS_CHANGES)
    Campaign.objects.filter(pk=campaign.pk).update(deadline=timezone.now() - timezone.timedelta(minutes=1))
    person = application.participants.get()
    row = {"id": person.pk, "last_name": "Исправленный", "first_name": "Пётр", "position": "Мастер п/о",
           "subject": "Сварка", "experience_years": 4, "consent": True}
    with pytest.raises(ApplicationRefused, match="Кампания закрыта"):
        organization_application_resubmit(actor=world.users[Role.PARTNER][0], application=application,
                                          comment="Добавили", rows=[row, {**row, "id": None, "last_name": "Новый"}])
    organization_application_resubmit(actor=world.users[Role.PARTNER][0], application=application,
                                      comment="Исправили", rows=[row])
    person.refresh_from_db()
    assert person.last_name == "Исправленный" and person.experience_years == 4


def test_open_campaigns_page_counts_quotas_in_a_fixed_number_of_queries(world, program, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(world.users[Role.PARTNER][0])
    url = reverse("admissions:org_campaigns")
    campaign_with(program)
    client.get(url)  # the first request of a session writes the session; measure the ones after it
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for _ in range(9):
        campaign_with(program)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url)
    assert len(many) == len(few)
    assert page.content.decode().count("Педагоги 2027") == 10
