"""Demo catalogue for `make run`: the module library, programs of the demo organisations built from it with start
dates, and for each published program the approved version it was published from (these passed review before
the platform; copp/reviews/demo.py runs reviews of the drafts). Idempotent; call after copp.portal.demo.load()
(it creates the organisations)."""
import datetime

from django.db import transaction
from django.utils import timezone

from copp.directories.models import Competency, FundingSource, Municipality, ProgramKind, StudyForm
from copp.organizations.models import Organization

from .models import (
    AssessmentForm,
    IssuedDocument,
    LibraryModule,
    ModuleStatus,
    Program,
    ProgramModule,
    ProgramStart,
    ProgramStatus,
    ProgramVersion,
    VersionStatus,
)
from .services import program_next_start_update, program_search_vector_update
from .versions import program_snapshot

# provider short name -> (municipality, address, contacts)
PROVIDERS = {
    "ЦОПП": ("Екатеринбург", "г. Екатеринбург, ул. Примерная, д. 1",
             "Учебный отдел ЦОПП: +7 343 000-00-00, info@copp.local"),
    "Уральский политехнический колледж": ("Екатеринбург", "г. Екатеринбург, ул. Бебеля, д. 9, мастерские",
                                          "Приёмная комиссия колледжа: +7 343 000-10-10"),
    "НТСТ": ("Нижний Тагил", "г. Нижний Тагил, ул. Строителей, д. 5, учебный корпус № 2",
             "Отдел дополнительного образования: +7 3435 00-20-20"),
    "ПМК": ("Первоуральск", "г. Первоуральск, ул. Металлургов, д. 12",
            "Центр профессионального обучения ПМК: +7 3439 00-30-30"),
}

KIND_DOCUMENT = {
    "upskilling": IssuedDocument.UPSKILLING_CERTIFICATE,
    "retraining": IssuedDocument.RETRAINING_DIPLOMA,
    "professional_training": IssuedDocument.WORKER_CERTIFICATE,
}
KIND_AUDIENCE = {
    "upskilling": "Специалисты и рабочие, которые уже работают в этой области и хотят освоить новые технологии.",
    "retraining": "Взрослые со средним профессиональным или высшим образованием, которые хотят получить новую "
                  "профессию.",
    "professional_training": "Все желающие от 18 лет, в том числе безработные и ищущие работу граждане, "
                             "а также студенты колледжей.",
}
KIND_REQUIREMENTS = {
    "upskilling": "Среднее профессиональное или высшее образование (или обучение в колледже или вузе).",
    "retraining": "Среднее профессиональное или высшее образование.",
    "professional_training": "Без требований к образованию; медицинская справка для работы на оборудовании.",
}

# (title, kind, competencies, provider, study form, hours, price (0 — free), duration, core modules, status)
PROGRAMS = [
    ("Сварщик ручной дуговой сварки плавящимся покрытым электродом", "professional_training",
     ["Сварочные технологии"], "НТСТ", "full_time", 320, 0, "3 месяца",
     ["Материаловедение и чтение чертежей", "Технология ручной дуговой сварки", "Сварка пластин и труб во всех "
      "пространственных положениях"], ProgramStatus.PUBLISHED),
    ("Аргонодуговая сварка неплавящимся электродом (TIG)", "upskilling", ["Сварочные технологии"],
     "Уральский политехнический колледж", "full_time", 72, 28000, "3 недели",
     ["Оборудование и материалы для TIG-сварки", "Сварка нержавеющих сталей и алюминия"], ProgramStatus.PUBLISHED),
    ("Контроль качества сварных соединений", "upskilling", ["Сварочные технологии"], "ЦОПП", "part_time", 36, 0,
     "2 недели", ["Дефекты сварных швов", "Визуальный и измерительный контроль"], ProgramStatus.PUBLISHED),
    ("Оператор станков с программным управлением", "professional_training", ["Токарные работы на станках с ЧПУ"],
     "Уральский политехнический колледж", "full_time", 240, 0, "2,5 месяца",
     ["Устройство станков с ЧПУ", "Основы программирования в G-кодах", "Обработка деталей на токарном станке"],
     ProgramStatus.PUBLISHED),
    ("Программирование токарных станков с ЧПУ в системе Sinumerik", "upskilling",
     ["Токарные работы на станках с ЧПУ"], "ЦОПП", "full_time", 72, 35000, "3 недели",
     ["Циклы обработки Sinumerik", "Наладка и отладка управляющих программ"], ProgramStatus.PUBLISHED),
    ("Фрезерная обработка на станках с ЧПУ: от чертежа до детали", "upskilling",
     ["Фрезерные работы на станках с ЧПУ", "Инженерный дизайн CAD"], "Уральский политехнический колледж",
     "part_time", 80, 0, "1 месяц", ["CAM-программирование фрезерной обработки", "Обработка на пятиосевом станке"],
     ProgramStatus.PUBLISHED),
    ("Наладчик мехатронных систем", "retraining", ["Мехатроника"], "ЦОПП", "part_time", 256, 0, "4 месяца",
     ["Пневматика и электропневматика", "Датчики и исполнительные механизмы", "Программирование мехатронных "
      "станций", "Стажировка на предприятии"], ProgramStatus.PUBLISHED),
    ("Программирование промышленных контроллеров (ПЛК)", "upskilling", ["Промышленная автоматика", "Мехатроника"],
     "ЦОПП", "full_time", 72, 32000, "3 недели", ["Языки стандарта МЭК 61131-3", "Проект системы управления"],
     ProgramStatus.PUBLISHED),
    ("Электромонтажник по силовым сетям и электрооборудованию", "professional_training", ["Электромонтаж"], "НТСТ",
     "full_time", 480, 0, "4 месяца", ["Электротехника и электробезопасность", "Монтаж кабельных линий",
                                       "Монтаж распределительных устройств"], ProgramStatus.PUBLISHED),
    ("Монтаж и наладка систем «умный дом» (KNX)", "upskilling", ["Электромонтаж", "Промышленная автоматика"],
     "НТСТ", "full_time", 40, 18000, "2 недели", ["Архитектура шины KNX", "Программирование в ETS"],
     ProgramStatus.PUBLISHED),
    ("Веб-разработчик: HTML, CSS, JavaScript", "retraining", ["Веб-технологии"], "ЦОПП", "distance", 300, 0,
     "5 месяцев", ["Вёрстка сайтов", "Программирование на JavaScript", "Работа с сервером и базами данных",
                   "Дипломный проект"], ProgramStatus.PUBLISHED),
    ("Разработка сайтов на Python и Django", "upskilling", ["Веб-технологии"], "ЦОПП", "distance", 144, 39000,
     "2 месяца", ["Язык Python", "Фреймворк Django", "Публикация проекта"], ProgramStatus.PUBLISHED),
    ("Основы кибербезопасности для сотрудников организаций", "upskilling", ["Кибербезопасность"], "ЦОПП",
     "distance", 24, 0, "1 неделя", ["Фишинг и социальная инженерия", "Защита рабочего места и паролей"],
     ProgramStatus.PUBLISHED),
    ("Специалист по защите информации", "retraining", ["Кибербезопасность"], "ЦОПП", "part_time", 504, 89000,
     "8 месяцев", ["Правовые основы защиты информации", "Защита сетей и серверов", "Расследование инцидентов",
                   "Стажировка"], ProgramStatus.PUBLISHED),
    ("Системный администратор Linux", "upskilling", ["Сетевое и системное администрирование"],
     "Уральский политехнический колледж", "part_time", 108, 0, "6 недель",
     ["Установка и настройка Linux", "Сетевые службы", "Мониторинг и резервное копирование"],
     ProgramStatus.PUBLISHED),
    ("Лаборант химического анализа", "professional_training", ["Лабораторный химический анализ"], "ПМК",
     "full_time", 288, 0, "3 месяца", ["Аналитическая химия", "Титриметрия и гравиметрия", "Инструментальные "
                                       "методы анализа"], ProgramStatus.PUBLISHED),
    ("Современные методы лабораторного контроля в металлургии", "upskilling", ["Лабораторный химический анализ"],
     "ПМК", "part_time", 48, 21000, "3 недели", ["Спектральный анализ металлов", "Метрология в лаборатории"],
     ProgramStatus.ARCHIVED),
    ("Охрана труда для руководителей и специалистов", "upskilling", ["Охрана труда"], "ЦОПП", "extramural", 40,
     4500, "2 недели", ["Законодательство об охране труда", "Оценка профессиональных рисков"],
     ProgramStatus.PUBLISHED),
    ("Оказание первой помощи пострадавшим на производстве", "upskilling",
     ["Охрана труда", "Медицинский и социальный уход"], "ЦОПП", "full_time", 16, 0, "2 дня",
     ["Первая помощь: алгоритмы действий", "Отработка навыков на тренажёрах"], ProgramStatus.PUBLISHED),
    ("Информационное моделирование зданий (BIM) в Renga", "upskilling",
     ["Технологии информационного моделирования BIM"], "НТСТ", "distance", 72, 0, "1 месяц",
     ["Основы BIM", "Моделирование здания в Renga"], ProgramStatus.PUBLISHED),
    ("Специалист по BIM-координации", "retraining", ["Технологии информационного моделирования BIM"], "НТСТ",
     "part_time", 260, 65000, "5 месяцев", ["Стандарты информационного моделирования", "Совместная работа над "
                                            "моделью", "Проверка коллизий", "Итоговый проект"],
     ProgramStatus.PUBLISHED),
    ("Повар", "professional_training", ["Поварское дело"], "ПМК", "full_time", 360, 0, "4 месяца",
     ["Санитария и гигиена", "Технология приготовления блюд", "Учебная практика на предприятии питания"],
     ProgramStatus.PUBLISHED),
    ("Современная кухня и фудкост для шеф-поваров", "upskilling", ["Поварское дело", "Предпринимательство"], "ПМК",
     "full_time", 36, 15000, "1 неделя", ["Технологии су-вид и ферментации", "Расчёт себестоимости меню"],
     ProgramStatus.PUBLISHED),
    ("Помощник по уходу (сиделка)", "professional_training", ["Медицинский и социальный уход"], "ЦОПП",
     "full_time", 160, 0, "1,5 месяца", ["Основы ухода за пожилыми людьми", "Практика в социальном учреждении"],
     ProgramStatus.PUBLISHED),
    ("Основы предпринимательской деятельности", "upskilling", ["Предпринимательство"], "ЦОПП", "distance", 72, 0,
     "1 месяц", ["Бизнес-план и финансовая модель", "Налоги и меры поддержки", "Защита проекта"],
     ProgramStatus.PUBLISHED),
    ("Графический дизайнер", "retraining", ["Графический дизайн"], "Уральский политехнический колледж",
     "distance", 256, 45000, "5 месяцев", ["Композиция и типографика", "Растровая и векторная графика",
                                           "Фирменный стиль", "Портфолио"], ProgramStatus.PUBLISHED),
    ("Слесарь по ремонту автомобилей", "professional_training", ["Ремонт и обслуживание легковых автомобилей"],
     "НТСТ", "full_time", 320, 0, "3 месяца", ["Устройство автомобиля", "Техническое обслуживание",
                                               "Ремонт двигателя и трансмиссии"], ProgramStatus.PUBLISHED),
    ("Диагностика электрооборудования гибридных и электромобилей", "upskilling",
     ["Ремонт и обслуживание легковых автомобилей", "Электромонтаж"], "НТСТ", "full_time", 56, 26000,
     "2 недели", ["Высоковольтные системы и безопасность", "Диагностическое оборудование"], ProgramStatus.PUBLISHED),
    ("Аддитивные технологии: 3D-печать и прототипирование", "upskilling",
     ["Аддитивное производство", "Инженерный дизайн CAD"], "Уральский политехнический колледж", "full_time", 48,
     0, "2 недели", ["Технологии 3D-печати", "Подготовка модели и постобработка"], ProgramStatus.PUBLISHED),
    ("Инженерное 3D-моделирование в КОМПАС-3D", "upskilling", ["Инженерный дизайн CAD"],
     "Уральский политехнический колледж", "part_time", 72, 0, "1 месяц",
     ["Твёрдотельное моделирование", "Сборки и чертежи"], ProgramStatus.PUBLISHED),
    ("Анализ данных на Python для специалистов предприятий", "upskilling",
     ["Машинное обучение и большие данные"], "ЦОПП", "distance", 108, 0, "6 недель",
     ["Python и библиотека pandas", "Визуализация данных", "Основы машинного обучения"], ProgramStatus.PUBLISHED),
    ("Мастер производственного обучения: подготовка к демонстрационному экзамену", "upskilling",
     ["Сварочные технологии", "Токарные работы на станках с ЧПУ"], "ЦОПП", "part_time", 72, 0, "1 месяц",
     ["Оценочные материалы демонстрационного экзамена", "Организация экзаменационной площадки"],
     ProgramStatus.PUBLISHED),
    ("Наставничество на производстве", "upskilling", ["Промышленная автоматика"], "ЦОПП", "distance", 36, 0,
     "2 недели", ["Роль наставника", "Адаптация новых сотрудников"], ProgramStatus.DRAFT),
    # Drafts that copp/reviews/demo.py sends through expert review (one per state of a review).
    ("Бережливое производство: инструменты и практика", "upskilling", ["Промышленная автоматика"], "ЦОПП",
     "full_time", 40, 0, "1 неделя", ["Картирование потока создания ценности", "Система 5С и стандартизация"],
     ProgramStatus.DRAFT),
    ("Оператор беспилотных авиационных систем", "professional_training", ["Обслуживание авиационной техники"],
     "ЦОПП", "full_time", 144, 0, "1 месяц", ["Устройство БАС и воздушное законодательство",
                                             "Лётная подготовка на тренажёре", "Аэрофотосъёмка"], ProgramStatus.DRAFT),
    ("Цифровая грамотность для граждан предпенсионного возраста", "upskilling",
     ["Сетевое и системное администрирование"], "ЦОПП", "part_time", 24, 0, "2 недели",
     ["Госуслуги и электронные сервисы", "Безопасность в интернете"], ProgramStatus.DRAFT),
    ("Основы кибербезопасности для сотрудников", "upskilling", ["Кибербезопасность"], "ЦОПП", "distance", 16, 0,
     "1 неделя", ["Фишинг и социальная инженерия"], ProgramStatus.DRAFT),
]

KIND_FINAL = {"upskilling": AssessmentForm.TEST, "retraining": AssessmentForm.EXAM,
              "professional_training": AssessmentForm.QUALIFICATION_EXAM}
INTRO = "Введение. Охрана труда и техника безопасности"
FINAL = "Итоговая аттестация"


def _modules(hours: int, core: list[str]) -> list[tuple[str, int, int]]:
    """Split the volume: an introduction, the core modules (40 % theory), the final assessment."""
    intro = max(2, round(hours * 0.1))
    exam = max(2, round(hours * 0.05))
    rest = hours - intro - exam
    rows = [("Введение. Охрана труда и техника безопасности", intro, 0)]
    for i, title in enumerate(core):
        share = rest // len(core) if i < len(core) - 1 else rest - (rest // len(core)) * (len(core) - 1)
        theory = round(share * 0.4)
        rows.append((title, theory, share - theory))
    rows.append(("Итоговая аттестация", 0, exam))
    return rows


def _library_module(title, author, competencies, theory, practice, *, open_for_individual) -> LibraryModule:
    """The library module a program's module comes from: the introduction and the final assessment are the
    CoPP's shared modules; the others belong to the program's provider."""
    shared = title in (INTRO, FINAL)
    defaults = {
        "summary": f"Содержание модуля «{title}»: лекции, практические занятия и самостоятельная работа.",
        "knowledge": f"Знать: основные понятия и требования по теме «{title.lower()}».",
        "skills": f"Уметь: применять изученное по теме «{title.lower()}» в профессиональной деятельности.",
        "abilities": "Владеть: приёмами безопасной работы." if title == INTRO else "",
        "equipment": "" if shared else "Учебная мастерская, оснащённая по компетенции; компьютерный класс.",
        "assessment_form": AssessmentForm.EXAM if title == FINAL else AssessmentForm.CREDIT,
        "theory_hours": theory, "practice_hours": practice, "status": ModuleStatus.PUBLISHED,
        "open_for_individual": open_for_individual and not shared,
    }
    if shared:
        author = Organization.objects.get(short_name="ЦОПП")
        defaults |= {"theory_hours": 4 if title == INTRO else 0, "practice_hours": 0 if title == INTRO else 4}
    module, _ = LibraryModule.objects.update_or_create(title=title, author=author, defaults=defaults)
    if not shared:
        module.competencies.set(competencies)
    return module


def _published_version(program: Program) -> None:
    """The approved version the program is published from, frozen anew when the demo's contents changed."""
    snapshot = program_snapshot(program)
    latest = program.versions.order_by("-number").first()
    if latest is not None and latest.snapshot == snapshot and latest.status == VersionStatus.PUBLISHED:
        return
    program.versions.filter(status=VersionStatus.PUBLISHED).update(status=VersionStatus.SUPERSEDED)
    now = timezone.now()
    ProgramVersion.objects.create(program=program, number=(latest.number + 1) if latest else 1, snapshot=snapshot,
                                  status=VersionStatus.PUBLISHED, decided_at=now, published_at=now)
    program.reviewed_on = timezone.localdate(now)
    program.save(update_fields=["reviewed_on"])


@transaction.atomic
def load() -> int:
    """Create or refresh the demo programs; returns how many there are."""
    today = timezone.localdate()
    kinds = {k.code: k for k in ProgramKind.objects.all()}
    forms = {f.code: f for f in StudyForm.objects.all()}
    free_funding = FundingSource.objects.get(code="regional_budget")
    federal = FundingSource.objects.get(code="federal_project")
    personal = FundingSource.objects.get(code="personal")
    competencies = {c.name: c for c in Competency.objects.all()}
    ids = []
    for index, (title, kind, comps, provider_name, form, hours, price, duration, core, status) in enumerate(PROGRAMS):
        provider = Organization.objects.get(short_name=provider_name)
        town, address, contacts = PROVIDERS[provider_name]
        core_names = ", ".join(core[:3]).lower()
        existing = Program.objects.filter(title=title, provider=provider).first()
        # A program with versions has gone through review: its status is the review's business now.
        keep_status = existing is not None and existing.versions.exists()
        program, _ = Program.objects.update_or_create(title=title, provider=provider, defaults={
            "kind": kinds[kind], "study_form": forms[form], "hours": hours, "duration": duration,
            "audience": KIND_AUDIENCE[kind], "entry_requirements": KIND_REQUIREMENTS[kind],
            "goals": f"Сформировать у слушателей компетенции в области «{comps[0]}», востребованные "
                     f"предприятиями Свердловской области.",
            "outcomes": f"По окончании обучения вы освоите: {core_names}; выполните итоговую практическую работу "
                        f"и получите документ установленного образца.",
            "address": "" if form == "distance" else address, "contacts": contacts,
            "price": price, "is_free": price == 0,
            "funding": (federal if index % 3 == 0 else free_funding) if price == 0 else personal,
            "document": KIND_DOCUMENT[kind], "final_assessment": KIND_FINAL[kind],
            **({} if keep_status else {"status": status}),
        })
        program.competencies.set([competencies[name] for name in comps])
        program.municipalities.set(Municipality.objects.filter(name=town))
        # Modules are updated in place: lessons and journal grades of the demo groups point at them.
        plan = _modules(hours, core)
        program_comps = [competencies[name] for name in comps]
        for i, (name, theory, practice) in enumerate(plan, start=1):
            source = _library_module(name, provider, program_comps, theory, practice,
                                     open_for_individual=index % 2 == 0)
            module, _ = ProgramModule.objects.update_or_create(program=program, order=i, defaults={
                "title": name, "theory_hours": theory, "practice_hours": practice, "library_module": source,
                "outcomes": source.outcomes, "summary": source.summary, "assessment_form": source.assessment_form})
            module.competencies.set(program_comps)
        program.modules.filter(order__gt=len(plan)).delete()
        if program.status == ProgramStatus.PUBLISHED:
            _published_version(program)
        program.starts.all().delete()
        first = today + datetime.timedelta(days=7 + (index * 5) % 70)
        ProgramStart.objects.bulk_create([
            ProgramStart(program=program, starts_on=first, place=town, seats=20),
            ProgramStart(program=program, starts_on=first + datetime.timedelta(days=91), place=town, seats=20),
        ])
        ids.append(program.pk)
    program_search_vector_update(ids)
    program_next_start_update(ids)
    return len(ids)
