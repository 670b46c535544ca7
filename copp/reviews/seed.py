"""The default criteria set of program reviews (M15), applied by the data migration and, in tests whose
database is flushed, by tests/reference.py; the administrator changes it in the administration."""

CRITERIA = [
    ("Соответствие профессиональному стандарту и запросу работодателей",
     "Трудовые функции, на которые направлена программа, и их связь с профстандартом.", 3),
    ("Планируемые результаты обучения", "Знания, умения и навыки описаны измеримо и связаны с компетенциями.", 2),
    ("Учебный план и объём часов", "Объём и соотношение теории и практики соответствуют целям и виду программы.", 2),
    ("Оценочные материалы", "Формы промежуточной и итоговой аттестации проверяют заявленные результаты.", 2),
    ("Организационно-педагогические условия", "Кадры, оборудование и площадки для реализации программы.", 1),
]


def apply(apps) -> None:
    """Create the set where none exists for programs (an administrator's own set is kept)."""
    CriteriaSet = apps.get_model("reviews", "CriteriaSet")
    Criterion = apps.get_model("reviews", "Criterion")
    if CriteriaSet.objects.filter(kind="program").exists():
        return
    criteria_set = CriteriaSet.objects.create(kind="program",
                                              title="Экспертиза дополнительной профессиональной программы")
    for order, (title, hint, weight) in enumerate(CRITERIA, start=1):
        Criterion.objects.create(criteria_set=criteria_set, order=order, title=title, hint=hint, weight=weight,
                                 scale_max=5, comment_below=3)
