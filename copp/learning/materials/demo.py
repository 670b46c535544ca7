"""Demo of the materials library for `make run`: 42 materials of the CoPP and a partner college over several
competencies, with small real PDF and DOCX files (and text pages and links), taken through the real services and
the shared review engine into every state: draft, in review, sent back, approved, rejected, and approved with a
newer version in review. Approved ones are attached to lessons of the demo learner's group. Idempotent."""
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from copp.core.pdffonts import dejavu_fonts

TOPICS = [
    ("Сварка в защитных газах", "сварочный шов, полуавтомат, защитный газ аргон"),
    ("Охрана труда на производстве", "инструктаж, средства индивидуальной защиты, журнал"),
    ("Основы программирования на Python", "переменные, циклы, функции, словарь"),
    ("Бережливое производство", "поток создания ценности, канбан, 5S"),
    ("Токарная обработка на станках с ЧПУ", "управляющая программа, резец, припуск"),
    ("Электромонтаж в жилых зданиях", "автоматический выключатель, заземление, щиток"),
    ("Цифровая грамотность", "электронная почта, Госуслуги, безопасные пароли"),
]
KINDS = ["lecture", "presentation", "practice", "test", "workbook", "guide", "video"]
# The state each material is taken to, in turn.
STATES = ["approved", "approved", "in_review", "revision", "rejected", "draft", "approved_new_version"]
SCORES_OK, SCORES_WEAK = [5, 5, 4, 5, 4], [3, 2, 2, 4, 3]


def pdf_with_text(text: str, title: str = "") -> bytes:
    """A small real PDF (reportlab, the DejaVu font, so Cyrillic text is extractable)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    font, _bold = dejavu_fonts()
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=A4)
    page.setFont(font, 16)
    page.drawString(60, 780, title or text[:60])
    page.setFont(font, 11)
    y = 740
    for line in (text[i:i + 80] for i in range(0, len(text), 80)):
        page.drawString(60, y, line)
        y -= 16
    page.showPage()
    page.save()
    return out.getvalue()


def docx_with_text(text: str, title: str = "") -> bytes:
    import docx

    document = docx.Document()
    document.add_heading(title or "Материал", level=1)
    for paragraph in text.split("\n"):
        document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _content(i: int, title: str, words: str) -> tuple[dict, object]:
    body = f"{title}. Ключевые понятия: {words}. Упражнения и вопросы для самопроверки."
    if i % 4 == 0:
        return {"form": "file"}, SimpleUploadedFile(f"material-{i}.pdf", pdf_with_text(body, title))
    if i % 4 == 1:
        return {"form": "file"}, SimpleUploadedFile(f"material-{i}.docx", docx_with_text(body, title))
    if i % 4 == 2:
        return {"form": "text", "body": body}, None
    return {"form": "link", "link": f"https://video.example.ru/materials/{i}"}, None


def _review(chair, material, plan):
    """Send the latest version to review, assign the experts without a conflict of interest, let them score,
    and decide (plan: None — leave in review; else the decision)."""
    from copp.reviews import services as reviews
    from copp.reviews.selectors import experts_available

    round_ = reviews.review_submit(actor=material.author, kind_key="material", object_id=material.pk)
    experts = list(experts_available(round_.review)[:2])
    if not experts:
        return
    for expert in experts:
        reviews.expert_assign(actor=chair, round_=round_, expert=expert)
    if plan is None:
        return
    criteria = list(round_.review.criteria_set.criteria.all())
    scores = SCORES_OK if plan == "approve" else SCORES_WEAK
    for assignment in round_.assignments.select_related("expert__staff__user"):
        reviews.scorecard_save(
            actor=assignment.expert.staff.user, assignment=assignment,
            scores={c.pk: (scores[n], "" if scores[n] >= c.comment_below else "Требует доработки.")
                    for n, c in enumerate(criteria)},
            verdict=plan, conclusion="" if plan == "approve" else "Уточните термины и добавьте задания.")
    reviews.round_decide(actor=chair, round_=round_, decision=plan,
                         comment="" if plan == "approve" else "Доработайте по замечаниям экспертов.")


@transaction.atomic
def load() -> int:
    """Create the demo materials that are not there yet (and attach the approved ones to the demo learner's lessons,
    program modules and course sections); returns how many materials there are."""
    from copp.accounts.models import User
    from copp.directories.models import Competency
    from copp.organizations.models import Membership
    from copp.training.models import Enrolment, Lesson

    from .models import Material
    from .services import material_attach, material_create, material_update, version_text_extract

    if Material.objects.exists():
        return Material.objects.count()
    chair = User.objects.filter(email="staff@copp.local").first()
    authors = list(User.objects.filter(email__in=["staff@copp.local", "partner@copp.local", "teacher@copp.local"])
                   .order_by("email"))
    competencies = list(Competency.objects.filter(is_active=True).order_by("pk")[:7])
    if chair is None or not authors or not competencies:
        return 0
    made = []
    for i in range(42):
        title, words = TOPICS[i % len(TOPICS)]
        author = authors[i % len(authors)]
        membership = Membership.objects.filter(user=author, is_active=True).select_related("organization").first()
        if membership is None:
            continue
        data, file = _content(i, title, words)
        part = i // len(TOPICS) + 1
        data |= {"title": f"{title}. Часть {part}", "kind": KINDS[i % len(KINDS)] if data["form"] != "link"
                 else "video", "annotation": f"Материал для слушателей программ по теме «{title}»: {words}.",
                 "level": ["intro", "basic", "advanced"][i % 3], "licence": ["all_rights", "cc_by", "cc_by_sa",
                                                                              "cc_by_nc"][i % 4],
                 "hours": 2 + i % 6, "language": "ru", "authors": author.get_full_name(),
                 "audience": "Слушатели программ ДПО и профессионального обучения"}
        material = material_create(actor=author, organization=membership.organization, data=data,
                                   competencies=[competencies[i % len(competencies)]], file=file)
        version_text_extract(material.latest_id)
        state = STATES[i % len(STATES)]
        if state in ("approved", "approved_new_version"):
            _review(chair, material, "approve")
        elif state == "in_review":
            _review(chair, material, None)
        elif state == "revision":
            _review(chair, material, "revise")
        elif state == "rejected":
            _review(chair, material, "reject")
        if state == "approved_new_version":
            material.refresh_from_db()
            material_update(actor=material.author, material=material,
                            data={**data, "annotation": data["annotation"] + " Добавлены новые задания.",
                                  "change_note": "Добавлены задания"}, file=None)
            _review(chair, material, None)
        made.append(material)
    # The demo learner's group gets approved materials on its coming lessons.
    learner = User.objects.filter(email="learner@copp.local").first()
    enrolment = Enrolment.objects.filter(learner=learner).select_related("group").first() if learner else None
    if enrolment is not None:
        lessons = list(Lesson.objects.filter(group=enrolment.group).order_by("starts_at")[:4])
        approved = list(Material.objects.filter(published__isnull=False).order_by("pk")[:4])
        for lesson, material in zip(lessons, approved, strict=False):
            material_attach(actor=chair, material=material, lesson=lesson)  # the CoPP's staff manage every group
        _attach_to_modules_and_course(enrolment.group, learner, chair, approved)
    return Material.objects.count()


def _attach_to_modules_and_course(group, learner, chair, approved) -> None:
    """Approved materials on the group's program modules (by a user who edits the program in the constructor)
    and on the sections of the learner's groups' built-in course spaces (the CoPP's staff run every course)."""
    from copp.learning.models import CourseSection
    from copp.organizations.models import Membership
    from copp.programs.models import ProgramModule
    from copp.programs.selectors import programs_editable_by

    from .services import material_attach

    editor = next((m.user for m in Membership.objects.filter(organization_id=group.program.provider_id,
                                                             is_active=True).select_related("user")
                   if programs_editable_by(m.user).filter(pk=group.program_id).exists()), None)
    modules = list(ProgramModule.objects.filter(program=group.program).order_by("order", "pk")[:2])
    if editor is not None:
        for module, material in zip(modules, approved[::-1], strict=False):
            material_attach(actor=editor, material=material, program_module=module)
    sections = list(CourseSection.objects.filter(group__enrolments__learner=learner).order_by("position", "pk")[:2])
    for section, material in zip(sections, approved[1:], strict=False):
        material_attach(actor=chair, material=material, course_section=section)
