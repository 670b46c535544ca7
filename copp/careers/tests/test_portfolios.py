"""Portfolios (issue 19, M24, M28): confirmed items from the platform's records, the separate consent to
distribution and its withdrawal, who may search, the PDF and its check page, invitations and the view log."""
import datetime
import re
import subprocess

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from copp.accounts.models import ConsentKind, ConsentRecord
from copp.api.services import integrator_token_issue
from copp.careers.models import (
    InvitationStatus,
    ItemKind,
    Portfolio,
    PortfolioInvitation,
    PortfolioItem,
    PortfolioView,
    Section,
    Visibility,
)
from copp.careers.services.portfolios import portfolio_refresh, portfolio_share
from copp.core.roles import Role
from copp.directories.models import Competency, GradeValue
from copp.organizations.models import OrganizationType, VerificationStatus
from copp.programs.tests.factories import make_program
from copp.training.models import EnrolmentStatus, GroupStatus
from copp.training.tests.factories import enrol, make_group

from .factories import make_portfolio

pytestmark = pytest.mark.django_db


@pytest.fixture
def welding():
    return Competency.objects.get(name="Сварочные технологии")


def graduate(world, competency, *, learner=None, document="0001"):
    """A completed enrolment of the first learner: grade 5 and a certificate."""
    learner = learner or world.users[Role.LEARNER][0]
    partner = world.orgs[OrganizationType.PARTNER][0]
    program = make_program(partner, title="Сварщик ручной дуговой сварки", competencies=[competency], hours=144)
    group = make_group(partner, program=program, status=GroupStatus.COMPLETED,
                       starts_on=timezone.localdate() - datetime.timedelta(days=90),
                       ends_on=timezone.localdate() - datetime.timedelta(days=10))
    five = GradeValue.objects.get(scale__code="five_point", code="5")
    enrolment = enrol(group, learner, status=EnrolmentStatus.COMPLETED, final_grade=five,
                      document_type="Удостоверение о повышении квалификации", document_series="66",
                      document_number=document, document_date=group.ends_on)
    return enrolment


def employer_client(client, world, i=0):
    client.force_login(world.users[Role.CUSTOMER][i])
    return client


def test_a_completed_enrolment_is_a_confirmed_item_that_the_learner_cannot_edit(client, world, welding):
    graduate(world, welding)
    learner = world.users[Role.LEARNER][0]
    client.force_login(learner)
    page = client.get(reverse("portfolio:mine"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Сварщик ручной дуговой сварки" in text and "подтверждено ЦОПП" in text
    item = PortfolioItem.objects.get(portfolio__user=learner, kind=ItemKind.PROGRAM)
    assert item.is_confirmed and item.hours == 144 and item.grade
    assert "0001" in item.document and item.rating is not None
    # The form refuses to change it...
    response = client.post(reverse("portfolio:item_edit", args=[item.pk]), {"kind": "achievement", "title": "Иное"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title == "Сварщик ручной дуговой сварки"
    assert client.post(reverse("portfolio:item_delete", args=[item.pk])).status_code == 302
    assert PortfolioItem.objects.filter(pk=item.pk).exists()
    # ...and so does the API; showing or hiding it is allowed.
    api = APIClient()
    api.force_authenticate(learner)
    url = reverse("api:portfolio-item-detail", args=[item.pk])
    assert api.patch(url, {"title": "Иное", "grade": "5"}, format="json").status_code == 403
    assert api.patch(url, {"is_shown": False}, format="json").status_code == 200
    item.refresh_from_db()
    assert item.title == "Сварщик ручной дуговой сварки" and not item.is_shown
    # A self-declared item can be changed.
    own = PortfolioItem.objects.create(portfolio=item.portfolio, kind=ItemKind.WORK, title="Проект")
    response = client.post(reverse("portfolio:item_edit", args=[own.pk]), {"kind": "work", "title": "Проект 2"})
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.title == "Проект 2" and not own.is_confirmed


def test_an_upload_is_checked_like_every_upload(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.factories import sample_pdf

    client.force_login(world.users[Role.LEARNER][0])
    bad = SimpleUploadedFile("diploma.pdf", b"<html><script>alert(1)</script>", content_type="application/pdf")
    response = client.post(reverse("portfolio:item_add"), {"kind": "certificate", "title": "Диплом", "file": bad})
    assert response.status_code == 400
    good = SimpleUploadedFile("diploma.pdf", sample_pdf(), content_type="application/pdf")
    response = client.post(reverse("portfolio:item_add"), {"kind": "certificate", "title": "Диплом", "file": good})
    assert response.status_code == 302
    assert PortfolioItem.objects.get(title="Диплом").file


def test_without_consent_no_employer_finds_the_portfolio_and_withdrawal_hides_it_at_once(client, world, welding):
    graduate(world, welding)
    learner = world.users[Role.LEARNER][0]
    portfolio = make_portfolio(learner, visibility="private")
    search = reverse("portfolio:search") + f"?competency={welding.pk}"
    detail = reverse("portfolio:detail", args=[portfolio.pk])
    token, key = integrator_token_issue(actor=world.users[Role.ADMIN][0],
                                        organization=world.orgs[OrganizationType.CUSTOMER][0], name="HR")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    api_list = reverse("api:portfolio-list") + f"?competency={welding.pk}"
    api_detail = reverse("api:portfolio-detail", args=[portfolio.pk])

    def found() -> tuple:
        employer_client(client, world)
        page = client.get(search)
        return (str(learner.get_full_name()) in page.content.decode(), client.get(detail).status_code,
                len(api.get(api_list).json()["results"]), api.get(api_detail).status_code)

    assert found() == (False, 404, 0, 404)
    # «Only me» with no consent: choosing employers without ticking the consent is refused.
    client.force_login(learner)
    response = client.post(reverse("portfolio:sharing"), {"visibility": "employers", "allowed": ["programs"]})
    assert response.status_code == 400
    assert found() == (False, 404, 0, 404)
    client.force_login(learner)
    response = client.post(reverse("portfolio:sharing"), {"visibility": "employers", "allowed": ["programs", "about"],
                                                         "agree": "on"})
    assert response.status_code == 302
    record = ConsentRecord.objects.get(user=learner, text__kind=ConsentKind.DISTRIBUTION)
    assert record.withdrawn_at is None
    assert found() == (True, 200, 1, 200)
    # Every employer's view is in the learner's log.
    assert PortfolioView.objects.filter(portfolio=portfolio).count() == 2
    client.force_login(learner)
    log = client.get(reverse("portfolio:views")).content.decode()
    assert str(world.orgs[OrganizationType.CUSTOMER][0]) in log
    # A personal link, then the withdrawal: 404 everywhere at once.
    portfolio_share(actor=learner, portfolio=portfolio, visibility=Visibility.LINK, allowed=[Section.PROGRAMS],
                    link_expires_on=timezone.localdate() + datetime.timedelta(days=5))
    portfolio.refresh_from_db()
    link = reverse("portfolio:link", args=[portfolio.link_token])
    client.logout()
    assert client.get(link).status_code == 200
    client.force_login(learner)
    assert client.post(reverse("portfolio:withdraw")).status_code == 302
    client.logout()
    assert client.get(link).status_code == 404
    assert found() == (False, 404, 0, 404)
    record.refresh_from_db()
    assert ConsentRecord.objects.filter(user=learner, text__kind=ConsentKind.DISTRIBUTION,
                                        withdrawn_at__isnull=True).count() == 0


def test_an_expired_link_does_not_open(client, world):
    portfolio = make_portfolio(world.users[Role.LEARNER][0], visibility="link", link_days=1)
    Portfolio.objects.filter(pk=portfolio.pk).update(link_expires_on=timezone.localdate() - datetime.timedelta(days=1))
    assert client.get(reverse("portfolio:link", args=[portfolio.link_token])).status_code == 404


def test_a_hidden_item_never_appears_in_search_results_or_the_pdf(client, world, welding):
    graduate(world, welding)
    learner = world.users[Role.LEARNER][0]
    portfolio = make_portfolio(learner)
    PortfolioItem.objects.create(portfolio=portfolio, kind=ItemKind.ACHIEVEMENT, title="Секретная награда",
                                 is_shown=False)
    program_item = portfolio.items.get(kind=ItemKind.PROGRAM)
    client.force_login(learner)
    client.post(reverse("portfolio:item_show", args=[program_item.pk]))  # hide the program
    employer_client(client, world)
    page = client.get(reverse("portfolio:search") + f"?competency={welding.pk}").content.decode()
    assert str(learner.get_full_name()) not in page  # its competency is hidden with it
    page = client.get(reverse("portfolio:search")).content.decode()
    assert page.count("portfolio-card") == 1  # found without a filter, but with nothing hidden on its card
    assert "Секретная награда" not in page and "Сварщик ручной дуговой сварки —" not in page
    detail = client.get(reverse("portfolio:detail", args=[portfolio.pk])).content.decode()
    assert "Секретная награда" not in detail and "Сварщик ручной дуговой сварки" not in detail
    api = APIClient()
    api.force_authenticate(world.users[Role.CUSTOMER][0])
    body = str(api.get(reverse("api:portfolio-list")).json())
    assert "Секретная награда" not in body and "Сварщик" not in body
    client.force_login(learner)
    pdf = client.get(reverse("portfolio:pdf")).content
    text = _pdf_text(pdf)
    assert "Секретная награда" not in text and "Достижение 1" in text


def test_a_section_left_out_of_the_consent_is_not_shown(client, world, welding):
    graduate(world, welding)
    learner = world.users[Role.LEARNER][0]
    portfolio = make_portfolio(learner, allowed=[Section.PROGRAMS])
    employer_client(client, world)
    detail = client.get(reverse("portfolio:detail", args=[portfolio.pk])).content.decode()
    assert "Сварщик ручной дуговой сварки" in detail and "Достижение 1" not in detail


@pytest.mark.parametrize("role", [Role.LEARNER, Role.PARTNER, Role.TEACHER, Role.COORDINATOR, Role.ADMIN])
def test_only_employers_and_copp_staff_search(client, world, role):
    client.force_login(world.users[role][0])
    assert client.get(reverse("portfolio:search")).status_code == 403
    api = APIClient()
    api.force_authenticate(world.users[role][0])
    assert api.get(reverse("api:portfolio-list")).status_code == 403


def test_an_unverified_employer_cannot_search(client, world):
    organization = world.orgs[OrganizationType.CUSTOMER][0]
    organization.verification_status = VerificationStatus.PENDING
    organization.save()
    employer_client(client, world)
    assert client.get(reverse("portfolio:search")).status_code == 403
    _token, key = integrator_token_issue(actor=world.users[Role.ADMIN][0], organization=organization, name="HR")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get(reverse("api:portfolio-list")).status_code == 403
    client.force_login(world.users[Role.STAFF][0])
    assert client.get(reverse("portfolio:search")).status_code == 200


def _pdf_text(data: bytes) -> str:
    import io

    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_pdf_renders_and_its_check_link_confirms_the_items(client, world, welding, tmp_path):
    graduate(world, welding)
    learner = world.users[Role.LEARNER][0]
    portfolio = make_portfolio(learner, visibility="private")
    client.force_login(learner)
    response = client.get(reverse("portfolio:pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    path = tmp_path / "portfolio.pdf"
    path.write_bytes(response.content)
    subprocess.run(["pdftoppm", "-png", "-r", "50", str(path), str(tmp_path / "page")], check=True, timeout=60)
    assert list(tmp_path.glob("page*.png"))
    text = _pdf_text(response.content)
    check_path = reverse("portfolio:check", args=[portfolio.check_token])
    assert check_path in text.replace("\n", "")
    assert "Сварщик ручной дуговой сварки" in text
    client.logout()
    page = client.get(check_path).content.decode()
    assert "Сварщик ручной дуговой сварки" in page and "0001" in page
    assert "Достижение 1" not in page  # a self-declared item is never «confirmed»
    # A new check code ends the old one.
    client.force_login(learner)
    client.post(reverse("portfolio:check_renew"))
    assert client.get(check_path).status_code == 404


def test_an_employer_invites_and_sees_contacts_only_after_acceptance(client, world, welding, mailoutbox,
                                                                     django_capture_on_commit_callbacks):
    graduate(world, welding)
    learner = world.users[Role.LEARNER][0]
    portfolio = make_portfolio(learner)
    employer_client(client, world)
    detail = reverse("portfolio:detail", args=[portfolio.pk])
    assert learner.email not in client.get(detail).content.decode()
    assert client.post(reverse("portfolio:save", args=[portfolio.pk])).status_code == 302
    assert learner.get_full_name() in client.get(reverse("portfolio:saved")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("portfolio:invite", args=[portfolio.pk]),
                               {"message": "Приходите на собеседование"})
    assert response.status_code == 302
    invitation = PortfolioInvitation.objects.get(portfolio=portfolio)
    assert invitation.is_waiting and any(learner.email in m.to for m in mailoutbox)
    assert learner.email not in client.get(detail).content.decode()
    client.force_login(learner)
    assert "Приходите на собеседование" in client.get(reverse("portfolio:invitations")).content.decode()
    client.post(reverse("portfolio:answer", args=[invitation.pk]), {"accept": "on", "answer": "Приду"})
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ACCEPTED
    employer_client(client, world)
    assert learner.email in client.get(detail).content.decode()
    # The second employer, not invited, does not see them.
    other = world.orgs[OrganizationType.CUSTOMER][1]
    other.verification_status = VerificationStatus.VERIFIED
    other.save()
    employer_client(client, world, 1)
    assert learner.email not in client.get(detail).content.decode()


def _bulk_portfolios(count: int, competency, program, first: int = 1) -> None:
    """`count` open portfolios with one searchable competency row each, written by SQL (fast at 100k)."""
    from django.apps import apps

    from copp.careers.seed import apply_distribution_consent

    apply_distribution_consent(apps)
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM accounts_consenttext WHERE kind = 'distribution' AND is_current")
        text_id = cursor.fetchone()[0]
        cursor.execute("""
            WITH users AS (
              INSERT INTO accounts_user (password, is_superuser, email, last_name, first_name, patronymic, phone,
                                         snils, confirmed_by_esia, is_active, is_staff, date_joined)
              SELECT '!', false, 'bulk' || n || '@portfolio.test', 'Иванов', 'Пётр' || n, '', '', '', false, true,
                     false, now() FROM generate_series(%s, %s) n RETURNING id),
            consents AS (
              INSERT INTO accounts_consentrecord (user_id, text_id, given_at)
              SELECT id, %s, now() FROM users RETURNING id, user_id)
            INSERT INTO careers_portfolio (created_at, updated_at, user_id, summary, visibility, allowed, consent_id,
                                           is_open, link_token, check_token)
            SELECT now(), now(), user_id, '', 'employers', ARRAY['about','programs'], id, true, '', 'c' || id
            FROM consents""", [first, first + count - 1, text_id])
        cursor.execute("""
            WITH items AS (
              INSERT INTO careers_portfolioitem (created_at, updated_at, portfolio_id, kind, is_confirmed, source_key,
                source_path, title, organization_name, description, grade, module_grades, document, url, file,
                is_shown)
              SELECT now(), now(), p.id, 'program', true, 'enrolment:' || p.id, '', 'Сварщик', '', '', 'отлично',
                     '[]', '', '', '', true
              FROM careers_portfolio p WHERE p.check_token LIKE 'c%%'
                AND NOT EXISTS (SELECT 1 FROM careers_portfolioitem i WHERE i.portfolio_id = p.id)
              RETURNING id, portfolio_id)
            INSERT INTO careers_portfoliocompetency (portfolio_id, item_id, competency_id, program_id, completed_on,
                                                     grade_pct, has_document, searchable)
            SELECT portfolio_id, id, %s, %s, current_date, 100, true, true FROM items""", [competency.pk, program.pk])
        cursor.execute("ANALYZE careers_portfolio; ANALYZE careers_portfoliocompetency; ANALYZE careers_portfolioitem")


def _search_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count("portfolio-card") == 20
    return len(ctx.captured_queries)


def test_the_search_by_competency_makes_the_same_queries_at_1k_and_100k(client, world, welding):
    program = make_program(world.orgs[OrganizationType.PARTNER][0], competencies=[welding])
    employer_client(client, world)
    url = reverse("portfolio:search") + f"?competency={welding.pk}&level=document&program={program.pk}"
    _bulk_portfolios(1000, welding, program)
    second_page = client.get(url).context["page"].next_cursor  # also warms the per-process caches
    assert second_page
    small = _search_queries(client, url)
    _bulk_portfolios(99_000, welding, program, first=1001)
    large = _search_queries(client, url)
    assert small == large
    api = APIClient()
    api.force_authenticate(world.users[Role.CUSTOMER][0])
    with CaptureQueriesContext(connection) as ctx:
        response = api.get(reverse("api:portfolio-list") + f"?competency={welding.pk}")
    assert response.status_code == 200 and len(response.json()["results"]) == 50
    assert len(ctx.captured_queries) < 15


def test_demo_has_a_dozen_graduates_some_open(world):
    from copp.careers import demo

    make_program(world.orgs[OrganizationType.PARTNER][0], title="Сварщик (демо)")
    opened = demo.load()
    assert opened == 8
    portfolios = Portfolio.objects.filter(user__email__startswith="graduate")
    assert portfolios.count() == 12
    assert portfolios.filter(is_open=True).count() == 8
    assert portfolios.filter(visibility=Visibility.PRIVATE).count() == 3
    assert PortfolioItem.objects.filter(portfolio__in=portfolios, is_confirmed=True).count() == 12
    demo.load()  # idempotent
    assert Portfolio.objects.filter(user__email__startswith="graduate").count() == 12


def test_refresh_keeps_the_learners_choice_and_follows_the_records(world, welding):
    enrolment = graduate(world, welding)
    learner = world.users[Role.LEARNER][0]
    portfolio = portfolio_refresh(learner)
    item = portfolio.items.get(kind=ItemKind.PROGRAM)
    item.is_shown = False
    item.save()
    portfolio_refresh(learner)
    item.refresh_from_db()
    assert not item.is_shown
    enrolment.status = EnrolmentStatus.EXPELLED
    enrolment.save()
    portfolio_refresh(learner)
    assert not portfolio.items.filter(kind=ItemKind.PROGRAM).exists()


def test_withdrawing_every_consent_in_my_data_hides_the_portfolio(client, world):
    from copp.accounts.services import consent_withdraw

    learner = world.users[Role.LEARNER][0]
    portfolio = make_portfolio(learner)
    employer_client(client, world)
    assert client.get(reverse("portfolio:detail", args=[portfolio.pk])).status_code == 200
    consent_withdraw(user=learner)
    assert client.get(reverse("portfolio:detail", args=[portfolio.pk])).status_code == 404


def test_a_checked_demo_exam_result_is_a_confirmed_item_and_a_draft_one_is_not(world):
    """D6 results enter the portfolio only once ЦОПП staff locked the exam; the learner cannot edit them."""
    from copp.training.exam_models import ExamParticipant, ExamStatus
    from copp.training.tests.exam_factories import make_exam

    learner = world.users[Role.LEARNER][0]
    partner = world.orgs[OrganizationType.PARTNER][0]
    locked, draft = make_exam(partner, status=ExamStatus.FINISHED), make_exam(partner)
    ExamParticipant.objects.create(exam=locked, learner=learner, full_name="Слушатель", points=65, grade=5)
    ExamParticipant.objects.create(exam=draft, learner=learner, full_name="Слушатель", points=30, grade=3)
    portfolio = portfolio_refresh(learner)
    exams = list(portfolio.items.filter(kind=ItemKind.DEMO_EXAM))
    assert len(exams) == 1
    item = exams[0]
    assert item.is_confirmed and item.grade == "5" and item.date == locked.ends_on
    assert "65" in item.description and "100" in item.description
    assert item.section == Section.PROGRAMS


def test_the_program_filter_is_searchable_and_draws_only_the_chosen_program(client, world, welding):
    """Issue 15: a region publishes 20 000 programs; the employers' search must not list them all."""
    partner = world.orgs[OrganizationType.PARTNER][0]
    chosen = make_program(partner, title="Сварщик ручной дуговой сварки", competencies=[welding])
    others = [make_program(partner, title=f"Другая программа {i}") for i in range(3)]
    page = employer_client(client, world).get(reverse("portfolio:search"), {"program": chosen.pk}).content.decode()
    select = re.search(r'<select name="program".*?</select>', page, re.S).group(0)
    assert select.count("<option") == 2 and f'value="{chosen.pk}" selected' in select
    assert all(p.title not in select for p in others)
    assert 'data-autocomplete-url="/programs/choices/published/"' in select
