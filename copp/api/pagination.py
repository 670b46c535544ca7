"""Page-number pagination for every API list: `page`, and `page_size` up to 200 (copp.core.pagination)."""
from copp.core.pagination import StrictPageNumberPagination


class ApiPagination(StrictPageNumberPagination):
    max_page_size = 200
