"""The journal's rules (M20): a grade needs the learner present or late; a lesson still to come takes no marks;
a graded learner cannot be marked away; past marks may be corrected and the history keeps every change; a
refused change comes back in the cell with its reason and changes nothing."""
import pytest
from django.urls import reverse

from copp.core.roles import Role
from copp.directories.models import AttendanceStatus, GradeValue
from copp.organizations.models import OrganizationType

from .. import services
from ..models import Mark, MarkChange
from .factories import at, enrol, make_lesson, world_group

pytestmark = pytest.mark.django_db


def _status(code):
    return AttendanceStatus.objects.get(code=code)


def _grade(code="5"):
    return GradeValue.objects.get(scale__code="five_point", code=code)


def test_no_grade_for_an_absent_learner(world):
    _group, enrolment, lesson = world_group(world)
    teacher = world.users[Role.TEACHER][0]
    services.mark_set(actor=teacher, enrolment=enrolment, lesson=lesson, field="attendance", value=_status("absent"))
    with pytest.raises(services.MarkRefused, match="присутствовал или опоздал"):
        services.mark_set(actor=teacher, enrolment=enrolment, lesson=lesson, field="grade", value=_grade())
    mark = Mark.objects.get(enrolment=enrolment, lesson=lesson)
    assert mark.grade is None and MarkChange.objects.filter(mark=mark, field="grade").count() == 0


def test_no_grade_without_attendance_but_late_learner_may_be_graded(world):
    _group, enrolment, lesson = world_group(world)
    teacher = world.users[Role.TEACHER][0]
    with pytest.raises(services.MarkRefused):
        services.mark_set(actor=teacher, enrolment=enrolment, lesson=lesson, field="grade", value=_grade())
    assert not Mark.objects.exists()  # the refused first write leaves no empty cell behind
    services.mark_set(actor=teacher, enrolment=enrolment, lesson=lesson, field="attendance", value=_status("late"))
    mark = services.mark_set(actor=teacher, enrolment=enrolment, lesson=lesson, field="grade", value=_grade("4"))
    assert mark.grade.code == "4"


def test_graded_learner_cannot_be_marked_away_until_the_grade_goes(world):
    _group, enrolment, lesson = world_group(world)
    teacher = world.users[Role.TEACHER][0]
    services.mark_set(actor=teacher, enrolment=enrolment, lesson=lesson, field="attendance", value=_status("present"))
    services.mark_set(actor=teacher, enrolment=enrolment, lesson=lesson, field="grade", value=_grade())
    for value in (_status("absent"), _status("excused"), None):
        with pytest.raises(services.MarkRefused, match="снимите оценку"):
            services.mark_set(actor=teacher, enrolment=enrolment, lesson=lesson, field="attendance", value=value)
    # Correcting a past mark is allowed and kept in the history.
    services.mark_set(actor=teacher, enrolment=enrolment, lesson=lesson, field="grade", value=None)
    services.mark_set(actor=teacher, enrolment=enrolment, lesson=lesson, field="attendance", value=_status("absent"))
    changes = list(MarkChange.objects.order_by("pk").values_list("field", "new_value"))
    assert changes == [("attendance", "present"), ("grade", "5"), ("grade", ""), ("attendance", "absent")]


def test_a_lesson_still_to_come_takes_no_marks(client, world):
    group, enrolment, _lesson = world_group(world)
    future = make_lesson(group, starts_at=at(3, 10))
    teacher = world.users[Role.TEACHER][0]
    with pytest.raises(services.MarkRefused, match="ещё не состоялось"):
        services.mark_set(actor=teacher, enrolment=enrolment, lesson=future, field="attendance",
                          value=_status("present"))
    with pytest.raises(services.MarkRefused):
        services.column_fill(actor=teacher, lesson=future, attendance=_status("present"))
    client.force_login(teacher)
    response = client.post(reverse("training:mark_save", args=[future.pk, enrolment.pk]), {"cycle": "1"})
    assert response.status_code == 200
    assert "ещё не состоялось" in response.content.decode() and 'role="alert"' in response.content.decode()
    response = client.post(reverse("training:column_fill", args=[future.pk]), {"attendance": "present"}, follow=True)
    assert "ещё не состоялось" in response.content.decode()
    assert not Mark.objects.filter(lesson=future).exists()
    # The grid offers no buttons for the coming lesson.
    page = client.get(reverse("training:journal", args=[group.pk])).content.decode()
    assert reverse("training:mark_save", args=[future.pk, enrolment.pk]) not in page
    assert reverse("training:column_fill", args=[future.pk]) not in page


def test_refusal_is_shown_in_the_cell(client, world):
    group, enrolment, lesson = world_group(world)
    Mark.objects.create(enrolment=enrolment, lesson=lesson, attendance=_status("absent"))
    client.force_login(world.users[Role.TEACHER][0])
    response = client.post(reverse("training:mark_save", args=[lesson.pk, enrolment.pk]), {"grade": "5"})
    body = response.content.decode()
    assert response.status_code == 200 and "jr-refused" in body and "отметьте посещение" in body
    assert Mark.objects.get(enrolment=enrolment, lesson=lesson).grade is None


def test_column_fill_leaves_graded_cells_alone(world):
    group, enrolment, lesson = world_group(world)
    second = enrol(group, world.users[Role.LEARNER][1])
    Mark.objects.create(enrolment=enrolment, lesson=lesson, grade=_grade())  # an old cell from before the rules
    assert services.column_fill(actor=world.users[Role.STAFF][0], lesson=lesson, attendance=_status("absent")) == 1
    assert Mark.objects.get(enrolment=second, lesson=lesson).attendance.code == "absent"
    assert Mark.objects.get(enrolment=enrolment, lesson=lesson).attendance is None


def test_lesson_form_defaults_to_the_groups_own_site(client, world):
    from copp.resources.tests.factories import site as make_site

    from .factories import make_group

    partner = world.orgs[OrganizationType.PARTNER][0]
    site = make_site(partner)
    group = make_group(partner, site=site)
    client.force_login(world.users[Role.STAFF][0])
    page = client.get(reverse("training:schedule", args=[group.pk])).content.decode()
    assert f'<option value="{site.pk}" selected>' in page
