"""Rows of the access matrix (tests/test_access_matrix.py) for the admissions routes. Objects belong to the
first user or organisation of a role in the world, so the second one (an outsider) must get 404."""
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from copp.core.roles import Role
from copp.organizations.models import OrganizationType
from tests.access import ALL_ROLES, Route, accepts

from ..models import ApplicationDocument, ApplicationKind, ApplicationStatus, Campaign, DocumentKind
from . import factories

LEARNER = frozenset({Role.LEARNER})
ORG = frozenset({Role.PARTNER, Role.CUSTOMER})
PROCESSORS = frozenset({Role.STAFF, Role.PARTNER})
STAFF = frozenset({Role.STAFF})


def _program(w):
    return factories.program(w.orgs[OrganizationType.PARTNER][0])


def program_kwargs(w):
    return {"program_pk": _program(w).pk}


def learner_application(w, status=ApplicationStatus.SUBMITTED):
    return factories.application(w.users[Role.LEARNER][0], _program(w), status=status)


def own(w):
    return {"pk": learner_application(w).pk}


def needs_changes(w):
    return {"pk": learner_application(w, ApplicationStatus.NEEDS_CHANGES).pk}


def document(w):
    from django.core.files.base import ContentFile

    app = learner_application(w)
    doc = ApplicationDocument.objects.create(application=app, owner=app.applicant, kind=DocumentKind.EDUCATION,
                                             file=ContentFile(factories.PDF, name="diploma.pdf"),
                                             original_name="diploma.pdf", content_type="application/pdf", size=10)
    return {"pk": doc.pk}


def org_application(w):
    customer = w.users[Role.CUSTOMER][0]
    app = factories.application(customer, _program(w), kind=ApplicationKind.MASS,
                                organization=w.orgs[OrganizationType.CUSTOMER][0], participants=2)
    return {"pk": app.pk}


def participant(w):
    app = factories.application(w.users[Role.CUSTOMER][0], _program(w), kind=ApplicationKind.MASS,
                                status=ApplicationStatus.IN_REVIEW,
                                organization=w.orgs[OrganizationType.CUSTOMER][0], participants=1)
    return {"pk": app.participants.get().pk}


def campaign(w):
    item = Campaign.objects.create(title="Кампания", deadline=timezone.now() + timezone.timedelta(days=7), quota=5)
    item.programs.add(_program(w))
    return {"pk": item.pk}


ROUTES = {
    "admissions:apply": Route(LEARNER, kwargs=program_kwargs,
                              no_outsider="a published program takes anyone's application",
                              also=accepts((200,), "post")),
    "admissions:apply_done": Route(LEARNER, kwargs=own, owner=Role.LEARNER),
    "admissions:mine": Route(LEARNER),
    "admissions:path": Route(LEARNER, also=accepts((400,), "post")),
    "admissions:my_detail": Route(LEARNER, kwargs=own, owner=Role.LEARNER),
    "admissions:my_withdraw": Route(LEARNER, method="post", kwargs=own, owner=Role.LEARNER, ok=(302,)),
    # A comment alone no longer passes the corrected-data form: the page comes back with its errors.
    "admissions:my_resubmit": Route(LEARNER, method="post", kwargs=needs_changes, owner=Role.LEARNER, ok=(200, 302),
                                    data={"comment": "Исправил"}),
    "admissions:my_document": Route(LEARNER, kwargs=document, owner=Role.LEARNER),
    "admissions:org_list": Route(ORG),
    "admissions:org_detail": Route(ORG, kwargs=org_application, owner=Role.CUSTOMER),
    "admissions:org_withdraw": Route(ORG, method="post", kwargs=org_application, owner=Role.CUSTOMER, ok=(302,)),
    "admissions:org_resubmit": Route(ORG, method="post", kwargs=org_application, owner=Role.CUSTOMER, ok=(302,),
                                     data={"comment": "Исправили"}),
    "admissions:mass_apply": Route(ORG, also=accepts((200,), "post")),
    "admissions:participants_template": Route(ORG),
    "admissions:new_program": Route(ORG, also=accepts((200,), "post")),
    "admissions:org_campaigns": Route(ORG),
    "admissions:org_campaign": Route(ORG, kwargs=campaign,
                                     no_outsider="an open campaign takes every organisation's list",
                                     also=accepts((200,), "post")),
    "admissions:inbox": Route(PROCESSORS),
    "admissions:inbox_export": Route(PROCESSORS),
    "admissions:inbox_bulk": Route(PROCESSORS, method="post", ok=(302,)),
    "admissions:inbox_detail": Route(PROCESSORS, kwargs=own, owner=Role.PARTNER),
    "admissions:inbox_status": Route(PROCESSORS, method="post", kwargs=own, owner=Role.PARTNER, ok=(302,),
                                     data={"target": "in_review"}),
    "admissions:inbox_assign": Route(STAFF, method="post", kwargs=own, ok=(302,),
                                     no_outsider="only CoPP staff assign, and they see every application"),
    "admissions:participant_status": Route(PROCESSORS, method="post", kwargs=participant, owner=Role.PARTNER,
                                           ok=(302,), data={"target": "accepted"}),
    "admissions:inbox_document": Route(PROCESSORS, kwargs=document, owner=Role.PARTNER),
    "admissions:campaigns": Route(STAFF),
    "admissions:campaign_new": Route(STAFF, also=accepts((200,), "post")),
    "admissions:campaign_detail": Route(STAFF, kwargs=campaign, no_outsider="CoPP staff see every campaign"),
    "admissions:notifications": Route(ALL_ROLES),
    "admissions:notifications_read": Route(ALL_ROLES, method="post", ok=(302,)),
}


def _api_is_wired() -> bool:
    try:
        reverse("api:application-list")
    except NoReverseMatch:
        return False
    return True


# The API routes join the table once copp/api/urls.py calls copp.admissions.api.register(router).
if _api_is_wired():
    ROUTES |= {
        "api:application-list": Route(frozenset({Role.STAFF, Role.PARTNER, Role.CUSTOMER, Role.LEARNER}),
                                      anonymous=401, also=accepts((403,), "post")),
        # Every role that reads applications passes the permission; a customer cannot see a citizen's one (404).
        "api:application-detail": Route(frozenset({Role.STAFF, Role.PARTNER, Role.CUSTOMER, Role.LEARNER}),
                                        kwargs=own, owner=Role.LEARNER, ok=(200, 404), anonymous=401),
    }
