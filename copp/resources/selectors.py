"""Reads of resource records shared by views, API and exports; scoped by who asks."""
import datetime
from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import (
    Consumable,
    ConsumableMovement,
    Equipment,
    Room,
    SitePhoto,
    Software,
    StaffCompetency,
    StaffDocument,
    Tool,
)


def records_visible(user, kind) -> QuerySet:
    """Records of one kind the user may read, with what their lists and cards show."""
    return kind.base_queryset().visible_to(user)


def records_editable(user, kind) -> QuerySet:
    return kind.base_queryset().editable_by(user)


def sort_orders(kind) -> dict[str, tuple[str, ...]]:
    return {
        "name": (*kind.name_order, "pk"),
        "-name": (*(f"-{f}" for f in kind.name_order), "-pk"),
        "-date": ("-created_at", "-pk"),
    }


def records_filter(qs: QuerySet, kind, *, text: str = "", competency=None, municipality=None, type_value: str = "",
                   available: bool = False, archived: bool = False, sort: str = "name") -> QuerySet:
    """One kind's records narrowed by search and filters, in a stable order. Filters over related rows are
    subqueries, so a record matching twice is still listed once and counts stay right."""
    if not archived:
        qs = qs.filter(is_active=True)
    if text:
        qs = qs.filter(reduce(or_, (Q(**{f"{name}__icontains": text}) for name in kind.search_fields)))
    if competency is not None and kind.competency_filter is not None:
        qs = qs.filter(kind.competency_filter(competency))
    if municipality is not None:
        qs = qs.filter(kind.municipality_filter(municipality))
    if type_value and kind.type_field:
        qs = qs.filter(**{kind.type_field: type_value})
    if available and kind.available is not None:
        qs = qs.filter(kind.available())
    return qs.order_by(*sort_orders(kind).get(sort, sort_orders(kind)["name"]))



def site_contents(site) -> dict:
    """What a site's card lists: rooms, photos, and the equipment, tools, software and consumables kept there."""
    at_site = {"site": site, "is_active": True}
    return {
        "rooms": Room.objects.filter(site=site).order_by("name"),
        "photos": SitePhoto.objects.filter(site=site),
        "equipment": Equipment.objects.filter(**at_site).select_related("equipment_type").order_by("name"),
        "tools": Tool.objects.filter(**at_site).select_related("tool_type").order_by("name"),
        "software": Software.objects.filter(**at_site).order_by("name"),
        "consumables": Consumable.objects.filter(**at_site).order_by("name"),
    }


def staff_parts(staff) -> dict:
    return {
        "competency_levels": StaffCompetency.objects.filter(staff=staff).select_related("competency"),
        "documents": StaffDocument.objects.filter(staff=staff).order_by("valid_until", "pk"),
    }


def consumable_history(consumable, limit: int = 50) -> QuerySet:
    return ConsumableMovement.objects.filter(consumable=consumable).select_related("recorded_by")[:limit]


def expiring_documents(user, days: int = 60) -> QuerySet:
    """Qualification documents of the user's staff records that expire within `days` or have expired."""
    horizon = timezone.localdate() + datetime.timedelta(days=days)
    return (StaffDocument.objects.editable_by(user).filter(valid_until__lte=horizon, staff__is_active=True)
            .select_related("staff").order_by("valid_until"))


def low_stock(user) -> QuerySet:
    return Consumable.objects.editable_by(user).filter(is_active=True, low_stock_alerted_at__isnull=False)
