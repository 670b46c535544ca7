"""The career tests and the dictionaries they point to come from data migrations; a transactional test before
(or a reused test database) may have flushed them, so each database test seeds them again (idempotent)."""
import pytest


@pytest.fixture(autouse=True)
def _career_tests(request):
    marker = request.node.get_closest_marker("django_db")
    if marker is None:
        return
    request.getfixturevalue("transactional_db" if marker.kwargs.get("transaction") else "db")
    from copp.directories.models import Competency
    from copp.surveys.models import Survey
    from tests.reference import ensure_reference_data

    if not (Survey.objects.filter(slug="ddo").exists() and Competency.objects.exists()):
        ensure_reference_data()
