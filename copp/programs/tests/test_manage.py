"""The organisation's programs in the cabinet: the form with modules and start dates, the hours rules, the
search vector, every allowed and forbidden status change, who may edit what."""
import itertools

import pytest
from django.contrib.postgres.search import SearchQuery
from django.urls import reverse

from copp.core.models import AuditLog
from copp.core.roles import Role
from copp.core.workflow import TransitionNotAllowed
from copp.directories.models import Competency, FundingSource, ProgramKind, StudyForm
from copp.organizations.models import OrganizationType
from copp.programs.models import Program, ProgramStatus
from copp.programs.services import program_transition
from copp.programs.workflow import TRANSITIONS

from .factories import approve, make_program

pytestmark = pytest.mark.django_db


def form_data(partner, *, kind="upskilling", hours=24, modules=((8, 16),), **extra):
    data = {
        "title": "Оператор станков с ЧПУ", "provider": partner.pk,
        "kind": ProgramKind.objects.get(code=kind).pk,
        "competencies": [Competency.objects.get(name="Токарные работы на станках с ЧПУ").pk],
        "audience": "Станочники", "goals": "Научиться программировать токарный станок", "hours": str(hours),
        "study_form": StudyForm.objects.get(code="full_time").pk,
        "funding": FundingSource.objects.get(code="regional_budget").pk, "price": "0",
        "document": "upskilling_certificate",
        "modules-TOTAL_FORMS": str(len(modules)), "modules-INITIAL_FORMS": "0",
        "starts-TOTAL_FORMS": "1", "starts-INITIAL_FORMS": "0", "starts-0-starts_on": "2027-02-01",
        "starts-0-place": "Екатеринбург",
    }
    for i, (theory, practice) in enumerate(modules):
        data |= {f"modules-{i}-order": str(i + 1), f"modules-{i}-title": f"Модуль {i + 1}",
                 f"modules-{i}-theory_hours": str(theory), f"modules-{i}-practice_hours": str(practice)}
    return data | extra


@pytest.fixture
def partner(world):
    return world.orgs[OrganizationType.PARTNER][0]


@pytest.fixture
def rep(world, login):
    return login(world.users[Role.PARTNER][0])


def test_create_program_with_modules_and_starts(rep, partner):
    response = rep.post(reverse("programs:create"), form_data(partner, modules=((8, 8), (0, 8))))
    assert response.status_code == 302
    program = Program.objects.get()
    assert program.provider == partner and program.status == ProgramStatus.DRAFT and program.is_free
    assert program.modules.count() == 2 and program.starts.count() == 1
    assert Program.objects.filter(search_vector=SearchQuery("токарного", config="russian")).exists()
    assert AuditLog.objects.filter(action="program.created", object_id=str(program.pk)).exists()


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"hours": 30}, "Объём программы 30 ч, а сумма часов модулей 24 ч. Сделайте их равными."),
    ({"kind": "retraining", "hours": 24},
     "Программа вида «Профессиональная переподготовка» должна длиться не менее 250 ч, а у этой — 24 ч."),
    ({"modules": ()}, "Добавьте хотя бы один модуль с часами теории и практики."),
    ({"funding": "personal_no_price"}, "Укажите стоимость платной программы."),
])
def test_bad_input_gives_clear_message_and_saves_nothing(rep, partner, kwargs, message):
    if kwargs.get("funding") == "personal_no_price":
        data = form_data(partner, funding=FundingSource.objects.get(code="personal").pk, price="")
    else:
        data = form_data(partner, **kwargs)
    response = rep.post(reverse("programs:create"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Program.objects.exists()


def test_editing_keeps_the_rules(rep, partner):
    program = make_program(partner, hours=72, status=ProgramStatus.DRAFT)
    modules = list(program.modules.all())
    data = form_data(partner, hours=72, modules=())
    data |= {"modules-TOTAL_FORMS": "2", "modules-INITIAL_FORMS": "2"}
    for i, module in enumerate(modules):
        data |= {f"modules-{i}-id": module.pk, f"modules-{i}-order": module.order, f"modules-{i}-title": module.title,
                 f"modules-{i}-theory_hours": module.theory_hours, f"modules-{i}-practice_hours": module.practice_hours}
    data["modules-1-DELETE"] = "on"
    response = rep.post(reverse("programs:update", args=[program.pk]), data)
    assert response.status_code == 400 and "сумма часов модулей 36 ч" in response.content.decode()
    assert program.modules.count() == 2


def test_outsider_and_staff_cannot_edit(world, partner, login):
    program = make_program(partner)
    url = reverse("programs:update", args=[program.pk])
    assert login(world.users[Role.PARTNER][1]).get(url).status_code == 404
    assert login(world.users[Role.STAFF][0]).get(url).status_code == 403
    staff_list = login(world.users[Role.STAFF][0]).get(reverse("programs:manage")).content.decode()
    assert program.title in staff_list  # CoPP staff see every organisation's programs


def test_provider_must_be_own_organisation(rep, world, partner):
    other = world.orgs[OrganizationType.PARTNER][1]
    response = rep.post(reverse("programs:create"), form_data(other))
    assert response.status_code == 400 and not Program.objects.exists()


PAIRS = list(itertools.permutations(ProgramStatus.values, 2))
ALLOWED = {(t.source, t.target) for t in TRANSITIONS}


@pytest.mark.parametrize(("source", "target"), PAIRS)
def test_every_program_transition(world, partner, source, target):
    program = make_program(partner, status=source)
    approve(program)  # publishing needs a version approved by experts (M15)
    actor = world.users[Role.PARTNER][0]
    if (source, target) in ALLOWED:
        assert program_transition(actor=actor, program=program, target=target).status == target
        assert AuditLog.objects.filter(action="program.status_changed", details__to=target).exists()
    else:
        with pytest.raises(TransitionNotAllowed):
            program_transition(actor=actor, program=program, target=target)


def test_publish_through_the_page(rep, partner):
    program = make_program(partner, status=ProgramStatus.DRAFT)
    approve(program)
    response = rep.post(reverse("programs:transition", args=[program.pk]), {"target": "published"}, follow=True)
    assert "Программа опубликована" in response.content.decode()
    program.refresh_from_db()
    assert program.status == ProgramStatus.PUBLISHED


def test_only_an_approved_unchanged_version_is_published(world, partner):
    actor = world.users[Role.PARTNER][0]
    program = make_program(partner, status=ProgramStatus.DRAFT)
    with pytest.raises(TransitionNotAllowed, match="прошла экспертизу|passed expert review"):
        program_transition(actor=actor, program=program, target=ProgramStatus.PUBLISHED)
    version = approve(program)
    module = program.modules.first()
    module.theory_hours += 1
    module.save()
    with pytest.raises(TransitionNotAllowed, match=f"v{version.number}|{version.number}"):
        program_transition(actor=actor, program=program, target=ProgramStatus.PUBLISHED)
    module.theory_hours -= 1
    module.save()
    program = program_transition(actor=actor, program=program, target=ProgramStatus.PUBLISHED)
    version.refresh_from_db()
    assert version.status == "published" and program.reviewed_on is not None
