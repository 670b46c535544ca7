"""The accounts adapter with one addition: signing out of a session that came from ESIA ends the ESIA
session too, through ESIA's logout address (issue 3)."""
from copp.accounts.adapter import AccountAdapter as BaseAccountAdapter

from .flow import session_logout_url
from .options import esia_options


class AccountAdapter(BaseAccountAdapter):
    def get_logout_redirect_url(self, request):
        back_to = super().get_logout_redirect_url(request)
        if not request.user.is_authenticated:
            return back_to
        return session_logout_url(request, esia_options(), back_to) or back_to
