"""People of organisations' applications (employer and teacher lists) are enrolled one by one (M20): their
learner account is found or made with an invitation, the participant and then the application become
«enrolled», completion closes them; the invited person sets a password and consents."""
import re
import threading

import pytest
from allauth.account.models import EmailAddress
from django.db import connection
from django.urls import reverse

from copp.accounts.models import ConsentRecord, User
from copp.admissions.models import ApplicationKind, ApplicationStatus, Participant, StatusChange
from copp.admissions.tests.factories import application
from copp.core.roles import Role
from copp.directories.models import GradeValue
from copp.organizations.models import OrganizationType
from tests.factories import UserFactory

from .. import services
from ..models import Enrolment
from .factories import make_group

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "Новый-пароль-2026"


@pytest.fixture
def partner(world):
    return world.orgs[OrganizationType.PARTNER][0]


def employer_application(world, program, *, people, status=ApplicationStatus.ACCEPTED,
                         kind=ApplicationKind.MASS):
    """An accepted employer application whose participants carry the given (email, snils) pairs."""
    employer = world.orgs[OrganizationType.CUSTOMER][0]
    app = application(world.users[Role.CUSTOMER][0], program, status=status, kind=kind, organization=employer,
                      participants=len(people))
    for participant, (email, snils) in zip(app.participants.order_by("order"), people, strict=True):
        participant.email, participant.snils = email, snils
        participant.save(update_fields=["email", "snils"])
    return app, list(app.participants.order_by("order"))


def invitation_link(mail) -> str:
    return re.search(r"https?://\S+/cabinet/invitation/\S+/", mail.body).group(0)


def test_employer_people_are_enrolled_with_accounts_found_or_invited(client, world, partner, mailoutbox,
                                                                     django_capture_on_commit_callbacks):
    group = make_group(partner)
    known = world.users[Role.LEARNER][1]
    app, people = employer_application(world, group.program, people=[("novikov@example.ru", ""),
                                                                     (known.email.upper(), "")])
    client.force_login(world.users[Role.PARTNER][0])
    page = client.get(reverse("training:group", args=[group.pk])).content.decode()
    assert people[0].full_name in page and app.number in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("training:group_enrol", args=[group.pk]),
                               {"participant": [p.pk for p in people]}, follow=True)
    assert "Зачислено: 2" in response.content.decode()
    invited = User.objects.get(email="novikov@example.ru")
    assert not invited.has_usable_password() and invited.last_name == people[0].last_name
    assert set(invited.role_assignments.values_list("role", flat=True)) == {Role.LEARNER}
    enrolments = Enrolment.objects.filter(group=group).order_by("participant__order")
    assert [(e.learner, e.participant, e.sent_by) for e in enrolments] == [
        (invited, people[0], app.organization), (known, people[1], app.organization)]
    assert set(Participant.objects.filter(application=app).values_list("status", flat=True)) == {
        ApplicationStatus.ENROLLED}
    app.refresh_from_db()
    assert app.status == ApplicationStatus.ENROLLED
    assert StatusChange.objects.filter(application=app, participant__isnull=False,
                                       to_status=ApplicationStatus.ENROLLED).count() == 2
    # The new person gets the invitation, both learners hear of the group; the known one no invitation.
    invitations = [m for m in mailoutbox if "Приглашение" in m.subject]
    assert [m.to for m in invitations] == [["novikov@example.ru"]]
    assert app.organization.short_name in invitations[0].body
    assert {m.to[0] for m in mailoutbox if group.code in m.subject} == {invited.email, known.email}

    # The employer sees both employees among the people it sent.
    client.force_login(world.users[Role.CUSTOMER][0])
    employees = client.get(reverse("training:employees")).content.decode()
    assert people[0].last_name in employees


def test_invitation_sets_the_password_records_consent_and_signs_in(client, world, partner, mailoutbox,
                                                                   django_capture_on_commit_callbacks):
    group = make_group(partner)
    _app, people = employer_application(world, group.program, people=[("orlova@example.ru", "")])
    with django_capture_on_commit_callbacks(execute=True):
        services.enrol_participant(actor=world.users[Role.STAFF][0], group=group, participant=people[0])
    link = invitation_link(next(m for m in mailoutbox if "Приглашение" in m.subject))
    user = User.objects.get(email="orlova@example.ru")

    page = client.get(link)
    assert page.status_code == 200 and "orlova@example.ru" in page.content.decode()
    refused = client.post(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert refused.status_code == 400 and "Без согласия" in refused.content.decode()
    refused = client.post(link, {"new_password1": NEW_PASSWORD, "new_password2": "другой", "consent": "on"})
    assert refused.status_code == 400
    user.refresh_from_db()
    assert not user.has_usable_password() and not ConsentRecord.objects.filter(user=user).exists()

    response = client.post(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD, "consent": "on"})
    assert response.status_code == 302 and response.url == reverse("portal:cabinet")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert EmailAddress.objects.get(user=user).verified
    assert ConsentRecord.objects.filter(user=user).count() == 1
    assert client.get(reverse("training:week")).status_code == 200  # signed in as the learner

    client.logout()
    used = client.get(link).content.decode()
    assert "устарела или уже использована" in used
    assert client.login(email="orlova@example.ru", password=NEW_PASSWORD)


def test_people_go_one_by_one_and_the_application_follows_the_last(world, partner):
    group = make_group(partner)
    staff = world.users[Role.STAFF][0]
    app, (first, second) = employer_application(world, group.program, people=[("a1@example.ru", ""),
                                                                               ("a2@example.ru", "")])
    one = services.enrol_participant(actor=staff, group=group, participant=first)
    app.refresh_from_db()
    second.refresh_from_db()
    assert app.status == ApplicationStatus.ACCEPTED and second.status == ApplicationStatus.ACCEPTED

    five = GradeValue.objects.get(scale__code="five_point", code="5")
    document = {"final_grade": five, "document_type": "upskilling_certificate", "document_series": "66",
                "document_number": "000777", "document_date": group.ends_on}
    services.enrolment_complete(actor=staff, enrolment=one, **document)
    first.refresh_from_db()
    app.refresh_from_db()
    assert first.status == ApplicationStatus.COMPLETED and app.status == ApplicationStatus.ACCEPTED

    two = services.enrol_participant(actor=staff, group=group, participant=second)
    app.refresh_from_db()
    assert app.status == ApplicationStatus.ENROLLED
    first.refresh_from_db()
    assert first.status == ApplicationStatus.COMPLETED  # a person ahead is not pulled back by the application

    services.enrolment_complete(actor=staff, enrolment=two, **document | {"document_number": "000778"})
    app.refresh_from_db()
    assert app.status == ApplicationStatus.COMPLETED


def test_a_moved_person_keeps_the_link_to_their_application(world, partner):
    group = make_group(partner)
    other = make_group(partner, program=group.program)
    staff = world.users[Role.STAFF][0]
    _app, (person,) = employer_application(world, group.program, people=[("move@example.ru", "")])
    enrolment = services.enrol_participant(actor=staff, group=group, participant=person)
    moved = services.enrolment_move(actor=staff, enrolment=enrolment, target=other)
    assert moved.participant == person and moved.application_id == person.application_id


def test_teachers_of_an_upskilling_list_are_enrolled_too(world, partner):
    group = make_group(partner)
    app, (teacher,) = employer_application(world, group.program, people=[("uchitel@example.ru", "")],
                                           kind=ApplicationKind.UPSKILLING)
    services.enrol_participant(actor=world.users[Role.STAFF][0], group=group, participant=teacher)
    app.refresh_from_db()
    assert app.status == ApplicationStatus.ENROLLED


@pytest.mark.parametrize(("people", "message"), [
    ([("", "")], "нет e-mail"),
    ([("other@example.ru", "112-233-445 95")], "принадлежат разным учётным записям"),
])
def test_a_person_who_cannot_get_an_account_is_refused_and_nothing_changes(client, world, partner, mailoutbox,
                                                                           people, message,
                                                                           django_capture_on_commit_callbacks):
    UserFactory(email="other@example.ru")
    UserFactory(snils="112-233-445 95")
    group = make_group(partner)
    app, (person,) = employer_application(world, group.program, people=people)
    users = User.objects.count()
    client.force_login(world.users[Role.STAFF][0])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("training:group_enrol", args=[group.pk]), {"participant": [person.pk]},
                               follow=True)
    assert message in response.content.decode()
    person.refresh_from_db()
    app.refresh_from_db()
    assert person.status == ApplicationStatus.ACCEPTED and app.status == ApplicationStatus.ACCEPTED
    assert User.objects.count() == users and not Enrolment.objects.filter(group=group).exists()
    assert mailoutbox == []


def test_only_accepted_people_of_accepted_applications_to_this_program_are_offered(client, world, partner):
    group = make_group(partner)
    _app, (refused,) = employer_application(world, group.program, people=[("no1@example.ru", "")])
    Participant.objects.filter(pk=refused.pk).update(status=ApplicationStatus.REJECTED)
    _app, (pending,) = employer_application(world, group.program, people=[("no2@example.ru", "")],
                                            status=ApplicationStatus.IN_REVIEW)
    _app, (elsewhere,) = employer_application(world, make_group(partner).program,
                                              people=[("no3@example.ru", "")])
    client.force_login(world.users[Role.STAFF][0])
    page = client.get(reverse("training:group", args=[group.pk])).content.decode()
    assert 'name="participant"' not in page
    response = client.post(reverse("training:group_enrol", args=[group.pk]),
                           {"participant": [refused.pk, pending.pk, elsewhere.pk]}, follow=True)
    assert "Выберите хотя бы одну заявку или человека" in response.content.decode()
    assert not Enrolment.objects.exists()
    with pytest.raises(services.EnrolmentRefused):
        services.enrol_participant(actor=world.users[Role.STAFF][0], group=group, participant=pending)


def test_outsider_partner_cannot_enrol_people_into_a_foreign_group(client, world, partner):
    group = make_group(partner)
    _app, (person,) = employer_application(world, group.program, people=[("x@example.ru", "")])
    client.force_login(world.users[Role.PARTNER][1])
    response = client.post(reverse("training:group_enrol", args=[group.pk]), {"participant": [person.pk]})
    assert response.status_code == 404
    person.refresh_from_db()
    assert person.status == ApplicationStatus.ACCEPTED and not User.objects.filter(email="x@example.ru").exists()


@pytest.mark.django_db(transaction=True)
def test_two_racing_enrolments_of_one_person_make_one_account_and_one_place(world):
    partner = world.orgs[OrganizationType.PARTNER][0]
    groups = [make_group(partner), None]
    groups[1] = make_group(partner, program=groups[0].program)
    _app, (person,) = employer_application(world, groups[0].program, people=[("race@example.ru", "")])
    staff = world.users[Role.STAFF][0]
    barrier = threading.Barrier(2)
    results = []

    def run(i):
        try:
            barrier.wait()
            services.enrol_participant(actor=staff, group=groups[i], participant=person)
            results.append("ok")
        except services.EnrolmentRefused:
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["ok", "refused"]
    assert User.objects.filter(email="race@example.ru").count() == 1
    assert Enrolment.objects.filter(participant=person).count() == 1
