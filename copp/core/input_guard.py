"""One gate for every request's query parameters and form fields: a NUL character is refused with 400 before
any view reads it (PostgreSQL cannot store or compare text holding NUL, so it would end as a 500)."""
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

NUL = "\x00"
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _holds_nul(query_dict) -> bool:
    return any(NUL in key or any(NUL in value for value in values) for key, values in query_dict.lists())


def has_nul_input(request) -> bool:
    """Whether a query parameter or a form field (name or value; not an uploaded file's bytes) holds NUL."""
    if _holds_nul(request.GET):
        return True
    # Only form bodies: a JSON body is checked by its serializer's fields (DRF refuses NUL in text fields).
    if request.method == "POST" and request.content_type in FORM_TYPES:
        return _holds_nul(request.POST) or any(NUL in name for name in request.FILES)
    return False


class NulCharacterMiddleware:
    """Answers 400 with a plain message (JSON under /api/) to a request whose input holds a NUL character."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if has_nul_input(request):
            message = _("The request contains a null character (\\0). Remove it and try again.")
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=400)
            return render(request, "400.html", {"message": message}, status=400)
        return self.get_response(request)
