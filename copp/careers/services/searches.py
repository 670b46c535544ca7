"""Saved vacancy searches: a citizen keeps the search's filters and gets new matches by e-mail (a scheduled job)."""
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from copp.core.access import has_capability
from copp.core.audit import audit_record
from copp.core.roles import Cap

from ..forms import FILTER_PARAMS, VacancyFilterForm
from ..models import SavedSearch
from ..notify import send_letter
from ..selectors import vacancies_filter, vacancies_public, with_list_data
from .vacancies import VacancyRefused

MAX_SEARCHES = 20
MAX_IN_LETTER = 10


def normalise_query(query: str) -> str:
    """Only the search's own parameters, in a fixed order, so the same search is saved once."""
    given = QueryDict(query or "")
    kept = QueryDict(mutable=True)
    for name in FILTER_PARAMS:
        value = given.get(name, "").strip()
        if value and not (name == "sort" and value == "new"):
            kept[name] = value[:200]
    return kept.urlencode()


def savedsearch_create(*, actor, name: str, query: str, request=None) -> SavedSearch:
    """Save the search; e-mails start with vacancies published from now on."""
    if not has_capability(actor, Cap.VACANCIES_RESPOND):
        raise PermissionDenied
    query = normalise_query(query)
    if not query:
        raise VacancyRefused(_("Choose a search word or a filter first: an empty search finds every vacancy."))
    if SavedSearch.objects.filter(user=actor).count() >= MAX_SEARCHES:
        raise VacancyRefused(_("You can keep at most %(n)d searches; delete one first.") % {"n": MAX_SEARCHES})
    try:
        with transaction.atomic():
            search = SavedSearch.objects.create(user=actor, name=(name or "").strip()[:200] or query[:200],
                                                query=query, notified_until=timezone.now())
            audit_record(actor=actor, action="careers.search_saved", obj=search, request=request)
    except IntegrityError:
        raise VacancyRefused(_("This search is already saved.")) from None
    return search


@transaction.atomic
def savedsearch_delete(*, actor, search: SavedSearch, request=None) -> None:
    if search.user_id != actor.pk:
        raise PermissionDenied
    audit_record(actor=actor, action="careers.search_deleted", obj=search, request=request)
    search.delete()


def matches_since(search: SavedSearch, until):
    """Vacancies of the saved search published after the last letter and up to `until`."""
    values = VacancyFilterForm(QueryDict(search.query)).values()
    qs = vacancies_filter(vacancies_public(), **values).filter(published_at__gt=search.notified_until,
                                                               published_at__lte=until)
    return with_list_data(qs).order_by("-published_at", "-pk")


def saved_searches_notify() -> int:
    """E-mail each citizen the new vacancies of each saved search (the scheduled job); returns letters sent."""
    now = timezone.now()
    sent = 0
    for search_id in (SavedSearch.objects.filter(notify=True, notified_until__lt=now)
                      .values_list("pk", flat=True).iterator()):
        with transaction.atomic():
            search = SavedSearch.objects.select_for_update(skip_locked=True).select_related("user").filter(
                pk=search_id).first()
            if search is None:
                continue
            found = list(matches_since(search, now)[:MAX_IN_LETTER + 1])
            if found and search.user.email and search.user.is_active:
                send_letter("saved_search", [search.user.email], {
                    "search": search, "vacancies": found[:MAX_IN_LETTER], "more": len(found) > MAX_IN_LETTER,
                    "path": reverse("careers:list") + "?" + search.query})
                sent += 1
            search.notified_until = now
            search.save(update_fields=["notified_until", "updated_at"])
    return sent
