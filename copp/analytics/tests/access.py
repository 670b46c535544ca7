"""Rows of the access matrix for monitoring: the region's dashboard for CoPP staff, the coordinator and the
administrator; an organisation's own view for partners and customers (scoped, so no object route has an
outsider); plan values for the coordinator; the ФИС ФРДО export for CoPP staff."""
from copp.core.roles import Role
from tests.access import Route, accepts

VIEWERS = frozenset({Role.STAFF, Role.COORDINATOR, Role.ADMIN, Role.PARTNER, Role.CUSTOMER})

ROUTES = {
    "analytics:dashboard": Route(VIEWERS),
    "analytics:dashboard_xlsx": Route(VIEWERS),
    "analytics:print": Route(VIEWERS),
    "analytics:dashboard_pdf": Route(VIEWERS),
    "analytics:records": Route(VIEWERS, kwargs=lambda w: {"metric": "completed"},
                               no_outsider="the figures are scoped to the user's organisations, not an object"),
    "analytics:plans": Route(frozenset({Role.COORDINATOR}), also=accepts((400,), "post")),
    "analytics:frdo": Route(frozenset({Role.STAFF})),
    "analytics:frdo_file": Route(frozenset({Role.STAFF}), ok=(302,)),
    "api:analytics-indicators-list": Route(VIEWERS, anonymous=401),
}
