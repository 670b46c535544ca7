"""No dead ends in a cabinet: every menu item and every link on a role's dashboard opens for that role (never
a 403), checked over the capability table for each of the seven roles."""
import re

import pytest
from django.urls import reverse

from copp.core.roles import Role, menu_for

pytestmark = pytest.mark.django_db

# Files and actions that are not pages (a POST form's target is not a link).
NOT_PAGES = re.compile(r"\.(xlsx|ics|json|csv)$|^/admin/|^/api/|^/accounts/logout/")


@pytest.mark.parametrize("role", list(Role))
def test_every_menu_item_and_dashboard_link_opens_for_the_role(client, world, role):
    user = world.users[role][0]
    client.force_login(user)
    cabinet = client.get(reverse("portal:cabinet"))
    assert cabinet.status_code == 200
    links = {reverse(item.url_name) for item in menu_for(role)}
    main = cabinet.content.decode().split('id="main"', 1)[1].split("</main>", 1)[0]
    links |= {href for href in re.findall(r'href="(/[^"#]*)', main) if not NOT_PAGES.search(href.split("?")[0])}
    refused = [(href, client.get(href).status_code) for href in sorted(links)
               if not href.startswith("/admin/")]
    assert [row for row in refused if row[1] in (403, 404, 500)] == []


def test_a_teacher_has_no_learner_marks_nor_organisation_card(client, world):
    client.force_login(world.users[Role.TEACHER][0])
    page = client.get(reverse("portal:cabinet")).content.decode()
    assert reverse("training:my_marks") not in page and reverse("organizations:own") not in page
    assert client.get(reverse("training:my_marks")).status_code == 403
