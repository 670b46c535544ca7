"""The ФИС ФРДО export (spec/integrations.md §6.1): documents issued for completed programs over a period as the
registry's xlsx template for ДПО (40 columns) or ПО (35 columns), with the value lists on a hidden «Проверки»
sheet and drop-down validations; rows the registry would refuse are listed with the reason, not exported."""
import re
import tempfile
from dataclasses import dataclass

import xlsxwriter
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from copp.core.validators import validate_snils
from copp.programs.models import IssuedDocument
from copp.training.models import Enrolment, EnrolmentStatus

DPO_KINDS = ("upskilling", "retraining")
PO_KINDS = ("professional_training",)

# The «(оригинала)» block and the last column, the same in both templates; filled only for a duplicate.
ORIGINAL = ["Наименование документа об образовании (оригинала)", "Серия (оригинала)", "Номер (оригинала)",
            "Регистрационный N (оригинала)", "Дата выдачи (оригинала)", "Фамилия получателя (оригинала)",
            "Имя получателя (оригинала)", "Отчество получателя (оригинала)", "Номер документа для изменения"]
HEAD = ["Вид документа", "Статус документа", "Подтверждение утраты", "Подтверждение обмена",
        "Подтверждение уничтожения", "Серия документа", "Номер документа", "Дата выдачи документа",
        "Регистрационный номер"]
DPO_COLUMNS = HEAD + [
    "Дополнительная профессиональная программа (повышение квалификации/ профессиональная переподготовка)",
    "Наименование дополнительной профессиональной программы",
    "Наименование области профессиональной деятельности", "Укрупненные группы специальностей",
    "Наименование квалификации, профессии, специальности", "Уровень образования ВО/СПО",
    "Фамилия указанная в дипломе о ВО или СПО", "Серия документа о ВО/СПО", "Номер документа о ВО/СПО",
    "Год начала обучения (для документа о квалификации)", "Год окончания обучения (для документа о квалификации)",
    "Срок обучения, часов (для документа о квалификации)", "Фамилия получателя", "Имя получателя",
    "Отчество получателя", "Дата рождения получателя", "Пол получателя", "СНИЛС", "Форма обучения",
    "Источник финансирования обучения",
    "Форма получения образования на момент прекращения образовательных отношений",
    "Гражданство получателя (код страны по ОКСМ)"] + ORIGINAL
PO_COLUMNS = HEAD + [
    "Программа профессионального обучения, направление подготовки",
    "Наименование программы профессионального обучения", "Наименование профессий рабочих, должностей служащих",
    "Присвоенный квалификационный разряд, класс, категория (при наличии)", "Год начала обучения",
    "Год окончания обучения", "Срок обучения, часов", "Фамилия получателя", "Имя получателя", "Отчество получателя",
    "Дата рождения получателя", "Пол получателя", "СНИЛС", "Гражданство получателя (код страны по ОКСМ)",
    "Форма обучения", "Источник финансирования обучения",
    "Форма получения образования на момент прекращения образовательных отношений"] + ORIGINAL

DOCUMENT_NAMES = {
    IssuedDocument.UPSKILLING_CERTIFICATE: "Удостоверение о повышении квалификации",
    IssuedDocument.RETRAINING_DIPLOMA: "Диплом о профессиональной переподготовке",
    IssuedDocument.WORKER_CERTIFICATE: "Свидетельство о профессии рабочего, должности служащего",
    IssuedDocument.COMPLETION_CERTIFICATE: "Справка об обучении",
}
DPO_PROGRAM = {"upskilling": "Повышение квалификации", "retraining": "Профессиональная переподготовка"}
PO_PROGRAM = "Программа профессиональной подготовки по профессии рабочего, должности служащего"
STUDY_FORMS = {"full_time": "Очная", "part_time": "Очно-заочная (вечерняя)", "extramural": "Заочная",
               "distance": "Заочная"}
FUNDING = {"federal_project": "Федеральный бюджет", "regional_budget": "Региональный бюджет",
           "employment_service": "Региональный бюджет", "employer": "Платное обучение",
           "personal": "Платное обучение"}
EDUCATION = {"spo_workers": "Среднее профессиональное образование",
             "spo_specialists": "Среднее профессиональное образование", "bachelor": "Высшее образование",
             "specialist_master": "Высшее образование", "postgraduate": "Высшее образование",
             "student_spo": "Справка", "student_higher": "Справка"}

# The value lists of the hidden «Проверки» sheet (named ranges of the official template) and the columns
# (0-based, per template) whose cells must take a value from a list.
LISTS = {
    "dpo_doc": ["Диплом о профессиональной переподготовке", "Свидетельство о повышении квалификации",
                "Справка об обучении", "Удостоверение о повышении квалификации"],
    "po_doc": ["Свидетельство о профессии рабочего, должности служащего",
               "Свидетельство об освоении дополнительных предпрофессиональных программ в области искусств",
               "Справка об обучении"],
    "status": ["Оригинал", "Дубликат"],
    "loss": ["Нет", "Справка из органов внутренних дел", "Справка из органов пожарной охраны",
             "Объявление в газете", "Другое"],
    "exchange": ["Нет", "Обмен по причине порчи", "Обмен по причине наличия недостоверной информации"],
    "destroy": ["Да", "Нет"],
    "dpo_program": ["Повышение квалификации", "Профессиональная переподготовка"],
    "po_program": [PO_PROGRAM, "Программа переподготовки рабочих, служащих",
                   "Программа повышения квалификации рабочих, служащих"],
    "level": ["Высшее образование", "Среднее профессиональное образование", "Справка", "Стаж",
              "Пункт 1 правил формирования ФИС ФРДО"],
    "sex": ["Муж", "Жен"],
    "form": ["Очная", "Очно-заочная (вечерняя)", "Заочная"],
    "funding": ["Федеральный бюджет", "Региональный бюджет", "Местный бюджет", "Платное обучение"],
    "where": ["в образовательной организации", "вне образовательной организации"],
}
VALIDATED = {
    "dpo": {0: "dpo_doc", 1: "status", 2: "loss", 3: "exchange", 4: "destroy", 9: "dpo_program", 14: "level",
            25: "sex", 27: "form", 28: "funding", 29: "where"},
    "po": {0: "po_doc", 1: "status", 2: "loss", 3: "exchange", 4: "destroy", 9: "po_program", 20: "sex",
           23: "form", 24: "funding", 25: "where"},
}
DATE_COLUMNS = {"dpo": (7, 24, 35), "po": (7, 19, 31)}


@dataclass
class Problem:
    enrolment: Enrolment
    reasons: list


def issued(kinds, first, last) -> QuerySet:
    """Completed enrolments of programs of these kinds whose document date falls in the period."""
    return (Enrolment.objects.filter(status=EnrolmentStatus.COMPLETED, group__program__kind__code__in=kinds)
            .filter(document_date__gte=first, document_date__lte=last)
            .select_related("learner__education_level", "group__program__kind", "group__program__study_form",
                            "group__program__funding", "group__program__profession", "group__provider")
            .order_by("document_date", "document_number", "pk"))


def snils_digits(value: str) -> str:
    return re.sub(r"\D", "", value or "")


def row_problems(enrolment: Enrolment) -> list:
    """Why the registry would refuse the row; empty when it may go."""
    learner, reasons = enrolment.learner, []
    if not enrolment.document_number.strip():
        reasons.append(_("no document number"))
    if not learner.last_name or not learner.first_name:
        reasons.append(_("no surname or first name"))
    if learner.birth_date is None:
        reasons.append(_("no birth date"))
    if not learner.snils:
        reasons.append(_("no SNILS and no reason for its absence"))
    else:
        try:
            validate_snils(learner.snils)
        except ValidationError:
            reasons.append(_("the SNILS check digits do not match"))
    return reasons


def _common_head(e: Enrolment) -> list:
    return [DOCUMENT_NAMES.get(e.document_type, DOCUMENT_NAMES.get(e.group.program.document, "")), "Оригинал",
            "Нет", "Нет", "Нет", e.document_series, e.document_number, e.document_date,
            # The registration number of the issuer's book of issued documents: the platform does not keep one.
            ""]


def _person(e: Enrolment) -> list:
    learner = e.learner
    return [learner.last_name, learner.first_name, learner.patronymic, learner.birth_date, ""]


def _study(e: Enrolment) -> tuple[str, str, str]:
    program = e.group.program
    study_form = e.group.study_form if e.group.study_form_id else program.study_form
    # A form under another code but with the registry's own name (e.g. «Очная») is taken as it is.
    form = STUDY_FORMS.get(study_form.code) or (study_form.name if study_form.name in LISTS["form"] else "")
    funding = FUNDING.get(program.funding.code, "") if program.funding_id else ""
    return form, funding, "в образовательной организации"


def dpo_row(e: Enrolment) -> list:
    """The 40 cells of a ДПО row in the template's order."""
    program, learner = e.group.program, e.learner
    form, funding, where = _study(e)
    level = EDUCATION.get(learner.education_level.code, "") if learner.education_level_id else ""
    return (_common_head(e) + [DPO_PROGRAM.get(program.kind.code, ""), program.title, "", "",
                               program.profession.name if program.profession_id else "", level,
                               learner.last_name if level else "", "", "", e.group.starts_on.year,
                               e.group.ends_on.year, program.hours]
            + _person(e) + [snils_digits(learner.snils), form, funding, where, ""] + [""] * len(ORIGINAL))


def po_row(e: Enrolment) -> list:
    """The 35 cells of a ПО row in the template's order."""
    program, learner = e.group.program, e.learner
    form, funding, where = _study(e)
    return (_common_head(e) + [PO_PROGRAM, program.title, program.profession.name if program.profession_id else "",
                               "", e.group.starts_on.year, e.group.ends_on.year, program.hours]
            + _person(e) + [snils_digits(learner.snils), "", form, funding, where] + [""] * len(ORIGINAL))


def frdo_export(template: str, first, last):
    """(open xlsx file or None, rows exported, problems). The file holds only the rows without problems."""
    kinds, columns, build = ((DPO_KINDS, DPO_COLUMNS, dpo_row) if template == "dpo" else
                             (PO_KINDS, PO_COLUMNS, po_row))
    good, problems = [], []
    for enrolment in issued(kinds, first, last):
        reasons = row_problems(enrolment)
        if reasons:
            problems.append(Problem(enrolment, reasons))
        else:
            good.append(build(enrolment))
    return _workbook(template, columns, good), len(good), problems


def _workbook(template: str, columns: list, rows: list):
    target = tempfile.TemporaryFile()  # noqa: SIM115  closed by the response that streams it
    book = xlsxwriter.Workbook(target, {"strings_to_numbers": False, "strings_to_urls": False,
                                        "strings_to_formulas": False})
    sheet = book.add_worksheet("Шаблон")
    checks = book.add_worksheet("Проверки")
    header = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    date = book.add_format({"num_format": "dd.mm.yyyy"})
    text = book.add_format({"num_format": "@"})
    for col, title in enumerate(columns):
        sheet.write_string(0, col, title, header)
        sheet.set_column(col, col, 18)
    dates = DATE_COLUMNS[template]
    for number, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            if value in (None, ""):
                continue
            if col in dates:
                sheet.write_datetime(number, col, _as_datetime(value), date)
            elif isinstance(value, int):
                sheet.write_number(number, col, value)
            else:
                sheet.write_string(number, col, str(value), text)
    for col, (name, values) in enumerate(LISTS.items()):
        checks.write_string(0, col, name)
        for i, value in enumerate(values, start=1):
            checks.write_string(i, col, value)
        letter = xlsxwriter.utility.xl_col_to_name(col)
        book.define_name(name, f"='Проверки'!${letter}$2:${letter}${len(values) + 1}")
    checks.hide()
    last_row = max(len(rows), 1) + 500  # room for rows a person adds by hand before the upload
    for col, name in VALIDATED[template].items():
        sheet.data_validation(1, col, last_row, col, {"validate": "list", "source": f"={name}"})
    sheet.freeze_panes(1, 0)
    book.close()
    target.seek(0)
    return target


def _as_datetime(value):
    import datetime
    return datetime.datetime.combine(value, datetime.time())
