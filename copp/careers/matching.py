"""Matching vacancies to professions and competencies (issue 18): a documented rule set over the dictionaries.

Each rule is a pattern of word stems and what it means: competencies (names in the competency dictionary) and,
for the unambiguous ones, an ОКПДТР profession. The title is read first: a rule that hits the title gives 90 %
confidence; a rule that hits only the duties and requirements gives 55 %. A vacancy gets the competencies of
every rule that hit at its best confidence, and the profession of the first rule that hit the title. Below
MIN_CONFIDENCE nothing is assigned. Rules are ordered from specific to general, so «электрогазосварщик» is
welding and not electrics. docs/vacancies.md lists the rules and the precision measured on the labelled set in
copp/careers/tests/test_matching.py.
"""
import re
from dataclasses import dataclass

TITLE_CONFIDENCE = 90
TEXT_CONFIDENCE = 55
MIN_CONFIDENCE = 50


@dataclass(frozen=True)
class Rule:
    pattern: str
    competencies: tuple[str, ...]
    profession: tuple[str, str] | None = None  # (ОКПДТР code, name)
    # When set, the rule does not apply to a title that also matches this (for example, «электро» in a welder).
    unless: str = ""

    def compiled(self):
        return re.compile(self.pattern), re.compile(self.unless) if self.unless else None


WELDING = ("Сварочные технологии",)
RULES: tuple[Rule, ...] = (
    Rule(r"электрогазосвар", WELDING, ("19756", "Электрогазосварщик")),
    Rule(r"электросварщик|электросвар", WELDING, ("19906", "Электросварщик ручной сварки")),
    Rule(r"газосварщ", WELDING, ("11620", "Газосварщик")),
    Rule(r"сварщ|сварк|свароч", WELDING),
    Rule(r"токар", ("Токарные работы на станках с ЧПУ",), ("19149", "Токарь"), unless=r"фрезер"),
    Rule(r"фрезер", ("Фрезерные работы на станках с ЧПУ",), ("19479", "Фрезеровщик")),
    Rule(r"чпу|программным управлением|обрабатывающ\w* центр",
         ("Токарные работы на станках с ЧПУ", "Фрезерные работы на станках с ЧПУ")),
    Rule(r"релейн|\bрза\b", ("Обслуживание и ремонт оборудования релейной защиты и автоматики",)),
    Rule(r"слаботочн|\bскс\b|кабельн\w* сет", ("Информационные кабельные сети",)),
    Rule(r"электромонтер по ремонту", ("Электромонтаж",),
         ("19861", "Электромонтер по ремонту и обслуживанию электрооборудования")),
    Rule(r"электромонт|электрик|электропровод|электрооборуд", ("Электромонтаж",), unless=r"свар|электрон|релейн"),
    Rule(r"автоматик|асу тп|\bплк\b|кипиа", ("Промышленная автоматика",), unless=r"релейн"),
    Rule(r"мехатрон|автоматизированн\w* лини", ("Мехатроника",)),
    Rule(r"робот", ("Мобильная робототехника",)),
    Rule(r"3d-принтер|аддитивн", ("Аддитивное производство",)),
    Rule(r"конструктор|\bcad\b|чертеж", ("Инженерный дизайн CAD",), unless=r"кондитер"),
    Rule(r"лаборант|химическ\w* анализ", ("Лабораторный химический анализ",),
         ("13321", "Лаборант химического анализа")),
    Rule(r"охран\w* труда", ("Охрана труда",)),
    # A fitter's trade has no competency of its own in the dictionary: the profession only.
    Rule(r"слесарь-ремонтник", (), ("18559", "Слесарь-ремонтник")),
    Rule(r"сантехник|водоснабжен|отоплен", ("Сантехника и отопление",), ("18560", "Слесарь-сантехник")),
    Rule(r"плиточ|облицов|плитк", ("Облицовка плиткой",), ("15220", "Облицовщик-плиточник")),
    Rule(r"маляр|штукатур", ("Малярные и декоративные работы",), ("13450", "Маляр"),
         unless=r"автомоб|покраск\w* авто|кузов"),
    Rule(r"каменщик|кладк", ("Кирпичная кладка",), ("12680", "Каменщик")),
    Rule(r"плотни", ("Плотницкое дело",), ("16671", "Плотник")),
    Rule(r"столяр", ("Столярное дело",), ("18880", "Столяр")),
    Rule(r"геодез", ("Геодезия",)),
    Rule(r"\bbim\b|информационн\w* моделирован", ("Технологии информационного моделирования BIM",)),
    Rule(r"холодильн|кондиционир|вентиляц", ("Холодильная техника и системы кондиционирования",)),
    Rule(r"1с|программист|разработчик|backend|frontend|веб-|web", ("Программные решения для бизнеса",),
         unless=r"мобильн|frontend|веб-|web"),
    Rule(r"frontend|веб-|web|сайт", ("Веб-технологии",)),
    Rule(r"мобильн\w* приложен", ("Разработка мобильных приложений",)),
    Rule(r"системн\w* администратор|администрирован\w* сервер", ("Сетевое и системное администрирование",)),
    Rule(r"информационн\w* безопасн|кибербезопасн|защит\w* информац", ("Кибербезопасность",)),
    Rule(r"данн\w* аналит|data scien|машинн\w* обучен", ("Машинное обучение и большие данные",)),
    Rule(r"кондитер", ("Кондитерское дело",), ("12901", "Кондитер")),
    Rule(r"повар", ("Поварское дело",), ("16675", "Повар")),
    Rule(r"пекар|хлебобулочн", ("Поварское дело",), ("16472", "Пекарь")),
    Rule(r"официант|бармен|ресторан", ("Ресторанный сервис",)),
    Rule(r"парикмахер|стрижк", ("Парикмахерское искусство",), ("16437", "Парикмахер")),
    Rule(r"маникюр|косметолог|визаж", ("Эстетическая косметология",)),
    Rule(r"медицинск\w* сестр|медсестр|уход\w* за больн|сиделк|санитар", ("Медицинский и социальный уход",)),
    Rule(r"воспитател|дошкольн", ("Дошкольное воспитание",)),
    Rule(r"учител\w* начальн|младших класс", ("Преподавание в младших классах",)),
    Rule(r"автослесар|автомехани|ремонт\w* (легков\w* )?автомоб|автосервис|покраск\w* автомоб|кузов",
         ("Ремонт и обслуживание легковых автомобилей",), None),
    Rule(r"тракторист|сельскохозяйственн\w* (машин|техник)|комбайнер", ("Эксплуатация сельскохозяйственных машин",)),
    Rule(r"машинист локомотив|помощник машиниста|железнодорож", ("Управление железнодорожным транспортом",)),
    Rule(r"экспедитор|логист", ("Экспедирование грузов",)),
    Rule(r"авиационн|авиатехник", ("Обслуживание авиационной техники",)),
    Rule(r"графическ\w* дизайн|дизайнер", ("Графический дизайн",), unless=r"интерьер"),
    Rule(r"швея|портн|закройщ", ("Технологии моды",)),
    Rule(r"ювелир", ("Ювелирное дело",)),
    Rule(r"флорист", ("Флористика",)),
    Rule(r"фитнес|тренер|инструктор по спорт", ("Физическая культура, спорт и фитнес",)),
    Rule(r"агроном", ("Агрономия",)),
    Rule(r"ветеринар", ("Ветеринария",)),
    Rule(r"экскурсовод|туризм|турагент", ("Туризм",)),
)
COMPILED = [(rule, *rule.compiled()) for rule in RULES]


@dataclass(frozen=True)
class Match:
    competencies: dict[str, int]  # competency name -> confidence
    profession: tuple[str, str] | None
    confidence: int


def normalise(text: str) -> str:
    return " ".join((text or "").lower().replace("ё", "е").split())


def match_vacancy(title: str, text: str = "") -> Match:
    """The competencies and profession a vacancy's title and text point to, with the confidence of each."""
    title_n, text_n = normalise(title), normalise(text)
    found: dict[str, int] = {}
    profession = None
    for rule, pattern, unless in COMPILED:
        confidence = 0
        if pattern.search(title_n) and not (unless and unless.search(title_n)):
            confidence = TITLE_CONFIDENCE
            if profession is None and rule.profession:
                profession = rule.profession
        elif text_n and pattern.search(text_n) and not (unless and unless.search(title_n + " " + text_n)):
            confidence = TEXT_CONFIDENCE
        if confidence >= MIN_CONFIDENCE:
            for name in rule.competencies:
                found[name] = max(found.get(name, 0), confidence)
    if found and max(found.values()) == TITLE_CONFIDENCE:
        # A title that names the trade outweighs loose words in the text: keep only title matches then.
        found = {name: c for name, c in found.items() if c == TITLE_CONFIDENCE}
    return Match(competencies=found, profession=profession, confidence=max(found.values(), default=0))


def professions_of_rules() -> list[tuple[str, str]]:
    """The ОКПДТР professions the rules can assign (the data migration makes sure the dictionary has them)."""
    seen = {}
    for rule in RULES:
        if rule.profession:
            seen.setdefault(rule.profession[0], rule.profession[1])
    return sorted(seen.items())
