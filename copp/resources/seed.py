"""Equipment and tool types every region starts with, applied by a data migration; re-running changes nothing.

Takes an app registry so the migration can pass its historical models.
"""

EQUIPMENT_TYPES = [
    ("welding", "Сварочное оборудование"),
    ("cnc", "Станки с ЧПУ"),
    ("machine_tools", "Универсальные металлорежущие станки"),
    ("measuring", "Измерительное и контрольное оборудование"),
    ("electrical", "Электромонтажные и электротехнические стенды"),
    ("automation", "Оборудование промышленной автоматики"),
    ("robotics", "Промышленные и учебные роботы"),
    ("additive", "Аддитивное оборудование (3D-печать)"),
    ("computers", "Компьютерная техника"),
    ("network", "Сетевое оборудование"),
    ("laboratory", "Лабораторное оборудование"),
    ("simulators", "Тренажёры и симуляторы"),
    ("multimedia", "Мультимедийное оборудование"),
    ("other_equipment", "Прочее оборудование"),
]
TOOL_TYPES = [
    ("hand_tools", "Ручной инструмент"),
    ("power_tools", "Электроинструмент"),
    ("measuring_tools", "Измерительный инструмент"),
    ("cutting_tools", "Режущий инструмент"),
    ("other_tools", "Прочий инструмент"),
]


def apply(apps) -> None:
    equipment_type = apps.get_model("resources", "EquipmentType")
    for category, items in (("equipment", EQUIPMENT_TYPES), ("tool", TOOL_TYPES)):
        for order, (code, name) in enumerate(items, start=1):
            equipment_type.objects.update_or_create(code=code, defaults={
                "name": name, "category": category, "order": order})
