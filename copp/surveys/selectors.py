"""Reads of the surveys app: who sees and manages which survey, who may answer it, who is its audience."""
from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery

from copp.core.access import has_capability, roles_of
from copp.core.roles import Cap
from copp.events.models import EventRegistration, RegistrationStatus
from copp.organizations.models import Membership, MembershipRole
from copp.training.models import Enrolment, EnrolmentStatus, Group

from .models import Audience, Participation, Response, Survey, SurveyKind, SurveyStatus

# An enrolment that counts its learner in the group's audience (an expelled one is asked nothing).
ENROLLED = (EnrolmentStatus.STUDYING, EnrolmentStatus.COMPLETED)


def own_organization_ids(user):
    return Membership.objects.filter(user=user, is_active=True).values("organization_id")


def surveys_managed_by(user) -> QuerySet[Survey]:
    """Surveys whose questions, audience and results the user works with: every one for CoPP staff; those of
    the own organisations (or made by the user) for partners. Career tests are edited in the administration."""
    qs = Survey.objects.filter(kind=SurveyKind.SURVEY)
    if has_capability(user, Cap.SURVEYS_ALL):
        return qs
    if has_capability(user, Cap.SURVEYS_OWN):
        return qs.filter(Q(owner_organization__in=Subquery(own_organization_ids(user))) | Q(created_by=user))
    return qs.none()


def surveys_filter(qs: QuerySet[Survey], *, text: str = "", status: str = "", audience: str = "") -> QuerySet:
    if text:
        qs = qs.filter(title__icontains=text)
    if status:
        qs = qs.filter(status=status)
    if audience:
        qs = qs.filter(audience=audience)
    return qs


def with_list_data(qs: QuerySet[Survey]) -> QuerySet[Survey]:
    """The list's columns in one query: the number of answers and of invitations."""
    return (qs.select_related("owner_organization")
            .annotate(answer_count=Count("responses", distinct=True),
                      invited_count=Count("invitations", distinct=True)).order_by("-created_at", "-pk"))


def career_tests() -> QuerySet[Survey]:
    return Survey.objects.filter(kind=SurveyKind.CAREER_TEST, status=SurveyStatus.OPEN).order_by("pk")


def audience_users(survey: Survey) -> QuerySet:
    """The people a targeted survey is sent to; a public survey has no list (anyone with the link answers)."""
    User = get_user_model()
    people = User.objects.filter(is_active=True)
    if survey.audience == Audience.GROUP and survey.audience_group_id:
        return people.filter(Exists(Enrolment.objects.filter(learner=OuterRef("pk"), group=survey.audience_group_id,
                                                             status__in=ENROLLED)))
    if survey.audience == Audience.PROGRAM and survey.audience_program_id:
        return people.filter(Exists(Enrolment.objects.filter(
            learner=OuterRef("pk"), group__program=survey.audience_program_id, status__in=ENROLLED)))
    if survey.audience == Audience.EVENT and survey.audience_event_id:
        return people.filter(Exists(EventRegistration.objects.filter(
            user=OuterRef("pk"), event=survey.audience_event_id, status=RegistrationStatus.REGISTERED)))
    if survey.audience == Audience.CONTACTS:
        memberships = contact_memberships(survey)
        if memberships is not None:
            return people.filter(Exists(memberships.filter(user=OuterRef("pk"))))
    if survey.audience == Audience.ROLE and survey.audience_role:
        return people.filter(role_assignments__role=survey.audience_role).distinct()
    return people.none()


def contact_memberships(survey: Survey) -> QuerySet[Membership] | None:
    """The representatives' memberships a «contacts of organisations» survey goes to: of the chosen
    organisations, or of every organisation of the chosen type; None when neither is set."""
    base = Membership.objects.filter(is_active=True, role=MembershipRole.REPRESENTATIVE)
    chosen = Survey.audience_organizations.through.objects.filter(survey_id=survey.pk)
    if survey.pk and chosen.exists():
        return base.filter(organization__in=chosen.values("organization_id"))
    if survey.audience_org_type:
        return base.filter(organization__type=survey.audience_org_type)
    return None


def may_answer(survey: Survey, user) -> bool:
    """Whether this person (or visitor) is in the survey's audience."""
    if survey.audience == Audience.PUBLIC:
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    if survey.audience == Audience.ROLE:
        return survey.audience_role in roles_of(user)
    return audience_users(survey).filter(pk=user.pk).exists()


def has_answered(survey: Survey, user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return Participation.objects.filter(survey=survey, user=user).exists()


def surveys_for(user) -> list[Survey]:
    """Open targeted surveys the person is invited to and has not answered («Мои опросы»)."""
    return list(Survey.objects.filter(status=SurveyStatus.OPEN, kind=SurveyKind.SURVEY, invitations__user=user)
                .exclude(participations__user=user).order_by("closes_at", "pk"))


def career_results_of(user) -> QuerySet[Response]:
    """A citizen's own results of career-guidance tests, newest first."""
    return (Response.objects.filter(user=user, survey__kind=SurveyKind.CAREER_TEST)
            .select_related("survey").order_by("-submitted_at", "-pk"))


def context_of(survey: Survey, user) -> dict:
    """The report's filters a response carries: the respondent's group, program and organisation where the
    audience tells them (for an anonymous survey too: a group is no person, and cells under 5 are hidden)."""
    context = {"group": None, "program": None, "organization": survey.owner_organization}
    if survey.audience_group_id:
        group = survey.audience_group
        context.update(group=group, program=group.program, organization=group.provider)
    elif survey.audience_program_id:
        program = survey.audience_program
        context.update(program=program, organization=program.provider)
        if getattr(user, "is_authenticated", False):
            enrolment = (Enrolment.objects.filter(learner=user, group__program=program, status__in=ENROLLED)
                         .select_related("group").order_by("-pk").first())
            context["group"] = enrolment.group if enrolment else None
    elif survey.audience_event_id:
        context["organization"] = survey.audience_event.organizer
    elif survey.audience == Audience.CONTACTS and getattr(user, "is_authenticated", False):
        memberships = contact_memberships(survey)
        membership = (memberships.filter(user=user).select_related("organization").order_by("pk").first()
                      if memberships is not None else None)
        context["organization"] = membership.organization if membership else None
    return context


def groups_for_builder(user) -> QuerySet[Group]:
    return Group.objects.visible_to(user).select_related("program").order_by("-starts_on")


def career_test_participants(start, end) -> int:
    """Participants of career-guidance tests in [start, end) for the ЦОПП indicator «participants of
    career-guidance activities» (spec/domain.md): each signed-in person once, each visitor's result once
    (a visitor who later claimed it counts as that person)."""
    taken = Response.objects.filter(survey__kind=SurveyKind.CAREER_TEST, submitted_at__gte=start,
                                    submitted_at__lt=end)
    people = taken.exclude(user=None).values("user").distinct().count()
    return people + taken.filter(user=None).count()
