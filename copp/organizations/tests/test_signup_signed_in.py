"""Organisation sign-up by a signed-in user (through Gosuslugi or a password): the account becomes the
representative, no new account and no e-mail; the Gosuslugi button on the sign-up page."""
import re
from html import unescape

import pytest
from django.core import mail
from django.urls import reverse

from copp.accounts.models import ConsentRecord, RoleAssignment, User
from copp.core.models import AuditLog
from copp.core.roles import Role
from copp.esia.tests.support import CALLBACK, make_keys, platform_settings, sign_in, start_fake
from copp.organizations.models import Membership, MembershipRole, Organization, VerificationStatus
from copp.organizations.views import SIGNUP_DRAFTS
from fakes.esia.citizens import DEMO_CITIZENS
from tests.factories import OrganizationFactory, UserFactory

from .test_signup import INN, form_data, signup_url

BUTTON = "Войти через Госуслуги"
ESIA_BLOCK = "Представитель может войти через Госуслуги: ФИО и контакты подставятся из подтверждённой учётной записи"
ACCOUNT_FIELDS = ("email", "password1", "password2")
IVANOV = DEMO_CITIZENS[0]


@pytest.fixture(scope="module")
def esia_keys(tmp_path_factory):
    return make_keys(tmp_path_factory.mktemp("esia-keys"))


@pytest.fixture
def esia_on(settings, esia_keys):
    """ESIA switched on and pointed at the local ESIA (as in the ESIA app's tests)."""
    fake = start_fake(esia_keys, [CALLBACK])
    settings.ESIA = platform_settings(esia_keys, fake)
    yield fake
    fake.stop()


@pytest.fixture
def learner(db):
    return UserFactory(email="learner@example.ru", last_name="Орлова", first_name="Вера", patronymic="Ивановна",
                       phone="+7 900 111-11-11", roles=[Role.LEARNER])


def signed_in_data(**changes):
    return form_data(**dict.fromkeys(ACCOUNT_FIELDS), **changes)


def register_signed_in(client, kind="customer", capture=None, **changes):
    response = client.post(signup_url(kind), signed_in_data(**changes))
    assert response.status_code == 302, response.context and response.context["form"].errors
    assert response["Location"] == signup_url(kind, "review")
    if capture is None:
        return client.post(signup_url(kind, "review"), {"action": "register"})
    with capture(execute=True):
        return client.post(signup_url(kind, "review"), {"action": "register"})


@pytest.mark.django_db
def test_gosuslugi_block_shows_on_the_organisation_sign_up_only_when_on(client, esia_on, settings):
    html = unescape(client.get(signup_url("partner")).content.decode())
    assert BUTTON in html and ESIA_BLOCK in html
    # The button returns to this very sign-up page.
    button = html[html.index(ESIA_BLOCK):]
    assert re.search(r'name="next" value="([^"]+)"', button).group(1) == signup_url("partner")
    assert f'action="{reverse("esia_login")}"' in button

    settings.ESIA = {**settings.ESIA, "ENABLED": False}
    html = unescape(client.get(signup_url("partner")).content.decode())
    assert BUTTON not in html and ESIA_BLOCK not in html


@pytest.mark.django_db
def test_signed_in_user_sees_no_account_fields_and_a_prefilled_representative(client, learner):
    client.force_login(learner)
    page = client.get(signup_url())
    form = page.context["form"]
    assert not set(ACCOUNT_FIELDS) & set(form.fields)
    assert {"position", "consent"} <= set(form.fields)
    assert (form["last_name"].value(), form["first_name"].value(), form["patronymic"].value(),
            form["phone"].value()) == ("Орлова", "Вера", "Ивановна", "+7 900 111-11-11")
    html = unescape(page.content.decode())
    assert 'name="password1"' not in html and 'name="email"' not in html
    assert learner.email in html and "сначала выйдите" in html
    assert ESIA_BLOCK not in html


@pytest.mark.django_db
def test_signed_in_user_registers_the_organisation_as_its_representative(client, learner,
                                                                         django_capture_on_commit_callbacks):
    client.force_login(learner)
    users = User.objects.count()
    consents = ConsentRecord.objects.filter(user=learner).count()
    response = client.post(signup_url(), signed_in_data(phone="+7 900 222-22-22"))
    review = unescape(client.get(response["Location"]).content.decode())
    assert learner.email in review and "новая учётная запись не создаётся" in review
    assert "Пароль" not in review

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(signup_url(step="review"), {"action": "register"})
    assert response["Location"] == signup_url(step="done")
    done = unescape(client.get(response["Location"]).content.decode())
    assert "Подтвердите e-mail" not in done and reverse("organizations:own") in done

    organization = Organization.objects.get(inn=INN)
    assert organization.verification_status == VerificationStatus.PENDING
    membership = Membership.objects.get(organization=organization)
    assert membership.user == learner and membership.role == MembershipRole.REPRESENTATIVE
    assert membership.position == "Директор по персоналу"
    assert set(RoleAssignment.objects.filter(user=learner).values_list("role", flat=True)) == {
        Role.LEARNER, Role.CUSTOMER}
    assert ConsentRecord.objects.filter(user=learner).count() == consents + 1
    assert User.objects.count() == users
    assert not mail.outbox
    learner.refresh_from_db()
    assert learner.phone == "+7 900 222-22-22" and learner.email == "learner@example.ru"
    registered = AuditLog.objects.get(action="organization.registered", object_id=str(organization.pk))
    assert registered.actor == learner and registered.details["representative"] == "signed_in"
    assert not AuditLog.objects.filter(action="user.registered").exists()
    assert SIGNUP_DRAFTS not in client.session or "customer" not in client.session[SIGNUP_DRAFTS]
    assert client.get(reverse("organizations:own")).status_code == 200


@pytest.mark.django_db
def test_double_submit_by_a_signed_in_user_creates_one(client, learner):
    client.force_login(learner)
    client.post(signup_url(), signed_in_data())
    stale = dict(client.session[SIGNUP_DRAFTS])
    client.post(signup_url(step="review"), {"action": "register"})
    again = client.post(signup_url(step="review"), {"action": "register"})
    assert again["Location"] == signup_url(step="done")
    # A click queued behind the first one still holds the draft: it sees its own result.
    session = client.session
    session[SIGNUP_DRAFTS] = stale
    session.save()
    again = client.post(signup_url(step="review"), {"action": "register"})
    assert again.status_code == 302 and again["Location"] == signup_url(step="done")
    assert Organization.objects.filter(inn=INN).count() == 1
    assert Membership.objects.filter(user=learner).count() == 1
    assert ConsentRecord.objects.filter(user=learner).count() == 1
    assert not mail.outbox


@pytest.mark.django_db
def test_inn_taken_meanwhile_refuses_the_signed_in_path_too(client, learner):
    client.force_login(learner)
    client.post(signup_url(), signed_in_data())
    OrganizationFactory(inn=INN)
    response = client.post(signup_url(step="review"), {"action": "register"})
    assert response.status_code == 200 and "inn" in response.context["form"].errors
    assert not Membership.objects.filter(user=learner).exists()
    assert list(learner.get_roles()) == [Role.LEARNER]


@pytest.mark.django_db
def test_draft_made_before_signing_in_is_not_registered_for_the_new_account(client, learner):
    """Signing in between the form and «Зарегистрировать» sends back to the form, with the organisation kept."""
    client.post(signup_url(), form_data())
    client.force_login(learner)
    response = client.post(signup_url(step="review"), {"action": "register"})
    assert response["Location"] == signup_url()
    assert not Organization.objects.filter(inn=INN).exists()
    assert not User.objects.filter(email="hr@romashka.ru").exists()
    form = client.get(signup_url()).context["form"]
    assert "email" not in form.fields
    assert form["inn"].value() == INN and form["last_name"].value() == "Орлова"
    register_signed_in(client)
    assert Organization.objects.get(inn=INN).memberships.get().user == learner


@pytest.mark.django_db
def test_citizen_new_to_the_platform_signs_up_through_gosuslugi_and_registers_the_organisation(client, esia_on):
    html = unescape(client.get(signup_url()).content.decode())
    next_url = re.search(r'name="next" value="([^"]+)"', html[html.index(ESIA_BLOCK):]).group(1)
    response = sign_in(client, IVANOV.oid, next=next_url)
    assert response["Location"] == reverse("esia_signup")
    response = client.post(reverse("esia_signup"), {"consent": "on"})
    assert response.status_code == 302 and response["Location"] == signup_url()
    user = User.objects.get(email="ivanov.esia@example.ru")
    users = User.objects.count()

    form = client.get(signup_url()).context["form"]
    assert (form["last_name"].value(), form["first_name"].value(), form["patronymic"].value()) == (
        "Иванов", "Иван", "Петрович")
    assert form.fields["last_name"].disabled  # confirmed by Gosuslugi: shown, not retyped
    assert form["phone"].value() == user.phone
    # A changed name in the request is ignored: the account keeps what Gosuslugi confirmed.
    register_signed_in(client, "partner", last_name="Подменов", phone=user.phone)

    organization = Organization.objects.get(inn=INN)
    assert organization.verification_status == VerificationStatus.PENDING
    assert organization.memberships.get(role=MembershipRole.REPRESENTATIVE).user == user
    user.refresh_from_db()
    assert user.last_name == "Иванов" and user.confirmed_by_esia
    assert set(user.get_roles()) == {Role.LEARNER, Role.PARTNER}
    assert ConsentRecord.objects.filter(user=user).count() == 2  # at the ESIA sign-up and for the organisation
    assert User.objects.count() == users
    assert not mail.outbox


@pytest.mark.django_db
def test_linked_citizen_signs_in_through_gosuslugi_and_comes_back_to_the_form(client, esia_on):
    sign_in(client, IVANOV.oid)
    client.post(reverse("esia_signup"), {"consent": "on"})
    client.logout()
    response = sign_in(client, IVANOV.oid, next=signup_url("customer"))
    assert response.status_code == 302 and response["Location"] == signup_url("customer")
    form = client.get(response["Location"]).context["form"]
    assert "email" not in form.fields and form.representative.email == "ivanov.esia@example.ru"
