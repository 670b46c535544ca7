"""Writes about vacancies: an employer's own vacancy saved, sent to moderation, closed; staff publish or return
it and correct any vacancy's matching; the platform closes expired ones; citizens respond (M9)."""
import hashlib

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from copp.core.access import has_capability
from copp.core.audit import audit_record
from copp.core.roles import Cap
from copp.core.workflow import TransitionNotAllowed
from copp.organizations.models import Membership

from ..matching import match_vacancy
from ..models import Vacancy, VacancyCompetency, VacancyResponse, VacancySource, VacancyStatus
from ..notify import send_letter
from ..selectors import employer_organizations, vacancies_managed_by
from ..workflow import VACANCY_WORKFLOW


class VacancyRefused(Exception):
    """The action is not possible; the message is for the user."""


def salary_sort_of(salary_from, salary_to) -> int:
    """The figure the search sorts and filters salaries by: the top of the range, or its bottom."""
    return max(salary_from or 0, salary_to or 0)


def content_hash(*parts) -> str:
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()[:40]


def matching_apply(vacancy: Vacancy, *, competencies=None) -> None:
    """Set a vacancy's competencies: the employer's or staff's own choice (100 %), else the rule set's."""
    if competencies is not None:
        links = {c.pk: 100 for c in competencies}
        vacancy.match_confidence = 100 if links else 0
    else:
        from copp.directories.models import Competency, Profession

        match = match_vacancy(vacancy.title, f"{vacancy.duties} {vacancy.requirements}")
        by_name = dict(Competency.objects.filter(name__in=list(match.competencies)).values_list("name", "pk"))
        links = {by_name[name]: conf for name, conf in match.competencies.items() if name in by_name}
        if match.profession and not vacancy.profession_id:
            vacancy.profession = Profession.objects.filter(code=match.profession[0]).first()
        vacancy.match_confidence = match.confidence
    VacancyCompetency.objects.filter(vacancy=vacancy).delete()
    VacancyCompetency.objects.bulk_create([VacancyCompetency(vacancy=vacancy, competency_id=pk, confidence=conf)
                                           for pk, conf in links.items()])
    vacancy.save(update_fields=["profession", "match_confidence", "updated_at"])


def matching_apply_bulk(vacancies: list[Vacancy]) -> None:
    """The rule set's matching for many (imported) vacancies in a fixed number of queries."""
    from copp.directories.models import Competency, Profession

    if not vacancies:
        return
    competencies = dict(Competency.objects.values_list("name", "pk"))
    professions = dict(Profession.objects.values_list("code", "pk"))
    links = []
    for vacancy in vacancies:
        match = match_vacancy(vacancy.title, f"{vacancy.duties} {vacancy.requirements}")
        vacancy.profession_id = professions.get(match.profession[0]) if match.profession else None
        vacancy.match_confidence = match.confidence
        links += [VacancyCompetency(vacancy=vacancy, competency_id=competencies[name], confidence=conf)
                  for name, conf in match.competencies.items() if name in competencies]
    VacancyCompetency.objects.filter(vacancy__in=[v.pk for v in vacancies]).delete()
    VacancyCompetency.objects.bulk_create(links, batch_size=1000)
    Vacancy.objects.bulk_update(vacancies, ["profession", "match_confidence"], batch_size=500)


def _check_employer(actor, organization) -> None:
    if not employer_organizations(actor).filter(pk=organization.pk).exists():
        raise PermissionDenied
    if not organization.is_verified:
        raise VacancyRefused(_("Your organisation has not been verified by the CoPP yet: vacancies can be "
                               "published once it is."))


@transaction.atomic
def vacancy_save(*, actor, form, request=None) -> Vacancy:
    """Create or change an own vacancy (a draft, or one returned for changes); its competencies are the
    employer's choice, or the rule set's when none was chosen."""
    vacancy = form.instance
    if vacancy.pk:
        vacancy = vacancies_managed_by(actor).select_for_update().filter(pk=vacancy.pk).first()
        if vacancy is None:
            raise PermissionDenied
        if vacancy.status not in (VacancyStatus.DRAFT, VacancyStatus.RETURNED):
            raise VacancyRefused(_("A vacancy on moderation or published cannot be changed; close it and "
                                   "publish a new one, or wait for the moderator."))
    _check_employer(actor, form.cleaned_data["employer"])
    created = form.instance.pk is None
    vacancy = form.save(commit=False)
    vacancy.source = VacancySource.OWN
    vacancy.employer_name = str(vacancy.employer)[:300]
    vacancy.employer_inn = vacancy.employer.inn
    vacancy.salary_sort = salary_sort_of(vacancy.salary_from, vacancy.salary_to)
    if created:
        VACANCY_WORKFLOW.move(vacancy, VacancyStatus.DRAFT, actor=actor)
    else:
        vacancy.save()
    chosen = list(form.cleaned_data.get("competencies") or [])
    matching_apply(vacancy, competencies=chosen or None)
    audit_record(actor=actor, action="vacancy.created" if created else "vacancy.updated", obj=vacancy,
                 details={"fields": list(form.changed_data)}, request=request)
    return vacancy


def _locked(qs, vacancy) -> Vacancy:
    locked = qs.select_for_update().filter(pk=vacancy.pk).first()
    if locked is None:
        raise PermissionDenied
    return locked


def _representatives(vacancy: Vacancy) -> list[str]:
    return list(Membership.objects.filter(organization_id=vacancy.employer_id, is_active=True)
                .values_list("user__email", flat=True))


@transaction.atomic
def vacancy_submit(*, actor, vacancy: Vacancy, request=None) -> Vacancy:
    """Send an own vacancy to the CoPP's moderators."""
    locked = _locked(vacancies_managed_by(actor), vacancy)
    _check_employer(actor, locked.employer)
    if locked.closes_on and locked.closes_on < timezone.localdate():
        raise VacancyRefused(_("The closing date has passed: set a later one first."))
    _move(locked, VacancyStatus.MODERATION, actor=actor)
    audit_record(actor=actor, action="vacancy.submitted", obj=locked, request=request)
    return locked


@transaction.atomic
def vacancy_moderate(*, actor, vacancy: Vacancy, publish: bool, comment: str = "", request=None) -> Vacancy:
    """Publish an own vacancy or return it to the employer with a comment; the employer is e-mailed."""
    if not has_capability(actor, Cap.VACANCIES_MODERATE):
        raise PermissionDenied
    locked = _locked(Vacancy.objects.filter(source=VacancySource.OWN), vacancy)
    comment = (comment or "").strip()
    if not publish and not comment:
        raise VacancyRefused(_("Say what the employer should change."))
    target = VacancyStatus.PUBLISHED if publish else VacancyStatus.RETURNED
    locked.moderation_comment = "" if publish else comment
    if publish:
        locked.published_at = timezone.now()
    _move(locked, target, actor=actor, comment=comment, fields=["moderation_comment", "published_at"])
    audit_record(actor=actor, action="vacancy.published" if publish else "vacancy.returned", obj=locked,
                 details={"comment": comment}, request=request)
    send_letter("published" if publish else "returned", _representatives(locked),
                {"vacancy": locked, "comment": comment,
                 "path": reverse("careers:detail", args=[locked.pk]) if publish else reverse("careers:own")},
                request)
    return locked


@transaction.atomic
def vacancy_close(*, actor, vacancy: Vacancy, request=None) -> Vacancy:
    """The employer closes an own vacancy (the places are filled or withdrawn)."""
    locked = _locked(vacancies_managed_by(actor), vacancy)
    locked.closed_at = timezone.now()
    _move(locked, VacancyStatus.CLOSED, actor=actor, fields=["closed_at"])
    audit_record(actor=actor, action="vacancy.closed", obj=locked, request=request)
    return locked


def _move(vacancy, target, *, actor, comment="", fields=()) -> None:
    try:
        VACANCY_WORKFLOW.move(vacancy, target, actor=actor, comment=comment, update_fields=list(fields))
    except TransitionNotAllowed as error:
        raise VacancyRefused(str(error)) from None


def vacancies_close_expired() -> int:
    """Close published vacancies whose closing date has passed (a scheduled job); returns how many."""
    today = timezone.localdate()
    closed = 0
    for pk in (Vacancy.objects.filter(status=VacancyStatus.PUBLISHED, closes_on__lt=today)
               .values_list("pk", flat=True).iterator()):
        with transaction.atomic():
            vacancy = Vacancy.objects.select_for_update().get(pk=pk)
            if vacancy.status != VacancyStatus.PUBLISHED:
                continue
            vacancy.closed_at = timezone.now()
            VACANCY_WORKFLOW.move(vacancy, VacancyStatus.CLOSED, actor=None, by_platform=True,
                                  comment=_("The closing date has passed."), update_fields=["closed_at"])
            closed += 1
    return closed


@transaction.atomic
def vacancy_matching_correct(*, actor, vacancy: Vacancy, profession, competencies, request=None) -> Vacancy:
    """Staff correct a vacancy's profession and competencies; the correction survives re-imports."""
    if not has_capability(actor, Cap.VACANCIES_MODERATE):
        raise PermissionDenied
    locked = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
    locked.profession = profession
    locked.match_locked = True
    locked.save(update_fields=["profession", "match_locked", "updated_at"])
    matching_apply(locked, competencies=list(competencies))
    audit_record(actor=actor, action="vacancy.matching_corrected", obj=locked,
                 details={"profession": getattr(profession, "pk", None),
                          "competencies": [c.pk for c in competencies]}, request=request)
    return locked


def vacancy_respond(*, actor, vacancy: Vacancy, message: str, phone: str = "", request=None) -> VacancyResponse:
    """A citizen's response to an own employer's published vacancy; once per vacancy; the employer is e-mailed."""
    if not has_capability(actor, Cap.VACANCIES_RESPOND):
        raise PermissionDenied
    if not vacancy.is_own:
        raise VacancyRefused(_("Respond to this vacancy on the site it came from."))
    if vacancy.status != VacancyStatus.PUBLISHED:
        raise VacancyRefused(_("The vacancy is closed."))
    try:
        with transaction.atomic():
            response = VacancyResponse.objects.create(vacancy=vacancy, applicant=actor,
                                                      message=(message or "").strip()[:4000],
                                                      phone=(phone or "").strip()[:32])
            audit_record(actor=actor, action="vacancy.responded", obj=vacancy, request=request)
            send_letter("response", _representatives(vacancy), {"vacancy": vacancy, "response": response,
                                                                 "path": reverse("careers:responses")}, request)
    except IntegrityError:
        raise VacancyRefused(_("You have already responded to this vacancy.")) from None
    return response
