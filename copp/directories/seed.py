"""Reference values that are public facts (273-ФЗ, order No. 499), applied by a data migration.

Takes an app registry so the migration can pass its historical models; re-running changes nothing.
"""
import csv
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"

PROGRAM_KINDS = [
    # Order No. 499 of 01.07.2013: upskilling at least 16 hours, retraining at least 250 hours.
    ("upskilling", "Повышение квалификации", 16),
    ("retraining", "Профессиональная переподготовка", 250),
    ("professional_training", "Профессиональное обучение", 0),
]
EDUCATION_LEVELS = [  # 273-ФЗ, art. 10; the last two: students admitted to ДПО (art. 76, part 3)
    ("basic_general", "Основное общее образование"),
    ("secondary_general", "Среднее общее образование"),
    ("spo_workers", "Среднее профессиональное (квалифицированные рабочие, служащие)"),
    ("spo_specialists", "Среднее профессиональное (специалисты среднего звена)"),
    ("bachelor", "Высшее — бакалавриат"),
    ("specialist_master", "Высшее — специалитет, магистратура"),
    ("postgraduate", "Высшее — подготовка кадров высшей квалификации"),
    ("student_spo", "Получает среднее профессиональное образование"),
    ("student_higher", "Получает высшее образование"),
]
STUDY_FORMS = [  # 273-ФЗ, art. 17, and distance learning (art. 16)
    ("full_time", "Очная"),
    ("part_time", "Очно-заочная"),
    ("extramural", "Заочная"),
    ("distance", "Дистанционная"),
]
FUNDING_SOURCES = [
    ("federal_project", "Федеральный бюджет (национальный проект)", True),
    ("regional_budget", "Региональный бюджет", True),
    ("employment_service", "Направление службы занятости", True),
    ("employer", "Средства работодателя", False),
    ("personal", "Личные средства слушателя", False),
]
LESSON_TYPES = [
    ("lecture", "Лекция"),
    ("practice", "Практическое занятие"),
    ("lab", "Лабораторная работа"),
    ("seminar", "Семинар"),
    ("consultation", "Консультация"),
    ("self_study", "Самостоятельная работа"),
    ("interim_assessment", "Промежуточная аттестация"),
    ("final_assessment", "Итоговая аттестация"),
    ("demo_exam", "Демонстрационный экзамен"),
]
ATTENDANCE_STATUSES = [
    ("present", "Присутствовал", "П", True),
    ("late", "Опоздал", "О", True),
    ("excused", "Отсутствовал по уважительной причине", "У", False),
    ("absent", "Отсутствовал", "Н", False),
    # Proposed from a web conference (M23) and confirmed by the teacher; last, so the tap cycle stays as it was.
    ("online", "Присутствовал (онлайн)", "ПО", True),
]
GRADE_SCALES = {
    ("five_point", "Пятибалльная"): [
        ("5", "Отлично", 5, True), ("4", "Хорошо", 4, True),
        ("3", "Удовлетворительно", 3, True), ("2", "Неудовлетворительно", 2, False),
    ],
    ("pass_fail", "Зачёт / незачёт"): [("pass", "Зачтено", 1, True), ("fail", "Не зачтено", 0, False)],
}
REGION = ("66", "Свердловская область")
MUNICIPALITIES = [
    "Екатеринбург", "Нижний Тагил", "Каменск-Уральский", "Первоуральск", "Серов", "Новоуральск",
    "Асбест", "Верхняя Пышма", "Ревда", "Берёзовский", "Полевской", "Краснотурьинск",
]


def _upsert(model, code, order, **fields):
    model.objects.update_or_create(code=code, defaults={"order": order, **fields})


def competencies() -> list[tuple[str, str]]:
    with (DATA / "competencies.csv").open(encoding="utf-8") as fh:
        return [(row["group"], row["name"]) for row in csv.DictReader(fh)]


def apply(apps) -> None:
    """Create or refresh every seeded dictionary item."""
    get = lambda name: apps.get_model("directories", name)  # noqa: E731
    for i, (code, name, hours) in enumerate(PROGRAM_KINDS):
        _upsert(get("ProgramKind"), code, i, name=name, min_hours=hours)
    for i, (code, name) in enumerate(EDUCATION_LEVELS):
        _upsert(get("EducationLevel"), code, i, name=name)
    for i, (code, name) in enumerate(STUDY_FORMS):
        _upsert(get("StudyForm"), code, i, name=name)
    for i, (code, name, free) in enumerate(FUNDING_SOURCES):
        _upsert(get("FundingSource"), code, i, name=name, is_free_for_learner=free)
    for i, (code, name) in enumerate(LESSON_TYPES):
        _upsert(get("LessonType"), code, i, name=name)
    for i, (code, name, short, present) in enumerate(ATTENDANCE_STATUSES):
        _upsert(get("AttendanceStatus"), code, i, name=name, short_name=short, counts_as_present=present)
    GradeValue = get("GradeValue")
    for i, ((code, name), values) in enumerate(GRADE_SCALES.items()):
        _upsert(get("GradeScale"), code, i, name=name)
        scale = get("GradeScale").objects.get(code=code)
        for value_code, label, points, passing in values:
            GradeValue.objects.update_or_create(
                scale=scale, code=value_code, defaults={"name": label, "points": points, "is_passing": passing}
            )
    for i, (group, name) in enumerate(competencies()):
        _upsert(get("Competency"), f"C{i + 1:03d}", i, name=name, group=group)
    _upsert(get("Region"), REGION[0], 0, name=REGION[1])
    region = get("Region").objects.get(code=REGION[0])
    for i, name in enumerate(MUNICIPALITIES):
        _upsert(get("Municipality"), f"{REGION[0]}-{i + 1:02d}", i, name=name, region=region)
