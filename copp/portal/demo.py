"""Demo data for `make run`: one user per role, organisations of every type, branding. Idempotent."""
from django.db import transaction

from copp.accounts.mfa import mfa_required, totp_enabled, totp_set
from copp.accounts.models import User
from copp.accounts.services import consent_give, consent_text_current, role_assign
from copp.core.roles import Role
from copp.directories.models import Competency, Municipality
from copp.organizations.models import (
    Membership,
    MembershipRole,
    Organization,
    OrganizationType,
    VerificationStatus,
)

from .models import Branding

DEMO_PASSWORD = "Demo-Copp-2026"
# The demo's staff, coordinator and administrator sign in with a second factor (issue 14); their authenticator
# secret is known, so `manage.py demo_logins` prints the current code (or add the secret to an app).
DEMO_TOTP_SECRET = "COPPDEMOTOTPSECRETCOPPDEMOTOTPSE"

# (type, full name, short name, INN, OGRN, KPP, municipality, status)
ORGANIZATIONS = [
    (OrganizationType.COPP, "Государственное автономное профессиональное образовательное учреждение "
     "«Центр опережающей профессиональной подготовки»", "ЦОПП", "6671000018", "1026600000011", "667101001",
     "Екатеринбург", VerificationStatus.VERIFIED),
    (OrganizationType.PARTNER, "ГАПОУ «Уральский политехнический колледж»", "Уральский политехнический колледж",
     "6671000025", "1026600000022", "667101001", "Екатеринбург", VerificationStatus.VERIFIED),
    (OrganizationType.PARTNER, "ГАПОУ «Нижнетагильский строительный техникум»", "НТСТ",
     "6623000010", "1026600000033", "662301001", "Нижний Тагил", VerificationStatus.VERIFIED),
    (OrganizationType.CUSTOMER, "АО «Уральский завод точного машиностроения»", "АО «УЗТМ»",
     "6658000013", "1026600000044", "665801001", "Екатеринбург", VerificationStatus.VERIFIED),
    (OrganizationType.CUSTOMER, "ООО «СтройМонтаж-Урал»", "ООО «СтройМонтаж-Урал»",
     "6612000010", "1026600000055", "661201001", "Каменск-Уральский", VerificationStatus.PENDING),
    (OrganizationType.EDUCATIONAL, "ГАПОУ «Первоуральский металлургический колледж»", "ПМК",
     "6625000012", "1026600000066", "662501001", "Первоуральск", VerificationStatus.VERIFIED),
    (OrganizationType.AUTHORITY, "Министерство образования и молодёжной политики Свердловской области",
     "Минобразования СО", "6670000017", "1026600000077", "667001001", "Екатеринбург",
     VerificationStatus.VERIFIED),
]

# (role, e-mail, surname, name, patronymic, organisation short name, position)
USERS = [
    (Role.STAFF, "staff@copp.local", "Орлова", "Наталья", "Викторовна", "ЦОПП", "Методист"),
    (Role.LEARNER, "learner@copp.local", "Соколов", "Дмитрий", "Андреевич", None, ""),
    (Role.PARTNER, "partner@copp.local", "Белова", "Ирина", "Петровна", "Уральский политехнический колледж",
     "Заместитель директора"),
    (Role.CUSTOMER, "employer@copp.local", "Зайцев", "Олег", "Николаевич", "АО «УЗТМ»", "Начальник отдела кадров"),
    (Role.TEACHER, "teacher@copp.local", "Громов", "Сергей", "Иванович", "Уральский политехнический колледж",
     "Мастер производственного обучения"),
    # A second expert of program review (issue 16), from another college than the first.
    (Role.TEACHER, "expert@copp.local", "Егорова", "Марина", "Львовна", "НТСТ", "Преподаватель"),
    (Role.COORDINATOR, "coordinator@copp.local", "Лебедева", "Елена", "Олеговна", "Минобразования СО",
     "Ведущий специалист"),
    (Role.ADMIN, "admin@copp.local", "Никитин", "Павел", "Сергеевич", None, ""),
]

PRIORITY = ["Сварочные технологии", "Токарные работы на станках с ЧПУ", "Мехатроника", "Электромонтаж",
            "Промышленная автоматика", "Веб-технологии", "Кибербезопасность", "Лабораторный химический анализ"]


@transaction.atomic
def load() -> list[tuple[str, str]]:
    """Create or refresh the demo data; returns (role label, e-mail) pairs."""
    from allauth.account.models import EmailAddress

    Competency.objects.filter(name__in=PRIORITY).update(is_priority=True)
    branding = Branding.objects.first() or Branding()
    branding.address = branding.address or "620014, г. Екатеринбург, ул. Примерная, д. 1"
    branding.phone = branding.phone or "+7 343 000-00-00"
    branding.email = branding.email or "info@copp.local"
    branding.save()

    orgs = {}
    for kind, name, short, inn, ogrn, kpp, town, status in ORGANIZATIONS:
        org, _ = Organization.objects.update_or_create(inn=inn, defaults={
            "type": kind, "name": name, "short_name": short, "ogrn": ogrn, "kpp": kpp,
            "municipality": Municipality.objects.filter(name=town).first(), "verification_status": status,
            "email": f"org{inn[-4:]}@copp.local",
        })
        orgs[short] = org
    logins = []
    for role, email, last, first, middle, org_name, position in USERS:
        user, created = User.objects.get_or_create(email=email, defaults={
            "last_name": last, "first_name": first, "patronymic": middle})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
        role_assign(actor=None, user=user, role=role)
        if consent_text_current() and not user.consents.exists():
            consent_give(user=user)
        if org_name:
            Membership.objects.get_or_create(user=user, organization=orgs[org_name], defaults={
                "position": position,
                "role": MembershipRole.EMPLOYEE if role == Role.TEACHER else MembershipRole.REPRESENTATIVE})
        if mfa_required(user) and not totp_enabled(user):
            totp_set(user, DEMO_TOTP_SECRET)
        logins.append((str(role.label), email))
    return logins


def load_all() -> list[tuple[str, str]]:
    """Everything `make run` shows: people and organisations first, then what the apps build on them."""
    from copp.admissions import demo as admissions_demo
    from copp.analytics import demo as analytics_demo
    from copp.careers import demo as careers_demo
    from copp.events import demo as events_demo
    from copp.learning import demo as learning_demo
    from copp.learning.materials import demo as materials_demo
    from copp.programs import demo as programs_demo
    from copp.resources import demo as resources_demo
    from copp.reviews import demo as reviews_demo
    from copp.surveys import demo as surveys_demo
    from copp.training import demo as training_demo

    logins = load()
    resources_demo.load()
    programs_demo.load()
    resources_demo.load_module_needs()  # the library's modules link to the registry's equipment and rooms
    reviews_demo.load()
    events_demo.load()
    admissions_demo.load()
    training_demo.load()
    surveys_demo.load()
    learning_demo.load()
    careers_demo.load()
    materials_demo.load()
    analytics_demo.load()  # last: a year of history, then the monitoring figures computed from everything
    return logins
