"""Test data of the review engine: experts from the staff registry and reviews with an open round."""
import datetime

from django.utils import timezone

from copp.programs.models import VersionStatus
from copp.programs.tests.factories import approve, make_constructed
from copp.resources.models import StaffMember
from copp.reviews.models import Assignment, CriteriaSet, Expert, Review, Round


def make_expert(user, organization=None) -> Expert:
    """An expert record for a user, through a staff record of their (first) organisation."""
    organization = organization or user.memberships.first().organization
    staff, _ = StaffMember.objects.get_or_create(
        organization=organization, user=user,
        defaults={"last_name": user.last_name, "first_name": user.first_name, "position": "Эксперт"})
    expert, _ = Expert.objects.get_or_create(staff=staff)
    return expert


def make_open_round(program, *, experts=(), due_in_days=14) -> Round:
    """A review of the program with an open first round on a frozen version, the experts assigned."""
    version = approve(program, status=VersionStatus.IN_REVIEW)
    review = Review.objects.create(kind="program", object_id=program.pk, title=program.title,
                                   organization=program.provider,
                                   criteria_set=CriteriaSet.objects.get(kind="program"))
    round_ = Round.objects.create(review=review, number=1, version_ref=version.pk, version_label=f"v{version.number}",
                                  due_on=timezone.localdate() + datetime.timedelta(days=due_in_days))
    for expert in experts:
        Assignment.objects.create(round=round_, expert=expert)
    return round_


def make_program_in_review(provider, experts=()) -> Round:
    return make_open_round(make_constructed(provider), experts=experts)
