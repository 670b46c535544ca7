"""Expert review of programs (M15): a full review over two rounds ending in publication, the conflict-of-interest
rule, who sees what, the scorecard's rules, the staff list with its export, reminders of due dates."""
import datetime
import io

import openpyxl
import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from copp.core.models import Letter
from copp.core.roles import Role
from copp.organizations.models import OrganizationType
from copp.programs.models import Program, ProgramStatus, VersionStatus
from copp.programs.tests.factories import make_constructed
from copp.reviews import services
from copp.reviews.models import Assignment, Review, ReviewStatus, Round

from .factories import make_expert, make_program_in_review

pytestmark = pytest.mark.django_db


@pytest.fixture
def author_org(world):
    return world.orgs[OrganizationType.PARTNER][0]


@pytest.fixture
def experts(world):
    """Two experts of organisations other than the author's: the CoPP's methodologist and the second
    partner's teacher."""
    return [make_expert(world.users[Role.STAFF][1]), make_expert(world.users[Role.TEACHER][1])]


def _score(client, round_, verdict, *, low=False, conclusion=""):
    criteria = list(round_.review.criteria_set.criteria.all())
    data = {f"score-{c.pk}": "2" if low else "5" for c in criteria}
    if low:
        data |= {f"comment-{c.pk}": "Мало практики" for c in criteria}
    data |= {"verdict": verdict, "conclusion": conclusion, "give_verdict": "1"}
    return client.post(reverse("reviews:assignment", args=[round_.pk]), data)


def test_full_review_two_rounds_then_the_chair_publishes(world, client, author_org, experts):
    author, chair = world.users[Role.PARTNER][0], world.users[Role.STAFF][0]
    program = make_constructed(author_org)
    client.force_login(author)
    response = client.post(reverse("reviews:submit", args=["program", program.pk]), follow=True)
    assert "отправлена на экспертизу" in response.content.decode()
    review = Review.objects.get()
    round1 = review.rounds.get()
    for expert in experts:
        services.expert_assign(actor=chair, round_=round1, expert=expert)
    # Each expert is told (the letters wait in the outbox for the commit).
    assert Letter.objects.filter(subject__startswith="Экспертиза:").count() == 2
    first, second = (e.staff.user for e in experts)
    client.force_login(first)
    assert _score(client, round1, "approve").status_code == 302
    client.force_login(second)
    response = _score(client, round1, "revise", low=True)
    assert response.status_code == 400 and "Напишите, что авторам нужно изменить" in response.content.decode()
    assert _score(client, round1, "revise", low=True, conclusion="Добавьте практику").status_code == 302
    client.post(reverse("reviews:comment", args=[round1.pk]), {"anchor": "module-1", "text": "Мало часов практики"})
    client.force_login(chair)
    client.post(reverse("reviews:decide", args=[review.pk]), {"decision": "revise", "comment": "Доработайте"})
    review.refresh_from_db()
    assert review.status == ReviewStatus.REVISION
    assert program.versions.get().status == VersionStatus.REVISION
    # The authors see the remarks, revise and send a new round with the same experts.
    client.force_login(author)
    body = client.get(reverse("reviews:detail", args=[review.pk])).content.decode()
    assert "Мало часов практики" in body and "Добавьте практику" in body
    module = program.modules.first()
    module.practice_hours += 8
    module.save()
    client.post(reverse("reviews:submit", args=["program", program.pk]))
    round2 = review.rounds.get(number=2)
    assert round2.assignments.count() == 2 and program.versions.count() == 2
    for user in (first, second):
        client.force_login(user)
        assert _score(client, round2, "approve").status_code == 302
    client.force_login(chair)
    client.post(reverse("reviews:decide", args=[review.pk]), {"decision": "approve", "publish": "on"})
    program.refresh_from_db()
    assert program.status == ProgramStatus.PUBLISHED and program.reviewed_on == timezone.localdate()
    assert program.versions.get(number=2).status == VersionStatus.PUBLISHED
    assert program.versions.get(number=1).status == VersionStatus.REVISION  # the history stays
    card = client.get(reverse("programs:catalogue")).content.decode()
    assert "прошла экспертизу" in card.lower()
    decisions = Letter.objects.filter(subject__startswith="Решение экспертизы", recipients__contains=author.email)
    assert decisions.count() == 2


def test_an_expert_of_the_author_organisation_cannot_be_assigned(world, author_org):
    round_ = make_program_in_review(author_org)
    own = make_expert(world.users[Role.TEACHER][0])  # a teacher of the author organisation
    with pytest.raises(ValidationError, match="Конфликт интересов|Conflict of interest"):
        services.expert_assign(actor=world.users[Role.STAFF][0], round_=round_, expert=own)
    assert not Assignment.objects.exists()
    # Through the page too: refused with the message, nothing assigned.
    from django.test import Client

    client = Client()
    client.force_login(world.users[Role.STAFF][0])
    response = client.post(reverse("reviews:assign", args=[round_.review_id]), {"expert": own.pk}, follow=True)
    assert "Конфликт интересов" in response.content.decode() and not Assignment.objects.exists()
    assert own not in set(__import__("copp.reviews.selectors", fromlist=["x"]).experts_available(round_.review))


def test_a_non_expert_gets_404_on_the_review_page(world, login, author_org, experts):
    round_ = make_program_in_review(author_org, experts=experts)
    url = reverse("reviews:assignment", args=[round_.pk])
    assert login(world.users[Role.STAFF][0]).get(url).status_code == 404  # has the capability, not assigned
    assert login(experts[0].staff.user).get(url).status_code == 200


def test_assigning_twice_changes_nothing(world, author_org, experts):
    round_ = make_program_in_review(author_org)
    chair = world.users[Role.STAFF][0]
    services.expert_assign(actor=chair, round_=round_, expert=experts[0])
    services.expert_assign(actor=chair, round_=round_, expert=experts[0])
    assert round_.assignments.count() == 1


def test_scorecard_needs_comments_below_threshold_and_all_verdicts_before_decision(world, author_org, experts):
    round_ = make_program_in_review(author_org, experts=experts)
    criteria = list(round_.review.criteria_set.criteria.all())
    assignment = round_.assignments.get(expert=experts[0])
    user = experts[0].staff.user
    with pytest.raises(ValidationError) as error:
        services.scorecard_save(actor=user, assignment=assignment, scores={c.pk: (2, "") for c in criteria},
                                verdict="approve")
    assert len(error.value.message_dict) == len(criteria)
    with pytest.raises(ValidationError):
        services.scorecard_save(actor=user, assignment=assignment, scores={criteria[0].pk: (9, "")})
    with pytest.raises(PermissionDenied):
        services.scorecard_save(actor=experts[1].staff.user, assignment=assignment, scores={})
    services.scorecard_save(actor=user, assignment=assignment, scores={c.pk: (5, "") for c in criteria},
                            verdict="approve")
    with pytest.raises(ValidationError, match="не все эксперты|Not every expert"):
        services.round_decide(actor=world.users[Role.STAFF][0], round_=round_, decision="approve")
    with pytest.raises(PermissionDenied):
        services.round_decide(actor=world.users[Role.PARTNER][0], round_=round_, decision="approve")


def test_blind_round_hides_names_from_authors(world, login, author_org, experts):
    round_ = make_program_in_review(author_org, experts=experts)
    name = experts[0].staff.full_name
    author = login(world.users[Role.PARTNER][0])
    assert name in author.get(reverse("reviews:detail", args=[round_.review_id])).content.decode()
    Round.objects.filter(pk=round_.pk).update(is_blind=True)
    body = author.get(reverse("reviews:detail", args=[round_.review_id])).content.decode()
    assert name not in body and "Эксперт 1" in body
    assert name in login(world.users[Role.STAFF][0]).get(
        reverse("reviews:detail", args=[round_.review_id])).content.decode()


def test_staff_list_filters_export_and_constant_queries(world, login, author_org, experts):
    staff = login(world.users[Role.STAFF][0])
    make_program_in_review(author_org, experts=experts)
    late = make_program_in_review(author_org, experts=experts[:1])
    Round.objects.filter(pk=late.pk).update(due_on=timezone.localdate() - datetime.timedelta(days=1))
    url = reverse("reviews:list")
    body = staff.get(url, {"overdue": "on"}).content.decode()
    assert late.review.title in body and "Найдена 1 экспертиза" in body
    with CaptureQueriesContext(connection) as few:
        staff.get(url)
    for _ in range(6):
        make_program_in_review(author_org, experts=experts)
    with CaptureQueriesContext(connection) as many:
        staff.get(url)
    assert len(many) == len(few)
    response = staff.get(reverse("reviews:export"))
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    titles = [row[0] for row in sheet.iter_rows(values_only=True)]
    assert late.review.title in titles and len([t for t in titles if t]) == 1 + 8


def test_reminders_go_once_a_day_to_late_experts(world, author_org, experts, django_capture_on_commit_callbacks):
    round_ = make_program_in_review(author_org, experts=experts)
    Round.objects.filter(pk=round_.pk).update(due_on=timezone.localdate() + datetime.timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send() == 2
    assert services.reminders_send() == 0
    assert "Напоминание" in mail.outbox[-1].subject


def test_queue_lists_own_assignments(world, login, author_org, experts):
    round_ = make_program_in_review(author_org, experts=experts)
    body = login(experts[0].staff.user).get(reverse("reviews:queue")).content.decode()
    assert round_.review.title in body
    body = login(world.users[Role.PARTNER][0]).get(reverse("reviews:queue")).content.decode()
    assert "нет в реестре экспертов" in body


def test_submit_refuses_broken_rules_with_messages(world, login, author_org):
    program = make_constructed(author_org, modules=1, hours=(4, 4), final="")
    response = login(world.users[Role.PARTNER][0]).post(reverse("reviews:submit", args=["program", program.pk]),
                                                        follow=True)
    body = response.content.decode()
    assert "не менее 16 ч" in body and "итоговой аттестации" in body
    assert not Review.objects.exists() and not program.versions.exists()
    assert Program.objects.get(pk=program.pk).status == ProgramStatus.DRAFT
