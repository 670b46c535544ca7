"""Rows of the access matrix for the materials library (merged into copp/learning/tests/access.py). The
material belongs to the first partner (its author) in the first partner organisation, where the first teacher
works too."""
from copp.core.roles import Role
from copp.organizations.models import OrganizationType
from copp.programs.models import LibraryModule
from tests.access import ALL_ROLES, PUBLIC, Route, accepts

from .factories import material_row, pdf_bytes

AUTHORS = frozenset({Role.STAFF, Role.PARTNER, Role.TEACHER})


def _author(w):
    return w.users[Role.PARTNER][0], w.orgs[OrganizationType.PARTNER][0]


def published(w):
    return {"pk": material_row(*_author(w), title="Опубликованный").pk}


def draft(w):
    from copp.learning.materials.models import VersionStatus

    return {"pk": material_row(*_author(w), title="Черновик", status=VersionStatus.DRAFT).pk}


def published_file(w):
    material = material_row(*_author(w), title="Файл", file=pdf_bytes("Проверка"), file_type="application/pdf")
    return {"pk": material.published_id}


def use(w):
    from copp.learning.materials.models import MaterialUse

    material = material_row(*_author(w), title="Прикреплённый")
    module = LibraryModule.objects.create(title="Модуль", author=w.orgs[OrganizationType.PARTNER][0])
    return {"pk": MaterialUse.objects.create(material=material, library_module=module).pk}


def program_module(w):
    from copp.programs.models import ProgramModule
    from copp.programs.tests.factories import make_program

    program = make_program(w.orgs[OrganizationType.PARTNER][0])
    return {"kind": "program_module", "pk": ProgramModule.objects.create(program=program, order=1, title="Модуль").pk}


PUBLIC_OBJECT = "an approved material is public: every visitor sees it"

ROUTES = {
    "learning:materials_catalogue": Route(PUBLIC),
    # The catalogue's publishers are what the public catalogue shows; the library's authors are the CoPP's.
    "learning:materials_publisher_choices": Route(PUBLIC),
    "learning:materials_author_choices": Route(frozenset({Role.STAFF})),
    "learning:materials_card": Route(PUBLIC, kwargs=published, no_outsider=PUBLIC_OBJECT),
    "learning:materials_preview": Route(PUBLIC, kwargs=published_file, no_outsider=PUBLIC_OBJECT),
    "learning:materials_download": Route(PUBLIC, kwargs=published_file, no_outsider=PUBLIC_OBJECT),
    "learning:materials_internal": Route(ALL_ROLES),
    "learning:materials_detail": Route(ALL_ROLES, kwargs=published, no_outsider=PUBLIC_OBJECT),
    # Only the author changes a material; others who see it get 403, an outsider of a draft 404. An empty form
    # is a 400 with the messages.
    "learning:materials_edit": Route(frozenset({Role.PARTNER}), kwargs=draft, owner=Role.PARTNER,
                                     also=accepts((400,), "post")),
    # An empty choice says so and goes back to the material (302) for everyone who sees it.
    "learning:materials_attach": Route(ALL_ROLES, method="post", kwargs=published, ok=(302,),
                                       no_outsider=PUBLIC_OBJECT),
    # Detaching is for who edits the module (its organisation's partner); the material is public, so a stranger
    # gets 403, not 404.
    "learning:materials_detach": Route(frozenset({Role.PARTNER}), method="post", kwargs=use, ok=(302,),
                                       no_outsider="the use's material is public; a stranger is refused with 403"),
    # The materials of a place (here a module of the first partner's program in the constructor): for who edits
    # the program; CoPP staff edit only their own organisation's programs, so they meet it as 404.
    "learning:materials_target": Route(frozenset({Role.PARTNER}), kwargs=program_module, owner=Role.PARTNER,
                                       not_theirs=frozenset({Role.STAFF}), also=accepts((302,), "post")),
    "learning:materials_mine": Route(AUTHORS),
    "learning:materials_create": Route(AUTHORS, also=accepts((400,), "post")),
    "learning:materials_library": Route(frozenset({Role.STAFF})),
    "learning:materials_export": Route(frozenset({Role.STAFF})),
    "learning:materials_study": Route(frozenset({Role.LEARNER})),
}
