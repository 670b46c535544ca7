"""The Moodle link-up against the local Moodle: the connection check, a course per group made once, accounts
matched by e-mail without duplicates, enrolment with roles and suspension, single sign-on, grades and completion
back into the journal with a teacher's grade kept, and clear messages (never a 500) when Moodle refuses."""
import urllib.request

import pytest
from django.urls import reverse

from copp.directories.models import GradeValue
from copp.training.models import EnrolmentStatus, MarkChange, MarkSource, ModuleGrade
from copp.training.services import module_grade_set
from copp.training.tests.factories import scheduler
from fakes.moodle.server import ALL_FUNCTIONS, FakeMoodle

from .. import sync, tasks
from ..models import GradeConflict, MoodleAccount, MoodleCourse, MoodleEnrolment, MoodleSettings, SyncState
from ..moodle import Client, MoodleError, php_flatten
from .conftest import MOODLE_TOKEN

pytestmark = pytest.mark.django_db


def _manager(klass):
    """A CoPP staff member: manages every group."""
    return scheduler()


def attach(klass, **kwargs):
    return sync.course_attach(actor=_manager(klass), group=klass["group"], **kwargs)


def test_the_check_lists_the_functions_the_token_lacks(moodle_on, admin_client_for):
    moodle_on.tokens[MOODLE_TOKEN] = ALL_FUNCTIONS - {"enrol_manual_enrol_users", "auth_userkey_request_login_url"}
    options = sync.connection_check()
    assert options.site_name == moodle_on.sitename and not options.check_error
    assert options.missing_functions == ["enrol_manual_enrol_users", "auth_userkey_request_login_url"]
    page = admin_client_for.get(reverse("learning:moodle_settings")).content.decode()
    assert "enrol_manual_enrol_users" in page and "Токену не разрешены эти функции" in page


def test_a_wrong_token_gives_a_clear_message(moodle_on, admin_client_for):
    response = admin_client_for.post(reverse("learning:moodle_settings"), {
        "enabled": "on", "url": moodle_on.url, "token": "wrong-token", "category_id": 1, "student_role_id": 5,
        "teacher_role_id": 3}, follow=True)
    assert response.status_code == 200
    assert "Moodle не принимает токен" in response.content.decode()
    assert "invalidtoken" in MoodleSettings.current().check_error


def test_the_course_is_made_from_the_template_and_people_enrolled_once(moodle_on, klass):
    template = moodle_on.add_template_course()
    MoodleSettings.objects.update(template_course_id=template.id)
    # The learner already has a Moodle account with the same e-mail: it is matched, not made again.
    moodle_on.users[500] = {"id": 500, "username": "old.account", "firstname": "И", "lastname": "И",
                            "email": klass["learner"].email.upper(), "auth": "manual", "suspended": False,
                            "idnumber": ""}
    course = attach(klass)
    sync.course_sync(course)
    sync.course_sync(course)  # twice: nothing is duplicated
    course.refresh_from_db()
    assert course.state == SyncState.OK and course.shortname == klass["group"].code
    made = moodle_on.courses[course.course_id]
    assert [i["idnumber"] for i in made.items if i["itemtype"] == "mod"] == ["M1", "M2"]
    assert sum(1 for c in moodle_on.courses.values() if c.shortname == klass["group"].code) == 1
    assert MoodleAccount.objects.get(user=klass["learner"]).moodle_id == 500
    emails = [u["email"].lower() for u in moodle_on.users.values()]
    assert len(emails) == len(set(emails)) == 3  # admin, the learner (matched), the teacher (made)
    teacher = MoodleAccount.objects.get(user=klass["teacher"])
    assert moodle_on.enrolments == {(course.course_id, 500): {"roleid": 5, "suspended": False},
                                    (course.course_id, teacher.moodle_id): {"roleid": 3, "suspended": False}}
    enrol_calls = [c for c in moodle_on.calls if c["function"] == "enrol_manual_enrol_users"]
    assert len(enrol_calls) == 1


def test_an_expelled_learner_is_suspended_in_moodle(moodle_on, klass):
    course = attach(klass)
    sync.course_sync(course)
    enrolment = klass["enrolment"]
    enrolment.status = EnrolmentStatus.EXPELLED
    enrolment.save(update_fields=["status"])
    assert sync.course_sync(course)["suspended"] == 1
    account = MoodleAccount.objects.get(user=klass["learner"])
    assert moodle_on.enrolments[(MoodleCourse.objects.get().course_id, account.moodle_id)]["suspended"] is True
    assert MoodleEnrolment.objects.get(account=account).suspended


def test_a_token_without_enrolment_logs_a_clear_error_and_the_page_shows_it(moodle_on, klass, login):
    moodle_on.tokens[MOODLE_TOKEN] = ALL_FUNCTIONS - {"enrol_manual_enrol_users"}
    course = attach(klass)
    with pytest.raises(MoodleError) as refusal:
        sync.course_sync(course)
    assert refusal.value.code == "accessexception" and not refusal.value.retryable
    course.refresh_from_db()
    assert course.state == SyncState.ERROR and "accessexception" in course.last_error
    page = login(_manager(klass)).get(reverse("learning:group_moodle", args=[klass["group"].pk]))
    assert page.status_code == 200 and "Токену не разрешена нужная функция Moodle" in page.content.decode()


def test_maintenance_is_retryable(moodle_on, klass):
    moodle_on.faults["maintenance"] = True
    with pytest.raises(MoodleError) as failure:
        Client(url=moodle_on.url, token=MOODLE_TOKEN).call("core_webservice_get_site_info")
    assert failure.value.code == "httperror" and failure.value.retryable


def test_the_learner_opens_the_course_by_single_sign_on(moodle_on, klass, login):
    course = attach(klass)
    sync.course_sync(course)
    response = login(klass["learner"]).get(reverse("learning:moodle_open", args=[klass["group"].pk]))
    assert response.status_code == 302
    url = response["Location"]
    assert url.startswith(moodle_on.url + "/auth/userkey/login.php?key=") and "wantsurl=" in url
    with urllib.request.urlopen(url, timeout=5) as reply:  # noqa: S310  the local server
        assert klass["learner"].email in reply.read().decode()
    with urllib.request.urlopen(url, timeout=5) as reply:  # noqa: S310  the key works once
        assert "Incorrect key" in reply.read().decode()
    assert login(klass["outsider"]).get(reverse("learning:moodle_open",
                                                args=[klass["group"].pk])).status_code == 404


def test_grades_and_completion_come_back_and_a_teachers_grade_is_kept(moodle_on, klass):
    group = klass["group"]
    first = group.program.modules.create(order=1, title="Основы")
    second = group.program.modules.create(order=2, title="Практика")
    template = moodle_on.add_template_course()
    MoodleSettings.objects.update(template_course_id=template.id)
    course = attach(klass)
    sync.course_sync(course)
    course.refresh_from_db()
    moodle_id = MoodleAccount.objects.get(user=klass["learner"]).moodle_id
    moodle_on.grade(course.course_id, moodle_id, "M1", 92)
    moodle_on.grade(course.course_id, moodle_id, "M2", 55)
    module_grade_set(actor=klass["teacher"], enrolment=klass["enrolment"], module=second,
                     value=GradeValue.objects.get(scale__code="five_point", code="5"))
    moodle_on.complete(course.course_id, moodle_id)
    result = sync.grades_import(course)
    assert result == {"grades": 1, "conflicts": 1, "completed": 1}
    cell = ModuleGrade.objects.get(enrolment=klass["enrolment"], module=first)
    assert cell.grade.code == "5" and cell.source == MarkSource.MOODLE
    assert MarkChange.objects.get(module_grade=cell).source == MarkSource.MOODLE
    kept = ModuleGrade.objects.get(enrolment=klass["enrolment"], module=second)
    assert kept.grade.code == "5" and kept.source == MarkSource.TEACHER
    conflict = GradeConflict.objects.get()
    assert (conflict.moodle_value, conflict.journal_value) == ("3", "5")
    assert MoodleEnrolment.objects.get(account__user=klass["learner"]).completed_at is not None
    # Read again: nothing new is written.
    assert sync.grades_import(course)["grades"] == 0
    assert MarkChange.objects.filter(module_grade=cell).count() == 1


def test_only_remote_groups_get_a_course(moodle_on, klass):
    klass["group"].study_form = None
    klass["group"].save(update_fields=["study_form"])
    with pytest.raises(sync.MoodleRefused):
        attach(klass)
    assert not MoodleCourse.objects.exists()


def test_the_fake_speaks_php_arrays_xml_and_rolls_back_enrolments():
    fake = FakeMoodle(tokens={"t": ALL_FUNCTIONS}).start()
    try:
        assert dict(php_flatten({"users": [{"email": "a@b.ru", "customfields": [{"type": "snils"}]}]})) == {
            "users[0][email]": "a@b.ru", "users[0][customfields][0][type]": "snils"}
        # Without moodlewsrestformat=json Moodle answers XML.
        with urllib.request.urlopen(f"{fake.url}/webservice/rest/server.php?wstoken=t&wsfunction="  # noqa: S310
                                    "core_webservice_get_site_info", timeout=5) as reply:
            assert reply.read().decode().startswith('<?xml version="1.0" encoding="UTF-8" ?>\n<RESPONSE>')
        client = Client(url=fake.url, token="t")
        course = fake.add_course("Курс", "c1")
        [user] = client.call("core_user_create_users", users=[{"username": "u1", "createpassword": 1,
                                                               "firstname": "А", "lastname": "Б",
                                                               "email": "u1@example.ru"}])
        with pytest.raises(MoodleError) as refusal:
            client.call("core_user_create_users", users=[{"username": "u2", "createpassword": 1, "firstname": "А",
                                                          "lastname": "Б", "email": "U1@example.ru"}])
        assert refusal.value.code == "invalidparameter" and "Email address already exists" in refusal.value.debuginfo
        with pytest.raises(MoodleError) as refusal:
            client.call("enrol_manual_enrol_users", enrolments=[
                {"roleid": 5, "userid": user["id"], "courseid": course.id},
                {"roleid": 99, "userid": user["id"], "courseid": course.id}])
        assert refusal.value.code == "wsusercannotassign"
        assert fake.enrolments == {}  # the first row was rolled back too
        assert client.call("enrol_manual_enrol_users", enrolments=[
            {"roleid": 5, "userid": user["id"], "courseid": course.id}]) is None
        with pytest.raises(MoodleError) as refusal:
            client.call("core_course_create_courses", courses=[{"fullname": "X", "categoryid": 1}])
        assert refusal.value.code == "invalidparameter" and "shortname" in refusal.value.debuginfo
    finally:
        fake.stop()


def test_the_sync_task_logs_a_failure_for_staff(moodle_on, klass):
    course = attach(klass)
    moodle_on.faults["maintenance"] = True
    assert tasks.sync_course.delay(course.pk).get() == {"error": "httperror"}
    course.refresh_from_db()
    assert course.state == SyncState.ERROR
    assert "обслуживание" in course.log.get().message and not course.log.get().ok
    moodle_on.faults.clear()
    result = tasks.sync_course.delay(course.pk).get()
    assert result["changed"] == 2 and result["grades"] == 0
    course.refresh_from_db()
    assert course.state == SyncState.OK and course.last_error == ""


def test_staff_map_a_grade_item_by_hand_when_the_automatic_mapping_does_not_fit(moodle_on, klass, login):
    group = klass["group"]
    first = group.program.modules.create(order=1, title="Основы")
    second = group.program.modules.create(order=2, title="Практика")
    template = moodle_on.add_template_course()
    MoodleSettings.objects.update(template_course_id=template.id)
    course = attach(klass)
    sync.course_sync(course)
    course.refresh_from_db()
    # The teacher added an activity of their own in Moodle: no ID number, a name no module has.
    essay = moodle_on.add_grade_item(course.course_id, "Эссе по практике")
    moodle_id = MoodleAccount.objects.get(user=klass["learner"]).moodle_id
    moodle_on.grade(course.course_id, moodle_id, "Эссе по практике", 95)
    moodle_on.grade(course.course_id, moodle_id, "M1", 30)
    assert sync.grades_import(course)["grades"] == 1  # only M1 maps automatically
    course.refresh_from_db()
    assert {i["name"] for i in course.grade_items} == {"Тест модуля 1", "Тест модуля 2", "Эссе по практике"}
    client = login(_manager(klass))
    url = reverse("learning:group_moodle_mapping", args=[group.pk])
    page = client.get(url).content.decode()
    assert "Эссе по практике" in page and "не сопоставлен" in page
    m1 = next(i for i in course.grade_items if i["idnumber"] == "M1")
    # The essay becomes the grade for «Практика»; the M1 test is kept out of the journal.
    response = client.post(url, {f"item-{essay['id']}": str(second.pk), f"item-{m1['id']}": "skip"}, follow=True)
    assert "сопоставлено вручную: 2" in response.content.decode()
    ModuleGrade.objects.filter(module=first).delete()
    assert sync.grades_import(course)["grades"] == 1
    cell = ModuleGrade.objects.get(enrolment=klass["enrolment"], module=second)
    assert cell.grade.code == "5" and cell.source == MarkSource.MOODLE
    assert not ModuleGrade.objects.filter(module=first).exists()
    # A module of another program is refused; back to automatic removes the hand mapping.
    with pytest.raises(sync.MoodleRefused):
        sync.mapping_save(actor=_manager(klass), course=course, choices={essay["id"]: "999999"})
    client.post(url, {f"item-{essay['id']}": "auto", f"item-{m1['id']}": "auto"})
    assert not course.mappings.exists()
    # A teacher may not change the mapping.
    assert login(klass["teacher"]).post(url, {f"item-{m1['id']}": "skip"}).status_code == 403
