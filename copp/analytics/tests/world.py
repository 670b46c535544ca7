"""A small known world for the indicator tests: fixed dates in 2025 (never today's), two providers in two
municipalities, an employer, a learner in two programs, an expelled learner, a moved learner, events."""
import datetime
from types import SimpleNamespace

from django.utils import timezone

from copp.admissions.models import Application, ApplicationStatus, StatusChange
from copp.admissions.tests.factories import application, program
from copp.core.roles import Role
from copp.directories.models import AttendanceStatus, Municipality, ProgramKind, Region
from copp.events.models import Event, EventRegistration, EventStatus, EventType
from copp.organizations.models import OrganizationType
from copp.resources.models import Site
from copp.training.models import EnrolmentStatus, Lesson, Mark
from copp.training.tests.factories import enrol, make_group, make_lesson
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory, make_snils


def moment(month, day, hour=12):
    return timezone.make_aware(datetime.datetime(2025, month, day, hour, 0))


def set_dates(obj, **fields):
    """Dates the models set themselves (auto_now) are put in place with an UPDATE, which bypasses them."""
    type(obj).objects.filter(pk=obj.pk).update(**fields)


def build():
    region, _ = Region.objects.get_or_create(code="66", defaults={"name": "Свердловская область"})
    north, _ = Municipality.objects.get_or_create(code="t-north", defaults={"name": "Северск", "region": region})
    south, _ = Municipality.objects.get_or_create(code="t-south", defaults={"name": "Южноуральск",
                                                                           "region": region})
    first = OrganizationFactory(type=OrganizationType.PARTNER, short_name="Колледж Север", municipality=north)
    second = OrganizationFactory(type=OrganizationType.PARTNER, short_name="Техникум Юг", municipality=south)
    employer = OrganizationFactory(type=OrganizationType.CUSTOMER, short_name="Завод")
    welding = program(first, title="Сварка")
    retraining, _ = ProgramKind.objects.get_or_create(code="retraining",
                                                      defaults={"name": "Профессиональная переподготовка"})
    design = program(second, title="Дизайн")
    design.kind = retraining
    design.save(update_fields=["kind"])

    ann = UserFactory(last_name="Анина", first_name="Анна", snils=make_snils(1), birth_date=datetime.date(1990, 1, 2))
    bob = UserFactory(last_name="Бобров", first_name="Борис", snils=make_snils(2))
    cat = UserFactory(last_name="Котова", first_name="Катя", snils="")
    # Applications: Ann to both programs (March), Bob to welding (March), Cat to welding (April).
    app_ann_w = application(ann, welding)
    app_ann_d = application(ann, design)
    app_bob = application(bob, welding)
    app_cat = application(cat, welding)
    for app, when in ((app_ann_w, moment(3, 3)), (app_ann_d, moment(3, 5)), (app_bob, moment(3, 10)),
                      (app_cat, moment(4, 2))):
        set_dates(app, submitted_at=when)
    for app, when in ((app_ann_w, moment(3, 5)), (app_ann_d, moment(3, 9)), (app_bob, moment(3, 20))):
        change = StatusChange.objects.create(application=app, from_status=ApplicationStatus.SUBMITTED,
                                             to_status=ApplicationStatus.ACCEPTED)
        set_dates(change, at=when)
    Application.objects.filter(pk__in=[app_ann_w.pk, app_ann_d.pk, app_bob.pk]).update(
        status=ApplicationStatus.ENROLLED)

    site = Site.objects.create(organization=first, name="Мастерская сварки", address="ул. Заводская, 1",
                               municipality=north, capacity=12)
    group_w = make_group(first, program=welding, starts_on=datetime.date(2025, 3, 24),
                         ends_on=datetime.date(2025, 4, 30))
    group_w2 = make_group(first, program=welding, starts_on=datetime.date(2025, 3, 24),
                          ends_on=datetime.date(2025, 4, 30))
    group_d = make_group(second, program=design, starts_on=datetime.date(2025, 3, 24),
                         ends_on=datetime.date(2025, 5, 30))
    # Ann completes both programs (March 30 and April 28 documents); Bob is expelled in April after a move
    # from one welding group to another; Cat is sent by the employer and is still studying.
    ann_w = enrol(group_w, ann, application=app_ann_w)
    ann_d = enrol(group_d, ann, application=app_ann_d)
    bob_moved = enrol(group_w2, bob, application=app_bob, status=EnrolmentStatus.MOVED)
    bob_w = enrol(group_w, bob, application=app_bob)
    cat_w = enrol(group_w, cat, sent_by=employer)
    for enrolment, when in ((ann_w, moment(3, 25)), (ann_d, moment(3, 25)), (bob_moved, moment(3, 24)),
                            (bob_w, moment(3, 26)), (cat_w, moment(4, 5))):
        set_dates(enrolment, created_at=when, updated_at=when)
    set_dates(ann_w, status=EnrolmentStatus.COMPLETED, document_type="upskilling_certificate",
              document_series="66", document_number="000101", document_date=datetime.date(2025, 3, 30),
              updated_at=moment(3, 30))
    set_dates(ann_d, status=EnrolmentStatus.COMPLETED, document_type="retraining_diploma",
              document_number="", document_date=datetime.date(2025, 4, 28), updated_at=moment(4, 28))
    set_dates(bob_w, status=EnrolmentStatus.EXPELLED, updated_at=moment(4, 15))

    # Lessons: two hours at the site on March 27 and three on April 3; marks on the first.
    lesson1 = make_lesson(group_w, starts_at=moment(3, 27, 10), hours=2, teachers=[], site=site)
    make_lesson(group_w, starts_at=moment(4, 3, 10), hours=3, teachers=[], site=site)
    present, absent = AttendanceStatus.objects.get(code="present"), AttendanceStatus.objects.get(code="absent")
    Mark.objects.create(enrolment=ann_w, lesson=lesson1, attendance=present)
    Mark.objects.create(enrolment=bob_w, lesson=lesson1, attendance=absent)
    Mark.objects.create(enrolment=cat_w, lesson=lesson1, attendance=present)

    # Events: a career-guidance day (Dan and Ann came, Eve registered but did not) and a seminar (Dan came).
    dan, eve = UserFactory(last_name="Данилов"), UserFactory(last_name="Евина")
    guidance = Event.objects.create(title="День профессий", type=EventType.CAREER_GUIDANCE, organizer=first,
                                    starts_at=moment(3, 15), ends_at=moment(3, 15, 15), status=EventStatus.PUBLISHED)
    seminar = Event.objects.create(title="Семинар", type=EventType.SEMINAR, organizer=second,
                                   starts_at=moment(4, 20), ends_at=moment(4, 20, 15), status=EventStatus.PUBLISHED)
    for event, user, came in ((guidance, dan, True), (guidance, ann, True), (guidance, eve, False),
                              (seminar, dan, True)):
        EventRegistration.objects.create(event=event, user=user, queued_at=event.starts_at,
                                         checked_in_at=event.starts_at if came else None)

    partner_user = UserFactory(roles=[Role.PARTNER])
    MembershipFactory(user=partner_user, organization=second)
    employer_user = UserFactory(roles=[Role.CUSTOMER])
    MembershipFactory(user=employer_user, organization=employer)
    return SimpleNamespace(first=first, second=second, employer=employer, welding=welding, design=design,
                           eve=eve, bob_w=bob_w, north=north, south=south, site=site, ann=ann, bob=bob, cat=cat,
                           dan=dan,
                           app_cat=app_cat, ann_w=ann_w, ann_d=ann_d, lessons=Lesson.objects.filter(group=group_w),
                           partner_user=partner_user, employer_user=employer_user, group_w=group_w)

