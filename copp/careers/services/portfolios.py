"""Writes of the portfolios (M24, M28): filling confirmed items from the platform's records, the learner's own
items, sharing under the consent to distribution (152-ФЗ) and its withdrawal, employers' views, saved candidates
and invitations. Each write is atomic and audited; rules live here, not in the views."""
import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from copp.accounts.models import ConsentKind, ConsentRecord
from copp.accounts.services import NoConsentText, consent_give
from copp.core.access import has_capability
from copp.core.audit import audit_record
from copp.core.roles import Cap
from copp.core.uploads import UploadRefused, check_parses, reencoded
from copp.events.models import EventRegistration
from copp.surveys.models import CareerType
from copp.surveys.selectors import career_results_of
from copp.training.exam_selectors import demo_exam_results_of
from copp.training.models import Enrolment, EnrolmentStatus, ModuleGrade
from copp.training.selectors import journal_of, rating_of

from ..models import (
    InvitationStatus,
    ItemKind,
    Portfolio,
    PortfolioCompetency,
    PortfolioInvitation,
    PortfolioItem,
    PortfolioView,
    SavedCandidate,
    Section,
    Visibility,
)
from ..models.portfolios import new_token
from ..notify import send_letter
from ..portfolio_forms import FILE_TYPES
from ..portfolio_workflow import INVITATION_WORKFLOW


class PortfolioRefused(Exception):
    """A rule of the portfolios refused the action; the message says why in the user's language."""


def portfolio_of(user) -> Portfolio:
    portfolio, _created = Portfolio.objects.get_or_create(user=user)
    return portfolio


# ---- confirmed items from the platform's records -------------------------------------------------------------

def _grade_pct(grade, scale_top) -> int | None:
    if grade is None or not scale_top:
        return None
    return int(Decimal(grade.points) * 100 / Decimal(scale_top))


def _program_items(portfolio: Portfolio) -> dict[str, dict]:
    """Completed enrolments: program, hours, module and final grades, the document, the rating in the group."""
    enrolments = list(Enrolment.objects.filter(learner=portfolio.user, status=EnrolmentStatus.COMPLETED)
                      .select_related("group__program__provider", "final_grade__scale")
                      .prefetch_related("group__program__competencies"))
    modules = {}
    for grade in (ModuleGrade.objects.filter(enrolment__in=enrolments, grade__isnull=False)
                  .select_related("module", "grade").order_by("module__order", "pk")):
        modules.setdefault(grade.enrolment_id, []).append({"module": grade.module.title, "grade": grade.grade.name})
    found = {}
    for enrolment in enrolments:
        group, program = enrolment.group, enrolment.group.program
        rating = next((r for r in rating_of(journal_of(group)) if r.enrolment.pk == enrolment.pk), None)
        top = None
        if enrolment.final_grade is not None:
            top = max((v.points for v in enrolment.final_grade.scale.values.all()), default=None)
        document = ""
        if enrolment.document_type:
            document = " ".join(part for part in (enrolment.document_type, enrolment.document_series,
                                                  enrolment.document_number) if part)
            if enrolment.document_date:
                document += _(" of %(date)s") % {"date": enrolment.document_date.strftime("%d.%m.%Y")}
        found[f"enrolment:{enrolment.pk}"] = {
            "kind": ItemKind.PROGRAM, "title": program.title, "organization_name": str(program.provider),
            "hours": program.hours, "grade": enrolment.final_grade.name if enrolment.final_grade else "",
            "module_grades": modules.get(enrolment.pk, []),
            "rating": rating.final if rating and rating.final is not None else (rating.intermediate if rating
                                                                                  else None),
            "rating_place": rating.place if rating else None, "document": document,
            "date": enrolment.document_date or group.ends_on,
            "source_path": reverse("programs:detail", kwargs={"pk": program.pk}),
            "_competencies": [c.pk for c in program.competencies.all()], "_program": program.pk,
            "_grade_pct": _grade_pct(enrolment.final_grade, top), "_document": bool(enrolment.document_number),
        }
    return found


def _event_items(portfolio: Portfolio) -> dict[str, dict]:
    found = {}
    for registration in (EventRegistration.objects.filter(user=portfolio.user, checked_in_at__isnull=False)
                         .select_related("event__organizer").order_by("-checked_in_at")[:200]):
        event = registration.event
        found[f"event:{registration.pk}"] = {
            "kind": ItemKind.EVENT, "title": event.title, "organization_name": str(event.organizer),
            "date": timezone.localdate(event.starts_at),
            "source_path": reverse("events:detail", kwargs={"pk": event.pk})}
    return found


def _career_items(portfolio: Portfolio) -> dict[str, dict]:
    results = list(career_results_of(portfolio.user)[:20])
    codes = {code for r in results for code in (r.result_types or []) if isinstance(code, str)}
    titles = dict(CareerType.objects.filter(code__in=codes).values_list("code", "title")) if codes else {}
    found = {}
    for response in results:
        types = [titles.get(code, code) for code in (response.result_types or []) if isinstance(code, str)]
        found[f"career:{response.pk}"] = {
            "kind": ItemKind.CAREER_TEST, "title": response.survey.title, "description": ", ".join(types),
            "date": timezone.localdate(response.submitted_at),
            "source_path": reverse("career:result", kwargs={"key": response.result_key})}
    return found


def _exam_items(portfolio: Portfolio) -> dict[str, dict]:
    """Results of demonstration exams the ЦОПП staff checked and locked (D6): points, grade, centre."""
    found = {}
    for result in demo_exam_results_of(portfolio.user)[:50]:
        exam = result.exam
        found[f"demo_exam:{result.pk}"] = {
            "kind": ItemKind.DEMO_EXAM, "title": str(exam.competency), "organization_name": str(exam.centre),
            "description": _("%(level)s level, assessment set %(set)s, %(points)s of %(max)s points") % {
                "level": exam.get_level_display(), "set": exam.assessment_set,
                "points": f"{result.points:g}" if result.points is not None else "—", "max": f"{exam.max_points:g}"},
            "grade": str(result.grade) if result.grade else "", "date": exam.ends_on, "source_path": ""}
    return found


CONFIRMED_FIELDS = ("kind", "title", "organization_name", "description", "hours", "grade", "module_grades", "rating",
                    "rating_place", "document", "date", "source_path")


@transaction.atomic
def portfolio_refresh(user) -> Portfolio:
    """Bring the confirmed items up to date with the platform's records (new ones appear, changed ones follow
    their source, vanished ones go); the learner's choices (shown or hidden) stay. Career-test results appear
    hidden: the learner chooses to show them."""
    portfolio = Portfolio.objects.select_for_update().filter(user=user).first() or portfolio_of(user)
    found = {**_program_items(portfolio), **_event_items(portfolio), **_career_items(portfolio),
             **_exam_items(portfolio)}
    existing = {item.source_key: item for item in portfolio.items.filter(is_confirmed=True)}
    PortfolioItem.objects.filter(pk__in=[item.pk for key, item in existing.items() if key not in found]).delete()
    rows = []
    for key, data in found.items():
        item = existing.get(key) or PortfolioItem(portfolio=portfolio, is_confirmed=True, source_key=key,
                                                  is_shown=data["kind"] != ItemKind.CAREER_TEST)
        for name in CONFIRMED_FIELDS:
            setattr(item, name, data.get(name, "" if name in ("organization_name", "description", "grade",
                                                              "document", "source_path") else None)
                    if name != "module_grades" else data.get(name, []))
        item.save()
        for competency in data.get("_competencies", []):
            rows.append(PortfolioCompetency(
                portfolio=portfolio, item=item, competency_id=competency, program_id=data["_program"],
                completed_on=data["date"], grade_pct=data["_grade_pct"], rating=data["rating"],
                has_document=data["_document"]))
    portfolio.competency_rows.all().delete()
    PortfolioCompetency.objects.bulk_create(rows)
    dates = [data["date"] for data in found.values() if data["kind"] == ItemKind.PROGRAM and data["date"]]
    portfolio.completed_last = max(dates) if dates else None
    portfolio.refreshed_at = timezone.now()
    portfolio.save(update_fields=["completed_last", "refreshed_at", "updated_at"])
    _sync_openness(portfolio)
    return portfolio


def _sync_openness(portfolio: Portfolio) -> None:
    """`is_open` and the searchable competency rows follow the consent, the visibility and the items shown."""
    is_open = portfolio.has_consent and portfolio.visibility == Visibility.EMPLOYERS
    if portfolio.is_open != is_open:
        portfolio.is_open = is_open
        Portfolio.objects.filter(pk=portfolio.pk).update(is_open=is_open)
    rows = PortfolioCompetency.objects.filter(portfolio=portfolio)
    if is_open and portfolio.shows(Section.PROGRAMS):
        rows.filter(item__is_shown=True).update(searchable=True)
        rows.filter(item__is_shown=False).update(searchable=False)
    else:
        rows.update(searchable=False)


# ---- the learner's own items and choices ---------------------------------------------------------------------

def _own_portfolio(actor, portfolio: Portfolio) -> None:
    if portfolio.user_id != actor.pk or not has_capability(actor, Cap.PORTFOLIO_OWN):
        raise PermissionDenied


@transaction.atomic
def portfolio_about_save(*, actor, form, request=None) -> Portfolio:
    portfolio = form.instance
    _own_portfolio(actor, portfolio)
    portfolio = form.save()
    audit_record(actor=actor, action="portfolio.about_saved", obj=portfolio,
                 details={"fields": list(form.changed_data)}, request=request)
    return portfolio


def _checked_file(file):
    if not file or not hasattr(file, "content_type"):
        return file
    extension = file.name.rsplit(".", 1)[-1].lower() if "." in file.name else ""
    content_type = FILE_TYPES.get(extension, "")
    try:
        check_parses(file, content_type)
    except UploadRefused as error:
        raise PortfolioRefused(error.message) from None
    return reencoded(file, content_type)


@transaction.atomic
def item_save(*, actor, portfolio: Portfolio, form, request=None) -> PortfolioItem:
    """Add or change a self-declared item. A confirmed item comes from the platform's records: refused."""
    _own_portfolio(actor, portfolio)
    item = form.instance
    if item.pk:
        locked = PortfolioItem.objects.select_for_update().filter(pk=item.pk, portfolio=portfolio).first()
        if locked is None:
            raise PermissionDenied
        if locked.is_confirmed:
            raise PortfolioRefused(_("A confirmed item comes from the platform's records and cannot be changed; "
                                     "you can only hide it."))
    created = item.pk is None
    file = form.cleaned_data.get("file")
    item = form.save(commit=False)
    item.portfolio = portfolio
    item.is_confirmed = False
    item.source_key = ""
    if file and hasattr(file, "content_type"):
        item.file = _checked_file(file)
    item.save()
    audit_record(actor=actor, action="portfolio.item_added" if created else "portfolio.item_changed", obj=item,
                 request=request)
    return item


def item_update_fields(*, actor, item: PortfolioItem, changes: dict, request=None) -> PortfolioItem:
    """The API's partial change: `is_shown` of any own item; the texts of a self-declared one only."""
    _own_portfolio(actor, item.portfolio)
    with transaction.atomic():
        locked = PortfolioItem.objects.select_for_update().get(pk=item.pk)
        texts = {k: v for k, v in changes.items() if k != "is_shown"}
        if texts and locked.is_confirmed:
            raise PortfolioRefused(_("A confirmed item comes from the platform's records and cannot be changed; "
                                     "you can only hide it."))
        for name, value in changes.items():
            setattr(locked, name, value)
        locked.save()
        _sync_openness(locked.portfolio)
        audit_record(actor=actor, action="portfolio.item_changed", obj=locked, details={"fields": sorted(changes)},
                     request=request)
    return locked


@transaction.atomic
def item_toggle(*, actor, item: PortfolioItem, request=None) -> PortfolioItem:
    """Show or hide an item (confirmed ones too): a hidden item never reaches the search, a link or the PDF."""
    _own_portfolio(actor, item.portfolio)
    item.is_shown = not item.is_shown
    item.save(update_fields=["is_shown", "updated_at"])
    _sync_openness(item.portfolio)
    audit_record(actor=actor, action="portfolio.item_shown" if item.is_shown else "portfolio.item_hidden",
                 obj=item, request=request)
    return item


@transaction.atomic
def item_delete(*, actor, item: PortfolioItem, request=None) -> None:
    _own_portfolio(actor, item.portfolio)
    if item.is_confirmed:
        raise PortfolioRefused(_("A confirmed item comes from the platform's records; you can hide it instead."))
    audit_record(actor=actor, action="portfolio.item_deleted", obj=item, request=request)
    if item.file:
        item.file.delete(save=False)
    item.delete()


# ---- sharing under the consent to distribution (152-ФЗ) ------------------------------------------------------

def _live_consent(portfolio: Portfolio) -> ConsentRecord | None:
    if not portfolio.consent_id:
        return None
    return ConsentRecord.objects.filter(pk=portfolio.consent_id, withdrawn_at__isnull=True).first()


@transaction.atomic
def portfolio_share(*, actor, portfolio: Portfolio, visibility: str, allowed: list[str],
                    link_expires_on: dt.date | None = None, request=None) -> Portfolio:
    """Set who sees the portfolio. Anything but «only me» records the learner's consent to distribution of the
    current text with the sections listed; a changed list is a new consent (the old record is closed)."""
    _own_portfolio(actor, portfolio)
    portfolio = Portfolio.objects.select_for_update().get(pk=portfolio.pk)
    if visibility == Visibility.PRIVATE:
        portfolio.visibility = Visibility.PRIVATE
        portfolio.link_token = ""
        portfolio.link_expires_on = None
        portfolio.save(update_fields=["visibility", "link_token", "link_expires_on", "updated_at"])
        _sync_openness(portfolio)
        audit_record(actor=actor, action="portfolio.made_private", obj=portfolio, request=request)
        return portfolio
    allowed = [section for section in Section.values if section in set(allowed)]
    if not allowed:
        raise PortfolioRefused(_("Tick at least one section that may be shown."))
    consent = _live_consent(portfolio)
    if consent is None or sorted(allowed) != sorted(portfolio.allowed or []):
        if consent is not None:
            ConsentRecord.objects.filter(pk=consent.pk).update(withdrawn_at=timezone.now())
        try:
            consent = consent_give(user=actor, kind=ConsentKind.DISTRIBUTION, request=request)
        except NoConsentText as error:
            raise PortfolioRefused(str(error)) from None
    portfolio.consent = consent
    portfolio.allowed = allowed
    portfolio.visibility = visibility
    if visibility == Visibility.LINK:
        if not link_expires_on or link_expires_on < timezone.localdate():
            raise PortfolioRefused(_("Set the date until which the link works."))
        portfolio.link_token = portfolio.link_token or new_token()
        portfolio.link_expires_on = link_expires_on
    else:
        portfolio.link_token = ""
        portfolio.link_expires_on = None
    portfolio.save()
    _sync_openness(portfolio)
    audit_record(actor=actor, action="portfolio.shared", obj=portfolio,
                 details={"visibility": visibility, "allowed": allowed, "consent": consent.pk}, request=request)
    return portfolio


@transaction.atomic
def distribution_withdraw(*, actor, portfolio: Portfolio, request=None) -> Portfolio:
    """Withdraw the consent to distribution: the portfolio is hidden from employers at once, every link ends."""
    _own_portfolio(actor, portfolio)
    portfolio = Portfolio.objects.select_for_update().get(pk=portfolio.pk)
    withdrawn = ConsentRecord.objects.filter(user=actor, text__kind=ConsentKind.DISTRIBUTION,
                                             withdrawn_at__isnull=True).update(withdrawn_at=timezone.now())
    portfolio.consent = None
    portfolio.allowed = []
    portfolio.visibility = Visibility.PRIVATE
    portfolio.link_token = ""
    portfolio.link_expires_on = None
    portfolio.save()
    _sync_openness(portfolio)
    audit_record(actor=actor, action="consent.distribution_withdrawn", obj=portfolio,
                 details={"consents": withdrawn}, request=request)
    return portfolio


@transaction.atomic
def check_link_renew(*, actor, portfolio: Portfolio, request=None) -> Portfolio:
    """A new check code: PDFs printed before no longer open the check page."""
    _own_portfolio(actor, portfolio)
    portfolio.check_token = new_token()
    portfolio.save(update_fields=["check_token", "updated_at"])
    audit_record(actor=actor, action="portfolio.check_renewed", obj=portfolio, request=request)
    return portfolio


# ---- employers -----------------------------------------------------------------------------------------------

def view_record(*, portfolio: Portfolio, viewer=None, organization=None, channel: str) -> None:
    """Log one view by someone other than the learner (the learner sees the log)."""
    if viewer is not None and getattr(viewer, "pk", None) == portfolio.user_id:
        return
    PortfolioView.objects.create(portfolio=portfolio, viewer=viewer if getattr(viewer, "pk", None) else None,
                                 organization=organization, channel=channel)


def _employer(actor, organization) -> None:
    if organization is None or not has_capability(actor, Cap.PORTFOLIOS_INVITE):
        raise PermissionDenied


def candidate_save(*, actor, organization, portfolio: Portfolio, request=None) -> SavedCandidate | None:
    _employer(actor, organization)
    try:
        with transaction.atomic():
            saved = SavedCandidate.objects.create(organization=organization, portfolio=portfolio, saved_by=actor)
            audit_record(actor=actor, action="portfolio.candidate_saved", obj=portfolio, request=request)
    except IntegrityError:
        return None
    return saved


@transaction.atomic
def candidate_forget(*, actor, organization, portfolio: Portfolio, request=None) -> None:
    _employer(actor, organization)
    SavedCandidate.objects.filter(organization=organization, portfolio=portfolio).delete()
    audit_record(actor=actor, action="portfolio.candidate_forgotten", obj=portfolio, request=request)


MAX_WAITING_INVITATIONS = 3


@transaction.atomic
def invitation_send(*, actor, organization, portfolio: Portfolio, message: str, vacancy=None,
                    request=None) -> PortfolioInvitation:
    """Invite a candidate (to one of the employer's published vacancies, if chosen); the learner gets a letter."""
    _employer(actor, organization)
    if vacancy is not None and (vacancy.employer_id != organization.pk or not vacancy.is_published):
        raise PermissionDenied
    waiting = PortfolioInvitation.objects.filter(portfolio=portfolio, organization=organization,
                                                 status=InvitationStatus.SENT).count()
    if waiting >= MAX_WAITING_INVITATIONS:
        raise PortfolioRefused(_("The candidate has not answered your earlier invitations yet."))
    invitation = PortfolioInvitation(portfolio=portfolio, organization=organization, sent_by=actor, vacancy=vacancy,
                                     message=message.strip()[:2000])
    INVITATION_WORKFLOW.move(invitation, InvitationStatus.SENT, actor=actor)
    audit_record(actor=actor, action="portfolio.invited", obj=invitation, request=request)
    send_letter("portfolio_invitation", [portfolio.user.email], {
        "invitation": invitation, "path": reverse("portfolio:invitations")}, request=request)
    return invitation


@transaction.atomic
def invitation_answer(*, actor, invitation: PortfolioInvitation, accept: bool, answer: str = "",
                      request=None) -> PortfolioInvitation:
    """The learner accepts (the employer then sees the contacts) or declines; the employer's people get a letter."""
    invitation = PortfolioInvitation.objects.select_for_update().select_related("portfolio").get(pk=invitation.pk)
    _own_portfolio(actor, invitation.portfolio)
    if not invitation.is_waiting:
        raise PortfolioRefused(_("This invitation has already been answered."))
    invitation.answer = answer.strip()[:2000]
    invitation.answered_at = timezone.now()
    INVITATION_WORKFLOW.move(invitation, InvitationStatus.ACCEPTED if accept else InvitationStatus.DECLINED,
                             actor=actor, update_fields=("answer", "answered_at"))
    audit_record(actor=actor, action="portfolio.invitation_accepted" if accept else "portfolio.invitation_declined",
                 obj=invitation, request=request)
    recipients = [invitation.sent_by.email] if invitation.sent_by_id else []
    send_letter("portfolio_answer", recipients, {
        "invitation": invitation, "path": reverse("portfolio:detail", kwargs={"pk": invitation.portfolio_id})},
        request=request)
    return invitation
