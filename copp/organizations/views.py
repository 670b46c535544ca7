"""Views of the organisations app: sign-up (M5), the database of organisations (M16), the card with
verification, and the representative's own organisation."""
import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db import IntegrityError
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from copp.core import lists
from copp.core.access import has_capability, requires
from copp.core.jobs import rows_over_limit
from copp.core.roles import Cap
from copp.core.views import export_response
from copp.core.workflow import TransitionNotAllowed
from copp.directories.models import Competency, Municipality

from . import selectors
from .forms import FieldGroup, OrganizationSignupForm, RejectForm, VerifyForm
from .jobs import ORGANIZATIONS_EXPORT, filtered_organizations
from .models import OrganizationType, VerificationStatus
from .services import (
    SIGNUP_KINDS,
    RegistrationConflict,
    organization_register,
    organization_reject,
    organization_verify,
)
from .workflow import VERIFICATION

PAGE_SIZE = 25
SIGNUP_DRAFTS = "organization_signup"  # session: {kind: draft}
SIGNUP_DONE = "organization_signup_done"  # session: {kind: what the confirmation page shows}


# --- Sign-up: form -> «Проверьте данные» -> confirmation -----------------------------------------

def _signup_steps(current: int):
    labels = [_("Details"), _("Check"), _("Done")]
    return [{"number": i, "label": label, "current": i == current} for i, label in enumerate(labels, start=1)]


def _signup_url(kind: str, step: str = "") -> str:
    url = reverse("organizations:signup", args=[kind])
    return f"{url}?step={step}" if step else url


def _signup_title(kind: str) -> str:
    return {"customer": _("Employer sign-up"), "partner": _("Partner organisation sign-up"),
            "educational": _("Educational organisation sign-up")}[kind]


def _signup_context(kind: str, step: int, **extra):
    org_type = SIGNUP_KINDS[kind][0]
    other_kinds = [(k, _signup_title(k)) for k in SIGNUP_KINDS if k != kind]
    # The sign-in through Gosuslugi (or with a password) comes back here to register for that account.
    return {"kind": kind, "title": _signup_title(kind), "type_label": OrganizationType(org_type).label,
            "steps": _signup_steps(step), "step": step, "other_kinds": other_kinds,
            "signup_path": _signup_url(kind), "crumbs": [(_signup_title(kind), "")], **extra}


def _form_groups(form):
    return {"form": form, "summary": FieldGroup(form, summary=True),
            "organization_fields": FieldGroup(form, form.ORGANIZATION_FIELDS),
            "person_fields": FieldGroup(form, form.PERSON_FIELDS)}


def _drafts(request) -> dict:
    return dict(request.session.get(SIGNUP_DRAFTS) or {})


def _save_draft(request, kind: str, draft: dict | None):
    drafts = _drafts(request)
    if draft is None:
        drafts.pop(kind, None)
    else:
        drafts[kind] = draft
    request.session[SIGNUP_DRAFTS] = drafts


def _representative(request):
    """The signed-in user, who registers the organisation for themselves; None for a new account."""
    return request.user if request.user.is_authenticated else None


def _draft_fits(request, draft) -> bool:
    """A draft is registered only by whoever made it: signing in or out in between means the form again."""
    representative = _representative(request)
    return draft.get("user_id") == (representative.pk if representative is not None else None)


def _form_from_draft(request, kind: str, draft: dict) -> OrganizationSignupForm:
    """The draft as a bound form, so the checks run again and show what changed since step 1."""
    data = QueryDict(mutable=True)
    for field, value in OrganizationSignupForm.initial_from_draft(draft).items():
        if field == "competencies":
            data.setlist(field, [str(pk) for pk in value])
        elif field == "consent":
            data[field] = "on"
        elif value not in (None, ""):
            data[field] = str(value)
    return OrganizationSignupForm(data, kind=kind, keep_password=True, representative=_representative(request))


@login_not_required
@require_http_methods(["GET", "POST"])
def signup(request, kind):
    """Employer, partner or educational organisation sign-up, step by step (M5)."""
    if kind not in SIGNUP_KINDS:
        raise Http404
    step = request.GET.get("step", "")
    draft = _drafts(request).get(kind)
    # Signed in or out since the form: the organisation's details stay, the representative is asked again.
    fits = not draft or _draft_fits(request, draft)
    if step == "done":
        return _signup_done(request, kind)
    if step == "review":
        return _signup_review(request, kind, draft) if fits else redirect(_signup_url(kind))
    return _signup_form(request, kind, draft, refill=not fits)


def _signup_form(request, kind, draft, refill: bool = False):
    """Step 1; `refill` when the draft was made by someone else (before signing in or out)."""
    representative = _representative(request)
    keep_password = bool(draft and draft.get("password_hash") and not refill)
    if request.method == "POST":
        form = OrganizationSignupForm(request.POST, kind=kind, keep_password=keep_password,
                                      representative=representative)
        if form.is_valid():
            new_draft = form.to_draft(previous=draft)
            new_draft["token"] = secrets.token_hex(16)
            _save_draft(request, kind, new_draft)
            return redirect(_signup_url(kind, "review"))
    else:
        initial = OrganizationSignupForm.initial_from_draft(draft) if draft else None
        if initial and refill:  # another person's details are not offered to the one now signed in
            for field in ("last_name", "first_name", "patronymic", "phone", "email", "consent"):
                initial.pop(field, None)
        form = OrganizationSignupForm(kind=kind, keep_password=keep_password, initial=initial,
                                      representative=representative)
    return render(request, "organizations/signup_form.html", _signup_context(kind, 1, **_form_groups(form)))


def _review_rows(draft):
    org, person = draft["org"], draft["person"]
    municipality = Municipality.objects.filter(pk=org.get("municipality")).first()
    competencies = list(Competency.objects.filter(pk__in=draft.get("competencies") or [])
                        .order_by("name").values_list("name", flat=True))
    organization_rows = [
        (_("Type"), OrganizationType(SIGNUP_KINDS[draft["kind"]][0]).label),
        (_("Full name of the organisation"), org["name"]),
        (_("Short name"), org["short_name"]),
        (_("INN"), org["inn"]), (_("OGRN"), org["ogrn"]), (_("KPP"), org["kpp"]),
        (_("Legal address"), org["legal_address"]),
        (_("Municipality"), str(municipality) if municipality else ""),
        (_("Organisation phone"), org["phone"]), (_("Organisation e-mail"), org["email"]),
        (_("Website"), org["website"]),
        (_("Competencies"), ", ".join(competencies)),
    ]
    person_rows = [
        (_("Surname"), person["last_name"]), (_("Name"), person["first_name"]),
        (_("Patronymic"), person["patronymic"]), (_("Position"), person["position"]),
        (_("Phone"), person["phone"]),
    ]
    if draft.get("user_id"):
        person_rows.append((_("Account"), _("%(email)s (you are signed in)") % {"email": person["email"]}))
    else:
        person_rows += [(_("E-mail"), person["email"]), (_("Password"), _("chosen (not shown)"))]
    person_rows.append((_("Consent to personal data processing"), _("given")))
    return organization_rows, person_rows


def _signup_review(request, kind, draft):
    if not draft:
        if request.method == "POST" and kind in (request.session.get(SIGNUP_DONE) or {}):
            return redirect(_signup_url(kind, "done"))  # a repeated click after the registration
        return redirect(_signup_url(kind))
    if request.method == "POST":
        if request.POST.get("action") == "register":
            return _signup_register(request, kind, draft)
        return redirect(_signup_url(kind))  # «Изменить»
    organization_rows, person_rows = _review_rows(draft)
    return render(request, "organizations/signup_review.html", _signup_context(
        kind, 2, organization_rows=organization_rows, person_rows=person_rows,
        signed_in=bool(draft.get("user_id"))))


def _signup_finished(request, kind, organization, email, signed_in: bool):
    _save_draft(request, kind, None)
    done = dict(request.session.get(SIGNUP_DONE) or {})
    done[kind] = {"number": organization.pk, "name": organization.short_name, "email": email,
                  "signed_in": signed_in}
    request.session[SIGNUP_DONE] = done
    return redirect(_signup_url(kind, "done"))


def _signup_register(request, kind, draft):
    org_data, person = draft["org"], draft["person"]
    representative = _representative(request)
    signed_in = representative is not None
    try:
        organization = organization_register(
            request=request, kind=kind, org_data=org_data,
            person_data={**person, "password_hash": draft["password_hash"]},
            competencies=draft.get("competencies") or [], signup_token=draft.get("token", ""),
            existing_user=representative)
    except (RegistrationConflict, IntegrityError) as error:
        # A second click that queued behind the first one finds its own registration: show the result.
        mine = selectors.organization_registered_with_token(org_data["inn"], draft.get("token", ""))
        if mine is not None:
            return _signup_finished(request, kind, mine, person["email"], signed_in)
        form = _form_from_draft(request, kind, draft)
        if form.is_valid():  # the conflict vanished meanwhile (the other sign-up was rolled back)
            form.add_error(None, error.message if isinstance(error, RegistrationConflict)
                           else _("The registration could not be completed. Please try again."))
        return render(request, "organizations/signup_form.html",
                      _signup_context(kind, 1, **_form_groups(form)))
    return _signup_finished(request, kind, organization, person["email"], signed_in)


def _signup_done(request, kind):
    done = (request.session.get(SIGNUP_DONE) or {}).get(kind)
    if not done:
        return redirect(_signup_url(kind))
    return render(request, "organizations/signup_done.html", _signup_context(kind, 3, done=done))


# --- The database of organisations (M16) ---------------------------------------------------------

def _filtered(request):
    return filtered_organizations(request.user, request.GET)


# Query parameters shown as chips, their keys among the filter's values and their chip labels.
LIST_CHIPS = {"q": "text", "type": "org_type", "status": "status", "municipality": "municipality",
              "competency": "competency"}
LIST_CHIP_LABELS = {"q": gettext_lazy("Search text")}


@requires(Cap.ORGANIZATIONS_BROWSE)
@require_GET
def organization_list(request):
    """The database of organisations: search, filters, sorting, pages (M16)."""
    form, values, qs = _filtered(request)
    page = lists.page_of(request, selectors.with_member_counts(qs), PAGE_SIZE)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "organizations/list.html", {
        "crumbs": [(_("Cabinet"), reverse("portal:cabinet")), (_("Database of organisations"), "")],
        "filter_form": form, "organizations": page.object_list, **lists.list_context(page),
        "chips": lists.chips(request, form, values, LIST_CHIPS, url=reverse("organizations:list"),
                             labels=LIST_CHIP_LABELS),
        "sort": values["sort"], "sort_choices": form.fields["sort"].choices,
        "can_export": has_capability(request.user, Cap.ORGANIZATIONS_EXPORT),
        "export_query": query.urlencode(),
    })


@requires(Cap.ORGANIZATIONS_EXPORT)
@require_GET
def organization_export(request):
    """The filtered rows of the database as an Excel file; a big one is prepared in the background."""
    _form, _values, qs = _filtered(request)
    return export_response(request, ORGANIZATIONS_EXPORT, rows=rows_over_limit(qs))


# --- The card and verification -------------------------------------------------------------------

def _history_label(action: str) -> str:
    return {
        "organization.registered": _("Registered on the platform"),
        "organization.verified": _("Organisation verified"),
        "organization.rejected": _("Verification refused"),
    }.get(action, action)


def _detail(request, organization, *, verify_form=None, reject_form=None, status=200):
    targets = VERIFICATION.targets(organization.verification_status, request.user)
    history = list(selectors.organization_history(organization)[:50])
    for entry in history:
        entry.label = _history_label(entry.action)
    return render(request, "organizations/detail.html", {
        "crumbs": [(_("Cabinet"), reverse("portal:cabinet")),
                   (_("Database of organisations"), reverse("organizations:list")),
                   (organization.short_name, "")],
        "organization": organization,
        "members": selectors.members_of(organization),
        "history": history,
        "can_verify": VerificationStatus.VERIFIED in targets,
        "can_reject": VerificationStatus.REJECTED in targets,
        "verify_form": verify_form or VerifyForm(prefix="verify"),
        "reject_form": reject_form or RejectForm(prefix="reject"),
    }, status=status)


def _visible_organization(request, pk):
    qs = selectors.organizations_visible_to(request.user).select_related("verified_by") \
        .prefetch_related("competencies")
    return get_object_or_404(qs, pk=pk)


@requires(Cap.ORGANIZATIONS_BROWSE)
@require_GET
def organization_detail(request, pk):
    return _detail(request, _visible_organization(request, pk))


def _decide(request, pk, form_class, prefix, service, success):
    organization = _visible_organization(request, pk)
    form = form_class(request.POST, prefix=prefix)
    if not form.is_valid():
        return _detail(request, organization, status=400, **{f"{prefix}_form": form})
    try:
        service(actor=request.user, organization=organization, comment=form.cleaned_data["comment"],
                request=request)
    except TransitionNotAllowed as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)
    return redirect("organizations:detail", pk=organization.pk)


@requires(Cap.ORGANIZATIONS_VERIFY)
@require_POST
def organization_verify_view(request, pk):
    return _decide(request, pk, VerifyForm, "verify", organization_verify,
                   _("The organisation has been verified. We have sent an e-mail to its representatives."))


@requires(Cap.ORGANIZATIONS_VERIFY)
@require_POST
def organization_reject_view(request, pk):
    return _decide(request, pk, RejectForm, "reject", organization_reject,
                   _("Verification has been refused. We have sent the reason to the organisation's "
                     "representatives."))


# --- The representative's own organisation -------------------------------------------------------

@requires(Cap.OWN_ORGANIZATION)
@require_GET
def own(request):
    """The organisations the user represents: card, verification status, members."""
    return render(request, "organizations/own.html", {"memberships": selectors.own_memberships(request.user)})
