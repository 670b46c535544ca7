"""The learner hears by e-mail of every change of their place: enrolled (by hand or from an organisation's
list), moved, expelled with the reason, completed with the document (M20)."""
import pytest

from copp.core.roles import Role
from copp.directories.models import GradeValue
from copp.organizations.models import OrganizationType

from .. import services
from .factories import make_group

pytestmark = pytest.mark.django_db


def test_learner_letters_follow_the_place_in_the_group(world, mailoutbox, django_capture_on_commit_callbacks):
    partner = world.orgs[OrganizationType.PARTNER][0]
    staff, learner = world.users[Role.STAFF][0], world.users[Role.LEARNER][0]
    group = make_group(partner)
    other = make_group(partner, program=group.program)

    def letter():
        assert len(mailoutbox) == 1 and mailoutbox[0].to == [learner.email]
        mail = mailoutbox.pop()
        return mail.subject, mail.body

    with django_capture_on_commit_callbacks(execute=True):
        enrolment = services.learner_add(actor=staff, group=group, learner=learner)
    subject, body = letter()
    assert subject == f"Зачисление в группу {group.code}" and group.program.title in body
    assert "http://testserver/training/my/week/" not in body and "/training/my/week/" in body

    with django_capture_on_commit_callbacks(execute=True):
        moved = services.enrolment_move(actor=staff, enrolment=enrolment, target=other)
    subject, body = letter()
    assert subject == f"Перевод в группу {other.code}" and "Расписание изменилось" in body

    with django_capture_on_commit_callbacks(execute=True):
        services.enrolment_complete(actor=staff, enrolment=moved, final_grade=GradeValue.objects.get(
            scale__code="five_point", code="5"), document_type="upskilling_certificate", document_series="66",
            document_number="000901", document_date=other.ends_on)
    subject, body = letter()
    assert group.program.title in subject and "№ 66 000901" in body and "Итоговая оценка" in body

    third = make_group(partner, program=group.program)
    with django_capture_on_commit_callbacks(execute=True):
        placed = services.learner_add(actor=staff, group=third, learner=learner)
    letter()
    with django_capture_on_commit_callbacks(execute=True):
        services.enrolment_expel(actor=staff, enrolment=placed, reason="Не приступил к обучению")
    subject, body = letter()
    assert subject == f"Отчисление из группы {third.code}" and "Причина: Не приступил к обучению" in body


def test_a_refused_change_sends_nothing(world, mailoutbox, django_capture_on_commit_callbacks):
    partner = world.orgs[OrganizationType.PARTNER][0]
    group = make_group(partner)
    enrolment = services.learner_add(actor=world.users[Role.STAFF][0], group=group,
                                     learner=world.users[Role.LEARNER][0])
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(services.EnrolmentRefused):
        services.enrolment_expel(actor=world.users[Role.STAFF][0], enrolment=enrolment, reason=" ")
    assert mailoutbox == []
