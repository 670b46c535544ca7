"""The kinds of resource records and what the generic lists, cards, forms and exports need to know of each."""
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import F, Prefetch, Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from . import forms as resource_forms
from .display import as_text, display, field_at
from .models import (
    Condition,
    Consumable,
    Equipment,
    EquipmentCategory,
    EquipmentType,
    IctKind,
    IctResource,
    LicenceType,
    ReferenceKind,
    ReferenceResource,
    Site,
    SiteKind,
    Software,
    StaffCompetency,
    StaffKind,
    StaffMember,
    Tool,
)


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable


def col(model, path: str) -> Column:
    # The header stays lazy: the table is built once, read in each request's language.
    return Column(field_at(model, path).verbose_name, lambda obj: display(obj, path))


def _by_organization(municipality) -> Q:
    return Q(organization__municipality=municipality)


def _by_site_or_organization(municipality) -> Q:
    # A record kept at a site is where the site is; one kept nowhere in particular is where its owner is.
    return Q(site__municipality=municipality) | Q(site__isnull=True, organization__municipality=municipality)


def _sites_with(competency):
    return Site.objects.filter(competencies=competency).values("pk")


def _own_or_site_competency(model):
    def condition(competency) -> Q:
        return Q(pk__in=model.objects.filter(competencies=competency).values("pk")) | Q(
            site__in=_sites_with(competency))
    return condition


def _not_expired() -> Q:
    return Q(valid_until__isnull=True) | Q(valid_until__gte=timezone.localdate())


def _type_choices(category):
    def choices():
        return list(EquipmentType.objects.filter(category=category, is_active=True).values_list("pk", "name"))
    return choices


def _staff_competencies(staff) -> str:
    return "; ".join(f"{link.competency} ({link.get_level_display().lower()})"
                     for link in staff.competency_levels.all())


def _stock(consumable) -> str:
    return f"{display(consumable, 'stock')} {consumable.get_unit_display()}"


@dataclass(frozen=True)
class Kind:
    code: str
    model: type
    form: type
    icon: str
    search_fields: tuple[str, ...]
    search_hint: str
    table: tuple[Column, ...]
    facts: tuple[str, ...]
    related: tuple[str, ...]
    municipality_filter: Callable
    available: Callable[[], Q] | None
    prefetch: tuple = ()
    type_field: str | None = None
    type_label: str = ""
    type_choices: Callable | None = None
    competency_filter: Callable | None = None
    name_order: tuple[str, ...] = ("name",)
    formsets: tuple[tuple[str, type], ...] = field(default_factory=tuple)

    @property
    def label(self) -> str:
        return capfirst(self.model._meta.verbose_name_plural)

    @property
    def singular(self) -> str:
        return capfirst(self.model._meta.verbose_name)

    def url_name(self, action: str) -> str:
        return f"resources:{self.code}_{action}"

    def base_queryset(self):
        return self.model.objects.select_related("organization", *self.related).prefetch_related(*self.prefetch)


KINDS: dict[str, Kind] = {kind.code: kind for kind in (
    Kind(
        code="site", model=Site, form=resource_forms.SiteForm, icon="building-gear",
        search_fields=("name", "address"), search_hint=_("Name or address"),
        table=(col(Site, "kind"), col(Site, "municipality"), col(Site, "capacity"), col(Site, "area"),
               Column(_("accessible"), lambda site: as_text(site.is_accessible))),
        facts=("organization", "kind", "address", "municipality", "area", "capacity", "competencies",
               "is_demo_exam_center", "accessibility", "accessibility_notes", "description", "is_bookable",
               "notes"),
        related=("organization__municipality", "municipality"), prefetch=("competencies",),
        municipality_filter=lambda m: Q(municipality=m), available=lambda: Q(is_bookable=True),
        type_field="kind", type_label=_("Kind"), type_choices=lambda: SiteKind.choices,
        competency_filter=lambda c: Q(pk__in=_sites_with(c)),
        formsets=(("rooms", resource_forms.RoomFormSet),),
    ),
    Kind(
        code="equipment", model=Equipment, form=resource_forms.EquipmentForm, icon="cpu",
        search_fields=("name", "inventory_number", "model", "manufacturer"),
        search_hint=_("Name, model or inventory number"),
        table=(col(Equipment, "equipment_type"), col(Equipment, "site"), col(Equipment, "quantity"),
               col(Equipment, "condition"), col(Equipment, "inventory_number")),
        facts=("organization", "equipment_type", "site", "manufacturer", "model", "inventory_number", "quantity",
               "condition", "competencies", "is_bookable", "notes"),
        related=("organization__municipality", "equipment_type", "site__municipality"),
        prefetch=("competencies",),
        municipality_filter=_by_site_or_organization,
        available=lambda: Q(is_bookable=True, condition=Condition.WORKING),
        type_field="equipment_type", type_label=_("Equipment type"),
        type_choices=_type_choices(EquipmentCategory.EQUIPMENT),
        competency_filter=_own_or_site_competency(Equipment),
    ),
    Kind(
        code="tool", model=Tool, form=resource_forms.ToolForm, icon="tools",
        search_fields=("name", "inventory_number"), search_hint=_("Name or inventory number"),
        table=(col(Tool, "tool_type"), col(Tool, "site"), col(Tool, "quantity"), col(Tool, "condition")),
        facts=("organization", "tool_type", "site", "inventory_number", "quantity", "condition", "notes"),
        related=("organization__municipality", "tool_type", "site__municipality"),
        municipality_filter=_by_site_or_organization, available=lambda: Q(condition=Condition.WORKING),
        type_field="tool_type", type_label=_("Tool type"), type_choices=_type_choices(EquipmentCategory.TOOL),
        competency_filter=lambda c: Q(site__in=_sites_with(c)),
    ),
    Kind(
        code="software", model=Software, form=resource_forms.SoftwareForm, icon="window-stack",
        search_fields=("name", "vendor"), search_hint=_("Name or vendor"),
        table=(col(Software, "version"), col(Software, "licence_type"), col(Software, "seats"),
               col(Software, "valid_until")),
        facts=("organization", "version", "vendor", "licence_type", "seats", "valid_until", "site", "competencies",
               "notes"),
        related=("organization__municipality", "site__municipality"), prefetch=("competencies",),
        municipality_filter=_by_site_or_organization, available=_not_expired,
        type_field="licence_type", type_label=_("Licence type"), type_choices=lambda: LicenceType.choices,
        competency_filter=_own_or_site_competency(Software), name_order=("name", "version"),
    ),
    Kind(
        code="consumable", model=Consumable, form=resource_forms.ConsumableForm, icon="droplet-half",
        search_fields=("name",), search_hint=_("Consumable name"),
        table=(col(Consumable, "site"), Column(_("in stock"), _stock), col(Consumable, "minimum_level")),
        facts=("organization", "unit", "stock", "minimum_level", "site", "responsible", "notes"),
        related=("organization__municipality", "site__municipality", "responsible"),
        municipality_filter=_by_site_or_organization, available=lambda: Q(stock__gt=F("minimum_level")),
        competency_filter=lambda c: Q(site__in=_sites_with(c)),
    ),
    Kind(
        code="staff", model=StaffMember, form=resource_forms.StaffMemberForm, icon="person-badge",
        search_fields=("last_name", "first_name", "position"), search_hint=_("Surname, name or position"),
        table=(col(StaffMember, "kind"), col(StaffMember, "position"), Column(_("competencies"),
               _staff_competencies), col(StaffMember, "weekly_hours_limit")),
        facts=("organization", "kind", "position", "user", "email", "phone", "experience_years",
               "weekly_hours_limit", "is_bookable", "notes"),
        related=("organization__municipality", "user"),
        prefetch=(Prefetch("competency_levels", queryset=StaffCompetency.objects.select_related("competency")),),
        municipality_filter=_by_organization, available=lambda: Q(is_bookable=True),
        type_field="kind", type_label=_("Category"), type_choices=lambda: StaffKind.choices,
        competency_filter=lambda c: Q(pk__in=StaffCompetency.objects.filter(competency=c).values("staff_id")),
        name_order=("last_name", "first_name", "patronymic"),
        formsets=(("competencies", resource_forms.StaffCompetencyFormSet),
                  ("documents", resource_forms.StaffDocumentFormSet)),
    ),
    Kind(
        code="ict", model=IctResource, form=resource_forms.IctResourceForm, icon="pc-display",
        search_fields=("name", "provider"), search_hint=_("Name or provider"),
        table=(col(IctResource, "kind"), col(IctResource, "provider"), col(IctResource, "valid_until")),
        facts=("organization", "kind", "url", "provider", "access_details", "concurrent_users", "valid_until",
               "notes"),
        related=("organization__municipality",),
        municipality_filter=_by_organization, available=_not_expired,
        type_field="kind", type_label=_("Kind"), type_choices=lambda: IctKind.choices,
    ),
    Kind(
        code="reference", model=ReferenceResource, form=resource_forms.ReferenceResourceForm, icon="journal-text",
        search_fields=("name", "document_number", "description"), search_hint=_("Title or document number"),
        table=(col(ReferenceResource, "kind"), col(ReferenceResource, "document_number"),
               col(ReferenceResource, "document_date")),
        facts=("organization", "kind", "url", "document_number", "document_date", "description", "competencies",
               "notes"),
        related=("organization__municipality",), prefetch=("competencies",),
        municipality_filter=_by_organization, available=None,
        type_field="kind", type_label=_("Kind"), type_choices=lambda: ReferenceKind.choices,
        competency_filter=lambda c: Q(pk__in=ReferenceResource.objects.filter(competencies=c).values("pk")),
    ),
)}

DEFAULT_KIND = "site"


def kind_of(code: str | None) -> Kind:
    return KINDS.get(code or "", KINDS[DEFAULT_KIND])
