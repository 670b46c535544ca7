"""Rows of the access matrix (tests/test_access_matrix.py) for the dictionaries' endpoints."""
from tests.access import PUBLIC, Route

ROUTES = {
    # The professions are reference data the public vacancy search already shows: anyone may search them.
    "directories:profession_choices": Route(PUBLIC),
}
