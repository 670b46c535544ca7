"""Pages of the accounts app: profile, «Мои данные» with JSON download and consent withdrawal (152-ФЗ),
accepting an invitation."""
import json

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from copp.core.access import requires
from copp.core.audit import audit_record
from copp.core.personal_data import REGISTRY, export_subject
from copp.core.roles import Cap

from .forms import ConsentWithdrawForm, InvitationForm, ProfileForm
from .services import (
    account_erasure_date,
    consent_text_current,
    consent_withdraw,
    invitation_accept,
    invitation_user,
    profile_update,
)


def field_label(model, path: str) -> str:
    """The verbose name at the end of a lookup path such as "text__title"."""
    *relations, name = path.split("__")
    for relation in relations:
        model = model._meta.get_field(relation).related_model
    return str(model._meta.get_field(name).verbose_name)


@requires(Cap.MY_DATA)
@require_http_methods(["GET", "POST"])
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        profile_update(user=request.user, changes={f: form.cleaned_data[f] for f in form.changed_data},
                       request=request)
        messages.success(request, _("Your profile has been saved."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


@requires(Cap.MY_DATA)
@require_GET
def my_data(request):
    """Everything the platform stores about the user, by purpose, with consents (152-ФЗ)."""
    data = export_subject(request.user)
    sections = [
        {"purpose": entry.purpose, "label": entry.model._meta.verbose_name_plural,
         "fields": [field_label(entry.model, path) for path in entry.fields],
         "keys": list(entry.fields), "rows": data[entry.model._meta.label]}
        for entry in REGISTRY
    ]
    audit_record(actor=request.user, action="personal_data.viewed", obj=request.user, request=request)
    return render(request, "accounts/my_data.html", {"sections": sections,
                                                     "consents": request.user.consents.select_related("text")})


@requires(Cap.MY_DATA)
@require_GET
def my_data_download(request):
    payload = {"exported_at": timezone.now().isoformat(), "data": export_subject(request.user)}
    audit_record(actor=request.user, action="personal_data.exported", obj=request.user, request=request)
    response = HttpResponse(json.dumps(payload, ensure_ascii=False, indent=2, default=str),
                            content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-data.json"'
    return response


@requires(Cap.MY_DATA)
@require_http_methods(["GET", "POST"])
def consent_withdraw_page(request):
    """Withdraw consent and ask for erasure (152-ФЗ): GET says what will happen, POST with the box ticked does it,
    signs the user out and shows what comes next."""
    form = ConsentWithdrawForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        erasure = consent_withdraw(user=request.user, request=request)
        logout(request)
        return render(request, "accounts/consent_withdrawn.html", {"erasure": erasure})
    return render(request, "accounts/consent_withdraw.html",
                  {"form": form, "due": account_erasure_date(request.user)}, status=400 if form.errors else 200)


@login_not_required
@require_http_methods(["GET", "POST"])
def invitation(request, uidb36, key):
    """An invited person (a learner sent by an organisation, or anyone the administrator made an account for)
    sets a password and consents, then is signed in; the e-mail counts as confirmed."""
    user = invitation_user(uidb36, key)
    if user is None or request.user.is_authenticated:
        return render(request, "accounts/invitation.html", {"invalid": user is None})
    form = InvitationForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        invitation_accept(user=user, password=form.cleaned_data["new_password1"], request=request)
        login(request, user, backend="allauth.account.auth_backends.AuthenticationBackend")
        messages.success(request, _("Your password has been set. Welcome to the platform!"))
        return redirect("portal:cabinet")
    return render(request, "accounts/invitation.html", {"form": form, "invited": user,
                                                        "consent_text": consent_text_current()},
                  status=400 if form.errors else 200)
