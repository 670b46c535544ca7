"""In-app notifications of the cabinet: the list and marking them read."""
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from copp.core import lists
from copp.core.access import requires
from copp.core.roles import Cap

from .. import selectors, services


@requires(Cap.CABINET)
@require_GET
def notifications(request):
    page = lists.page_of(request, selectors.notifications_of(request.user), 30)
    return render(request, "admissions/notifications.html", {
        "page_obj": page, "notifications": page.object_list, "unread": selectors.unread_count(request.user),
        "crumbs": [(_("Cabinet"), reverse("portal:cabinet")), (_("Notifications"), "")]})


@requires(Cap.CABINET)
@require_POST
def notifications_read(request):
    """Mark one notification (pk) or all as read, then go to its link or back to the list."""
    pk = request.POST.get("pk")
    services.notifications_mark_read(user=request.user, pk=int(pk) if pk and pk.isdigit() else None)
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("admissions:notifications")
