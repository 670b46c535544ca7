"""Public pages (home, policy, accessibility), the cabinet shell, role switch, error pages."""
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from copp.core.access import requires, roles_of
from copp.core.middleware import ACTIVE_ROLE_KEY
from copp.core.roles import Cap, Role

from . import accessibility, dashboards, selectors


@login_not_required
@require_GET
def home(request):
    return render(request, "portal/home.html", selectors.home_facts())


@login_not_required
@require_GET
def privacy_policy(request):
    return render(request, "portal/privacy_policy.html", {"consent": selectors.current_consent()})


@login_not_required
@require_GET
def accessibility_statement(request):
    return render(request, "portal/accessibility_statement.html")


def _safe_next(request, fallback="/"):
    target = request.POST.get("next") or request.GET.get("next") or fallback
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        target = fallback
    return target


@login_not_required
@require_http_methods(["GET", "POST"])
def accessibility_settings(request):
    """The low-vision panel; GET ?enable=1 / ?disable=1 toggles it from the header link."""
    current = accessibility.a11y_settings(request)
    if request.method == "POST":
        new = accessibility.A11ySettings(
            enabled=request.POST.get("enabled", "1") == "1",
            font=request.POST.get("font", current.font),
            scheme=request.POST.get("scheme", current.scheme),
            images=request.POST.get("images", "1") == "1",
        )
        new = accessibility.parse(new.to_cookie())  # drop values outside the allowed sets
    elif "enable" in request.GET or "disable" in request.GET:
        new = accessibility.A11ySettings(enabled="enable" in request.GET, font="large" if "enable" in request.GET
                                         else "normal", scheme="black-on-white" if "enable" in request.GET
                                         else "normal")
    else:
        return render(request, "portal/accessibility_settings.html",
                      {"font_sizes": accessibility.FONT_SIZES, "schemes": accessibility.SCHEMES,
                       "next": _safe_next(request)})
    response = HttpResponseRedirect(_safe_next(request))
    response.set_cookie(accessibility.COOKIE, new.to_cookie(), max_age=365 * 24 * 3600, samesite="Lax")
    return response


@requires(Cap.CABINET)
@require_GET
def cabinet(request):
    role = request.active_role
    context = {"panels": dashboards.panels_for(request.user, role)}
    return render(request, "portal/cabinet.html", context)


@require_POST
@requires(Cap.CABINET)
def role_switch(request):
    role = request.POST.get("role", "")
    if role not in roles_of(request.user):
        messages.error(request, _("You do not hold this role."))
    else:
        request.session[ACTIVE_ROLE_KEY] = role
        messages.success(request, _("You are now in the cabinet of the role «%(role)s».") % {"role": Role(role).label})
    return redirect("portal:cabinet")


# Under /api/ an error is JSON, as the schema promises, also for an address no route matches (issue 14).
API_ERRORS = {403: gettext_lazy("You do not have permission to perform this action."),
              404: gettext_lazy("Not found."), 500: gettext_lazy("Server error.")}


def _api_error(request, status):
    from django.http import JsonResponse

    if request.path.startswith("/api/"):
        return JsonResponse({"detail": str(API_ERRORS[status])}, status=status)
    return None


def _error(request, template, status):
    return _api_error(request, status) or render(request, template, status=status)


@login_not_required
def error_403(request, exception=None):
    return _error(request, "403.html", 403)


@login_not_required
def error_404(request, exception=None):
    return _error(request, "404.html", 404)


@login_not_required
def error_500(request):
    api = _api_error(request, 500)
    if api is not None:
        return api
    # No context processors that touch the database: the database may be what failed.
    from django.http import HttpResponseServerError
    from django.template import loader

    return HttpResponseServerError(loader.get_template("500.html").render(
        {"csp_nonce": getattr(request, "csp_nonce", "")}))
