"""Access-matrix rows for the ESIA routes (tests/test_access_matrix.py). ESIA is switched off unless the
environment switches it on, and then every ESIA page answers 404; test_sign_in.py covers them switched on."""
from tests.access import ALL_ROLES, PUBLIC, Route, accepts

ROUTES = {
    # The «Войти через Госуслуги» page: open to everyone (GET asks to continue, POST leaves for ESIA).
    "esia_login": Route(PUBLIC, ok=(200, 404), also=accepts((200, 404), "post")),
    # ESIA's redirect back; without a state of this session it is refused (400).
    "esia_callback": Route(PUBLIC, ok=(400, 404)),
    # Confirming a sign-up; without data from ESIA waiting in the session it goes to the sign-in page.
    "esia_signup": Route(PUBLIC, ok=(302, 404), also=accepts((302, 404), "post")),
    # Confirming a link (signed-in owner only); without data waiting it goes to the status page.
    "esia_link": Route(ALL_ROLES, ok=(302, 404), also=accepts((302, 404), "post")),
    # Whether the account is linked to Gosuslugi, with the button to link it.
    "esia_account": Route(ALL_ROLES, ok=(200, 404)),
}
