"""Parallel clicks: two submissions of one form at the same moment make one application."""
import threading

import pytest
from django.db import connection

from copp.core.roles import Role
from copp.organizations.models import OrganizationType

from ..models import Application
from ..services import ApplicationRefused, application_submit
from . import factories

pytestmark = pytest.mark.django_db(transaction=True)


def test_parallel_submissions_make_one_application(world):
    program = factories.program(world.orgs[OrganizationType.PARTNER][0])
    learner = world.users[Role.LEARNER][0]
    person = {"last_name": "Соколов", "first_name": "Дмитрий", "email": learner.email, "education": "СПО"}
    barrier, results = threading.Barrier(4), []

    def click(token):
        try:
            barrier.wait()
            results.append(application_submit(actor=learner, program=program, person=person, documents=[],
                                              token=token).pk)
        except ApplicationRefused as error:
            results.append(str(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=click, args=(token,)) for token in ("same", "same", "other", "third")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Application.objects.count() == 1
    pk = Application.objects.get().pk
    assert len(results) == 4
    assert 1 <= results.count(pk) <= 2  # a repeated click with the winner's token finds its application
    assert all(r == pk or "уже есть активная заявка" in str(r) for r in results)
