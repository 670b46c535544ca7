"""Rows of the access matrix (tests/test_access_matrix.py) for the organisations app."""
from copp.core.roles import Role
from copp.organizations.models import OrganizationType
from tests.access import ORG_REPS, PUBLIC, STAFFLIKE, VERIFIERS, Route, accepts, org


def _pending(world):
    target = world.orgs[OrganizationType.CUSTOMER][1]
    target.verification_status = "pending"
    target.save(update_fields=["verification_status"])
    return {"pk": target.pk}


ROUTES = {
    # The searchable choice (copp.core.choices): CoPP staff, coordinators and administrators choose among the
    # region's rows, partners among their own or the verified; others have no such field (403).
    "organizations:choices": Route(STAFFLIKE | {Role.PARTNER}),
    "organizations:signup": Route(PUBLIC, kwargs=lambda w: {"kind": "customer"}, also=accepts((200,), "post")),
    "organizations:list": Route(STAFFLIKE),
    "organizations:export": Route(STAFFLIKE),
    "organizations:detail": Route(STAFFLIKE, kwargs=org(OrganizationType.PARTNER),
                                  no_outsider="CoPP staff, coordinators and administrators see every organisation"),
    "organizations:verify": Route(VERIFIERS, kwargs=_pending, method="post", data={"verify-comment": ""}, ok=(302,),
                                  no_outsider="CoPP staff verify every organisation"),
    "organizations:reject": Route(VERIFIERS, kwargs=_pending, method="post",
                                  data={"reject-comment": "ИНН не совпадает с ЕГРЮЛ"}, ok=(302,),
                                  no_outsider="CoPP staff verify every organisation"),
    "organizations:own": Route(ORG_REPS),
}
