"""Rows of the access matrix (tests/test_access_matrix.py); apps list theirs in copp/<app>/tests/access.py."""
from dataclasses import dataclass, field

from copp.core.roles import Role

ALL_ROLES = frozenset(Role)
PUBLIC = "public"
STAFFLIKE = frozenset({Role.STAFF, Role.COORDINATOR, Role.ADMIN})
VERIFIERS = frozenset({Role.STAFF, Role.ADMIN})
ORG_REPS = frozenset({Role.PARTNER, Role.CUSTOMER})


@dataclass(frozen=True)
class Route:
    """Who may open a route. `allowed` is PUBLIC or a set of roles; `kwargs` builds the URL arguments
    from the world; `owner` names the role whose first user owns the object, so that the second user of
    that role (the outsider from another organisation) must get 404; a route that takes an object's id and
    has no outsider (every allowed role sees every such object) says why in `no_outsider`.

    `method` is the route's main method; `also` maps each further method the view accepts to the statuses an
    allowed role gets (`(ok, data)`); every other method must answer 405."""

    allowed: object
    kwargs: object = None
    method: str = "get"
    data: dict = field(default_factory=dict)
    owner: Role | None = None
    ok: tuple = (200,)
    # Pages send anonymous visitors to the sign-in page; the API answers 401.
    anonymous: int = 302
    also: dict = field(default_factory=dict)
    no_outsider: str = ""
    # Roles that pass the route's capability check but do not own the world's object: they must get 404
    # (e.g. teachers, authors of materials, meet a review of a program they did not write).
    not_theirs: frozenset = frozenset()


def accepts(ok: tuple, *methods: str, data: dict | None = None) -> dict:
    """`Route.also` for further methods that all answer an allowed caller with `ok`."""
    return {method: (ok, data or {}) for method in methods}


ALL_UNSAFE = ("post", "put", "patch", "delete")


def org(kind, i=0):
    """URL kwargs for the i-th organisation of a type in the world."""
    return lambda w: {"pk": w.orgs[kind][i].pk}
