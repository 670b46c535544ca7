"""Rows of the access matrix (tests/test_access_matrix.py) for the events app. Events belong to the first
partner organisation of the world, so the second partner (an outsider) gets 404; CoPP staff manage every event."""
from django.urls import NoReverseMatch, reverse

from copp.core.roles import Role
from copp.organizations.models import OrganizationType
from tests.access import ALL_ROLES, PUBLIC, Route, accepts

from .factories import make_event, make_registration

MANAGERS = frozenset({Role.STAFF, Role.PARTNER})


def partner_event(world):
    return {"pk": make_event(world.orgs[OrganizationType.PARTNER][0]).pk}


def partner_registration(world):
    event = make_event(world.orgs[OrganizationType.PARTNER][0])
    return {"pk": make_registration(event, world.users[Role.LEARNER][0]).pk}


ROUTES = {
    "events:list": Route(PUBLIC),
    "events:calendar": Route(PUBLIC),
    "events:feed": Route(PUBLIC),
    "events:competencies": Route(PUBLIC),
    "events:detail": Route(PUBLIC, kwargs=partner_event),
    "events:ics": Route(PUBLIC, kwargs=partner_event),
    "events:mine": Route(ALL_ROLES),
    "events:register": Route(ALL_ROLES, method="post", kwargs=partner_event, ok=(302,),
                             no_outsider="a published event is open to everyone signed in"),
    "events:cancel": Route(ALL_ROLES, method="post", kwargs=partner_event, ok=(302,),
                           no_outsider="a published event is open to everyone signed in"),
    "events:manage": Route(MANAGERS),
    "events:create": Route(MANAGERS, also=accepts((400,), "post")),
    # The searchable choice of an event (a survey's audience): the events the user manages.
    "events:choices": Route(MANAGERS),
    "events:update": Route(MANAGERS, kwargs=partner_event, owner=Role.PARTNER, also=accepts((400,), "post")),
    "events:transition": Route(MANAGERS, method="post", kwargs=partner_event, owner=Role.PARTNER,
                               data={"target": "draft"}, ok=(302,)),
    "events:registrations": Route(MANAGERS, kwargs=partner_event, owner=Role.PARTNER),
    "events:export": Route(MANAGERS, kwargs=partner_event, owner=Role.PARTNER),
    "events:check_in": Route(MANAGERS, method="post", kwargs=partner_registration, owner=Role.PARTNER,
                             data={"came": "1"}, ok=(302,)),
}


def _api_is_wired() -> bool:
    try:
        reverse("api:event-list")
    except NoReverseMatch:
        return False
    return True


# The API routes join the table once copp/api/urls.py calls copp.events.api.register(router).
if _api_is_wired():
    ROUTES |= {
        "api:event-list": Route(PUBLIC),
        "api:event-detail": Route(PUBLIC, kwargs=partner_event),
    }
