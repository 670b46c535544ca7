"""Reads of programs shared by the catalogue, the cabinet, the API and other apps; scoped by who asks."""
import datetime

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import CharField, DateField, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from copp.core.access import has_capability
from copp.core.roles import Cap
from copp.organizations.models import Membership, Organization, OrganizationType, VerificationStatus

from .models import (
    LibraryModule,
    ModuleStatus,
    Program,
    ProgramModule,
    ProgramStart,
    ProgramStatus,
    ProgramVersion,
    VersionStatus,
)

PROVIDER_TYPES = (OrganizationType.COPP, OrganizationType.PARTNER, OrganizationType.EDUCATIONAL)
FAR_FUTURE = datetime.date(9999, 12, 31)


def own_organization_ids(user):
    return Membership.objects.filter(user=user, is_active=True).values("organization_id")


def programs_published() -> QuerySet[Program]:
    """What anyone may read: published programs of verified organisations (nothing an organisation still
    awaiting verification makes is public, issue 14)."""
    return Program.objects.filter(status=ProgramStatus.PUBLISHED,
                                  provider__verification_status=VerificationStatus.VERIFIED)


def programs_visible_to(user) -> QuerySet[Program]:
    """Programs shown in the cabinet: every organisation's for PROGRAMS_BROWSE, else the own organisations'."""
    if not getattr(user, "is_authenticated", False):
        return Program.objects.none()
    if has_capability(user, Cap.PROGRAMS_BROWSE):
        return Program.objects.all()
    if has_capability(user, Cap.PROGRAMS_OWN):
        return Program.objects.filter(provider__in=Subquery(own_organization_ids(user)))
    return Program.objects.none()


def programs_editable_by(user) -> QuerySet[Program]:
    """Programs of the organisations the user represents (CoPP staff and partners edit only their own)."""
    if not getattr(user, "is_authenticated", False) or not has_capability(user, Cap.PROGRAMS_OWN):
        return Program.objects.none()
    return Program.objects.filter(provider__in=Subquery(own_organization_ids(user)))


def providers_for(user) -> QuerySet[Organization]:
    """The organisations whose programs the user may add: the own CoPP, partner or educational ones."""
    if not has_capability(user, Cap.PROGRAMS_OWN):
        return Organization.objects.none()
    return Organization.objects.filter(pk__in=Subquery(own_organization_ids(user)), type__in=PROVIDER_TYPES)


def catalogue_providers() -> QuerySet[Organization]:
    """Organisations with at least one published program, for the catalogue's filter: verified, of a type that
    teaches (the index organizations_provider_order holds them in the order of the filter)."""
    return Organization.objects.filter(
        Exists(programs_published().filter(provider=OuterRef("pk"))),
        verification_status=VerificationStatus.VERIFIED, type__in=PROVIDER_TYPES,
    ).order_by("short_name")


def next_start_subquery(since: datetime.date):
    starts = (ProgramStart.objects.filter(program=OuterRef("pk"), starts_on__gte=since)
              .order_by("starts_on").values("starts_on")[:1])
    return Subquery(starts, output_field=DateField())


def with_card_data(qs: QuerySet[Program]) -> QuerySet[Program]:
    """What a catalogue card shows, in a fixed number of queries whatever the number of programs (the nearest
    start is the stored `Program.next_start`)."""
    return (qs.select_related("kind", "study_form", "provider", "funding")
            .prefetch_related("competencies", "municipalities"))


ORDERINGS = {
    # NULLS LAST as in the index `programs_catalogue_start`: programs without a date at the end.
    "start": (F("next_start").asc(nulls_last=True), "title", "pk"),
    "title": ("title", "pk"),
    "price": ("price", "title", "pk"),
    "-price": ("-price", "title", "pk"),
    "hours": ("hours", "title", "pk"),
    "new": ("-created_at", "-pk"),
}


def programs_search(qs: QuerySet[Program], text: str) -> QuerySet[Program]:
    """Russian full-text search over the stored vector (title weighs most), with rank."""
    text = (text or "").strip()
    if not text:
        return qs
    query = SearchQuery(text, config="russian", search_type="websearch")
    return qs.filter(search_vector=query).annotate(rank=SearchRank(F("search_vector"), query))


def programs_filter(qs: QuerySet[Program], *, text: str = "", competency=None, kind=None, study_form=None,
                    provider=None, price: str = "", starts_from: datetime.date | None = None, municipality=None,
                    sort: str = "") -> QuerySet[Program]:
    """The catalogue narrowed by search and filters, in a stable order. Filters over related rows are
    EXISTS subqueries, so a program is never listed twice."""
    qs = with_card_data(programs_search(qs, text))
    if competency is not None:
        qs = qs.filter(Exists(Program.competencies.through.objects.filter(
            program=OuterRef("pk"), competency=competency)))
    if municipality is not None:
        qs = qs.filter(Exists(Program.municipalities.through.objects.filter(
            program=OuterRef("pk"), municipality=municipality)))
    if kind is not None:
        qs = qs.filter(kind=kind)
    if study_form is not None:
        qs = qs.filter(study_form=study_form)
    if provider is not None:
        qs = qs.filter(provider=provider)
    if price == "free":
        qs = qs.filter(is_free=True)
    elif price == "paid":
        qs = qs.filter(is_free=False)
    if starts_from is not None:
        qs = qs.filter(Exists(ProgramStart.objects.filter(program=OuterRef("pk"), starts_on__gte=starts_from)))
    if not sort:
        sort = "relevance" if text else "start"
    if sort == "relevance" and text:
        return qs.order_by("-rank", "title", "pk")
    return qs.order_by(*ORDERINGS.get(sort, ORDERINGS["start"]))



def program_full(qs: QuerySet[Program]) -> QuerySet[Program]:
    """A program with everything its page shows."""
    today = timezone.localdate()
    return (qs.select_related("kind", "study_form", "provider", "funding", "profession", "provider__municipality")
            .prefetch_related("competencies", "municipalities",
                              Prefetch("modules", queryset=ProgramModule.objects.order_by("order", "pk")),
                              Prefetch("starts", queryset=ProgramStart.objects.filter(starts_on__gte=today)
                                       .order_by("starts_on"), to_attr="upcoming_starts")))


def programs_for_competency(competency_ids) -> QuerySet[Program]:
    return with_card_data(programs_published().filter(
        Exists(Program.competencies.through.objects.filter(program=OuterRef("pk"),
                                                           competency__in=competency_ids))))


# --- The module library and versions (M14, D4) ----------------------------------------------------

def library_visible_to(user) -> QuerySet[LibraryModule]:
    """The region's published modules and the own organisations' drafts; every module for PROGRAMS_BROWSE."""
    if not getattr(user, "is_authenticated", False) or not has_capability(user, Cap.PROGRAMS_OWN):
        return LibraryModule.objects.none()
    if has_capability(user, Cap.PROGRAMS_BROWSE):
        return LibraryModule.objects.all()
    return LibraryModule.objects.filter(Q(status=ModuleStatus.PUBLISHED)
                                        | Q(author__in=Subquery(own_organization_ids(user))))


def library_editable_by(user) -> QuerySet[LibraryModule]:
    """Modules of the organisations the user represents."""
    if not getattr(user, "is_authenticated", False) or not has_capability(user, Cap.PROGRAMS_OWN):
        return LibraryModule.objects.none()
    return LibraryModule.objects.filter(author__in=Subquery(own_organization_ids(user)))


def modules_open_for_paths() -> QuerySet[LibraryModule]:
    """What a learner may build an individual path from (D4): published modules open for individual paths of
    verified organisations."""
    return LibraryModule.objects.filter(status=ModuleStatus.PUBLISHED, open_for_individual=True,
                                        author__verification_status=VerificationStatus.VERIFIED)


def library_filter(qs: QuerySet[LibraryModule], *, text: str = "", competency=None, author=None, status: str = "",
                   hours_min=None, hours_max=None) -> QuerySet[LibraryModule]:
    """The library narrowed by words in the title, a competency, the author, the status and the total hours."""
    qs = qs.select_related("author").prefetch_related("competencies").annotate(
        hours_total=F("theory_hours") + F("practice_hours") + F("internship_hours") + F("self_study_hours")
        + F("assessment_hours"))
    if text:
        qs = qs.filter(title__icontains=text)
    if competency is not None:
        qs = qs.filter(Exists(LibraryModule.competencies.through.objects.filter(
            librarymodule=OuterRef("pk"), competency=competency)))
    if author is not None:
        qs = qs.filter(author=author)
    if status:
        qs = qs.filter(status=status)
    if hours_min is not None:
        qs = qs.filter(hours_total__gte=hours_min)
    if hours_max is not None:
        qs = qs.filter(hours_total__lte=hours_max)
    return qs.order_by("title", "pk")


def latest_version_status_subquery():
    return Subquery(ProgramVersion.objects.filter(program=OuterRef("pk")).order_by("-number")
                    .values("status")[:1], output_field=CharField())


def program_versions(program: Program) -> QuerySet[ProgramVersion]:
    return program.versions.select_related("created_by").order_by("-number")


def approved_version(program: Program) -> ProgramVersion | None:
    """The newest version approved by experts (or already published)."""
    return (program.versions.filter(status__in=(VersionStatus.APPROVED, VersionStatus.PUBLISHED))
            .order_by("-number").first())



def published_version(program: Program) -> ProgramVersion | None:
    """The version the catalogue shows now: a group that starts records it and keeps it (M14)."""
    return program.versions.filter(status=VersionStatus.PUBLISHED).order_by("-number").first()
