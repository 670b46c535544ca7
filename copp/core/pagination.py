"""Page-number pagination of every API list: `page` and `page_size` must be positive whole numbers (anything
else is a 400 naming the parameter, issue 14); `page_size` is capped at the list's maximum."""
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination, PageNumberPagination


def _positive_int(request, name: str) -> int | None:
    raw = request.query_params.get(name)
    if raw is None:
        return None
    if not raw.isascii() or not raw.isdigit() or int(raw) < 1 or len(raw) > 9:
        raise ValidationError({name: [_("Must be a whole number from 1 up.")]})
    return int(raw)


class StrictPageNumberPagination(PageNumberPagination):
    """PageNumberPagination that refuses garbage in `page` and `page_size` instead of ignoring it."""

    page_size_query_param = "page_size"
    max_page_size = 200

    def paginate_queryset(self, queryset, request, view=None):
        _positive_int(request, self.page_query_param)
        _positive_int(request, self.page_size_query_param)
        return super().paginate_queryset(queryset, request, view)

    def get_schema_operation_parameters(self, view):
        return [
            {"name": self.page_query_param, "required": False, "in": "query",
             "description": str(gettext_lazy("Page number, from 1.")),
             "schema": {"type": "integer", "minimum": 1, "maximum": 999999999}},
            {"name": self.page_size_query_param, "required": False, "in": "query",
             "description": str(gettext_lazy("Rows per page, from 1; more than %(max)d gives %(max)d.")
                                % {"max": self.max_page_size}),
             "schema": {"type": "integer", "minimum": 1, "maximum": 999999999}},
        ]


class StrictCursorPagination(CursorPagination):
    """Keyset (cursor) pages with the same strictness: a cursor the server did not issue is a 400 naming the
    parameter (DRF's own answer, 404, would say the list does not exist), and `page_size` is a whole number."""

    page_size_query_param = "page_size"
    max_page_size = 200

    def paginate_queryset(self, queryset, request, view=None):
        _positive_int(request, self.page_size_query_param)
        return super().paginate_queryset(queryset, request, view)

    def get_schema_operation_parameters(self, view):
        return [
            {"name": self.cursor_query_param, "required": False, "in": "query",
             "description": str(gettext_lazy("The page: take it from the «next» and «previous» links only.")),
             "schema": {"type": "string"}},
            {"name": self.page_size_query_param, "required": False, "in": "query",
             "description": str(gettext_lazy("Rows per page, from 1; more than %(max)d gives %(max)d.")
                                % {"max": self.max_page_size}),
             "schema": {"type": "integer", "minimum": 1, "maximum": 999999999}},
        ]

    def decode_cursor(self, request):
        try:
            return super().decode_cursor(request)
        except NotFound:
            raise ValidationError({self.cursor_query_param: [_("This is not a page link the server gave.")]}) \
                from None
