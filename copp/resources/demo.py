"""Demo resources of the demo organisations (copp.portal.demo): sites with rooms, equipment, tools, software,
consumables, staff with competencies and documents, ICT and reference resources. Idempotent: records are
found by their natural keys and refreshed."""
import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from copp.accounts.models import User
from copp.directories.models import Competency, Municipality
from copp.organizations.models import Organization
from copp.programs.models import LibraryModule

from .models import (
    Accessibility,
    CompetencyLevel,
    Condition,
    Consumable,
    ConsumableMovement,
    DocumentKind,
    Equipment,
    EquipmentType,
    IctKind,
    IctResource,
    LicenceType,
    ModuleEquipmentNeed,
    ModuleRoomNeed,
    MovementKind,
    ReferenceKind,
    ReferenceResource,
    Room,
    Site,
    SiteKind,
    Software,
    StaffCompetency,
    StaffDocument,
    StaffKind,
    StaffMember,
    Tool,
    Unit,
)

# The demo organisations by INN (copp.portal.demo.ORGANIZATIONS).
COLLEGE, TAGIL, PERVOURALSK, COPP = "6671000025", "6623000010", "6625000012", "6671000018"

# (organisation, name, kind, address, area, capacity, competencies, demo-exam centre, accessibility, rooms)
SITES = [
    (COLLEGE, "Мастерская «Сварочные технологии»", SiteKind.WORKSHOP,
     "г. Екатеринбург, ул. Декабристов, д. 20, корп. 2", "186.5", 12, ["Сварочные технологии"], True,
     [Accessibility.STEP_FREE, Accessibility.ADAPTED_TOILET, Accessibility.ADAPTED_WORKPLACE],
     [("Сварочный участок", 12), ("Аудитория 214", 25)]),
    (COLLEGE, "Мастерская «Токарные работы на станках с ЧПУ»", SiteKind.WORKSHOP,
     "г. Екатеринбург, ул. Декабристов, д. 20, корп. 2", "240", 10, ["Токарные работы на станках с ЧПУ",
                                                                     "Фрезерные работы на станках с ЧПУ"],
     True, [Accessibility.STEP_FREE, Accessibility.LIFT], [("Станочный зал", 10), ("Аудитория 118", 20)]),
    (COLLEGE, "Лаборатория мехатроники и автоматики", SiteKind.LABORATORY,
     "г. Екатеринбург, ул. Декабристов, д. 20, корп. 1", "96", 12, ["Мехатроника", "Промышленная автоматика"],
     False, [Accessibility.LIFT], []),
    (TAGIL, "Мастерская «Электромонтаж»", SiteKind.WORKSHOP, "г. Нижний Тагил, ул. Газетная, д. 71",
     "150", 10, ["Электромонтаж"], True, [Accessibility.STEP_FREE], [("Монтажные кабины", 10)]),
    (TAGIL, "Учебный полигон «Кирпичная кладка»", SiteKind.TRAINING_SITE, "г. Нижний Тагил, ул. Газетная, д. 71",
     "320", 16, ["Кирпичная кладка", "Облицовка плиткой"], False, [], []),
    (PERVOURALSK, "Лаборатория химического анализа", SiteKind.LABORATORY,
     "г. Первоуральск, ул. Ватутина, д. 41", "88", 12, ["Лабораторный химический анализ"], True,
     [Accessibility.STEP_FREE, Accessibility.VISION], []),
    (COPP, "Зал для проектной работы ЦОПП", SiteKind.CLASSROOM, "г. Екатеринбург, ул. Примерная, д. 1",
     "120", 40, ["Веб-технологии", "Предпринимательство"], False,
     [Accessibility.STEP_FREE, Accessibility.LIFT, Accessibility.HEARING, Accessibility.ADAPTED_TOILET],
     [("Переговорная", 8)]),
]

# (organisation, inventory number, name, type code, site, manufacturer, model, quantity, condition, competencies)
EQUIPMENT = [
    (COLLEGE, "УПК-01-0101", "Сварочный инверторный полуавтомат", "welding", "Мастерская «Сварочные технологии»",
     "Сварог", "MIG 200 (N229)", 12, Condition.WORKING, ["Сварочные технологии"]),
    (COLLEGE, "УПК-01-0102", "Аппарат аргонодуговой сварки", "welding", "Мастерская «Сварочные технологии»",
     "Кедр", "TIG-200P AC/DC", 6, Condition.WORKING, ["Сварочные технологии"]),
    (COLLEGE, "УПК-01-0103", "Сварочная вытяжка с фильтром", "other_equipment",
     "Мастерская «Сварочные технологии»", "Плымовент", "MDB-2", 2, Condition.NEEDS_REPAIR, []),
    (COLLEGE, "УПК-02-0201", "Токарный станок с ЧПУ", "cnc", "Мастерская «Токарные работы на станках с ЧПУ»",
     "DMG MORI", "CLX 350", 4, Condition.WORKING, ["Токарные работы на станках с ЧПУ"]),
    (COLLEGE, "УПК-02-0202", "Фрезерный обрабатывающий центр с ЧПУ", "cnc",
     "Мастерская «Токарные работы на станках с ЧПУ»", "DMG MORI", "CMX 600 V", 2, Condition.WORKING,
     ["Фрезерные работы на станках с ЧПУ"]),
    (COLLEGE, "УПК-02-0203", "Координатно-измерительная рука", "measuring",
     "Мастерская «Токарные работы на станках с ЧПУ»", "Hexagon", "Absolute Arm 7320", 1, Condition.WORKING, []),
    (COLLEGE, "УПК-03-0301", "Учебный стенд «Мехатронная производственная система»", "automation",
     "Лаборатория мехатроники и автоматики", "Festo", "MPS 400", 4, Condition.WORKING, ["Мехатроника"]),
    (COLLEGE, "УПК-03-0302", "Ноутбук преподавателя и обучающегося", "computers",
     "Лаборатория мехатроники и автоматики", "Aquarius", "Cmp NS685U", 12, Condition.WORKING, []),
    (TAGIL, "НТСТ-0041", "Учебный электромонтажный стенд", "electrical", "Мастерская «Электромонтаж»",
     "Электроника-Урал", "ЭМ-1", 10, Condition.WORKING, ["Электромонтаж"]),
    (TAGIL, "НТСТ-0042", "Мегаомметр цифровой", "measuring", "Мастерская «Электромонтаж»", "Fluke", "1507", 5,
     Condition.WORKING, ["Электромонтаж"]),
    (PERVOURALSK, "ПМК-Л-007", "Спектрофотометр", "laboratory", "Лаборатория химического анализа", "ЛОМО",
     "ПЭ-5400УФ", 3, Condition.WORKING, ["Лабораторный химический анализ"]),
    (COPP, "ЦОПП-0001", "Интерактивная панель 86\"", "multimedia", "Зал для проектной работы ЦОПП", "Лумиен",
     "LMP8601ELRU", 2, Condition.WORKING, []),
]

# (organisation, inventory number, name, type code, site, quantity)
TOOLS = [
    (COLLEGE, "УПК-И-011", "Набор слесарного инструмента", "hand_tools", "Мастерская «Сварочные технологии»", 12),
    (COLLEGE, "УПК-И-012", "Угловая шлифовальная машина 125 мм", "power_tools", "Мастерская «Сварочные технологии»",
     6),
    (COLLEGE, "УПК-И-021", "Штангенциркуль ШЦ-I-150", "measuring_tools",
     "Мастерская «Токарные работы на станках с ЧПУ»", 20),
    (COLLEGE, "УПК-И-022", "Набор токарных резцов со сменными пластинами", "cutting_tools",
     "Мастерская «Токарные работы на станках с ЧПУ»", 10),
    (TAGIL, "НТСТ-И-5", "Набор диэлектрического инструмента электромонтажника", "hand_tools",
     "Мастерская «Электромонтаж»", 10),
]

# (organisation, name, version, vendor, licence, seats, valid for days, site, competencies)
SOFTWARE = [
    (COLLEGE, "КОМПАС-3D", "v23", "АСКОН", LicenceType.EDUCATIONAL, 25, 210,
     "Мастерская «Токарные работы на станках с ЧПУ»", ["Инженерный дизайн CAD"]),
    (COLLEGE, "SprutCAM X", "17", "СПРУТ-Технология", LicenceType.SUBSCRIPTION, 10, 25,
     "Мастерская «Токарные работы на станках с ЧПУ»", ["Токарные работы на станках с ЧПУ"]),
    (COLLEGE, "Р7-Офис", "2024", "Р7", LicenceType.PERPETUAL, 40, None, None, []),
    (TAGIL, "nanoCAD Электро", "23", "Нанософт", LicenceType.EDUCATIONAL, 10, 300, "Мастерская «Электромонтаж»",
     ["Электромонтаж"]),
]

# (organisation, name, unit, stock, minimum, site, responsible e-mail)
CONSUMABLES = [
    (COLLEGE, "Электроды МР-3 ⌀3 мм", Unit.KILOGRAM, "45", "20", "Мастерская «Сварочные технологии»",
     "partner@copp.local"),
    (COLLEGE, "Проволока сварочная Св-08Г2С ⌀1,0 мм", Unit.KILOGRAM, "12", "15", "Мастерская «Сварочные технологии»",
     "partner@copp.local"),
    (COLLEGE, "Пластина стальная Ст3 300×150×10 мм", Unit.PIECE, "140", "50", "Мастерская «Сварочные технологии»",
     "partner@copp.local"),
    (COLLEGE, "Пруток стальной Ст45 ⌀40 мм", Unit.METRE, "36", "10", "Мастерская «Токарные работы на станках с ЧПУ»",
     "partner@copp.local"),
    (TAGIL, "Кабель ВВГнг-LS 3×2,5", Unit.METRE, "400", "100", "Мастерская «Электромонтаж»", None),
]

# (organisation, surname, name, patronymic, kind, position, account e-mail, experience, weekly limit,
#  [(competency, level)], [(document kind, title, number, issued by, days ago, valid for days)])
STAFF = [
    (COLLEGE, "Громов", "Сергей", "Иванович", StaffKind.MASTER, "Мастер производственного обучения",
     "teacher@copp.local", 14, 24, [("Сварочные технологии", CompetencyLevel.EXPERT)],
     [(DocumentKind.DEMO_EXAM_EXPERT, "Эксперт демонстрационного экзамена по компетенции «Сварочные технологии»",
       "ЭДЭ-66-0412", "ФГБОУ ДПО ИРПО", 700, 30),
      (DocumentKind.UPSKILLING, "Практика и методика реализации образовательных программ СПО",
       "662415873012", "ГАПОУ СО «Уральский политехнический колледж»", 300, None)]),
    (COLLEGE, "Ковалёва", "Татьяна", "Михайловна", StaffKind.TEACHER, "Преподаватель спецдисциплин", None, 22, 18,
     [("Токарные работы на станках с ЧПУ", CompetencyLevel.ADVANCED),
      ("Фрезерные работы на станках с ЧПУ", CompetencyLevel.BASIC)],
     [(DocumentKind.EDUCATION, "Технология машиностроения", "106605 0012345", "УрФУ", 8000, None)]),
    (COLLEGE, "Дьячков", "Андрей", "Викторович", StaffKind.EXPERT, "Главный специалист по мехатронике", None, 9, 8,
     [("Мехатроника", CompetencyLevel.EXPERT), ("Промышленная автоматика", CompetencyLevel.ADVANCED)],
     [(DocumentKind.DEMO_EXAM_EXPERT, "Эксперт демонстрационного экзамена по компетенции «Мехатроника»",
       "ЭДЭ-66-0977", "ФГБОУ ДПО ИРПО", 500, 400)]),
    (TAGIL, "Шестаков", "Виктор", "Павлович", StaffKind.MASTER, "Мастер производственного обучения", None, 17, 24,
     [("Электромонтаж", CompetencyLevel.EXPERT)],
     [(DocumentKind.DEMO_EXAM_EXPERT, "Эксперт демонстрационного экзамена по компетенции «Электромонтаж»",
       "ЭДЭ-66-0233", "ФГБОУ ДПО ИРПО", 900, -20)]),
    (PERVOURALSK, "Власова", "Ольга", "Геннадьевна", StaffKind.TEACHER, "Преподаватель химии", None, 25, 18,
     [("Лабораторный химический анализ", CompetencyLevel.ADVANCED)], []),
]

# (organisation, name, kind, url, provider, access details, users at once)
ICT = [
    (COLLEGE, "Moodle колледжа", IctKind.LMS, "https://moodle.uralpolytech.example.ru", "Колледж",
     "Учётную запись выдаёт методический отдел, каб. 305, по заявке куратора группы.", 300),
    (COLLEGE, "Сферум", IctKind.VIDEO, "https://sferum.ru", "VK", "Вход через учётную запись Госуслуг.", None),
    (COPP, "Платформа дистанционного обучения ЦОПП", IctKind.PLATFORM, "https://learn.copp.example.ru", "ЦОПП",
     "Доступ преподавателям партнёров выдаёт администратор ЦОПП по электронной почте info@copp.local.", 500),
    (COPP, "Видеоконференции ЦОПП", IctKind.VIDEO, "https://vks.copp.example.ru", "ЦОПП",
     "Комнату бронирует методист ЦОПП; ссылку получают участники по почте.", 100),
]

# (organisation, name, kind, url, document number, document date, competencies)
REFERENCES = [
    (COPP, "Приказ Минпросвещения России № 800 «Об утверждении Порядка проведения государственной итоговой "
     "аттестации по образовательным программам среднего профессионального образования»", ReferenceKind.NORMATIVE,
     "http://publication.pravo.gov.ru/Document/View/0001202111300078", "800", datetime.date(2021, 11, 8), []),
    (COPP, "ГОСТ Р 52872-2019 «Интернет-ресурсы и другая информация, представленная в электронно-цифровой "
     "форме. Приложения для стационарных и мобильных устройств, иные пользовательские интерфейсы. Требования "
     "доступности для людей с инвалидностью и других лиц с ограничениями жизнедеятельности»",
     ReferenceKind.NORMATIVE, "", "52872-2019", datetime.date(2019, 8, 29), []),
    (COLLEGE, "Электронно-библиотечная система «Лань»", ReferenceKind.LIBRARY, "https://e.lanbook.com", "", None,
     ["Сварочные технологии", "Токарные работы на станках с ЧПУ"]),
    (COLLEGE, "Оценочные материалы демонстрационного экзамена (ИРПО)", ReferenceKind.METHODICAL,
     "https://bom.firpo.ru", "", None, ["Сварочные технологии", "Мехатроника"]),
]


def _competencies(names):
    return list(Competency.objects.filter(name__in=names))


@transaction.atomic
def load() -> int:
    """Create or refresh the demo resources; returns how many records there are. Organisations missing
    from the database (the portal demo not loaded yet) are skipped."""
    orgs = {o.inn: o for o in Organization.objects.filter(inn__in=[COLLEGE, TAGIL, PERVOURALSK, COPP])}
    today = timezone.localdate()
    types = {t.code: t for t in EquipmentType.objects.all()}
    users = {u.email: u for u in User.objects.filter(email__in=["teacher@copp.local", "partner@copp.local"])}
    sites = {}
    for inn, name, kind, address, area, capacity, comps, demo_exam, access, rooms in SITES:
        if inn not in orgs:
            continue
        town = address.split(",")[0].removeprefix("г. ")
        site, _ = Site.objects.update_or_create(organization=orgs[inn], name=name, defaults={
            "kind": kind, "address": address, "area": Decimal(area), "capacity": capacity,
            "municipality": Municipality.objects.filter(name=town).first() or orgs[inn].municipality
            or Municipality.objects.first(),
            "is_demo_exam_center": demo_exam, "accessibility": list(access),
            "description": "Оснащена по стандарту федерального проекта «Профессионалитет»." if demo_exam else "",
        })
        site.competencies.set(_competencies(comps))
        for room_name, room_capacity in rooms:
            Room.objects.update_or_create(site=site, name=room_name, defaults={"capacity": room_capacity})
        sites[(inn, name)] = site
    for inn, number, name, type_code, site, maker, model, quantity, condition, comps in EQUIPMENT:
        if inn not in orgs:
            continue
        item, _ = Equipment.objects.update_or_create(organization=orgs[inn], inventory_number=number, defaults={
            "name": name, "equipment_type": types[type_code], "site": sites.get((inn, site)), "manufacturer": maker,
            "model": model, "quantity": quantity, "condition": condition})
        item.competencies.set(_competencies(comps))
    for inn, number, name, type_code, site, quantity in TOOLS:
        if inn in orgs:
            Tool.objects.update_or_create(organization=orgs[inn], inventory_number=number, defaults={
                "name": name, "tool_type": types[type_code], "site": sites.get((inn, site)), "quantity": quantity})
    for inn, name, version, vendor, licence, seats, days, site, comps in SOFTWARE:
        if inn not in orgs:
            continue
        item, _ = Software.objects.update_or_create(organization=orgs[inn], name=name, version=version, defaults={
            "vendor": vendor, "licence_type": licence, "seats": seats, "site": sites.get((inn, site)),
            "valid_until": today + datetime.timedelta(days=days) if days else None})
        item.competencies.set(_competencies(comps))
    for inn, name, unit, stock, minimum, site, responsible in CONSUMABLES:
        if inn not in orgs:
            continue
        item, created = Consumable.objects.get_or_create(organization=orgs[inn], name=name, defaults={
            "unit": unit, "stock": Decimal(stock), "minimum_level": Decimal(minimum),
            "site": sites.get((inn, site)), "responsible": users.get(responsible)})
        if created:
            ConsumableMovement.objects.create(consumable=item, kind=MovementKind.RECEIPT, quantity=item.stock,
                                              on_date=today - datetime.timedelta(days=40),
                                              purpose="Начальный остаток", stock_after=item.stock)
            if item.is_low:
                item.low_stock_alerted_at = timezone.now()
                item.save(update_fields=["low_stock_alerted_at"])
    for inn, last, first, middle, kind, position, email, years, hours, comps, documents in STAFF:
        if inn not in orgs:
            continue
        person, _ = StaffMember.objects.update_or_create(
            organization=orgs[inn], last_name=last, first_name=first, patronymic=middle, defaults={
                "kind": kind, "position": position, "user": users.get(email), "experience_years": years,
                "weekly_hours_limit": hours, "email": email or ""})
        for name, level in comps:
            competency = Competency.objects.filter(name=name).first()
            if competency:
                StaffCompetency.objects.update_or_create(staff=person, competency=competency,
                                                         defaults={"level": level})
        for doc_kind, title, number, issuer, days_ago, valid_days in documents:
            issued = today - datetime.timedelta(days=days_ago)
            StaffDocument.objects.update_or_create(staff=person, number=number, defaults={
                "kind": doc_kind, "title": title, "issued_by": issuer, "issued_on": issued,
                "valid_until": today + datetime.timedelta(days=valid_days) if valid_days is not None else None})
    for inn, name, kind, url, provider, access, users_at_once in ICT:
        if inn in orgs:
            IctResource.objects.update_or_create(organization=orgs[inn], name=name, defaults={
                "kind": kind, "url": url, "provider": provider, "access_details": access,
                "concurrent_users": users_at_once})
    for inn, name, kind, url, number, date, comps in REFERENCES:
        if inn not in orgs:
            continue
        item, _ = ReferenceResource.objects.update_or_create(organization=orgs[inn], name=name, defaults={
            "kind": kind, "url": url, "document_number": number, "document_date": date})
        item.competencies.set(_competencies(comps))
    return sum(model.objects.count() for model in (Site, Equipment, Tool, Software, Consumable, StaffMember,
                                                   IctResource, ReferenceResource))


def load_module_needs() -> int:
    """Link the demo library's modules to the registry (runs after the programs demo): the kinds of equipment
    registered for the module's competencies (three at most) and a room of the author's first site."""
    kinds_by_competency: dict[int, set[int]] = {}
    for type_id, competency_id in Equipment.objects.values_list("equipment_type_id", "competencies"):
        if competency_id:
            kinds_by_competency.setdefault(competency_id, set()).add(type_id)
    room_of: dict[int, int] = {}
    for room_id, org_id in (Room.objects.filter(is_active=True).order_by("site__pk", "pk")
                            .values_list("pk", "site__organization_id")):
        room_of.setdefault(org_id, room_id)
    for module in LibraryModule.objects.prefetch_related("competencies").order_by("pk"):
        kinds = set()
        for competency in module.competencies.all():
            kinds |= kinds_by_competency.get(competency.pk, set())
        for type_id in sorted(kinds)[:3]:
            ModuleEquipmentNeed.objects.get_or_create(module=module, equipment_type_id=type_id)
        if module.author_id in room_of:
            ModuleRoomNeed.objects.get_or_create(module=module, room_id=room_of[module.author_id])
    return ModuleEquipmentNeed.objects.count() + ModuleRoomNeed.objects.count()
