"""Reads of the materials library shared by pages, the API and exports: who sees and edits which material, the
catalogue search (Russian full text over the title, annotation and the file's text) with its filters, the
materials of a learner's modules, lessons and course sections, and where materials may be attached."""
import datetime

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from copp.core.access import has_capability
from copp.core.roles import Cap
from copp.organizations.models import Membership
from copp.programs.models import LibraryModule, ProgramModule
from copp.programs.selectors import programs_editable_by
from copp.training.models import EnrolmentStatus, Group, Lesson

from .models import AttachTarget, Material, MaterialUse, MaterialVersion


def _own_organizations(user):
    return Membership.objects.filter(user=user, is_active=True).values("organization_id")


def materials_public() -> QuerySet[Material]:
    """What anyone may find: materials with an approved version («прошёл экспертизу»)."""
    return Material.objects.filter(published__isnull=False)


def materials_visible_to(user) -> QuerySet[Material]:
    """The internal catalogue: every material for the CoPP; the approved ones, one's own and one's organisations'
    for the other authors; the approved ones for anyone else signed in."""
    if not getattr(user, "is_authenticated", False):
        return materials_public()
    if has_capability(user, Cap.MATERIALS_ALL):
        return Material.objects.all()
    rule = Q(published__isnull=False) | Q(author=user)
    if has_capability(user, Cap.MATERIALS_OWN):
        rule |= Q(organization__in=Subquery(_own_organizations(user)))
    return Material.objects.filter(rule)


def materials_editable_by(user) -> QuerySet[Material]:
    """Only the material's author changes it and sends it to review."""
    if not getattr(user, "is_authenticated", False) or not has_capability(user, Cap.MATERIALS_OWN):
        return Material.objects.none()
    return Material.objects.filter(author=user)


def with_card_data(qs: QuerySet[Material], *, public: bool) -> QuerySet[Material]:
    """The rows of a list in a fixed number of queries: the version shown, the organisation, competencies."""
    return (qs.select_related("published", "latest", "organization", "profession")
            .prefetch_related("competencies"))


def materials_filter(qs: QuerySet[Material], *, text: str = "", competency=None, kind: str = "", level: str = "",
                     licence: str = "", organization=None, status: str = "", public: bool = True) -> QuerySet:
    """The catalogue's search and filters. The public catalogue searches the published version only; the
    internal one also the version in work. Ordered by relevance when searching, else the newest first."""
    if competency:
        qs = qs.filter(Exists(Material.competencies.through.objects.filter(material=OuterRef("pk"),
                                                                           competency=competency)))
    if kind:
        qs = qs.filter(kind=kind)
    if level:
        qs = qs.filter(level=level)
    if licence:
        qs = qs.filter(licence=licence)
    if organization:
        qs = qs.filter(organization=organization)
    if status:
        qs = qs.filter(latest__status=status)
    text = (text or "").strip()[:200]
    if text:
        query = SearchQuery(text, config="russian", search_type="websearch")
        if public:
            return qs.filter(published__search_vector=query).annotate(
                rank=SearchRank(F("published__search_vector"), query)).order_by("-rank", "-pk")
        matches = MaterialVersion.objects.filter(material=OuterRef("pk"), search_vector=query)
        return qs.filter(Exists(matches)).order_by("-updated_at", "-pk")
    return qs.order_by("-updated_at", "-pk")


def material_versions(material: Material) -> QuerySet[MaterialVersion]:
    return material.versions.select_related("created_by").order_by("-number")


USE_RELATED = ("library_module", "program_module__program", "lesson__group__program", "course_section__group")


def uses_of(material: Material) -> QuerySet[MaterialUse]:
    return material.uses.select_related(*USE_RELATED).order_by("-created_at", "-pk")


def mine(user) -> QuerySet[Material]:
    """The author's own materials with how often each is used."""
    return (materials_editable_by(user).select_related("published", "latest", "organization")
            .annotate(uses_count=Count("uses")).order_by("-updated_at", "-pk"))


def modules_attachable_by(user) -> QuerySet[LibraryModule]:
    """Library modules the user edits: the own organisations' (as the module library's own rule)."""
    if not getattr(user, "is_authenticated", False) or not has_capability(user, Cap.PROGRAMS_OWN):
        return LibraryModule.objects.none()
    return LibraryModule.objects.filter(author__in=Subquery(_own_organizations(user)))


def lessons_attachable_by(user) -> QuerySet[Lesson]:
    """Lessons of the groups the user manages, and the lessons the user teaches."""
    if not getattr(user, "is_authenticated", False):
        return Lesson.objects.none()
    managed = Group.objects.manageable_by(user).values("pk")
    return Lesson.objects.filter(Q(group__in=Subquery(managed))
                                 | Q(teacher_bookings__teacher__user=user, teacher_bookings__is_active=True))


def program_modules_attachable_by(user) -> QuerySet[ProgramModule]:
    """Modules of the programs the user edits in the constructor."""
    return ProgramModule.objects.filter(program__in=Subquery(programs_editable_by(user).values("pk")))


def course_sections_attachable_by(user):
    """Sections of the course spaces the user runs: the groups whose journal they fill (as the course rule)."""
    from copp.learning.models import CourseSection

    if not getattr(user, "is_authenticated", False):
        return CourseSection.objects.none()
    return CourseSection.objects.filter(group__in=Subquery(Group.objects.markable_by(user).values("pk")))


# Who may attach to each kind of place at all (the capability); which places, the selectors below decide.
TARGET_CAPS = {
    AttachTarget.LIBRARY_MODULE: (Cap.PROGRAMS_OWN,),
    AttachTarget.PROGRAM_MODULE: (Cap.PROGRAMS_OWN,),
    AttachTarget.LESSON: (Cap.TRAINING_MANAGE, Cap.TRAINING_ALL, Cap.TRAINING_MARK),
    AttachTarget.COURSE_SECTION: (Cap.TRAINING_MARK, Cap.TRAINING_ALL),
}


def may_attach_to(user, kind: str) -> bool:
    return any(has_capability(user, cap) for cap in TARGET_CAPS[kind])


def targets_attachable_by(user, kind: str) -> QuerySet:
    """The places of one kind (AttachTarget) where the user may attach materials."""
    return {
        AttachTarget.LIBRARY_MODULE: modules_attachable_by,
        AttachTarget.PROGRAM_MODULE: program_modules_attachable_by,
        AttachTarget.LESSON: lessons_attachable_by,
        AttachTarget.COURSE_SECTION: course_sections_attachable_by,
    }[kind](user)


def target_uses(kind: str, target) -> QuerySet[MaterialUse]:
    """The materials attached to one place, the newest first."""
    return (MaterialUse.objects.filter(**{kind: target}).select_related("material__published", "material__latest")
            .order_by("-created_at", "-pk"))


def uses_count_by_target(kind: str, target_ids) -> dict[int, int]:
    """How many approved materials each place holds (one query for a page of places)."""
    rows = (MaterialUse.objects.filter(**{f"{kind}__in": list(target_ids)}, material__published__isnull=False)
            .order_by().values(kind).annotate(n=Count("pk")).values_list(kind, "n"))
    return dict(rows)


def lesson_choices(user, *, days: int = 60, limit: int = 100) -> QuerySet[Lesson]:
    """The coming lessons one may attach to, nearest first (a short list: lessons are chosen by date)."""
    now = timezone.now()
    ids = lessons_attachable_by(user).filter(starts_at__gte=now - datetime.timedelta(days=1),
                                             starts_at__lt=now + datetime.timedelta(days=days)).values("pk")
    chosen = list(Lesson.objects.filter(pk__in=Subquery(ids)).order_by("starts_at", "pk")
                  .values_list("pk", flat=True)[:limit])
    return Lesson.objects.filter(pk__in=chosen).select_related("group").order_by("starts_at", "pk")


def studied_groups(user) -> QuerySet[Group]:
    return Group.objects.filter(enrolments__learner=user,
                                enrolments__status__in=(EnrolmentStatus.STUDYING, EnrolmentStatus.COMPLETED))


def study_uses(user) -> QuerySet[MaterialUse]:
    """The approved materials of a learner's studies: those attached to the library modules their groups'
    programs are built from, to the modules of those programs (the constructor), to the lessons of their groups
    and to the sections of their groups' course spaces."""
    groups = studied_groups(user).values("pk")
    programs = studied_groups(user).values("program_id")
    module_uses = MaterialUse.objects.filter(
        Q(library_module__program_modules__program__in=Subquery(programs))
        | Q(program_module__program__in=Subquery(programs))).values("pk")
    return (MaterialUse.objects.filter(material__published__isnull=False)
            .filter(Q(lesson__group__in=Subquery(groups)) | Q(course_section__group__in=Subquery(groups))
                    | Q(pk__in=Subquery(module_uses)))
            .select_related("material__published", *USE_RELATED)
            .order_by("program_module__order", "library_module__title", "course_section__position",
                      "lesson__starts_at", "pk"))


def study_materials_count(user) -> int:
    """For the cabinet's «Моё обучение» panel."""
    return study_uses(user).order_by().values("material_id").distinct().count()


def may_read_version(user, version: MaterialVersion) -> bool:
    """Who may open a version's file: anyone the published one; the material's readers in the cabinet; the
    experts assigned to a round that reviews this version."""
    if version.material.published_id == version.pk:
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    if has_capability(user, Cap.MATERIALS_ALL) or version.material.author_id == user.pk:
        return True
    if has_capability(user, Cap.MATERIALS_OWN) and Membership.objects.filter(
            user=user, organization_id=version.material.organization_id, is_active=True).exists():
        return True
    from copp.reviews.models import Assignment

    return Assignment.objects.filter(round__review__kind="material", round__version_ref=version.pk,
                                     expert__staff__user=user).exists()
