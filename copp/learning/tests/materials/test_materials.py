"""The materials library (M25): files checked by content and searched by their body text, the public catalogue
shows only approved versions (a newer version in review does not replace the approved one), review through the
shared engine with its conflict-of-interest rule, only the author edits, learners see their modules' materials,
the catalogue's query count does not grow with the data, downloads are counted, the API and the export."""
import io
import socket
import threading

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from copp.core.roles import Role
from copp.learning.materials import services
from copp.learning.materials.models import Material, MaterialVersion, VersionStatus
from copp.learning.materials.selectors import materials_filter, materials_public
from copp.organizations.models import OrganizationType
from copp.programs.models import LibraryModule, ProgramModule
from copp.reviews import services as reviews
from copp.reviews.models import Review
from copp.reviews.tests.factories import make_expert
from copp.training.tests.factories import world_group

from .factories import competency, docx_bytes, material_row, pdf_bytes, upload

pytestmark = pytest.mark.django_db

DATA = {"title": "Материал", "annotation": "Для слушателей", "kind": "lecture", "level": "basic",
        "language": "ru", "licence": "cc_by", "form": "file"}


@pytest.fixture
def author(world):
    return world.users[Role.PARTNER][0]


@pytest.fixture
def org(world):
    return world.orgs[OrganizationType.PARTNER][0]


def _create(author, org, file, **data):
    return services.material_create(actor=author, organization=org, data={**DATA, **data},
                                    competencies=[competency()], file=file)


def _stored_files() -> int:
    try:
        return len(default_storage.listdir("materials")[1])
    except FileNotFoundError:
        return 0


def _approve(material, chair, expert):
    round_ = reviews.review_submit(actor=material.author, kind_key="material", object_id=material.pk)
    reviews.expert_assign(actor=chair, round_=round_, expert=expert)
    criteria = list(round_.review.criteria_set.criteria.all())
    assignment = round_.assignments.get()
    reviews.scorecard_save(actor=expert.staff.user, assignment=assignment,
                           scores={c.pk: (5, "") for c in criteria}, verdict="approve")
    reviews.round_decide(actor=chair, round_=round_, decision="approve")
    material.refresh_from_db()
    return round_


def test_a_docx_and_a_pdf_are_found_by_a_word_of_their_body(author, org, client):
    pdf = _create(author, org, upload("a.pdf", pdf_bytes("Полуавтоматическая сварка тонколистового металла")),
                  title="Первый")
    docx = _create(author, org, upload("b.docx", docx_bytes("Инструктаж по электробезопасности")),
                   title="Второй")
    # The task ran (eagerly in tests) after commit; here the test's transaction never commits, so run it.
    for material in (pdf, docx):
        assert services.version_text_extract(material.latest_id) == "done"
    found = materials_filter(Material.objects.all(), text="тонколистовой", public=False)
    assert list(found) == [pdf]
    found = materials_filter(Material.objects.all(), text="электробезопасности", public=False)
    assert list(found) == [docx]
    assert MaterialVersion.objects.get(pk=docx.latest_id).file_type.endswith("wordprocessingml.document")


def test_an_executable_renamed_to_pdf_is_refused_and_nothing_is_stored(author, org, client):
    before = _stored_files()
    client.force_login(author)
    response = client.post(reverse("learning:materials_create"), {
        **DATA, "organization": org.pk, "competencies": [competency().pk],
        "file": upload("lesson.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 500, "application/pdf")})
    assert response.status_code == 400
    assert "Такой тип файла не принимается" in response.content.decode()
    assert not Material.objects.exists() and not MaterialVersion.objects.exists()
    assert _stored_files() == before


def test_a_zip_that_is_no_package_and_an_oversized_file_are_refused(author, org, settings):
    archive = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("virus.exe", b"MZ")
    with pytest.raises(ValidationError):
        _create(author, org, upload("course.zip", archive.getvalue()))
    settings.COPP_MATERIAL_MAX_MB = 0
    with pytest.raises(ValidationError) as error:
        _create(author, org, upload("a.pdf", pdf_bytes()))
    assert "слишком большой" in str(error.value.message_dict["file"])
    assert not Material.objects.exists()


def test_the_antivirus_hook_refuses_a_finding(author, org, settings):
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)

    def clamd():
        connection_, _ = server.accept()
        with connection_:
            data = b""
            while not data.endswith(b"\x00\x00\x00\x00"):
                data += connection_.recv(65536)
            connection_.sendall(b"stream: Eicar-Test-Signature FOUND\0")

    thread = threading.Thread(target=clamd)
    thread.start()
    settings.COPP_ANTIVIRUS_CLAMD = f"127.0.0.1:{server.getsockname()[1]}"
    with pytest.raises(ValidationError) as error:
        _create(author, org, upload("a.pdf", pdf_bytes()))
    thread.join(5)
    server.close()
    assert "антивирус" in str(error.value.message_dict["file"]).lower()
    assert not Material.objects.exists()


def test_not_in_the_public_catalogue_before_approval_and_a_new_version_does_not_replace_it(world, author, org,
                                                                                          client):
    chair = world.users[Role.STAFF][0]
    expert = make_expert(world.users[Role.TEACHER][1])  # of the second partner: no conflict
    material = _create(author, org, None, form="text", body="Текст про фрезерование деталей", title="Фрезерование")
    assert not materials_public().exists()
    response = client.get(reverse("learning:materials_catalogue"), {"q": "фрезерование"})
    assert "Фрезерование" not in response.content.decode()
    assert client.get(reverse("learning:materials_card", args=[material.pk])).status_code == 404
    reviews.review_submit(actor=author, kind_key="material", object_id=material.pk)
    assert not materials_public().exists()  # in review: still not public
    Review.objects.all().delete()
    MaterialVersion.objects.filter(pk=material.latest_id).update(status=VersionStatus.DRAFT)
    _approve(material, chair, expert)
    first = material.published
    assert first.is_approved
    response = client.get(reverse("learning:materials_catalogue"), {"q": "фрезерование"})
    assert "Фрезерование" in response.content.decode() and "прошёл экспертизу" in response.content.decode().lower()
    # A new version goes to review while the approved one stays published.
    services.material_update(actor=author, material=material, data={**DATA, "form": "text", "title": "Фрезерование 2",
                                                                    "body": "Новый текст"})
    reviews.review_submit(actor=author, kind_key="material", object_id=material.pk)
    material.refresh_from_db()
    assert material.published_id == first.pk and material.latest.number == 2 and material.latest.is_in_review
    page = client.get(reverse("learning:materials_card", args=[material.pk])).content.decode()
    assert "Фрезерование" in page and "Фрезерование 2" not in page
    # Once approved, the new version replaces the old one.
    round_ = Review.objects.get(kind="material").rounds.get(status="open")
    assignment = round_.assignments.get()
    reviews.scorecard_save(actor=expert.staff.user, assignment=assignment,
                           scores={c.pk: (5, "") for c in round_.review.criteria_set.criteria.all()},
                           verdict="approve")
    reviews.round_decide(actor=chair, round_=round_, decision="approve")
    material.refresh_from_db()
    first.refresh_from_db()
    assert material.published.number == 2 and first.status == VersionStatus.SUPERSEDED


def test_an_expert_of_the_authors_organisation_cannot_be_assigned(world, author, org):
    chair = world.users[Role.STAFF][0]
    colleague = make_expert(world.users[Role.TEACHER][0], org)  # the first teacher works in the author's org
    material = _create(author, org, None, form="text", body="Текст")
    round_ = reviews.review_submit(actor=author, kind_key="material", object_id=material.pk)
    with pytest.raises(ValidationError):
        reviews.expert_assign(actor=chair, round_=round_, expert=colleague)
    assert not round_.assignments.exists()


def test_experts_of_the_materials_competency_come_first_and_say_so(world, author, org):
    from copp.resources.models import StaffCompetency
    from copp.reviews.forms import AssignForm
    from copp.reviews.selectors import experts_available

    topic = competency()
    other = make_expert(world.users[Role.STAFF][0])  # no competencies recorded
    matching = make_expert(world.users[Role.TEACHER][1])
    StaffCompetency.objects.create(staff=matching.staff, competency=topic)
    material = _create(author, org, None, form="text", body="Текст")
    round_ = reviews.review_submit(actor=author, kind_key="material", object_id=material.pk)
    available = list(experts_available(round_.review))
    assert available.index(matching) < available.index(other) and available[0].matches
    labels = [label for _pk, label in AssignForm(experts=experts_available(round_.review)).fields["expert"].choices]
    assert any("эксперт по его компетенции" in str(label) and matching.staff.last_name in str(label)
               for label in labels)


def test_a_non_author_cannot_edit_or_send(world, author, org, client):
    material = _create(author, org, None, form="text", body="Текст")
    colleague = world.users[Role.TEACHER][0]  # same organisation, not the author: sees it, cannot change it
    client.force_login(colleague)
    assert client.get(reverse("learning:materials_detail", args=[material.pk])).status_code == 200
    assert client.get(reverse("learning:materials_edit", args=[material.pk])).status_code == 403
    assert client.post(reverse("learning:materials_edit", args=[material.pk]), {}).status_code == 403
    assert client.post(reverse("reviews:submit", args=["material", material.pk])).status_code == 403
    with pytest.raises(PermissionDenied):
        services.material_update(actor=colleague, material=material, data={"title": "Чужое"})
    client.force_login(world.users[Role.PARTNER][1])  # another organisation: a draft is not there at all
    assert client.get(reverse("learning:materials_edit", args=[material.pk])).status_code == 404


def test_the_author_edits_through_the_page_and_sees_state_downloads_and_uses(author, org, client):
    material = material_row(author, org, title="Старое", file=pdf_bytes("Текст"), file_type="application/pdf")
    client.force_login(author)
    response = client.post(reverse("learning:materials_edit", args=[material.pk]), {
        **DATA, "form": "file", "title": "Новое", "competencies": [competency().pk], "change_note": "Уточнения"})
    assert response.status_code == 302
    material.refresh_from_db()
    assert material.latest.number == 2 and material.published.title == "Старое" and material.latest.file
    client.get(reverse("learning:materials_download", args=[material.published_id]))
    client.get(reverse("learning:materials_download", args=[material.latest_id]))  # the draft: not counted
    material.refresh_from_db()
    assert material.downloads == 1
    page = client.get(reverse("learning:materials_mine")).content.decode()
    assert "Новое" in page and "Черновик" in page


def test_a_learner_sees_the_materials_of_their_module_and_lesson(world, author, org, client):
    group, _enrolment, lesson = world_group(world)
    library = LibraryModule.objects.create(title="Сварка", author=org)
    ProgramModule.objects.create(program=group.program, order=1, title="Сварка", library_module=library)
    for_module = material_row(author, org, title="Материал модуля")
    for_lesson = material_row(author, org, title="Материал занятия")
    draft = material_row(author, org, title="Неодобренный", status=VersionStatus.DRAFT)
    services.material_attach(actor=author, material=for_module, library_module=library)
    services.material_attach(actor=world.users[Role.TEACHER][0], material=for_lesson, lesson=lesson)
    with pytest.raises(ValidationError):
        services.material_attach(actor=author, material=draft, library_module=library)
    with pytest.raises(PermissionDenied):
        services.material_attach(actor=world.users[Role.PARTNER][1], material=for_module, library_module=library)
    client.force_login(world.users[Role.LEARNER][0])
    page = client.get(reverse("learning:materials_study")).content.decode()
    assert "Материал модуля" in page and "Материал занятия" in page and "Неодобренный" not in page
    cabinet = client.get(reverse("portal:cabinet")).content.decode()
    assert reverse("learning:materials_study") in cabinet
    client.force_login(world.users[Role.LEARNER][1])
    assert "Материал модуля" not in client.get(reverse("learning:materials_study")).content.decode()


def _bulk(author, org, count: int) -> None:
    """`count` approved materials written with one INSERT each table (the lists' scale test)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """INSERT INTO learning_material (created_at, updated_at, author_id, organization_id, kind, level,
                 audience, language, authors, licence, licence_text, downloads)
               SELECT now(), now(), %s, %s, 'lecture', 'basic', '', 'ru', '', 'cc_by', '', 0
               FROM generate_series(1, %s)""", [author.pk, org.pk, count])
        cursor.execute(
            """INSERT INTO learning_materialversion (material_id, number, status, title, annotation, form, file,
                 file_type, file_size, file_name, link, body, change_note, text, extraction, created_at,
                 search_vector)
               SELECT m.id, 1, 'approved', 'Сварка ' || m.id, 'Аннотация', 'text', '', '', 0, '', '',
                 'Текст', '', '', 'none', now(), to_tsvector('russian', 'Сварка металлов ' || m.id)
               FROM learning_material m WHERE m.latest_id IS NULL""")
        cursor.execute(
            """UPDATE learning_material m SET latest_id = v.id, published_id = v.id
               FROM learning_materialversion v WHERE v.material_id = m.id AND m.latest_id IS NULL""")
        cursor.execute(
            """INSERT INTO learning_material_competencies (material_id, competency_id)
               SELECT m.id, %s FROM learning_material m
               WHERE NOT EXISTS (SELECT 1 FROM learning_material_competencies c WHERE c.material_id = m.id)""",
            [competency().pk])
        cursor.execute("ANALYZE learning_material; ANALYZE learning_materialversion")


def _catalogue_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("learning:materials_catalogue"),
                              {"q": "сварка", "competency": competency().pk, "kind": "lecture"})
    assert response.status_code == 200 and "material-row" in response.content.decode()
    return len(queries)


def test_the_catalogue_search_makes_the_same_number_of_queries_with_1k_and_100k_materials(author, org, client):
    _bulk(author, org, 1_000)
    _catalogue_queries(client)  # the first page of the session also caches the branding
    small = _catalogue_queries(client)
    _bulk(author, org, 99_000)
    assert Material.objects.count() == 100_000
    assert _catalogue_queries(client) == small


def test_the_staff_library_exports_to_excel_and_the_api_shows_approved_only(world, author, org, client):
    material_row(author, org, title="Одобренный материал")
    material_row(author, org, title="Черновик материала", status=VersionStatus.DRAFT)
    client.force_login(world.users[Role.STAFF][0])
    page = client.get(reverse("learning:materials_library"), {"status": "draft"}).content.decode()
    assert "Черновик материала" in page and "Одобренный материал" not in page
    response = client.get(reverse("learning:materials_export"))
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    titles = [row[0] for row in sheet.iter_rows(values_only=True)]
    assert "Черновик материала" in titles and "Одобренный материал" in titles
    client.logout()
    data = client.get("/api/v1/materials/", {"search": "одобренный"}).json()
    assert [m["title"] for m in data["results"]] == ["Одобренный материал"]
    draft = Material.objects.get(latest__title="Черновик материала")
    assert client.get(f"/api/v1/materials/{draft.pk}/").status_code == 404


# --- Every kind of file the issue lists, told by its content (tiny real files made here) ---------------------

def _zip(members: dict[str, bytes], *, first: str = "") -> bytes:
    import zipfile

    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        if first:  # ODF wants «mimetype» first and stored
            z.writestr(zipfile.ZipInfo(first), members.pop(first), compress_type=zipfile.ZIP_STORED)
        for name, data in members.items():
            z.writestr(name, data)
    return archive.getvalue()


def _xlsx() -> bytes:
    book = openpyxl.Workbook()
    book.active["A1"] = "Ведомость"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _image(fmt: str) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(out, fmt)
    return out.getvalue()


FILE_KINDS = {
    "pdf": (lambda: pdf_bytes(), "application/pdf"),
    "docx": (lambda: docx_bytes(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "pptx": (lambda: _zip({"[Content_Types].xml": b"<Types/>", "ppt/presentation.xml": b"<p:presentation/>"}),
             "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    "xlsx": (_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "odt": (lambda: _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office/>"},
                         first="mimetype"), "application/vnd.oasis.opendocument.text"),
    "ods": (lambda: _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<o/>"},
                         first="mimetype"), "application/vnd.oasis.opendocument.spreadsheet"),
    "mp4": (lambda: b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2" + b"\x00\x00\x00\x08free" * 4, "video/mp4"),
    "scorm": (lambda: _zip({"imsmanifest.xml": b"<manifest/>", "index.html": b"<html></html>"}),
              "application/x-scorm+zip"),
    "html5": (lambda: _zip({"index.html": b"<html></html>", "js/app.js": b"1"}), "application/x-html5+zip"),
    "png": (lambda: _image("PNG"), "image/png"),
    "jpeg": (lambda: _image("JPEG"), "image/jpeg"),
}


@pytest.mark.parametrize("kind", sorted(FILE_KINDS))
def test_every_listed_kind_of_file_is_accepted_by_its_content(author, org, kind):
    make, content_type = FILE_KINDS[kind]
    material = _create(author, org, upload("material.bin", make()))  # the name says nothing: the content does
    version = material.latest
    assert version.file_type == content_type and version.file_size > 0
    assert version.file.name.endswith("." + {"scorm": "zip", "html5": "zip", "jpeg": "jpg"}.get(kind, kind))


@pytest.mark.parametrize("data", [
    b"\x7fELF\x02\x01\x01" + b"\x00" * 200,  # a Linux program
    b"#!/bin/sh\nrm -rf /\n",  # a script
    b"\x00\x00\x00\x18ftypqt  " + b"\x00" * 40,  # a video of another kind
])
def test_other_files_renamed_to_an_accepted_kind_are_refused_and_nothing_is_stored(author, org, data):
    before = _stored_files()
    with pytest.raises(ValidationError) as error:
        _create(author, org, upload("lesson.docx", data))
    assert "не принимается" in str(error.value.message_dict["file"])
    assert not Material.objects.exists() and _stored_files() == before


# --- Program modules in the constructor and sections of a group's course space ------------------------------

def test_materials_attach_to_program_modules_and_course_sections_and_the_learner_sees_them(world, author, org,
                                                                                            client):
    from copp.learning.materials.models import MaterialUse
    from copp.learning.models import CourseSection

    group, _enrolment, _lesson = world_group(world)  # a program of the author's organisation, taught by teacher 0
    module = ProgramModule.objects.create(program=group.program, order=1, title="Чтение чертежей")
    section = CourseSection.objects.create(group=group, title="Тема 1. Допуски", position=1)
    for_module = material_row(author, org, title="Материал модуля программы")
    for_section = material_row(author, org, title="Материал раздела курса")
    draft = material_row(author, org, title="Неодобренный", status=VersionStatus.DRAFT)
    # The constructor shows the hook's link under the module; the page of the module's materials attaches.
    client.force_login(author)
    constructor = client.get(reverse("programs:constructor", args=[group.program.pk])).content.decode()
    target = reverse("learning:materials_target", args=["program_module", module.pk])
    assert target in constructor and "Прикрепить учебные материалы" in constructor
    assert client.post(target, {"material": for_module.pk}).status_code == 302
    assert client.post(target, {"material": for_module.pk}).status_code == 302  # twice: still one use
    assert MaterialUse.objects.filter(program_module=module).count() == 1
    client.post(target, {"material": draft.pk})
    assert not MaterialUse.objects.filter(material=draft).exists()
    page = client.get(target, {"q": "материал"}).content.decode()
    assert "Материал модуля программы" in page and "Прикреплён здесь" in page
    constructor = client.get(reverse("programs:constructor", args=[group.program.pk])).content.decode()
    assert "Учебные материалы (1)" in constructor
    # The group's teacher attaches to a section of the course space; a partner of another organisation cannot.
    client.force_login(world.users[Role.TEACHER][0])
    section_target = reverse("learning:materials_target", args=["course_section", section.pk])
    assert client.post(section_target, {"material": for_section.pk}).status_code == 302
    course = client.get(reverse("learning:course", args=[group.pk])).content.decode()
    assert "Материал раздела курса" in course and section_target in course
    with pytest.raises(PermissionDenied):
        services.material_attach(actor=world.users[Role.PARTNER][1], material=for_module, program_module=module)
    client.force_login(world.users[Role.PARTNER][1])
    assert client.get(target).status_code == 404
    assert client.get(section_target).status_code == 403  # partners do not run course spaces
    # The learner sees both in «Материалы моего обучения» and on the course page; another learner does not.
    client.force_login(world.users[Role.LEARNER][0])
    study = client.get(reverse("learning:materials_study")).content.decode()
    assert "Материал модуля программы" in study and "Чтение чертежей" in study
    assert "Материал раздела курса" in study and "Тема 1. Допуски" in study
    assert "Материал раздела курса" in client.get(reverse("learning:course", args=[group.pk])).content.decode()
    client.force_login(world.users[Role.LEARNER][1])
    assert "Материал модуля программы" not in client.get(reverse("learning:materials_study")).content.decode()
    # The author sees where it is used, and detaches from the module's page.
    client.force_login(author)
    detail = client.get(reverse("learning:materials_detail", args=[for_module.pk])).content.decode()
    assert "Чтение чертежей" in detail
    use = MaterialUse.objects.get(program_module=module)
    response = client.post(reverse("learning:materials_detach", args=[use.pk]), {"back": "target"})
    assert response.status_code == 302 and response.url == target
    assert not MaterialUse.objects.filter(program_module=module).exists()


def _target_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"q": "сварка", "kind": "lecture"})
    assert response.status_code == 200 and "material-row" in response.content.decode()
    return len(queries)


def test_the_page_of_a_modules_materials_makes_the_same_number_of_queries_with_50_and_2000_materials(
        world, author, org, client):
    group, _enrolment, _lesson = world_group(world)
    module = ProgramModule.objects.create(program=group.program, order=1, title="Модуль")
    url = reverse("learning:materials_target", args=["program_module", module.pk])
    _bulk(author, org, 50)
    for material in Material.objects.order_by("pk")[:3]:
        services.material_attach(actor=author, material=material, program_module=module)
    client.force_login(author)
    _target_queries(client, url)
    small = _target_queries(client, url)
    _bulk(author, org, 1_950)
    for material in Material.objects.order_by("-pk")[:3]:
        services.material_attach(actor=author, material=material, program_module=module)
    assert _target_queries(client, url) == small


def test_the_site_header_and_the_authors_cabinet_lead_to_the_materials(world, client):
    home = client.get(reverse("learning:materials_catalogue")).content.decode()
    assert f'href="{reverse("learning:materials_catalogue")}"' in home and ">Материалы<" in home
    client.force_login(world.users[Role.TEACHER][0])
    cabinet = client.get(reverse("portal:cabinet")).content.decode()
    for name in ("learning:materials_mine", "learning:materials_internal"):
        assert reverse(name) in cabinet


def test_the_demo_has_40_materials_over_competencies_in_every_review_state_attached_to_the_learners_studies(db):
    from copp.accounts.models import User
    from copp.learning import demo as learning_demo
    from copp.learning.materials import demo as materials_demo
    from copp.learning.materials.selectors import study_uses
    from copp.portal import demo
    from copp.programs import demo as programs_demo
    from copp.resources import demo as resources_demo
    from copp.reviews import demo as reviews_demo
    from copp.training import demo as training_demo

    demo.load()  # the part of `make run` (portal.demo.load_all) the materials build on, in its order
    for app in (resources_demo, programs_demo, reviews_demo, training_demo, learning_demo, materials_demo):
        app.load()
    assert Material.objects.count() >= 40
    assert Material.competencies.through.objects.values("competency").distinct().count() >= 3
    states = set(Material.objects.values_list("latest__status", flat=True))
    assert {"draft", "in_review", "revision", "approved", "rejected"} <= states
    # An approved material with a newer version in review: the catalogue keeps the approved one.
    assert Material.objects.filter(published__isnull=False, latest__status="in_review").exists()
    learner = User.objects.get(email="learner@copp.local")
    kinds = {use.target_kind for use in study_uses(learner)}
    assert {"lesson", "course_section", "program_module"} <= kinds
