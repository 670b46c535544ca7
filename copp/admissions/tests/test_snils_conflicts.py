"""An employer's list with a SNILS the platform knows under another person's name (issue 13): the employer is
warned before and after sending without learning whose it is; staff see the other name in the inbox."""
import pytest
from django.urls import reverse

from copp.core.roles import Role

from .. import selectors
from ..models import Application
from .test_organizations import head, management

pytestmark = pytest.mark.django_db
SNILS = "112-233-445 95"


def send_list(client, world, program, last_name, first_name):
    data = {**head(world, program), **management(1), "action": "continue", "p-0-last_name": last_name,
            "p-0-first_name": first_name, "p-0-snils": SNILS, "p-0-consent": "on"}
    review_url = client.post(reverse("admissions:mass_apply"), data).url
    review = client.get(review_url).content.decode()
    done = client.post(review_url, {"action": "submit"}, follow=True)
    return review, done.content.decode()


def test_snils_of_an_account_under_another_name_is_pointed_out(world, program, login):
    holder = world.users[Role.LEARNER][0]
    holder.last_name, holder.first_name, holder.snils = "Кузнецова", "Мария", SNILS
    holder.save()
    review, done = send_list(login(world.users[Role.CUSTOMER][0]), world, program, "Петров", "Илья")
    assert "Известен под другим именем" in review and "уже известен платформе" in review
    assert "Кузнецова" not in review and "Кузнецова" not in done  # another person's name is not the employer's
    assert f"СНИЛС {SNILS} уже известен платформе" in done
    application = Application.objects.get()
    inbox = login(world.users[Role.STAFF][0]).get(reverse("admissions:inbox_detail", args=[application.pk]))
    page = inbox.content.decode()
    assert "Этот СНИЛС указан также у: Кузнецова Мария" in page and "Уточните их у организации" in page


def test_the_same_person_again_is_no_conflict(world, program, login):
    holder = world.users[Role.LEARNER][0]
    holder.last_name, holder.first_name, holder.snils = "Петров", "Илья", SNILS
    holder.save()
    client = login(world.users[Role.CUSTOMER][0])
    review, done = send_list(client, world, program, "ПЕТРОВ", "Илья")
    assert "Известен под другим именем" not in review and "уже известен платформе" not in done
    application = Application.objects.get()
    page = login(world.users[Role.STAFF][0]).get(reverse("admissions:inbox_detail", args=[application.pk]))
    assert "указан также у" not in page.content.decode()


def test_a_participant_of_another_list_counts_and_the_check_is_two_queries(world, program, login,
                                                                           django_assert_num_queries):
    send_list(login(world.users[Role.CUSTOMER][0]), world, program, "Петров", "Илья")
    rows = [{"last_name": "Иванов", "first_name": "Олег", "snils": SNILS},
            {"last_name": "Петров", "first_name": "Илья", "snils": "11223344595"},
            *[{"last_name": f"Сидоров{i}", "first_name": "Ян", "snils": ""} for i in range(20)]]
    with django_assert_num_queries(2):
        conflicts = selectors.snils_conflicts(rows)
    # «Петров Илья» is among the names the list gives for this SNILS, so only «Иванов» makes it a conflict
    # for the people of this list; the earlier list's «Петров Илья» is the other name.
    assert conflicts == {}
    assert selectors.snils_conflicts(rows[:1]) == {SNILS: ["Петров Илья"]}
