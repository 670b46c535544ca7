"""The seven roles (M3) and the one table that maps them to capabilities; menus are built from it."""
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    STAFF = "staff", _("CoPP staff")
    LEARNER = "learner", _("Learner")
    PARTNER = "partner", _("Partner organisation representative")
    CUSTOMER = "customer", _("Customer organisation representative")
    TEACHER = "teacher", _("Teacher")
    COORDINATOR = "coordinator", _("Coordinator")
    ADMIN = "admin", _("Administrator")


class Cap:
    """Capability names. A view asks for a capability, never for a role."""

    CABINET = "cabinet.view"
    MY_DATA = "accounts.my_data"
    ORGANIZATIONS_BROWSE = "organizations.browse"  # the database of organisations (M16)
    ORGANIZATIONS_VERIFY = "organizations.verify"
    ORGANIZATIONS_EXPORT = "organizations.export"
    OWN_ORGANIZATION = "organizations.own"  # see own organisation's card and members
    ADMINISTRATION = "administration.access"  # the "Администрирование" section (M29, M30)
    AUDIT_VIEW = "audit.view"
    # Resources (M17, M18, D1-D3). VIEW opens resource cards, OWN adds and edits records; both are
    # scoped to the user's own organisations unless widened: BROWSE to reading the whole region
    # (the registry and its export), ALL to editing every organisation's records.
    RESOURCES_VIEW = "resources.view"
    RESOURCES_OWN = "resources.own"
    RESOURCES_ALL = "resources.all"
    RESOURCES_BROWSE = "resources.browse"
    # Programs and events (issue 4). PROGRAMS_OWN edits the own organisation's programs, PROGRAMS_BROWSE
    # reads every organisation's programs in the cabinet (drafts too); EVENTS_OWN manages the own
    # organisation's events (registrations, check-in, export), EVENTS_ALL every organisation's;
    # EVENTS_REGISTER signs up for events and shows «Мои мероприятия».
    PROGRAMS_OWN = "programs.own"
    PROGRAMS_BROWSE = "programs.browse"
    EVENTS_OWN = "events.own"
    EVENTS_ALL = "events.all"
    EVENTS_REGISTER = "events.register"
    # Applications (issue 4). APPLY: a citizen's own applications; ORG_APPLY: an organisation's mass
    # applications, new-program requests and teacher lists; PROCESS: the inbox (partners: applications to
    # their own programs), ALL widens it to every application; ENROLL is reserved for training.
    APPLICATIONS_APPLY = "admissions.apply"
    APPLICATIONS_ORG_APPLY = "admissions.org_apply"
    APPLICATIONS_PROCESS = "admissions.process"
    APPLICATIONS_ALL = "admissions.all"
    APPLICATIONS_ENROLL = "admissions.enroll"
    CAMPAIGNS_MANAGE = "admissions.campaigns"
    # Training (issue 6). GROUPS lists the groups one works with (scoped by visible_to); MANAGE creates
    # groups, enrols and schedules for the own organisation, ALL widens it (and journal edits) to every
    # group; MARK fills the journal of the groups one teaches; MY is the own week, marks and calendar feed;
    # REGION reads the region-wide schedule and the load chart; EMPLOYEES shows the results of the
    # employees one's organisation sent.
    TRAINING_GROUPS = "training.groups"
    TRAINING_MANAGE = "training.manage"
    TRAINING_ALL = "training.all"
    TRAINING_MARK = "training.mark"
    TRAINING_MY = "training.my"
    # STUDY: one's own marks as a learner («Мои оценки»); a teacher teaches and has none.
    TRAINING_STUDY = "training.study"
    TRAINING_REGION = "training.region"
    TRAINING_EMPLOYEES = "training.employees"
    # Expert review (issue 16, M15). EXPERT opens the «Экспертиза» queue (only people with an expert record
    # get anything in it); MANAGE lists every review, assigns experts and decides rounds as the chairperson.
    REVIEWS_EXPERT = "reviews.expert"
    REVIEWS_MANAGE = "reviews.manage"
    # Surveys (issue 17, M26). OWN builds and reads the results of the own organisation's surveys (a partner's
    # go to the own groups, programs and events); ALL widens it to every survey and template of the region.
    SURVEYS_OWN = "surveys.own"
    SURVEYS_ALL = "surveys.all"
    # Vacancies and the labour market (issue 18). OWN: an employer's own vacancies and the responses to them;
    # MODERATE: publish or return vacancies, correct their matching; IMPORTS: the import runs from
    # «Работа России» and hh.ru; RESPOND: a citizen's responses and saved searches; MARKET: the labour-market
    # analysis (D7) beyond its public summary.
    VACANCIES_OWN = "careers.vacancies_own"
    VACANCIES_MODERATE = "careers.vacancies_moderate"
    VACANCIES_IMPORTS = "careers.imports"
    VACANCIES_RESPOND = "careers.respond"
    LABOUR_MARKET = "careers.market"
    PORTFOLIO_OWN = "careers.portfolio"  # a learner's own portfolio (M24)
    PORTFOLIOS_SEARCH = "careers.portfolios_search"  # employers' search over open portfolios (M28)
    PORTFOLIOS_INVITE = "careers.portfolios_invite"  # an employer saves and invites candidates
    # Consultations on an individual learning plan (issue 22, M27): VIEW opens the register (the own
    # organisations'), KEEP adds and edits the own organisations' consultations, ALL reads the whole region's.
    CONSULTATIONS_VIEW = "careers.consultations"
    CONSULTATIONS_KEEP = "careers.consultations_keep"
    CONSULTATIONS_ALL = "careers.consultations_all"
    # Monitoring (issue 22, M27). VIEW opens the dashboard scoped to the own organisations; REGION widens it to
    # the whole region; PLAN enters the yearly plan values; FRDO exports issued documents for ФИС ФРДО.
    # The register of demonstration exams (D6): ENTER for the organisation whose students sit it (its own
    # exams), CHECK for ЦОПП staff who check and lock them, ALL reads the whole region's register; VIEW opens it.
    DEMO_EXAMS_VIEW = "training.demo_exams"
    DEMO_EXAMS_ENTER = "training.demo_exams_enter"
    DEMO_EXAMS_CHECK = "training.demo_exams_check"
    DEMO_EXAMS_ALL = "training.demo_exams_all"
    ANALYTICS_VIEW = "analytics.view"
    ANALYTICS_REGION = "analytics.region"
    ANALYTICS_PLAN = "analytics.plan"
    ANALYTICS_FRDO = "analytics.frdo"
    # Digital learning materials (issue 21, M25). OWN adds materials, sends them to review and attaches approved
    # ones to modules and lessons; ALL reads the whole library (every state) with its Excel export.
    MATERIALS_OWN = "learning.materials_own"
    MATERIALS_ALL = "learning.materials_all"


# Roles whose idle sessions time out sooner (issue 2, §2).
PRIVILEGED_ROLES = frozenset({Role.STAFF, Role.ADMIN})

# What every signed-in role may do: the cabinet, «Мои данные», signing up for events.
_SIGNED_IN = {Cap.CABINET, Cap.MY_DATA, Cap.EVENTS_REGISTER}

# The one table (DESIGN.md): which capabilities each role holds. Views, the API and the cabinet menu ask it.
CAPABILITIES: dict[str, frozenset[str]] = {
    Role.STAFF: frozenset(_SIGNED_IN | {
        Cap.ORGANIZATIONS_BROWSE, Cap.ORGANIZATIONS_VERIFY, Cap.ORGANIZATIONS_EXPORT,
        Cap.RESOURCES_VIEW, Cap.RESOURCES_OWN, Cap.RESOURCES_ALL, Cap.RESOURCES_BROWSE,
        Cap.PROGRAMS_OWN, Cap.PROGRAMS_BROWSE, Cap.EVENTS_OWN, Cap.EVENTS_ALL,
        Cap.APPLICATIONS_PROCESS, Cap.APPLICATIONS_ALL, Cap.APPLICATIONS_ENROLL, Cap.CAMPAIGNS_MANAGE,
        Cap.TRAINING_GROUPS, Cap.TRAINING_MANAGE, Cap.TRAINING_ALL, Cap.TRAINING_MARK, Cap.TRAINING_REGION,
        Cap.REVIEWS_EXPERT, Cap.REVIEWS_MANAGE,
        Cap.SURVEYS_OWN, Cap.SURVEYS_ALL,
        Cap.VACANCIES_MODERATE, Cap.VACANCIES_IMPORTS, Cap.LABOUR_MARKET, Cap.PORTFOLIOS_SEARCH,
        Cap.ANALYTICS_VIEW, Cap.ANALYTICS_REGION, Cap.ANALYTICS_FRDO,
        Cap.DEMO_EXAMS_VIEW, Cap.DEMO_EXAMS_ENTER, Cap.DEMO_EXAMS_CHECK, Cap.DEMO_EXAMS_ALL,
        Cap.MATERIALS_OWN, Cap.MATERIALS_ALL,
        Cap.CONSULTATIONS_VIEW, Cap.CONSULTATIONS_KEEP,
    }),
    Role.LEARNER: frozenset(_SIGNED_IN | {Cap.APPLICATIONS_APPLY, Cap.TRAINING_MY, Cap.TRAINING_STUDY,
                                          Cap.VACANCIES_RESPOND, Cap.PORTFOLIO_OWN}),
    Role.PARTNER: frozenset(_SIGNED_IN | {
        Cap.OWN_ORGANIZATION,
        Cap.RESOURCES_VIEW, Cap.RESOURCES_OWN,
        Cap.PROGRAMS_OWN, Cap.EVENTS_OWN,
        # Partners process and enrol applications to their own programs into their own groups.
        Cap.APPLICATIONS_ORG_APPLY, Cap.APPLICATIONS_PROCESS, Cap.APPLICATIONS_ENROLL,
        Cap.TRAINING_GROUPS, Cap.TRAINING_MANAGE, Cap.REVIEWS_EXPERT, Cap.SURVEYS_OWN, Cap.ANALYTICS_VIEW,
        Cap.DEMO_EXAMS_VIEW, Cap.DEMO_EXAMS_ENTER,
        Cap.MATERIALS_OWN,
    }),
    Role.CUSTOMER: frozenset(_SIGNED_IN | {
        Cap.OWN_ORGANIZATION, Cap.APPLICATIONS_ORG_APPLY, Cap.TRAINING_EMPLOYEES, Cap.VACANCIES_OWN,
        Cap.PORTFOLIOS_SEARCH, Cap.PORTFOLIOS_INVITE, Cap.ANALYTICS_VIEW,
    }),
    Role.TEACHER: frozenset(_SIGNED_IN | {Cap.TRAINING_GROUPS, Cap.TRAINING_MARK, Cap.TRAINING_MY,
                                          Cap.REVIEWS_EXPERT, Cap.MATERIALS_OWN}),
    Role.COORDINATOR: frozenset(_SIGNED_IN | {
        Cap.ORGANIZATIONS_BROWSE, Cap.ORGANIZATIONS_EXPORT,
        Cap.RESOURCES_VIEW, Cap.RESOURCES_BROWSE,
        Cap.TRAINING_REGION, Cap.LABOUR_MARKET,
        Cap.ANALYTICS_VIEW, Cap.ANALYTICS_REGION, Cap.ANALYTICS_PLAN, Cap.DEMO_EXAMS_VIEW, Cap.DEMO_EXAMS_ALL,
        Cap.CONSULTATIONS_VIEW, Cap.CONSULTATIONS_ALL,
    }),
    Role.ADMIN: frozenset(_SIGNED_IN | {
        Cap.ADMINISTRATION, Cap.AUDIT_VIEW,
        Cap.ORGANIZATIONS_BROWSE, Cap.ORGANIZATIONS_VERIFY, Cap.ORGANIZATIONS_EXPORT,
        Cap.RESOURCES_VIEW, Cap.RESOURCES_BROWSE,
        Cap.TRAINING_REGION, Cap.VACANCIES_IMPORTS, Cap.LABOUR_MARKET, Cap.ANALYTICS_VIEW, Cap.ANALYTICS_REGION,
        Cap.DEMO_EXAMS_VIEW, Cap.DEMO_EXAMS_ALL,
        Cap.CONSULTATIONS_VIEW, Cap.CONSULTATIONS_ALL,
    }),
}


@dataclass(frozen=True)
class MenuItem:
    capability: str
    url_name: str
    label: str
    icon: str


# The cabinet menu: an item shows when the active role holds its capability.
MENU: tuple[MenuItem, ...] = (
    MenuItem(Cap.CABINET, "portal:cabinet", _("Dashboard"), "speedometer2"),
    MenuItem(Cap.OWN_ORGANIZATION, "organizations:own", _("My organisation"), "building"),
    MenuItem(Cap.ORGANIZATIONS_BROWSE, "organizations:list", _("Organisations"), "buildings"),
    MenuItem(Cap.RESOURCES_OWN, "resources:manage", _("Resources"), "box-seam"),
    MenuItem(Cap.RESOURCES_BROWSE, "resources:registry", _("Resource registry"), "search"),
    # Applications (issue 4)
    MenuItem(Cap.APPLICATIONS_APPLY, "admissions:mine", _("My applications"), "file-earmark-text"),
    MenuItem(Cap.APPLICATIONS_APPLY, "admissions:path", _("My learning path"), "signpost-split"),
    MenuItem(Cap.APPLICATIONS_ORG_APPLY, "admissions:org_list", _("Organisation applications"), "people"),
    MenuItem(Cap.APPLICATIONS_PROCESS, "admissions:inbox", _("Applications inbox"), "inbox"),
    MenuItem(Cap.CAMPAIGNS_MANAGE, "admissions:campaigns", _("Collection campaigns"), "megaphone"),
    MenuItem(Cap.CABINET, "admissions:notifications", _("Notifications"), "bell"),
    # Programs and events (issue 4)
    MenuItem(Cap.EVENTS_REGISTER, "events:mine", _("My events"), "calendar-check"),
    MenuItem(Cap.PROGRAMS_OWN, "programs:manage", _("Programs of the organisation"), "journal-text"),
    MenuItem(Cap.PROGRAMS_OWN, "programs:library", _("Module library"), "bricks"),
    # Expert review (issue 16)
    MenuItem(Cap.REVIEWS_EXPERT, "reviews:queue", _("Expert review"), "clipboard-check"),
    MenuItem(Cap.REVIEWS_MANAGE, "reviews:list", _("Program reviews"), "patch-check"),
    MenuItem(Cap.REVIEWS_MANAGE, "reviews:experts", _("Experts"), "person-badge"),
    MenuItem(Cap.EVENTS_OWN, "events:manage", _("Events of the organisation"), "calendar-event"),
    # Digital learning materials (issue 21)
    MenuItem(Cap.MATERIALS_OWN, "learning:materials_mine", _("My learning materials"), "file-earmark-richtext"),
    MenuItem(Cap.MATERIALS_OWN, "learning:materials_internal", _("Materials catalogue"), "search"),
    MenuItem(Cap.MATERIALS_ALL, "learning:materials_library", _("Materials library"), "collection"),
    MenuItem(Cap.TRAINING_STUDY, "learning:materials_study", _("Materials of my studies"), "book"),
    # Training (issue 6)
    MenuItem(Cap.TRAINING_MY, "training:week", _("My timetable"), "calendar-week"),
    MenuItem(Cap.TRAINING_STUDY, "training:my_marks", _("My marks"), "journal-check"),
    MenuItem(Cap.TRAINING_GROUPS, "training:groups", _("Study groups"), "people-fill"),
    MenuItem(Cap.TRAINING_EMPLOYEES, "training:employees", _("Employees' training"), "person-workspace"),
    MenuItem(Cap.TRAINING_REGION, "training:region", _("Region timetable"), "calendar3"),
    MenuItem(Cap.TRAINING_REGION, "training:load", _("Site load"), "bar-chart"),
    # Surveys (issue 17)
    MenuItem(Cap.CABINET, "surveys:mine", _("My surveys and tests"), "ui-checks"),
    MenuItem(Cap.SURVEYS_OWN, "surveys:manage", _("Surveys"), "clipboard-data"),
    # Vacancies and the labour market (issue 18)
    MenuItem(Cap.VACANCIES_OWN, "careers:own", _("Our vacancies"), "briefcase"),
    MenuItem(Cap.VACANCIES_MODERATE, "careers:moderation", _("Vacancy moderation"), "clipboard-check"),
    MenuItem(Cap.VACANCIES_IMPORTS, "careers:imports", _("Vacancy imports"), "cloud-download"),
    MenuItem(Cap.VACANCIES_RESPOND, "careers:my_searches", _("My vacancy searches"), "bookmark-star"),
    MenuItem(Cap.LABOUR_MARKET, "careers:market_analysis", _("Labour market"), "graph-up"),
    # Portfolios (issue 19)
    MenuItem(Cap.PORTFOLIO_OWN, "portfolio:mine", _("My portfolio"), "person-badge"),
    MenuItem(Cap.PORTFOLIOS_SEARCH, "portfolio:search", _("Candidates' portfolios"), "person-lines-fill"),
    MenuItem(Cap.PORTFOLIOS_INVITE, "portfolio:saved", _("Saved candidates"), "person-check"),
    MenuItem(Cap.ANALYTICS_VIEW, "analytics:dashboard", _("Monitoring"), "graph-up"),
    MenuItem(Cap.CONSULTATIONS_VIEW, "consultations:list", _("Learning plan consultations"), "chat-square-text"),
    MenuItem(Cap.DEMO_EXAMS_VIEW, "training:demo_exams", _("Demonstration exams"), "award"),
    MenuItem(Cap.ANALYTICS_FRDO, "analytics:frdo", _("Export to FIS FRDO"), "file-earmark-spreadsheet"),
    MenuItem(Cap.MY_DATA, "accounts:my_data", _("My data"), "person-vcard"),
    MenuItem(Cap.CABINET, "core:my_jobs", _("My jobs"), "hourglass-split"),
    MenuItem(Cap.ADMINISTRATION, "admin:index", _("Administration"), "gear"),
)


def capabilities_of(roles) -> frozenset[str]:
    caps: set[str] = set()
    for role in roles:
        caps |= CAPABILITIES.get(role, frozenset())
    return frozenset(caps)


def menu_for(role: str | None) -> list[MenuItem]:
    caps = CAPABILITIES.get(role, frozenset()) if role else frozenset()
    return [item for item in MENU if item.capability in caps]
