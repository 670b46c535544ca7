"""The default criteria set of material reviews (M25), applied by the data migration and, in tests whose database
is flushed, by tests/reference.py; the administrator changes it in the administration."""

CRITERIA = [
    ("Достоверность содержания", "Факты, термины, нормативные ссылки точны и актуальны; нет ошибок.", 3),
    ("Методическое качество", "Цели и результаты ясны, структура последовательна, есть задания для "
                              "самопроверки, объём соответствует часам.", 2),
    ("Доступность", "Читаемый шрифт и контраст, подписи к изображениям, субтитры к видео, структура заголовков.",
     1),
    ("Ясность лицензии", "Указаны авторы и лицензия; заимствования оформлены, права на них есть.", 1),
    ("Техническое качество", "Файл открывается, видео и звук разборчивы, ссылки работают, пакет запускается.", 1),
]


def apply(apps) -> None:
    """Create the set where none exists for materials (an administrator's own set is kept)."""
    CriteriaSet = apps.get_model("reviews", "CriteriaSet")
    Criterion = apps.get_model("reviews", "Criterion")
    if CriteriaSet.objects.filter(kind="material").exists():
        return
    criteria_set = CriteriaSet.objects.create(kind="material", title="Экспертиза цифрового учебного материала")
    for order, (title, hint, weight) in enumerate(CRITERIA, start=1):
        Criterion.objects.create(criteria_set=criteria_set, order=order, title=title, hint=hint, weight=weight,
                                 scale_max=5, comment_below=3)
