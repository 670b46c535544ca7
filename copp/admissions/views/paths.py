"""A learner builds their own path from library modules and applies with it (D4): the choice lives in the
session until sent; totals and competencies update as modules are added (htmx swaps the summary)."""
import secrets

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from copp.core import lists
from copp.core.access import requires
from copp.core.roles import Cap
from copp.directories.models import Competency
from copp.programs.selectors import library_filter, modules_open_for_paths

from ..services.paths import PATH_MODULES_MAX, path_apply, path_modules

PATH = "learning_path"  # session: [module ids]
TOKEN = "learning_path_token"
PAGE_SIZE = 12


class PathFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Search words"), required=False, max_length=100)
    competency = forms.ModelChoiceField(label=gettext_lazy("Competency"), required=False,
                                        empty_label=gettext_lazy("Any competency"),
                                        queryset=Competency.objects.filter(is_active=True).order_by("name"),
                                        widget=forms.Select(attrs={"class": "form-select", "id": "path-competency"}))


class PathApplyForm(forms.Form):
    comment = forms.CharField(label=gettext_lazy("Comment to the application"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 2}),
                              help_text=gettext_lazy("For example, when and how you would like to study."))
    consent = forms.BooleanField(
        label=gettext_lazy("I agree to the processing of my personal data for this application"),
        error_messages={"required": gettext_lazy("Without consent we cannot accept the application.")})


def _chosen(request) -> list[int]:
    return [int(x) for x in request.session.get(PATH, []) if str(x).isdigit()]


@requires(Cap.APPLICATIONS_APPLY)
@require_http_methods(["GET", "POST"])
def path_builder(request):
    """Pick modules open for individual paths, see the total hours and the competencies, and apply."""
    chosen = _chosen(request)
    apply_form = PathApplyForm()
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        module = request.POST.get("module", "")
        if action == "add" and module.isdigit():
            if int(module) not in chosen and len(chosen) >= PATH_MODULES_MAX:
                messages.error(request, _("A path holds at most %(max)d modules.") % {"max": PATH_MODULES_MAX})
            elif int(module) not in chosen and modules_open_for_paths().filter(pk=int(module)).exists():
                chosen.append(int(module))
        elif action == "remove" and module.isdigit():
            chosen = [pk for pk in chosen if pk != int(module)]
        elif action == "apply":
            apply_form = PathApplyForm(request.POST)
            if apply_form.is_valid():
                token = request.session.setdefault(TOKEN, secrets.token_hex(16))
                try:
                    application = path_apply(actor=request.user, module_ids=chosen, token=token, request=request,
                                             **apply_form.cleaned_data)
                except ValidationError as error:
                    messages.error(request, " ".join(error.messages))
                    status = 400
                else:
                    request.session.pop(PATH, None)
                    request.session.pop(TOKEN, None)
                    messages.success(request, _("Application № %(number)s has been sent. The CoPP will offer you an "
                                                "individual plan or a group; we will tell you by e-mail.")
                                     % {"number": application.number})
                    return redirect("admissions:my_detail", pk=application.pk)
            else:
                status = 400
        else:
            messages.error(request, _("The request was not understood: reload the page and try again."))
            status = 400
        request.session[PATH] = chosen
        if status == 200 and not request.headers.get("HX-Request"):
            return redirect(f"{reverse('admissions:path')}?{request.GET.urlencode()}")
    form = PathFilterForm(request.GET or None)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    qs = library_filter(modules_open_for_paths(), text=(data.get("q") or "").strip(),
                        competency=data.get("competency")).exclude(pk__in=chosen)
    page = lists.page_of(request, qs, PAGE_SIZE)
    selected = path_modules(chosen)
    competencies = sorted({c.name for m in selected for c in m.competencies.all()})
    template = "admissions/includes/path_area.html" if request.headers.get("HX-Request") else "admissions/path.html"
    return render(request, template, {
        "crumbs": [(_("Cabinet"), reverse("portal:cabinet")), (_("My learning path"), "")],
        "filter_form": form, "modules": page.object_list, **lists.list_context(page), "selected": selected,
        "total": sum(m.total_hours for m in selected), "competencies": competencies, "apply_form": apply_form,
        "max": PATH_MODULES_MAX, "query": request.GET.urlencode(),
    }, status=status)
