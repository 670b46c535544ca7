"""Rows of the access matrix (tests/test_access_matrix.py) for the two-factor sign-in pages of django-allauth's
MFA (issue 14): managing one's own factor needs a session; adding one or recovery codes asks for the password
again first (a redirect to the re-authentication page, for any method: allauth checks before the method);
removing a factor or reading codes one does not have is a 404; the code step of signing in has no pending
sign-in here and sends back to the sign-in page."""
from tests.access import ALL_ROLES, ALL_UNSAFE, PUBLIC, Route, accepts

ROUTES = {
    "mfa_index": Route(ALL_ROLES),
    "mfa_authenticate": Route(PUBLIC, ok=(302,), also=accepts((302,), *ALL_UNSAFE)),
    "mfa_reauthenticate": Route(ALL_ROLES, ok=(302,), also=accepts((302,), *ALL_UNSAFE)),
    "mfa_activate_totp": Route(ALL_ROLES, ok=(302,), also=accepts((302,), *ALL_UNSAFE)),
    "mfa_deactivate_totp": Route(ALL_ROLES, ok=(404,), also=accepts((404,), *ALL_UNSAFE)),
    "mfa_view_recovery_codes": Route(ALL_ROLES, ok=(404,)),
    "mfa_generate_recovery_codes": Route(ALL_ROLES, ok=(302,), also=accepts((302,), *ALL_UNSAFE)),
    "mfa_download_recovery_codes": Route(ALL_ROLES, ok=(404,), also=accepts((404,), *ALL_UNSAFE)),
}
