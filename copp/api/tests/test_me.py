"""/api/v1/me/: the token's organisation, or the signed-in user's e-mail, name and roles."""
from django.urls import reverse

from copp.core.roles import Role

ME = reverse("api:me")


def test_session_user(api, world):
    user = world.users[Role.STAFF][0]
    api.force_login(user)
    body = api.get(ME).json()
    assert body == {"kind": "user", "email": user.email, "full_name": user.get_full_name(),
                    "roles": ["staff"]}


def test_anonymous_gets_401_not_a_login_redirect(api, db):
    response = api.get(ME)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
