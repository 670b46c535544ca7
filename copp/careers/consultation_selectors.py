"""Reads of the register of consultations on an individual learning plan: the list with its search and filters."""
from django.db.models import Q, QuerySet

from .models import PlanConsultation


def consultations_filtered(user, *, q=None, date_from=None, date_to=None, organization_name=None,
                           with_program=None) -> QuerySet[PlanConsultation]:
    """The consultations the user sees, narrowed by the register's search and filters (empty ones are ignored)."""
    qs = PlanConsultation.objects.visible_to(user)
    if q:
        qs = qs.filter(Q(full_name__icontains=q) | Q(contact__icontains=q) | Q(topic__icontains=q)
                       | Q(program__title__icontains=q))
    if date_from:
        qs = qs.filter(held_on__gte=date_from)
    if date_to:
        qs = qs.filter(held_on__lte=date_to)
    if organization_name:
        qs = qs.filter(Q(organization__short_name__icontains=organization_name)
                       | Q(organization__name__icontains=organization_name))
    if with_program:
        qs = qs.filter(program__isnull=False)
    return qs


def consultation_list(qs: QuerySet[PlanConsultation]) -> QuerySet[PlanConsultation]:
    """The rows with what the page shows, in one query."""
    return qs.select_related("organization", "consultant", "program", "citizen").order_by("-held_on", "-pk")
