"""Demo portfolios (issue 19): a dozen graduates of a completed welding group with confirmed items from their
enrolments, some open to employers under the consent to distribution, one by a personal link, the rest private;
self-declared items; an invitation from the demo employer. Idempotent."""
import datetime

from django.utils import timezone

from copp.accounts.models import RoleAssignment, User
from copp.core.roles import Role
from copp.directories.models import GradeScale, GradeValue, Municipality, Profession
from copp.organizations.models import Organization, OrganizationType, VerificationStatus
from copp.programs.models import Program, ProgramStatus
from copp.training.models import Enrolment, EnrolmentStatus, Group, GroupStatus

from .models import ItemKind, PortfolioInvitation, PortfolioItem, Section, Visibility
from .services.portfolios import portfolio_of, portfolio_refresh, portfolio_share

GRADUATES = [("Лебедев", "Никита"), ("Козлова", "Дарья"), ("Новиков", "Степан"), ("Морозов", "Глеб"),
             ("Соколова", "Алина"), ("Попов", "Тимур"), ("Кузнецова", "Вера"), ("Васильев", "Роман"),
             ("Зайцева", "Ксения"), ("Смирнов", "Лев"), ("Орлова", "Полина"), ("Макаров", "Егор")]
OPEN = 8  # the first eight are open to employers; the ninth by a link; the rest private
GROUP_CODE = "ДЕМО-ПОРТФОЛИО-2025"


def _graduates() -> list[User]:
    people = []
    for i, (last, first) in enumerate(GRADUATES, start=1):
        user, created = User.objects.get_or_create(email=f"graduate{i:02d}@copp.local", defaults={
            "last_name": last, "first_name": first, "patronymic": "", "phone": f"+7 900 000-00-{i:02d}"})
        if created:
            user.set_unusable_password()
            user.save()
        RoleAssignment.objects.get_or_create(user=user, role=Role.LEARNER)
        people.append(user)
    return people


def _completed_group(program: Program, people: list[User]) -> None:
    scale = GradeScale.objects.filter(code="five_point").first()
    grades = {v.code: v for v in GradeValue.objects.filter(scale=scale)} if scale else {}
    ends = timezone.localdate() - datetime.timedelta(days=120)
    group, created = Group.objects.get_or_create(code=GROUP_CODE, defaults={
        "program": program, "provider": program.provider, "starts_on": ends - datetime.timedelta(weeks=8),
        "ends_on": ends, "status": GroupStatus.COMPLETED, "capacity": 15, "grade_scale": scale,
        "study_form": program.study_form})
    if not created:
        return
    for n, user in enumerate(people, start=1):
        grade = grades.get("5" if n % 3 else "4") or grades.get("5")
        Enrolment.objects.get_or_create(group=group, learner=user, defaults={
            "status": EnrolmentStatus.COMPLETED, "final_grade": grade,
            "document_type": program.document if n % 4 else "", "document_series": "66" if n % 4 else "",
            "document_number": f"1000{n:03d}" if n % 4 else "", "document_date": ends if n % 4 else None})


def load() -> int:
    """Returns how many demo portfolios are open to employers."""
    program = (Program.objects.filter(status=ProgramStatus.PUBLISHED, competencies__isnull=False)
               .select_related("provider").order_by("pk").first())
    if program is None:
        return 0
    people = _graduates()
    _completed_group(program, people)
    towns = list(Municipality.objects.filter(is_active=True).order_by("pk")[:4])
    welder = Profession.objects.filter(name__icontains="сварщик").order_by("pk").first()
    opened = 0
    for n, user in enumerate(people, start=1):
        portfolio = portfolio_refresh(user)
        if not portfolio.summary:
            portfolio.summary = "Выпускник программы ЦОПП, готов к работе на производстве и к наставничеству."
            portfolio.profession = welder
            portfolio.municipality = towns[n % len(towns)] if towns else None
            portfolio.save()
            PortfolioItem.objects.create(
                portfolio=portfolio, kind=ItemKind.COMPETITION if n % 2 else ItemKind.EXPERIENCE,
                title="Региональный чемпионат «Профессионалы», 3 место" if n % 2 else "Помощник сварщика, 1 год",
                organization_name="" if n % 2 else "ООО «Уралсталь»",
                date=timezone.localdate() - datetime.timedelta(days=200 + n))
        if n <= OPEN and not portfolio.has_consent:
            portfolio_share(actor=user, portfolio=portfolio, visibility=Visibility.EMPLOYERS,
                            allowed=list(Section.values) if n % 3 else [Section.ABOUT, Section.PROGRAMS])
        elif n == OPEN + 1 and not portfolio.has_consent:
            portfolio_share(actor=user, portfolio=portfolio, visibility=Visibility.LINK, allowed=[Section.PROGRAMS],
                            link_expires_on=timezone.localdate() + datetime.timedelta(days=30))
        opened += int(n <= OPEN)
    learner = User.objects.filter(email="learner@copp.local").first()
    if learner is not None:
        portfolio_refresh(learner)
    employer = (Organization.objects.filter(type=OrganizationType.CUSTOMER,
                                            verification_status=VerificationStatus.VERIFIED).order_by("pk").first())
    first = portfolio_of(people[0])
    if employer is not None and not PortfolioInvitation.objects.filter(portfolio=first).exists():
        PortfolioInvitation.objects.create(portfolio=first, organization=employer,
                                           message="Здравствуйте! Приглашаем на собеседование на должность сварщика.")
    return opened
