"""A demonstration exam for the tests (D6): a centre accredited for a competency, two experts of it, an exam of
an organisation with thresholds 20 / 40 / 60 of 100."""
import datetime
from decimal import Decimal

from copp.directories.models import Competency
from copp.organizations.models import OrganizationType
from copp.resources.models.staff import CompetencyLevel, StaffCompetency, StaffKind
from copp.resources.tests.factories import site, staff

from ..exam_models import DemoExam, ExamStatus, summarize


def competency() -> Competency:
    return Competency.objects.filter(is_active=True).order_by("pk").first() or Competency.objects.create(
        code="t-weld", name="Сварочные технологии")


def centre(org, comp=None):
    comp = comp or competency()
    place = site(org, is_demo_exam_center=True)
    place.competencies.add(comp)
    return place


def expert(org, comp=None, **fields):
    person = staff(org, kind=StaffKind.EXPERT, **fields)
    StaffCompetency.objects.create(staff=person, competency=comp or competency(), level=CompetencyLevel.EXPERT)
    return person


def make_exam(org, *, comp=None, place=None, status=ExamStatus.DRAFT, starts_on=datetime.date(2025, 6, 2),
              days=2, experts=()) -> DemoExam:
    comp = comp or competency()
    exam = DemoExam.objects.create(
        competency=comp, assessment_set="1.1-2025", level="basic", centre=place or centre(org, comp),
        accredited_until=starts_on + datetime.timedelta(days=365), starts_on=starts_on,
        ends_on=starts_on + datetime.timedelta(days=days - 1), organization=org, max_points=Decimal(100),
        threshold_3=Decimal(20), threshold_4=Decimal(40), threshold_5=Decimal(60), status=status)
    exam.experts.set(experts)
    summarize([exam.pk])  # as the services do: the region's statistics groups count it
    return exam


def world_exam(world) -> DemoExam:
    return make_exam(world.orgs[OrganizationType.PARTNER][0])
