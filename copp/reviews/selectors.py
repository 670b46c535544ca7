"""Reads of the review engine shared by pages, exports and tasks; scoped by who asks."""
import datetime

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from copp.core.access import has_capability
from copp.core.roles import Cap
from copp.organizations.models import Membership
from copp.resources.models import StaffCompetency, StaffMember

from . import registry
from .models import Assignment, Expert, Review, Round, RoundStatus


def expert_of(user) -> Expert | None:
    """The user's active expert record (through their staff record), if any."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Expert.objects.filter(staff__user=user, is_active=True).select_related("staff").first()


def expert_organization_ids(expert: Expert) -> set[int]:
    """Every organisation the expert belongs to: the staff record's and the account's memberships."""
    ids = {expert.staff.organization_id}
    if expert.staff.user_id:
        ids |= set(Membership.objects.filter(user_id=expert.staff.user_id, is_active=True)
                   .values_list("organization_id", flat=True))
    return ids


def subject_competency_ids(review: Review) -> list[int]:
    """The competencies of the reviewed subject (as its kind tells them), for matching experts."""
    try:
        kind = registry.get(review.kind)
    except KeyError:
        return []
    subject = kind.model.objects.filter(pk=review.object_id).first()
    if kind.competency_ids is None or subject is None:
        return []
    return list(kind.competency_ids(subject))


def experts_available(review: Review) -> QuerySet[Expert]:
    """Active experts who may review this subject: none of the author organisation's people (a conflict of
    interest is refused by the service too; this only keeps them out of the choice). Those who review one of
    the subject's competencies (`matches`) come first."""
    members = Membership.objects.filter(organization_id=review.organization_id, is_active=True,
                                        user=OuterRef("staff__user"))
    competencies = subject_competency_ids(review)
    matches = (Exists(StaffCompetency.objects.filter(staff=OuterRef("staff"), competency_id__in=competencies))
               if competencies else Value(False))
    return (Expert.objects.filter(is_active=True, staff__user__isnull=False)
            .exclude(staff__organization_id=review.organization_id).exclude(Exists(members))
            .annotate(matches=matches).select_related("staff__organization")
            .order_by("-matches", "staff__last_name", "staff__first_name", "pk"))


def my_assignments(user) -> QuerySet[Assignment]:
    """The expert's queue «Экспертиза»: open rounds first, nearest due date first."""
    return (Assignment.objects.filter(expert__staff__user=user)
            .select_related("round__review")
            .order_by("round__status", "verdict", "round__due_on", "-pk"))


def reviews_visible_to(user) -> QuerySet[Review]:
    """Every review for CoPP staff; the reviews of the subjects one authors (the names in blind rounds are
    hidden from them). Experts work through their assignments, not here."""
    if not getattr(user, "is_authenticated", False):
        return Review.objects.none()
    if has_capability(user, Cap.REVIEWS_MANAGE):
        return Review.objects.all()
    condition = Q(pk__in=[])
    for kind in registry.kinds():
        condition |= Q(kind=kind.key, object_id__in=Subquery(kind.editable_by(user).values("pk")))
    return Review.objects.filter(condition)


def review_full(review: Review) -> Review:
    """A review with its rounds, assignments, scores and comments in a fixed number of queries."""
    rounds = Round.objects.order_by("number").prefetch_related(Prefetch(
        "assignments", queryset=Assignment.objects.select_related("expert__staff__organization")
        .prefetch_related("scores__criterion", "comments").order_by("pk")))
    return (Review.objects.select_related("organization", "criteria_set", "chair")
            .prefetch_related(Prefetch("rounds", queryset=rounds)).get(pk=review.pk))


def reviews_filter(qs: QuerySet[Review], *, text: str = "", status: str = "", kind: str = "",
                   overdue: bool = False) -> QuerySet[Review]:
    """The staff list: words in the title, status, kind, reviews with an overdue expert; newest first along the
    index reviews_review_recent. What the rows show of their rounds is `with_rounds`, added to the page's rows
    only, so the count and the page's ids read the reviews alone (issue 15)."""
    today = timezone.localdate()
    if text:
        qs = qs.filter(title__icontains=text)  # the trigram index reviews_review_title_trgm
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if overdue:
        qs = qs.filter(Exists(overdue_assignments(today).filter(round__review=OuterRef("pk"))))
    return qs.select_related("organization").order_by("-updated_at", "-pk")


def with_rounds(qs: QuerySet[Review]) -> QuerySet[Review]:
    """The rows' number of rounds and the open round's due date: subqueries per row of the page (a few rounds each,
    by the review's index), not a GROUP BY over every review."""
    rounds = (Round.objects.filter(review=OuterRef("pk")).order_by().values("review")
              .annotate(n=Count("pk")).values("n"))
    open_rounds = Round.objects.filter(review=OuterRef("pk"), status=RoundStatus.OPEN).order_by()
    return qs.annotate(rounds_count=Coalesce(Subquery(rounds), 0), due_on=Subquery(open_rounds.values("due_on")[:1]))


def overdue_assignments(today: datetime.date | None = None) -> QuerySet[Assignment]:
    """Experts who have not given a verdict in an open round past its due date."""
    today = today or timezone.localdate()
    return Assignment.objects.filter(round__status=RoundStatus.OPEN, round__due_on__lt=today, verdict="")


def assignment_percent(assignment: Assignment) -> int | None:
    """The weighted score of a scorecard as a percentage of the highest possible; None until scored."""
    scores = list(assignment.scores.all())
    if not scores:
        return None
    top = sum(s.criterion.weight * s.criterion.scale_max for s in scores)
    got = sum(s.criterion.weight * s.value for s in scores)
    return round(100 * got / top) if top else None


# --- The register of experts (ЦОПП staff mark people of the staff registry as experts) ----------------------

def expert_candidates(*, text: str = "", organization=None, competency=None, expert: str = "") -> QuerySet:
    """Active people of the staff registry with their expert record and competencies, for the register page:
    words of the name, the organisation, a competency, «experts only» / «not experts»."""
    qs = StaffMember.objects.filter(is_active=True)
    if text:
        for word in text.split()[:3]:
            qs = qs.filter(Q(last_name__icontains=word) | Q(first_name__icontains=word)
                           | Q(patronymic__icontains=word))
    if organization is not None:
        qs = qs.filter(organization=organization)
    if competency is not None:
        qs = qs.filter(Exists(StaffCompetency.objects.filter(staff=OuterRef("pk"), competency=competency)))
    active_expert = Expert.objects.filter(staff=OuterRef("pk"), is_active=True)
    if expert == "yes":
        qs = qs.filter(Exists(active_expert))
    elif expert == "no":
        qs = qs.exclude(Exists(active_expert))
    return (qs.select_related("organization").annotate(is_expert=Exists(active_expert))
            .prefetch_related(Prefetch("competency_levels",
                                       queryset=StaffCompetency.objects.select_related("competency")))
            .order_by("last_name", "first_name", "patronymic", "pk"))
