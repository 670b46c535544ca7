"""The default criteria set for program reviews (M15); the administrator changes it in the administration."""
from django.db import migrations

CRITERIA = [
    ("Соответствие профессиональному стандарту и запросу работодателей",
     "Трудовые функции, на которые направлена программа, и их связь с профстандартом.", 3),
    ("Планируемые результаты обучения", "Знания, умения и навыки описаны измеримо и связаны с компетенциями.", 2),
    ("Учебный план и объём часов", "Объём и соотношение теории и практики соответствуют целям и виду программы.", 2),
    ("Оценочные материалы", "Формы промежуточной и итоговой аттестации проверяют заявленные результаты.", 2),
    ("Организационно-педагогические условия", "Кадры, оборудование и площадки для реализации программы.", 1),
]


def create(apps, schema_editor):
    CriteriaSet = apps.get_model("reviews", "CriteriaSet")
    Criterion = apps.get_model("reviews", "Criterion")
    if CriteriaSet.objects.filter(kind="program").exists():
        return
    criteria_set = CriteriaSet.objects.create(kind="program", title="Экспертиза дополнительной профессиональной программы")
    for order, (title, hint, weight) in enumerate(CRITERIA, start=1):
        Criterion.objects.create(criteria_set=criteria_set, order=order, title=title, hint=hint, weight=weight,
                                 scale_max=5, comment_below=3)


class Migration(migrations.Migration):
    dependencies = [("reviews", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
