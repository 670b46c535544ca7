"""Rows of the access matrix (tests/test_access_matrix.py) for the careers app. Own vacancies belong to the
first customer (employer) organisation of the world, so the second customer (an outsider) gets 404; published
vacancies are public; CoPP staff moderate every own vacancy and run imports."""
from django.urls import NoReverseMatch, reverse

from copp.core.roles import Role
from copp.organizations.models import OrganizationType
from tests.access import PUBLIC, Route, accepts

from .factories import make_consultation, make_portfolio, make_run, make_search, make_vacancy

EMPLOYER = frozenset({Role.CUSTOMER})
CITIZEN = frozenset({Role.LEARNER})
STAFF = frozenset({Role.STAFF})
IMPORTERS = frozenset({Role.STAFF, Role.ADMIN})
MARKET = frozenset({Role.STAFF, Role.COORDINATOR, Role.ADMIN})
SEARCHERS = frozenset({Role.STAFF, Role.CUSTOMER})  # CoPP staff and verified employers search portfolios
OPEN_TO_ALL = "an open portfolio is shown to every verified employer and to CoPP staff"


def own_vacancy(status):
    return lambda w: {"pk": make_vacancy(w.orgs[OrganizationType.CUSTOMER][0], status=status).pk}


def learner_search(world):
    return {"pk": make_search(world.users[Role.LEARNER][0]).pk}


def learner_item(world):
    portfolio = make_portfolio(world.users[Role.LEARNER][0], visibility="private")
    return {"pk": portfolio.items.first().pk}


def learner_invitation(world):
    from copp.careers.models import PortfolioInvitation

    portfolio = make_portfolio(world.users[Role.LEARNER][0])
    invitation = PortfolioInvitation.objects.create(portfolio=portfolio, message="Приглашаем",
                                                    organization=world.orgs[OrganizationType.CUSTOMER][0])
    return {"pk": invitation.pk}


def open_portfolio(world):
    return {"pk": make_portfolio(world.users[Role.LEARNER][0]).pk}


def link_token(world):
    return {"token": make_portfolio(world.users[Role.LEARNER][0], visibility="link").link_token}


def check_token(world):
    return {"token": make_portfolio(world.users[Role.LEARNER][0], visibility="private").check_token}


PORTFOLIO_ROUTES = {
    "portfolio:mine": Route(CITIZEN),
    "portfolio:about": Route(CITIZEN, also=accepts((302,), "post")),
    "portfolio:item_add": Route(CITIZEN, also=accepts((400,), "post")),
    "portfolio:item_edit": Route(CITIZEN, kwargs=learner_item, owner=Role.LEARNER, also=accepts((400,), "post")),
    "portfolio:item_show": Route(CITIZEN, method="post", kwargs=learner_item, owner=Role.LEARNER, ok=(302,)),
    "portfolio:item_delete": Route(CITIZEN, method="post", kwargs=learner_item, owner=Role.LEARNER, ok=(302,)),
    "portfolio:sharing": Route(CITIZEN, also=accepts((400,), "post")),
    "portfolio:withdraw": Route(CITIZEN, method="post", ok=(302,)),
    "portfolio:check_renew": Route(CITIZEN, method="post", ok=(302,)),
    "portfolio:pdf": Route(CITIZEN),
    "portfolio:print": Route(CITIZEN),
    "portfolio:views": Route(CITIZEN),
    "portfolio:invitations": Route(CITIZEN),
    "portfolio:answer": Route(CITIZEN, method="post", kwargs=learner_invitation, owner=Role.LEARNER, ok=(302,)),
    "portfolio:link": Route(PUBLIC, kwargs=link_token, no_outsider="anyone with the learner's link may open it"),
    "portfolio:check": Route(PUBLIC, kwargs=check_token, no_outsider="the PDF's check page is public by design"),
    "portfolio:search": Route(SEARCHERS),
    "portfolio:detail": Route(SEARCHERS, kwargs=open_portfolio, no_outsider=OPEN_TO_ALL),
    "portfolio:save": Route(EMPLOYER, method="post", kwargs=open_portfolio, ok=(302,), no_outsider=OPEN_TO_ALL),
    "portfolio:invite": Route(EMPLOYER, kwargs=open_portfolio, also=accepts((400,), "post"), no_outsider=OPEN_TO_ALL),
    "portfolio:saved": Route(EMPLOYER),
}

ROUTES = {
    "careers:list": Route(PUBLIC),
    "careers:detail": Route(PUBLIC, kwargs=own_vacancy("published")),
    "careers:for_competencies": Route(PUBLIC, data={"competency": "1"}),
    "careers:respond": Route(CITIZEN, method="post", kwargs=own_vacancy("published"), ok=(302,),
                             no_outsider="a published vacancy is open to every citizen"),
    "careers:my_searches": Route(CITIZEN),
    "careers:search_save": Route(CITIZEN, method="post", data={"name": "Сварщики", "query": "q=сварщик"},
                                 ok=(302,)),
    "careers:search_delete": Route(CITIZEN, method="post", kwargs=learner_search, owner=Role.LEARNER, ok=(302,)),
    "careers:own": Route(EMPLOYER),
    "careers:create": Route(EMPLOYER, also=accepts((400,), "post")),
    "careers:update": Route(EMPLOYER, kwargs=own_vacancy("draft"), owner=Role.CUSTOMER, also=accepts((400,), "post")),
    "careers:submit": Route(EMPLOYER, method="post", kwargs=own_vacancy("draft"), owner=Role.CUSTOMER, ok=(302,)),
    "careers:close": Route(EMPLOYER, method="post", kwargs=own_vacancy("published"), owner=Role.CUSTOMER,
                           ok=(302,)),
    "careers:responses": Route(EMPLOYER),
    "careers:moderation": Route(STAFF),
    "careers:moderate": Route(STAFF, kwargs=own_vacancy("moderation"), also=accepts((302,), "post"),
                              no_outsider="CoPP staff moderate every employer's vacancies"),
    "careers:matching": Route(STAFF, kwargs=own_vacancy("published"), also=accepts((302,), "post"),
                              no_outsider="CoPP staff correct the matching of every vacancy"),
    "careers:imports": Route(IMPORTERS, also=accepts((302,), "post")),
    "careers:import_run": Route(IMPORTERS, kwargs=lambda w: {"pk": make_run().pk},
                                no_outsider="import runs are the region's, not an organisation's"),
    "careers:market": Route(PUBLIC),
    "careers:market_analysis": Route(MARKET),
    "careers:market_export": Route(MARKET),
}


ROUTES |= PORTFOLIO_ROUTES


def staff_consultation(world):
    """A consultation of the first CoPP (the first staff user's organisation): the second staff user is outside."""
    return {"pk": make_consultation(world.orgs[OrganizationType.COPP][0], world.users[Role.STAFF][0]).pk}


# The register of consultations on an individual learning plan: CoPP staff keep their organisation's, the
# coordinator and the administrator read the region's.
CONSULTATION_READERS = frozenset({Role.STAFF, Role.COORDINATOR, Role.ADMIN})
ROUTES |= {
    "consultations:list": Route(CONSULTATION_READERS),
    "consultations:xlsx": Route(CONSULTATION_READERS),
    "consultations:create": Route(STAFF, also=accepts((400,), "post")),
    "consultations:update": Route(STAFF, kwargs=staff_consultation, owner=Role.STAFF, also=accepts((400,), "post")),
}


def _api_is_wired() -> bool:
    try:
        reverse("api:vacancy-list")
    except NoReverseMatch:
        return False
    return True


if _api_is_wired():
    ROUTES |= {
        "api:vacancy-list": Route(PUBLIC),
        "api:vacancy-detail": Route(PUBLIC, kwargs=own_vacancy("published")),
        "api:import-run-list": Route(IMPORTERS, anonymous=401),
        "api:import-run-detail": Route(IMPORTERS, kwargs=lambda w: {"pk": make_run().pk}, anonymous=401,
                                       no_outsider="import runs are the region's, not an organisation's"),
        "api:labour-market-list": Route(PUBLIC),
        "api:my-portfolio-list": Route(CITIZEN, anonymous=401),
        "api:portfolio-item-list": Route(CITIZEN, anonymous=401),
        "api:portfolio-item-detail": Route(CITIZEN, kwargs=learner_item, owner=Role.LEARNER, anonymous=401,
                                           also=accepts((200,), "put", "patch")),
        "api:portfolio-list": Route(SEARCHERS, anonymous=401),
        "api:portfolio-detail": Route(SEARCHERS, kwargs=open_portfolio, anonymous=401, no_outsider=OPEN_TO_ALL),
    }
