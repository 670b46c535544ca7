"""Employer/partner/educational organisation sign-up (M5): form -> review -> confirmation."""
import re
from html import unescape

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from copp.accounts.models import ConsentRecord, RoleAssignment, User
from copp.core.models import AuditLog
from copp.core.roles import Role
from copp.core.validators import validate_inn, validate_kpp, validate_ogrn
from copp.directories.models import Competency, Municipality
from copp.organizations import services
from copp.organizations.models import (
    Membership,
    MembershipRole,
    Organization,
    OrganizationType,
    VerificationStatus,
)
from copp.organizations.services import duplicate_email_message, duplicate_inn_message
from copp.organizations.views import SIGNUP_DRAFTS
from tests.factories import OrganizationFactory, make_inn, make_ogrn

from .helpers import ensure_reference_rows

PASSWORD = "Слон-на-велосипеде-2026"
INN = make_inn(770001)
OGRN = make_ogrn(770001)


def in_russian(message) -> str:
    with translation.override("ru"):
        return str(message())


def signup_url(kind="customer", step=""):
    url = reverse("organizations:signup", args=[kind])
    return f"{url}?step={step}" if step else url


def form_data(**changes):
    competencies = list(Competency.objects.order_by("pk").values_list("pk", flat=True)[:2])
    data = {
        "name": "Общество с ограниченной ответственностью «Ромашка»",
        "short_name": "ООО «Ромашка»",
        "inn": INN,
        "ogrn": OGRN,
        "kpp": "667101001",
        "legal_address": "г. Екатеринбург, ул. Ленина, д. 1",
        "municipality": str(Municipality.objects.order_by("pk").first().pk),
        "org_phone": "+7 343 000-00-00",
        "org_email": "info@romashka.ru",
        "website": "romashka.ru",
        "competencies": [str(pk) for pk in competencies],
        "last_name": "Иванова",
        "first_name": "Мария",
        "patronymic": "Петровна",
        "position": "Директор по персоналу",
        "phone": "+7 900 000-00-00",
        "email": "hr@romashka.ru",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "consent": "on",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def submit_form(client, kind="customer", **changes):
    return client.post(signup_url(kind), form_data(**changes))


def register(client, kind="customer", capture=None, **changes):
    response = submit_form(client, kind, **changes)
    assert response.status_code == 302, response.context and response.context["form"].errors
    assert response["Location"] == signup_url(kind, "review")
    if capture is None:
        return client.post(signup_url(kind, "review"), {"action": "register"})
    with capture(execute=True):
        return client.post(signup_url(kind, "review"), {"action": "register"})


@pytest.mark.django_db
def test_happy_path_form_review_confirm(client, django_capture_on_commit_callbacks):
    page = client.get(signup_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert '<ol class="steps' in html and 'aria-current="step">1.' in html

    response = submit_form(client)
    assert response.status_code == 302
    review = client.get(response["Location"])
    html = review.content.decode()
    assert review.status_code == 200
    assert 'aria-current="step">2.' in html
    assert "ООО «Ромашка»" in html and INN in html and "hr@romashka.ru" in html
    assert PASSWORD not in html
    assert Organization.objects.filter(inn=INN).count() == 0  # nothing is created before «Зарегистрировать»

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(signup_url(step="review"), {"action": "register"})
    assert response["Location"] == signup_url(step="done")
    done = client.get(response["Location"])
    html = done.content.decode()
    assert 'aria-current="step">3.' in html
    assert "hr@romashka.ru" in html

    organization = Organization.objects.get(inn=INN)
    assert organization.type == OrganizationType.CUSTOMER
    assert organization.verification_status == VerificationStatus.PENDING
    assert organization.competencies.count() == 2
    assert organization.municipality is not None
    assert organization.website == "https://romashka.ru"
    assert str(organization.pk) in html

    user = User.objects.get(email="hr@romashka.ru")
    assert user.is_active and user.check_password(PASSWORD)
    assert (user.last_name, user.first_name, user.patronymic) == ("Иванова", "Мария", "Петровна")
    address = EmailAddress.objects.get(user=user)
    assert address.primary and not address.verified
    membership = Membership.objects.get(user=user, organization=organization)
    assert membership.role == MembershipRole.REPRESENTATIVE
    assert membership.position == "Директор по персоналу"
    assert list(RoleAssignment.objects.filter(user=user).values_list("role", flat=True)) == [Role.CUSTOMER]
    consent = ConsentRecord.objects.get(user=user)
    assert consent.ip == "127.0.0.1"
    assert AuditLog.objects.filter(action="organization.registered", object_id=str(organization.pk)).exists()

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["hr@romashka.ru"]
    assert SIGNUP_DRAFTS not in client.session or "customer" not in client.session[SIGNUP_DRAFTS]

    # The link in the letter confirms the address.
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body).group(0)
    client.post(link.split("testserver", 1)[-1])
    address.refresh_from_db()
    assert address.verified


@pytest.mark.django_db
@pytest.mark.parametrize(("kind", "org_type", "role"), [
    ("customer", OrganizationType.CUSTOMER, Role.CUSTOMER),
    ("partner", OrganizationType.PARTNER, Role.PARTNER),
    ("educational", OrganizationType.EDUCATIONAL, Role.PARTNER),
])
def test_kind_fixes_type_and_role(client, kind, org_type, role):
    register(client, kind)
    organization = Organization.objects.get(inn=INN)
    assert organization.type == org_type
    user = organization.memberships.get().user
    assert user.get_roles() == [role]


@pytest.mark.django_db
def test_unknown_kind_is_404(client):
    assert client.get("/organizations/signup/authority/").status_code == 404
    assert client.get("/organizations/signup/copp/").status_code == 404


@pytest.mark.django_db
def test_password_never_kept_in_plain_text(client):
    submit_form(client)
    draft = client.session[SIGNUP_DRAFTS]["customer"]
    assert PASSWORD not in str(draft)
    assert draft["password_hash"].startswith("md5$")  # the test settings' hasher


def message_of(validator, value):
    try:
        validator(value)
    except ValidationError as error:
        return error.messages[0]
    raise AssertionError(f"{value!r} passed {validator.__name__}")


def bad_cases(world):
    """case -> (changed fields, the field to blame, the text the page must show in Russian)."""
    taken_inn = world.orgs[OrganizationType.CUSTOMER][0].inn
    taken_email = world.users[Role.LEARNER][0].email
    return {
        "bad_inn": ({"inn": "6600000001"}, "inn", message_of(validate_inn, "6600000001")),
        "letters_inn": ({"inn": "66000000AB"}, "inn", message_of(validate_inn, "66000000AB")),
        "bad_ogrn": ({"ogrn": "1026600000001"}, "ogrn", message_of(validate_ogrn, "1026600000001")),
        "bad_kpp": ({"kpp": "66710"}, "kpp", message_of(validate_kpp, "66710")),
        "ogrn_mismatch": ({"ogrn": "304660000000017"}, "ogrn", None),  # a valid OGRNIP, but a 10-digit INN
        "duplicate_inn": ({"inn": taken_inn}, "inn", str(duplicate_inn_message())),
        "duplicate_email": ({"email": taken_email.upper()}, "email", str(duplicate_email_message())),
        "weak_password": ({"password1": "12345678", "password2": "12345678"}, "password1",
                          "Введённый пароль слишком короткий"),
        "password_mismatch": ({"password2": PASSWORD + "x"}, "password2", None),
        "long_name": ({"name": "Я" * 501}, "name", "Убедитесь, что это значение содержит не более 500 символов"),
        "long_short_name": ({"short_name": "Я" * 201}, "short_name", "не более 200 символов"),
        "no_consent": ({"consent": None}, "consent", gettext("Without consent we cannot register you.")),
        "required": ({"legal_address": ""}, "legal_address", "Обязательное поле."),
    }


CASES = ["bad_inn", "letters_inn", "bad_ogrn", "bad_kpp", "ogrn_mismatch", "duplicate_inn", "duplicate_email",
         "weak_password", "password_mismatch", "long_name", "long_short_name", "no_consent", "required"]


@pytest.mark.parametrize("case", CASES)
def test_bad_input_is_refused_and_creates_nothing(client, world, case):
    with translation.override("ru"):
        changes, field, text = bad_cases(world)[case]
    organizations, users = Organization.objects.count(), User.objects.count()
    response = submit_form(client, **changes)
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors, form.errors
    html = unescape(response.content.decode())
    assert "error-summary" in html and f'href="#id_{field}"' in html
    if text:
        assert text in html, form.errors[field]
    assert SIGNUP_DRAFTS not in client.session
    assert (Organization.objects.count(), User.objects.count()) == (organizations, users)


@pytest.mark.django_db
def test_review_without_draft_goes_back_to_form(client):
    assert client.get(signup_url(step="review"))["Location"] == signup_url()
    assert client.get(signup_url(step="done"))["Location"] == signup_url()


@pytest.mark.django_db
def test_change_returns_to_prefilled_form_and_keeps_password(client):
    submit_form(client)
    response = client.post(signup_url(step="review"), {"action": "edit"})
    assert response["Location"] == signup_url()
    page = client.get(signup_url())
    form = page.context["form"]
    assert form.initial["inn"] == INN and form.initial["email"] == "hr@romashka.ru"
    assert PASSWORD not in page.content.decode()
    # Leave the passwords empty: the one chosen before is kept.
    response = submit_form(client, short_name="ООО «Ромашка-2»", password1="", password2="")
    assert response.status_code == 302
    client.post(signup_url(step="review"), {"action": "register"})
    organization = Organization.objects.get(inn=INN)
    assert organization.short_name == "ООО «Ромашка-2»"
    assert organization.memberships.get().user.check_password(PASSWORD)


@pytest.mark.django_db
def test_double_final_submit_creates_one_organisation(client):
    register(client)
    again = client.post(signup_url(step="review"), {"action": "register"})
    assert again["Location"] == signup_url(step="done")
    assert Organization.objects.filter(inn=INN).count() == 1
    assert User.objects.filter(email="hr@romashka.ru").count() == 1


@pytest.mark.django_db
def test_second_click_that_loaded_the_old_session_sees_its_own_result(client):
    """A click queued behind the first one still holds the draft; it must show the result, not an error."""
    submit_form(client)
    stale = dict(client.session[SIGNUP_DRAFTS])
    client.post(signup_url(step="review"), {"action": "register"})
    session = client.session
    session[SIGNUP_DRAFTS] = stale
    session.save()
    again = client.post(signup_url(step="review"), {"action": "register"})
    assert again.status_code == 302 and again["Location"] == signup_url(step="done")
    assert Organization.objects.filter(inn=INN).count() == 1


@pytest.mark.django_db
def test_inn_taken_between_review_and_confirm_shows_duplicate(client):
    submit_form(client)
    OrganizationFactory(inn=INN)  # someone else registered it meanwhile
    users = User.objects.count()
    response = client.post(signup_url(step="review"), {"action": "register"})
    assert response.status_code == 200
    assert "inn" in response.context["form"].errors
    assert in_russian(duplicate_inn_message) in unescape(response.content.decode())
    assert Organization.objects.filter(inn=INN).count() == 1
    assert User.objects.count() == users


@pytest.mark.django_db
def test_unique_inn_is_the_backstop(client, monkeypatch):
    """Even if the check is passed by (a race), the database refuses the second INN and the user sees why."""
    submit_form(client)
    OrganizationFactory(inn=INN)
    monkeypatch.setattr(services, "registration_conflict", lambda **kwargs: None)
    users = User.objects.count()
    response = client.post(signup_url(step="review"), {"action": "register"})
    assert response.status_code == 200
    assert in_russian(duplicate_inn_message) in unescape(response.content.decode())
    assert Organization.objects.filter(inn=INN).count() == 1
    assert User.objects.count() == users  # the whole registration was rolled back


@pytest.mark.django_db
def test_sole_proprietor_has_no_kpp(client):
    response = submit_form(client, inn="500100732259", ogrn="", kpp="667101001")
    assert "kpp" in response.context["form"].errors


@pytest.mark.django_db
def test_signup_is_public_and_signed_in_users_are_warned(client, world, login):
    login(world.users[Role.LEARNER][0])
    html = client.get(signup_url("partner")).content.decode()
    assert world.users[Role.LEARNER][0].email in html


@pytest.mark.django_db(transaction=True)
def test_two_registrations_of_one_inn_at_once_create_one(monkeypatch, rf):
    """Two requests reach the service together (a double click, or two people): one wins, one is refused."""
    import threading

    from django.db import connection

    monkeypatch.setattr(services, "_send_email_confirmation", lambda request, address: None)
    municipality = ensure_reference_rows()
    org_data = {"name": "ООО «Гонка»", "short_name": "Гонка", "inn": make_inn(660066), "ogrn": "", "kpp": "",
                "legal_address": "г. Екатеринбург", "municipality": municipality.pk, "phone": "", "email": "",
                "website": ""}
    results = []
    barrier = threading.Barrier(2)

    def attempt(n):
        person = {"last_name": "Гонщик", "first_name": str(n), "position": "Директор", "phone": "1",
                  "email": f"racer{n}@example.ru", "password": PASSWORD}
        try:
            barrier.wait()
            services.organization_register(request=rf.post("/"), kind="customer", org_data=org_data,
                                           person_data=person, competencies=[])
            results.append("created")
        except services.RegistrationConflict as conflict:
            results.append(conflict.field)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["created", "inn"]
    assert Organization.objects.filter(inn=org_data["inn"]).count() == 1
    assert User.objects.filter(email__startswith="racer").count() == 1
