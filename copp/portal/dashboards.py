"""Cabinet dashboards per role (M4): what needs attention first, then numbers and links."""
import datetime
from dataclasses import dataclass, field

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from copp.accounts.models import User
from copp.core import lists
from copp.core.roles import CAPABILITIES, Cap, Role
from copp.organizations.models import Organization, VerificationStatus
from copp.organizations.selectors import memberships_of


@dataclass
class Panel:
    title: str
    attention: list[tuple[str, str]] = field(default_factory=list)  # (text, url): needs doing or knowing now
    notes: list[tuple[str, str]] = field(default_factory=list)  # (text, url): plain information
    numbers: list[tuple[str, int, str]] = field(default_factory=list)  # (label, value, url)
    links: list[tuple[str, str]] = field(default_factory=list)  # (label, url)
    status: tuple[str, str] | None = None  # (badge text, badge status code)


def _profile_panel(user) -> Panel:
    panel = Panel(title=_("Your profile"))
    missing = [label for label, value in ((_("SNILS"), user.snils), (_("phone"), user.phone),
                                          (_("birth date"), user.birth_date)) if not value]
    if missing:
        panel.attention.append((_("Fill in your profile: %(fields)s.") % {"fields": ", ".join(missing)},
                                reverse("accounts:profile")))
    panel.links = [(_("Edit profile"), reverse("accounts:profile")), (_("My data"), reverse("accounts:my_data"))]
    return panel


def _organization_panels(user, role) -> list[Panel]:
    panels = []
    for membership in memberships_of(user):
        org = membership.organization
        panel = Panel(title=org.short_name, status=(org.get_verification_status_display(),
                                                   org.verification_status))
        if org.verification_status == VerificationStatus.PENDING:
            panel.attention.append((_("The organisation is being verified by CoPP staff. "
                                      "We will notify you by e-mail when it is done."), ""))
        elif org.verification_status == VerificationStatus.REJECTED:
            panel.attention.append((_("Verification was refused: %(comment)s") %
                                    {"comment": org.verification_comment or "—"}, ""))
        # Only a role that may open the card gets the link (a teacher sees the panel, not a 403).
        if Cap.OWN_ORGANIZATION in CAPABILITIES.get(role, frozenset()):
            panel.links.append((_("Organisation card"), reverse("organizations:own")))
        panels.append(panel)
    return panels


def _staff_panel() -> Panel:
    pending = Organization.objects.filter(verification_status=VerificationStatus.PENDING).count()
    panel = Panel(title=_("Organisations"))
    url = reverse("organizations:list") + "?status=pending"
    if pending:
        panel.attention.append((ngettext("%(n)d organisation is waiting for verification.",
                                         "%(n)d organisations are waiting for verification.", pending)
                                % {"n": pending}, url))
    panel.numbers.append((_("Waiting for verification"), pending, url))
    panel.links.append((_("Database of organisations"), reverse("organizations:list")))
    return panel


def _coordinator_panel() -> Panel:
    panel = Panel(title=_("Organisations of the region"))
    rows = (Organization.objects.filter(verification_status=VerificationStatus.VERIFIED)
            .values("type").annotate(n=Count("pk")).order_by("type"))
    labels = dict(Organization._meta.get_field("type").choices)
    for row in rows:
        panel.numbers.append((str(labels[row["type"]]), row["n"],
                              reverse("organizations:list") + f"?type={row['type']}"))
    panel.links.append((_("Database of organisations"), reverse("organizations:list")))
    return panel


def _admin_panel() -> Panel:
    panel = Panel(title=_("Administration"))
    panel.numbers.append((_("Users"), User.objects.count(), reverse("admin:accounts_user_changelist")))
    panel.numbers.append((_("Blocked"), User.objects.filter(is_active=False).count(),
                          reverse("admin:accounts_user_changelist") + "?is_active__exact=0"))
    panel.links = [
        (_("Users and roles"), reverse("admin:accounts_user_changelist")),
        (_("Organisations"), reverse("admin:organizations_organization_changelist")),
        (_("Dictionaries"), reverse("admin:app_list", args=["directories"])),
        (_("Consent texts"), reverse("admin:accounts_consenttext_changelist")),
        (_("Branding"), reverse("admin:portal_branding_changelist")),
        (_("Change log"), reverse("admin:core_auditlog_changelist")),
    ]
    return panel


# Applications (issue 4): what needs attention about applications, per role.
def _learner_applications_panel(user) -> Panel:
    from copp.admissions.models import ApplicationKind, ApplicationStatus
    from copp.admissions.selectors import applications_visible_to, unread_count

    panel = Panel(title=_("My applications"))
    mine = applications_visible_to(user).filter(applicant=user, kind=ApplicationKind.INDIVIDUAL)
    for application in mine.filter(status=ApplicationStatus.NEEDS_CHANGES).select_related("program")[:5]:
        panel.attention.append((_("Application № %(number)s needs changes: %(comment)s")
                                % {"number": application.number, "comment": application.decision_comment or "—"},
                                reverse("admissions:my_detail", args=[application.pk])))
    unread = unread_count(user)
    if unread:
        panel.attention.append((ngettext("%(n)d unread notification.", "%(n)d unread notifications.", unread)
                                % {"n": unread}, reverse("admissions:notifications")))
    panel.numbers.append((_("Active applications"), mine.filter(status__in=[
        ApplicationStatus.SUBMITTED, ApplicationStatus.IN_REVIEW, ApplicationStatus.NEEDS_CHANGES,
        ApplicationStatus.ACCEPTED]).count(), reverse("admissions:mine")))
    panel.links.append((_("My applications"), reverse("admissions:mine")))
    return panel


def _organization_applications_panel(user) -> Panel:
    from copp.admissions.models import Application, ApplicationStatus
    from copp.admissions.selectors import campaigns_open, member_organization_ids

    panel = Panel(title=_("Organisation applications"))
    orgs = member_organization_ids(user)
    waiting = Application.objects.filter(organization_id__in=orgs, status=ApplicationStatus.NEEDS_CHANGES)
    for application in waiting[:5]:
        panel.attention.append((_("Application № %(number)s needs changes: %(comment)s")
                                % {"number": application.number, "comment": application.decision_comment or "—"},
                                reverse("admissions:org_detail", args=[application.pk])))
    for campaign in campaigns_open()[:3]:
        panel.attention.append((_("Teacher lists for «%(title)s» are accepted until %(date)s.")
                                % {"title": campaign.title, "date": campaign.deadline.strftime("%d.%m.%Y")},
                                reverse("admissions:org_campaign", args=[campaign.pk])))
    panel.links = [(_("Organisation applications"), reverse("admissions:org_list")),
                   (_("Apply for employees"), reverse("admissions:mass_apply"))]
    return panel


# The cabinet counts applications up to this many; past it a card says «более 1 000». An exact count read every
# submitted application of the region on each visit to a staff cabinet (0.1 s at a region's scale, M32); the inbox
# itself shows them all.
PANEL_COUNT_CAP = 1_000


def _capped_count(qs) -> tuple[int, str]:
    """The rows up to the cap + 1, and how a card shows them («более 1 000» past the cap)."""
    n = lists.capped_count(qs, PANEL_COUNT_CAP)
    if n > PANEL_COUNT_CAP:
        return n, _("more than %(n)s") % {"n": number_format(PANEL_COUNT_CAP, force_grouping=True)}
    return n, str(n)


def _inbox_panel(user) -> Panel:
    from copp.admissions.models import ApplicationStatus
    from copp.admissions.selectors import applications_processed_by

    panel = Panel(title=_("Applications inbox"))
    qs = applications_processed_by(user)
    new, new_text = _capped_count(qs.filter(status=ApplicationStatus.SUBMITTED))
    url = reverse("admissions:inbox") + "?status=submitted"
    if new > PANEL_COUNT_CAP:
        panel.attention.append((_("More than %(n)s new applications are waiting for review.")
                                % {"n": number_format(PANEL_COUNT_CAP, force_grouping=True)}, url))
    elif new:
        panel.attention.append((ngettext("%(n)d new application is waiting for review.",
                                         "%(n)d new applications are waiting for review.", new) % {"n": new}, url))
    panel.numbers.append((_("New applications"), new_text, url))
    panel.numbers.append((_("In review"), _capped_count(qs.filter(status=ApplicationStatus.IN_REVIEW))[1],
                          reverse("admissions:inbox") + "?status=in_review"))
    panel.links.append((_("Applications inbox"), reverse("admissions:inbox")))
    return panel


def _applications_panels(user, role: str | None) -> list[Panel]:
    if role == Role.LEARNER:
        return [_learner_applications_panel(user)]
    panels = []
    if role in (Role.PARTNER, Role.CUSTOMER):
        panels.append(_organization_applications_panel(user))
    if role in (Role.STAFF, Role.PARTNER):
        panels.append(_inbox_panel(user))
    return panels


# Training (issue 6, M20, M21): the learner's next lesson, the teacher's day, the groups to run and to fill,
# the employees an organisation sent.
def _lesson_label(lesson) -> str:
    start = timezone.localtime(lesson.starts_at)
    place = lesson.room or lesson.site or (_("online") if lesson.online_link else "")
    return _("%(date)s, %(time)s — «%(topic)s», group %(group)s%(place)s") % {
        "date": date_format(start, "j E"), "time": start.strftime("%H:%M"), "topic": lesson.topic,
        "group": lesson.group.code, "place": f", {place}" if place else ""}


def _week_url(lesson) -> str:
    return reverse("training:week") + "?week=" + timezone.localtime(lesson.starts_at).date().isoformat()


def _learner_training_panel(user) -> Panel | None:
    from copp.training.models import Enrolment, EnrolmentStatus, LessonStatus
    from copp.training.selectors import lessons_of_person

    studying = Enrolment.objects.filter(learner=user, status=EnrolmentStatus.STUDYING).count()
    if not studying:
        return None
    panel = Panel(title=_("My studies"))
    now = timezone.now()
    soon = (lessons_of_person(user).filter(starts_at__gte=now, starts_at__lt=now + datetime.timedelta(days=14))
            .select_related("group", "room__site", "site").order_by("starts_at", "pk"))
    for lesson in soon.filter(status=LessonStatus.CANCELLED)[:3]:
        panel.attention.append((_("Cancelled: %(lesson)s. %(reason)s") % {
            "lesson": _lesson_label(lesson), "reason": lesson.change_reason}, _week_url(lesson)))
    following = soon.filter(status=LessonStatus.PLANNED).first()
    if following is not None:
        panel.notes.append((_("Next lesson: %(lesson)s.") % {"lesson": _lesson_label(following)},
                            _week_url(following)))
    panel.numbers.append((_("Groups I study in"), studying, reverse("training:week")))
    from copp.learning.materials.selectors import study_materials_count

    materials = study_materials_count(user)
    if materials:
        panel.numbers.append((_("Learning materials"), materials, reverse("learning:materials_study")))
    panel.links = [(_("My schedule"), reverse("training:week")), (_("My marks"), reverse("training:my_marks")),
                   (_("Online lessons and courses"), reverse("learning:my")),
                   (_("Materials of my studies"), reverse("learning:materials_study"))]
    return panel


def _teacher_training_panel(user) -> Panel:
    from copp.training.models import Group, GroupStatus, Lesson

    panel = Panel(title=_("My lessons"))
    today = timezone.localdate()
    start = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
    todays = list(Lesson.objects.planned().filter(
        teacher_bookings__teacher__user=user, teacher_bookings__is_active=True, starts_at__gte=start,
        starts_at__lt=start + datetime.timedelta(days=1)).select_related("group", "room__site", "site")
        .order_by("starts_at", "pk")[:6])
    for lesson in todays:
        panel.notes.append((_("Today: %(lesson)s — open the journal.") % {"lesson": _lesson_label(lesson)},
                            reverse("training:journal", args=[lesson.group_id]) + f"#lesson-{lesson.pk}"))
    if not todays:
        following = (Lesson.objects.planned().filter(teacher_bookings__teacher__user=user,
                                                     teacher_bookings__is_active=True, starts_at__gte=start)
                     .select_related("group", "room__site", "site").order_by("starts_at", "pk").first())
        text = (_("No lessons today. Next lesson: %(lesson)s.") % {"lesson": _lesson_label(following)}
                if following else _("No lessons are scheduled for you yet."))
        panel.notes.append((text, _week_url(following) if following else ""))
    taught = Group.objects.filter(teachers__user=user, status__in=(GroupStatus.FORMING, GroupStatus.ACTIVE))
    panel.numbers.append((_("Groups I teach"), taught.distinct().count(), reverse("training:groups")))
    panel.links = [(_("My schedule"), reverse("training:week")), (_("Study groups"), reverse("training:groups")),
                   (_("Online lessons and courses"), reverse("learning:my"))]
    return panel


def _groups_panel(user) -> Panel:
    from copp.training.models import Group, GroupStatus

    panel = Panel(title=_("Study groups"))
    managed = Group.objects.manageable_by(user)
    url = reverse("training:groups")
    # Capped like the applications: ЦОПП staff manage every group of the region (tens of thousands at its scale).
    panel.numbers = [
        (_("Groups forming"), _capped_count(managed.filter(status=GroupStatus.FORMING))[1], url + "?status=forming"),
        (_("Groups in progress"), _capped_count(managed.filter(status=GroupStatus.ACTIVE))[1], url + "?status=active")]
    panel.links = [(_("Study groups"), url), (_("New group"), reverse("training:group_create"))]
    return panel


def _employees_panel(user) -> Panel:
    from copp.training.models import EnrolmentStatus
    from copp.training.selectors import employees_enrolments

    panel = Panel(title=_("Training of employees"))
    url = reverse("training:employees")
    panel.numbers.append((_("Employees studying"), employees_enrolments(user).filter(
        status=EnrolmentStatus.STUDYING).order_by().values("learner").distinct().count(), url))
    panel.links = [(_("Training of employees"), url)]
    return panel


def _training_panels(user, role: str | None) -> list[Panel]:
    if role == Role.LEARNER:
        panel = _learner_training_panel(user)
        return [panel] if panel else []
    if role == Role.TEACHER:
        return [_teacher_training_panel(user)]
    if role in (Role.STAFF, Role.PARTNER):
        return [_groups_panel(user)]
    if role == Role.CUSTOMER:
        return [_employees_panel(user)]
    return []


def panels_for(user, role: str | None) -> list[Panel]:
    # A learner's and a teacher's studies come first; the others process applications first.
    training = _training_panels(user, role)  # Training (issue 6)
    first = role in (Role.LEARNER, Role.TEACHER)
    panels: list[Panel] = (training if first else []) + _applications_panels(user, role)  # Applications (issue 4)
    panels += [] if first else training
    if role in (Role.PARTNER, Role.CUSTOMER, Role.TEACHER):
        panels += _organization_panels(user, role)
    if role == Role.STAFF:
        panels.append(_staff_panel())
    if role == Role.COORDINATOR:
        panels.append(_coordinator_panel())
    if role == Role.ADMIN:
        panels.append(_admin_panel())
    panels.append(_profile_panel(user))
    return panels
