"""Cabinet dashboards per role (M4): what needs attention first, then numbers and links."""
from dataclasses import dataclass, field

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from copp.accounts.models import User
from copp.core.roles import Role
from copp.organizations.models import Organization, VerificationStatus
from copp.organizations.selectors import memberships_of


@dataclass
class Panel:
    title: str
    attention: list[tuple[str, str]] = field(default_factory=list)  # (text, url)
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


def _organization_panels(user) -> list[Panel]:
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


def _inbox_panel(user) -> Panel:
    from copp.admissions.models import ApplicationStatus
    from copp.admissions.selectors import applications_processed_by

    panel = Panel(title=_("Applications inbox"))
    qs = applications_processed_by(user)
    new = qs.filter(status=ApplicationStatus.SUBMITTED).count()
    url = reverse("admissions:inbox") + "?status=submitted"
    if new:
        panel.attention.append((ngettext("%(n)d new application is waiting for review.",
                                         "%(n)d new applications are waiting for review.", new) % {"n": new}, url))
    panel.numbers.append((_("New applications"), new, url))
    panel.numbers.append((_("In review"), qs.filter(status=ApplicationStatus.IN_REVIEW).count(),
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


def panels_for(user, role: str | None) -> list[Panel]:
    panels: list[Panel] = _applications_panels(user, role)  # Applications (issue 4)
    if role in (Role.PARTNER, Role.CUSTOMER, Role.TEACHER):
        panels += _organization_panels(user)
    if role == Role.STAFF:
        panels.append(_staff_panel())
    if role == Role.COORDINATOR:
        panels.append(_coordinator_panel())
    if role == Role.ADMIN:
        panels.append(_admin_panel())
    panels.append(_profile_panel(user))
    return panels
