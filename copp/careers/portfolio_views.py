"""Pages of the portfolios (M24, M28): the learner's portfolio, own items, sharing and the consent to
distribution, the view log and invitations; the PDF, the printable page and the public check page; the personal
link; the employers' search, a candidate's page, saved candidates and invitations."""
import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from copp.accounts.models import ConsentKind
from copp.accounts.services import consent_text_current
from copp.core import lists
from copp.core.access import requires
from copp.core.links import absolute_url
from copp.core.roles import Cap

from . import portfolio_selectors as ps
from .models import PortfolioInvitation, PortfolioItem, Section, ViewChannel, Visibility
from .portfolio_forms import AboutForm, AnswerForm, InviteForm, ItemForm, SearchForm, SharingForm
from .portfolio_pdf import portfolio_pdf
from .services.portfolios import (
    PortfolioRefused,
    candidate_forget,
    candidate_save,
    check_link_renew,
    distribution_withdraw,
    invitation_answer,
    invitation_send,
    item_delete,
    item_save,
    item_toggle,
    portfolio_about_save,
    portfolio_of,
    portfolio_refresh,
    portfolio_share,
    view_record,
)

PAGE_SIZE = 20
LOG_SIZE = 25
SEARCH_CHIPS = {"competency": "competency", "level": "level", "profession": "profession",
                "municipality": "municipality", "program": "program", "completed_from": "completed_from",
                "completed_to": "completed_to"}


def _posted(request):
    return request.POST if request.method == "POST" else None


def _mine(request):
    return [(_("My portfolio"), reverse("portfolio:mine"))]


def _check_url(request, portfolio) -> str:
    return absolute_url(reverse("portfolio:check", kwargs={"token": portfolio.check_token}), request)


# ---- the learner ---------------------------------------------------------------------------------------------

@require_GET
@requires(Cap.PORTFOLIO_OWN)
def mine(request):
    """The learner's portfolio: confirmed and own items with show/hide, who sees it, the latest views and
    invitations."""
    portfolio = portfolio_refresh(request.user)
    items = list(portfolio.items.order_by("-is_confirmed", "kind", "-date", "-pk"))
    return render(request, "careers/portfolio/mine.html", {
        "crumbs": [(_("My portfolio"), "")], "portfolio": portfolio,
        "confirmed": [i for i in items if i.is_confirmed], "own": [i for i in items if not i.is_confirmed],
        "views": list(ps.views_of(portfolio)[:5]), "invitations": list(ps.invitations_of(portfolio)[:5]),
        "link_url": absolute_url(reverse("portfolio:link", kwargs={"token": portfolio.link_token}), request)
        if portfolio.link_is_live else "",
        "sections": [(value, label, portfolio.shows(value)) for value, label in Section.choices],
    })


@require_http_methods(["GET", "POST"])
@requires(Cap.PORTFOLIO_OWN)
def about(request):
    portfolio = portfolio_of(request.user)
    form = AboutForm(_posted(request), instance=portfolio)
    if request.method == "POST" and form.is_valid():
        portfolio_about_save(actor=request.user, form=form, request=request)
        messages.success(request, _("Saved."))
        return redirect("portfolio:mine")
    return render(request, "careers/portfolio/form.html", {
        "crumbs": _mine(request) + [(_("About me"), "")], "form": form, "title": _("About me")},
        status=400 if form.is_bound else 200)


def _item_page(request, form, item=None):
    return render(request, "careers/portfolio/form.html", {
        "crumbs": _mine(request) + [(item.title if item else _("New item"), "")], "form": form,
        "title": item.title if item else _("New item"), "multipart": True},
        status=400 if form.is_bound else 200)


@require_http_methods(["GET", "POST"])
@requires(Cap.PORTFOLIO_OWN)
def item_add(request):
    portfolio = portfolio_of(request.user)
    form = ItemForm(_posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            item_save(actor=request.user, portfolio=portfolio, form=form, request=request)
        except PortfolioRefused as error:
            form.add_error("file", str(error))
        else:
            messages.success(request, _("The item is added. It is marked as self-declared."))
            return redirect("portfolio:mine")
    return _item_page(request, form)


def _own_item(request, pk) -> PortfolioItem:
    return get_object_or_404(PortfolioItem.objects.select_related("portfolio"), pk=pk,
                             portfolio__user=request.user)


@require_http_methods(["GET", "POST"])
@requires(Cap.PORTFOLIO_OWN)
def item_edit(request, pk):
    """A self-declared item's form; a confirmed one is refused (it comes from the platform's records)."""
    item = _own_item(request, pk)
    if item.is_confirmed:
        messages.error(request, _("A confirmed item comes from the platform's records and cannot be changed; "
                                  "you can only hide it."))
        return redirect("portfolio:mine")
    form = ItemForm(_posted(request), request.FILES or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            item_save(actor=request.user, portfolio=item.portfolio, form=form, request=request)
        except PortfolioRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Saved."))
            return redirect("portfolio:mine")
    return _item_page(request, form, item)


@require_POST
@requires(Cap.PORTFOLIO_OWN)
def item_show(request, pk):
    item = item_toggle(actor=request.user, item=_own_item(request, pk), request=request)
    messages.success(request, _("The item is shown.") if item.is_shown else _("The item is hidden."))
    return redirect("portfolio:mine")


@require_POST
@requires(Cap.PORTFOLIO_OWN)
def item_remove(request, pk):
    try:
        item_delete(actor=request.user, item=_own_item(request, pk), request=request)
    except PortfolioRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The item is deleted."))
    return redirect("portfolio:mine")


@require_http_methods(["GET", "POST"])
@requires(Cap.PORTFOLIO_OWN)
def sharing(request):
    """Who sees the portfolio; anything but «only me» needs the consent to distribution (152-ФЗ), whose current
    text is shown here with the sections to tick."""
    portfolio = portfolio_of(request.user)
    initial = {"visibility": portfolio.visibility, "allowed": portfolio.allowed or list(Section.values),
               "link_expires_on": portfolio.link_expires_on or timezone.localdate() + datetime.timedelta(days=30)}
    form = SharingForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            portfolio_share(actor=request.user, portfolio=portfolio, visibility=data["visibility"],
                            allowed=data["allowed"], link_expires_on=data.get("link_expires_on"), request=request)
        except PortfolioRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The portfolio is private now.") if data["visibility"] == Visibility.PRIVATE
                             else _("The portfolio is open: your consent to distribution is recorded."))
            return redirect("portfolio:mine")
    return render(request, "careers/portfolio/sharing.html", {
        "crumbs": _mine(request) + [(_("Who sees the portfolio"), "")], "form": form, "portfolio": portfolio,
        "consent_text": consent_text_current(ConsentKind.DISTRIBUTION)}, status=400 if form.is_bound else 200)


@require_POST
@requires(Cap.PORTFOLIO_OWN)
def withdraw(request):
    distribution_withdraw(actor=request.user, portfolio=portfolio_of(request.user), request=request)
    messages.success(request, _("The consent to distribution is withdrawn: employers no longer see the portfolio "
                                "and the personal link no longer works."))
    return redirect("portfolio:mine")


@require_POST
@requires(Cap.PORTFOLIO_OWN)
def check_renew(request):
    check_link_renew(actor=request.user, portfolio=portfolio_of(request.user), request=request)
    messages.success(request, _("A new check code is made: PDFs printed before are no longer confirmed."))
    return redirect("portfolio:mine")


def _export_context(request, portfolio):
    items = list(portfolio.items.filter(is_shown=True).order_by("-is_confirmed", "kind", "-date", "-pk"))
    return {"portfolio": portfolio, "user": portfolio.user, "items": items, "check_url": _check_url(request, portfolio),
            "today": timezone.localdate()}


@require_GET
@requires(Cap.PORTFOLIO_OWN)
def pdf(request):
    """The portfolio as PDF: shown items only, with a QR code and the check link of the confirmed ones."""
    portfolio = portfolio_refresh(request.user)
    response = HttpResponse(portfolio_pdf(_export_context(request, portfolio)), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="portfolio.pdf"'
    return response


@require_GET
@requires(Cap.PORTFOLIO_OWN)
def printable(request):
    portfolio = portfolio_refresh(request.user)
    return render(request, "careers/portfolio/print.html", _export_context(request, portfolio))


@require_GET
@requires(Cap.PORTFOLIO_OWN)
def view_log(request):
    portfolio = portfolio_of(request.user)
    page = lists.page_of(request, ps.views_of(portfolio), LOG_SIZE)
    return render(request, "careers/portfolio/views.html", {
        "crumbs": _mine(request) + [(_("Who viewed the portfolio"), "")], "views": page.object_list,
        **lists.list_context(page)})


@require_GET
@requires(Cap.PORTFOLIO_OWN)
def invitations(request):
    portfolio = portfolio_of(request.user)
    page = lists.page_of(request, ps.invitations_of(portfolio), PAGE_SIZE)
    return render(request, "careers/portfolio/invitations.html", {
        "crumbs": _mine(request) + [(_("Invitations from employers"), "")], "invitations": page.object_list,
        "answer_form": AnswerForm(), **lists.list_context(page)})


@require_POST
@requires(Cap.PORTFOLIO_OWN)
def answer(request, pk):
    invitation = get_object_or_404(PortfolioInvitation, pk=pk, portfolio__user=request.user)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The answer is too long or holds hidden characters."))
        return redirect("portfolio:invitations")
    try:
        invitation_answer(actor=request.user, invitation=invitation, accept=form.cleaned_data["accept"],
                          answer=form.cleaned_data["answer"], request=request)
    except PortfolioRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The invitation is accepted: the employer sees your contacts now.")
                         if form.cleaned_data["accept"] else _("The invitation is declined."))
    return redirect("portfolio:invitations")


# ---- public: the personal link and the check page --------------------------------------------------------------

@login_not_required
@require_GET
def by_link(request, token):
    """The portfolio by its personal link: only while the consent lives, the visibility is «by link» and the
    date has not passed."""
    portfolio = ps.portfolio_by_link(token)
    if portfolio is None or not portfolio.link_is_live:
        raise Http404
    view_record(portfolio=portfolio, viewer=request.user if request.user.is_authenticated else None,
                channel=ViewChannel.LINK)
    return render(request, "careers/portfolio/public.html", {
        "crumbs": [(_("Portfolio"), "")], "portfolio": portfolio, "items": list(ps.shown_items(portfolio)),
        "about": portfolio.shows(Section.ABOUT)})


@login_not_required
@require_GET
def check(request, token):
    """The check page of a PDF: confirms the CoPP-confirmed items the learner shows."""
    portfolio = ps.portfolio_by_check(token)
    if portfolio is None:
        raise Http404
    return render(request, "careers/portfolio/check.html", {
        "crumbs": [(_("Portfolio check"), "")], "portfolio": portfolio,
        "items": list(ps.confirmed_shown(portfolio)), "today": timezone.localdate()})


# ---- employers -------------------------------------------------------------------------------------------------

def _searcher(request):
    if not ps.may_search(request.user):
        raise PermissionDenied
    return ps.employer_of(request.user)


@require_GET
@requires(Cap.PORTFOLIOS_SEARCH)
def search(request):
    """Open portfolios by competency, level, profession, municipality, completion period and program; keyset
    pages; the same number of queries at any size."""
    organization = _searcher(request)
    form = SearchForm(request.GET or None)
    values = form.values()
    qs = ps.portfolios_search(ps.portfolios_open(), **values)
    page = ps.keyset_page(ps.with_card_data(qs), cursor=request.GET.get("after", "")[:40], size=PAGE_SIZE)
    return render(request, "careers/portfolio/search.html", {
        "crumbs": [(_("Candidates' portfolios"), "")], "filter_form": form, "portfolios": page.rows, "page": page,
        "chips": lists.chips(request, form, values, SEARCH_CHIPS, url=reverse("portfolio:search"),
                             dropped=("after",)),
        "organization": organization})


def _visible_portfolio(request, pk):
    return get_object_or_404(ps.portfolios_open().select_related("user", "profession", "municipality"), pk=pk)


@require_GET
@requires(Cap.PORTFOLIOS_SEARCH)
def detail(request, pk):
    """A candidate's portfolio as the consent allows; every view is logged for the learner."""
    organization = _searcher(request)
    portfolio = _visible_portfolio(request, pk)
    view_record(portfolio=portfolio, viewer=request.user, organization=organization,
                channel=ViewChannel.EMPLOYER if organization else ViewChannel.STAFF)
    return render(request, "careers/portfolio/detail.html", {
        "crumbs": [(_("Candidates' portfolios"), reverse("portfolio:search")), (str(portfolio.user), "")],
        "portfolio": portfolio, "items": list(ps.shown_items(portfolio)), "about": portfolio.shows(Section.ABOUT),
        "organization": organization, "contacts": ps.contacts_open_to(portfolio, organization),
        "saved": ps.is_saved(portfolio, organization),
        "sent": list(ps.invitations_of(portfolio).filter(organization=organization)) if organization else []})


@require_POST
@requires(Cap.PORTFOLIOS_INVITE)
def save(request, pk):
    organization = _searcher(request)
    portfolio = _visible_portfolio(request, pk)
    if ps.is_saved(portfolio, organization):
        candidate_forget(actor=request.user, organization=organization, portfolio=portfolio, request=request)
        messages.success(request, _("The candidate is removed from the saved ones."))
    else:
        candidate_save(actor=request.user, organization=organization, portfolio=portfolio, request=request)
        messages.success(request, _("The candidate is saved."))
    return redirect("portfolio:detail", pk=pk)


@require_http_methods(["GET", "POST"])
@requires(Cap.PORTFOLIOS_INVITE)
def invite(request, pk):
    organization = _searcher(request)
    portfolio = _visible_portfolio(request, pk)
    form = InviteForm(_posted(request), vacancies=ps.vacancies_to_invite(organization))
    if request.method == "POST" and form.is_valid():
        try:
            invitation_send(actor=request.user, organization=organization, portfolio=portfolio,
                            message=form.cleaned_data["message"], vacancy=form.cleaned_data["vacancy"],
                            request=request)
        except PortfolioRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The invitation is sent. The candidate's contacts will be shown once they "
                                        "accept it."))
            return redirect("portfolio:detail", pk=pk)
    return render(request, "careers/portfolio/invite.html", {
        "crumbs": [(_("Candidates' portfolios"), reverse("portfolio:search")),
                   (str(portfolio.user), reverse("portfolio:detail", kwargs={"pk": pk})), (_("Invitation"), "")],
        "form": form, "portfolio": portfolio}, status=400 if form.is_bound else 200)


@require_GET
@requires(Cap.PORTFOLIOS_INVITE)
def saved(request):
    organization = _searcher(request)
    page = lists.page_of(request, ps.saved_candidates(organization), PAGE_SIZE)
    return render(request, "careers/portfolio/saved.html", {
        "crumbs": [(_("Saved candidates"), "")], "saved": page.object_list, **lists.list_context(page),
        "sent": list(ps.invitations_sent_by(organization)[:20])})

