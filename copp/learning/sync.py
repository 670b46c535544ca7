"""The Moodle link-up (M22): checking the connection, a course per remote or blended group (from the template
or linked), accounts matched by e-mail and enrolled with their roles (suspended when they leave the group),
single sign-on through auth_userkey, and grades and completion brought back into the journal (B10)."""
import datetime
import re
from decimal import Decimal
from urllib.parse import urlencode

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from copp.core.audit import audit_record
from copp.directories.models import GradeValue
from copp.training.models import Enrolment, EnrolmentStatus, Group, MarkSource, ModuleGrade
from copp.training.selectors import scale_of
from copp.training.services import module_grade_set

from .models import (
    GradeConflict,
    GradeItemMapping,
    MoodleAccount,
    MoodleCourse,
    MoodleEnrolment,
    MoodleSettings,
    SyncEntry,
    SyncState,
)
from .moodle import NEEDED_FUNCTIONS, SSO_FUNCTION, Client, MoodleError

# Groups that study remotely or blended (directories' study forms) get a Moodle course.
REMOTE_FORMS = ("distance", "part_time", "extramural")


class MoodleRefused(Exception):
    """Why a Moodle action cannot be done, in words for the user."""


def client(*, sso: bool = False) -> Client:
    options = MoodleSettings.current()
    if not options.is_ready:
        raise MoodleRefused(_("Moodle is not connected: the administrator has to enter its address and token."))
    return Client(url=options.url, token=(options.sso_token or options.token) if sso else options.token)


def connection_check(*, actor=None, request=None) -> MoodleSettings:
    """Call Moodle with the saved token: the site's name, and the functions the platform needs that the token
    may not call (the SSO function checked with the SSO token). The result is kept on the settings."""
    options = MoodleSettings.current()
    fields = {"checked_at": timezone.now(), "missing_functions": [], "check_error": "", "site_name": ""}
    try:
        info = client().call("core_webservice_get_site_info")
        allowed = {f.get("name") for f in info.get("functions", [])}
        fields["site_name"] = str(info.get("sitename", ""))[:300]
        missing = [name for name in NEEDED_FUNCTIONS if name not in allowed]
        sso_allowed = allowed
        if options.sso_token and options.sso_token != options.token:
            sso_info = client(sso=True).call("core_webservice_get_site_info")
            sso_allowed = {f.get("name") for f in sso_info.get("functions", [])}
        if SSO_FUNCTION not in sso_allowed:
            missing.append(SSO_FUNCTION)
        fields["missing_functions"] = missing
    except MoodleError as exc:
        fields["check_error"] = exc.explain()[:500]
    except MoodleRefused as refusal:
        fields["check_error"] = str(refusal)
    MoodleSettings.objects.filter(pk=options.pk).update(**fields)
    options.refresh_from_db()
    if actor is not None:
        audit_record(actor=actor, action="learning.moodle_check", obj=options, request=request,
                     details={"missing": fields["missing_functions"], "error": fields["check_error"]})
    return options


def course_attach(*, actor, group: Group, course_id: int | None = None, request=None) -> MoodleCourse:
    """Give a remote or blended group its Moodle course: linked to an existing one (course_id) or made from
    the template on the next sync. A repeat changes nothing once the course exists."""
    if not Group.objects.manageable_by(actor).filter(pk=group.pk).exists():
        raise MoodleRefused(_("You do not manage this group."))
    if not (group.study_form and group.study_form.code in REMOTE_FORMS):
        raise MoodleRefused(_("Only groups that study remotely or blended get a Moodle course."))
    client()
    with transaction.atomic():
        course, created = MoodleCourse.objects.select_for_update().get_or_create(group=group)
        if course.course_id and not created:
            return course
        if course_id:
            course.course_id, course.linked = course_id, True
            course.save(update_fields=["course_id", "linked"])
        audit_record(actor=actor, action="learning.moodle_attach", obj=group, request=request,
                     details={"course_id": course_id})
    return course


def _log(course: MoodleCourse, message: str, ok: bool = True) -> None:
    SyncEntry.objects.create(course=course, message=message[:1000], ok=ok)


def _ensure_course(course: MoodleCourse, moodle: Client, options: MoodleSettings) -> None:
    group = course.group
    if course.course_id:
        found = moodle.call("core_course_get_courses_by_field", field="id", value=course.course_id)["courses"]
        if not found:
            raise MoodleRefused(_("There is no course %(id)s in Moodle.") % {"id": course.course_id})
        course.shortname = found[0]["shortname"]
        return
    idnumber = f"copp-group-{group.pk}"
    # A course made by an earlier run that failed before saving its id is found by its id number, not made twice.
    found = (moodle.call("core_course_get_courses_by_field", field="idnumber", value=idnumber)["courses"]
             or moodle.call("core_course_get_courses_by_field", field="shortname", value=group.code)["courses"])
    if found:
        course.course_id, course.shortname = found[0]["id"], found[0]["shortname"]
        return
    fullname = f"{group.program.title} ({group.code})"[:254]
    if options.template_course_id:
        made = moodle.call("core_course_duplicate_course", courseid=options.template_course_id, fullname=fullname,
                           shortname=group.code, categoryid=options.category_id, visible=1)
        # duplicate_course takes no id number: the short name (the group code, unique in both systems) finds
        # the course again after a failed run.
        course.course_id, course.shortname = made["id"], made["shortname"]
    else:
        made = moodle.call("core_course_create_courses", courses=[{
            "fullname": fullname, "shortname": group.code, "categoryid": options.category_id, "idnumber": idnumber,
            "startdate": int(datetime.datetime.combine(group.starts_on, datetime.time()).timestamp()),
            "enddate": int(datetime.datetime.combine(group.ends_on, datetime.time()).timestamp()),
            "enablecompletion": 1}])
        course.course_id, course.shortname = made[0]["id"], made[0]["shortname"]
    _log(course, _("Course %(name)s made in Moodle (id %(id)s).") % {"name": course.shortname, "id": course.course_id})


def _username(email: str) -> str:
    name = re.sub(r"[^a-z0-9_.@-]", "", email.lower())
    return name[:100] or "user"


def _account(user, moodle: Client) -> MoodleAccount:
    """The person's Moodle account: the one with their e-mail, or a new one; never a second one."""
    account = MoodleAccount.objects.filter(user=user).first()
    if account is not None:
        return account
    found = moodle.call("core_user_get_users_by_field", field="email", values=[user.email])
    if found:
        moodle_id, username = found[0]["id"], found[0]["username"]
    else:
        made = moodle.call("core_user_create_users", users=[{
            "username": _username(user.email), "createpassword": 1, "auth": "manual",
            "firstname": user.first_name or "-", "lastname": user.last_name or "-", "email": user.email,
            "idnumber": f"copp-{user.pk}"}])
        moodle_id, username = made[0]["id"], made[0]["username"]
    return MoodleAccount.objects.update_or_create(user=user, defaults={"moodle_id": moodle_id,
                                                                       "username": username})[0]


def course_sync(course: MoodleCourse) -> dict:
    """One sync of a group's course: the course itself, then every learner and teacher matched and enrolled
    with their role; learners who left the group (moved, expelled) are suspended there. MoodleError is logged
    for staff and raised again so the task retries what is worth retrying."""
    options = MoodleSettings.current()
    moodle = client()
    course = MoodleCourse.objects.select_related("group__program").get(pk=course.pk)
    group = course.group
    try:
        _ensure_course(course, moodle, options)
        MoodleCourse.objects.filter(pk=course.pk).update(course_id=course.course_id, shortname=course.shortname)
        wanted = {}
        for enrolment in Enrolment.objects.filter(group=group).exclude(status=EnrolmentStatus.COMPLETED) \
                .select_related("learner"):
            studying = enrolment.status == EnrolmentStatus.STUDYING
            if not studying and not MoodleEnrolment.objects.filter(course=course,
                                                                   account__user=enrolment.learner).exists():
                continue  # never enrolled there: nothing to suspend
            wanted[enrolment.learner] = (options.student_role_id, not studying)
        for teacher in group.teachers.select_related("user"):
            if teacher.user is not None:
                wanted[teacher.user] = (options.teacher_role_id, False)
        existing = {e.account.user_id: e for e in MoodleEnrolment.objects.filter(course=course)
                    .select_related("account")}
        rows, changes = [], []
        for user, (role, suspended) in wanted.items():
            account = _account(user, moodle)
            current = existing.get(user.pk)
            if current and current.role_id == role and current.suspended == suspended:
                continue
            rows.append({"roleid": role, "userid": account.moodle_id, "courseid": course.course_id,
                         "suspend": 1 if suspended else 0})
            changes.append((account, role, suspended))
        if rows:
            moodle.call("enrol_manual_enrol_users", enrolments=rows)
            for account, role, suspended in changes:
                MoodleEnrolment.objects.update_or_create(course=course, account=account,
                                                         defaults={"role_id": role, "suspended": suspended})
        suspended_count = sum(1 for _a, _r, s in changes if s)
        MoodleCourse.objects.filter(pk=course.pk).update(state=SyncState.OK, synced_at=timezone.now(),
                                                         last_error="")
        _log(course, _("Synced: %(changed)s enrolments changed, %(suspended)s suspended.") % {
            "changed": len(changes), "suspended": suspended_count})
        return {"changed": len(changes), "suspended": suspended_count}
    except MoodleError as exc:
        _failed(course, exc.explain())
        raise
    except MoodleRefused as refusal:
        _failed(course, str(refusal))
        raise


def _failed(course: MoodleCourse, text: str) -> None:
    MoodleCourse.objects.filter(pk=course.pk).update(state=SyncState.ERROR, last_error=text[:500])
    _log(course, text, ok=False)


def grade_value(scale_values: list[GradeValue], raw, grademax) -> GradeValue | None:
    """A Moodle grade (raw out of grademax) on the group's scale: under half of the maximum is the best failing
    value; from half up, the passing values share the upper half equally, lowest first."""
    if raw is None or not grademax:
        return None
    share = Decimal(str(raw)) / Decimal(str(grademax))
    failing = sorted((v for v in scale_values if not v.is_passing), key=lambda v: v.points)
    passing = sorted((v for v in scale_values if v.is_passing), key=lambda v: v.points)
    if share < Decimal("0.5") or not passing:
        return failing[-1] if failing else None
    step = Decimal("0.5") / len(passing)
    index = min(int((share - Decimal("0.5")) / step), len(passing) - 1)
    return passing[index]


def _modules_of(item: dict, modules, manual: dict | None = None) -> object | None:
    """A grade item belongs to the module staff mapped it to by hand (None there: not imported), otherwise to
    a module of the program by its ID number (M<order>) or its exact name."""
    if manual and item.get("id") in manual:
        return manual[item["id"]]
    idnumber, name = (item.get("idnumber") or "").strip(), (item.get("itemname") or "").strip().lower()
    for module in modules:
        if idnumber and idnumber == f"M{module.order}":
            return module
        if name and name == module.title.strip().lower():
            return module
    return None


def grades_import(course: MoodleCourse) -> dict:
    """Bring Moodle's grades and course completion back: a grade item mapped to a module of the group's
    program becomes the module grade (source «Moodle», with history); a differing grade a teacher entered by
    hand is kept and shown as a conflict."""
    moodle = client()
    course = MoodleCourse.objects.select_related("group__program", "group__grade_scale").get(pk=course.pk)
    if not course.course_id:
        return {"grades": 0, "conflicts": 0, "completed": 0}
    group = course.group
    modules = list(group.program.modules.all())
    values = list(GradeValue.objects.filter(scale=scale_of(group)))
    accounts = {a.moodle_id: a for a in MoodleAccount.objects.filter(
        user__enrolments__group=group, user__enrolments__status=EnrolmentStatus.STUDYING)}
    enrolments = {e.learner_id: e for e in Enrolment.objects.filter(group=group, status=EnrolmentStatus.STUDYING)}
    by_pk = {m.pk: m for m in modules}
    manual = {m.item_id: by_pk.get(m.module_id) for m in GradeItemMapping.objects.filter(course=course)}
    written = conflicts = completed = 0
    try:
        report = moodle.call("gradereport_user_get_grade_items", courseid=course.course_id, userid=0)
        seen = {}
        for row in report.get("usergrades", []):
            for item in row.get("gradeitems", []):
                if item.get("itemtype") != "course" and item.get("id") is not None:
                    seen[item["id"]] = {"id": item["id"], "name": item.get("itemname") or "",
                                        "idnumber": item.get("idnumber") or ""}
        if seen:
            MoodleCourse.objects.filter(pk=course.pk).update(grade_items=list(seen.values()))
        for row in report.get("usergrades", []):
            account = accounts.get(row.get("userid"))
            enrolment = enrolments.get(account.user_id) if account else None
            if enrolment is None:
                continue
            for item in row.get("gradeitems", []):
                module = _modules_of(item, modules, manual)
                value = grade_value(values, item.get("graderaw"), item.get("grademax"))
                if module is None or value is None:
                    continue
                cell = ModuleGrade.objects.filter(enrolment=enrolment, module=module).select_related("grade").first()
                if cell and cell.grade_id and cell.source == MarkSource.TEACHER:
                    if cell.grade_id != value.pk:
                        GradeConflict.objects.update_or_create(
                            enrolment=enrolment, module=module,
                            defaults={"course": course, "moodle_value": value.code, "journal_value": cell.grade.code})
                        conflicts += 1
                    else:
                        GradeConflict.objects.filter(enrolment=enrolment, module=module).delete()
                    continue
                if cell is None or cell.grade_id != value.pk:
                    module_grade_set(actor=None, enrolment=enrolment, module=module, value=value,
                                     source=MarkSource.MOODLE)
                    written += 1
        for account in accounts.values():
            status = moodle.call("core_completion_get_course_completion_status", courseid=course.course_id,
                                 userid=account.moodle_id)["completionstatus"]
            done = None
            if status.get("completed"):
                stamps = [c.get("timecompleted") for c in status.get("completions", []) if c.get("timecompleted")]
                done = datetime.datetime.fromtimestamp(max(stamps) if stamps else timezone.now().timestamp(),
                                                       tz=datetime.UTC)
                completed += 1
            MoodleEnrolment.objects.filter(course=course, account=account).update(completed_at=done)
    except MoodleError as exc:
        _failed(course, exc.explain())
        raise
    MoodleCourse.objects.filter(pk=course.pk).update(grades_at=timezone.now())
    _log(course, _("Grades read: %(written)s written, %(conflicts)s differ from the teacher's, %(completed)s "
                   "completed the course.") % {"written": written, "conflicts": conflicts, "completed": completed})
    return {"grades": written, "conflicts": conflicts, "completed": completed}


def takes_part(user, group: Group) -> bool:
    """A learner studying in the group or one of its teachers: those who go into its course."""
    return (Enrolment.objects.filter(group=group, learner=user, status=EnrolmentStatus.STUDYING).exists()
            or group.teachers.filter(user=user).exists())


def sso_url(*, user, group: Group) -> str:
    """The one-time Moodle login address (auth_userkey) into the group's course, for a learner studying in it
    or one of its teachers; MoodleRefused otherwise or when the person has no Moodle account yet."""
    course = MoodleCourse.objects.filter(group=group, course_id__isnull=False).first()
    if course is None or not takes_part(user, group):
        raise MoodleRefused(_("The group has no course in Moodle."))
    account = MoodleAccount.objects.filter(user=user).first()
    if account is None:
        raise MoodleRefused(_("Your Moodle account is being prepared; try again in a few minutes."))
    answer = client(sso=True).call("auth_userkey_request_login_url", user={"email": user.email})
    options = MoodleSettings.current()
    wants = f"{options.url}/course/view.php?id={course.course_id}"
    return f"{answer['loginurl']}&{urlencode({'wantsurl': wants})}"


def courses_sync_all() -> dict:
    """The scheduled sweep: every group's course synced and its grades read; one group's error does not stop
    the others (it is logged on that group)."""
    if not MoodleSettings.current().is_ready:
        return {"synced": 0, "failed": 0}
    synced = failed = 0
    for course in MoodleCourse.objects.select_related("group"):
        try:
            course_sync(course)
            grades_import(course)
            synced += 1
        except (MoodleError, MoodleRefused):
            failed += 1
    return {"synced": synced, "failed": failed}


def automatic_module(item: dict, modules):
    """The module a grade item goes to without a hand mapping (for the mapping page)."""
    return _modules_of(item, modules)


def mapping_save(*, actor, course: MoodleCourse, choices: dict, request=None) -> int:
    """Staff's hand mapping of grade items: {item id: "auto" | "skip" | module pk}. "auto" removes the hand
    mapping; a module must be of the group's program. Returns how many items are mapped by hand."""
    modules = {m.pk: m for m in course.group.program.modules.all()}
    names = {i["id"]: i.get("name", "") for i in course.grade_items}
    with transaction.atomic():
        for item_id, choice in choices.items():
            if item_id not in names:
                continue
            if choice == "auto":
                GradeItemMapping.objects.filter(course=course, item_id=item_id).delete()
                continue
            module = None if choice == "skip" else modules.get(int(choice))
            if choice != "skip" and module is None:
                raise MoodleRefused(_("The module is not a part of the group's program."))
            GradeItemMapping.objects.update_or_create(course=course, item_id=item_id, defaults={
                "item_name": names[item_id][:300], "module": module, "mapped_by": actor})
        audit_record(actor=actor, action="learning.moodle_mapping", obj=course.group, request=request)
    return GradeItemMapping.objects.filter(course=course).count()
