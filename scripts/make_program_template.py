"""Build the shipped DOCX template of the program document (copp/programs/document_templates/program.docx).
An administrator may upload their own template with the same tags (docs/program-constructor.md)."""
from pathlib import Path

from docx import Document
from docx.shared import Pt

TARGET = Path(__file__).resolve().parent.parent / "copp" / "programs" / "document_templates" / "program.docx"


def main():
    doc = Document()
    doc.styles["Normal"].font.name = "Times New Roman"
    doc.styles["Normal"].font.size = Pt(12)
    doc.add_paragraph("{{ provider }}")
    doc.add_heading("Дополнительная профессиональная программа", level=1)
    doc.add_heading("«{{ program.title }}»", level=1)
    doc.add_paragraph("Вид программы: {{ program.kind }}. Объём: {{ totals.total_hours }} ч. "
                      "{% if version %}Версия {{ version }}.{% endif %}")
    doc.add_heading("1. Общая характеристика программы", level=2)
    doc.add_paragraph("Цель: {{ program.goals }}")
    doc.add_paragraph("Категория слушателей: {{ program.audience }}")
    doc.add_paragraph("Требования к поступающим: {{ program.entry_requirements }}")
    doc.add_paragraph("Форма обучения: {{ study_form }}. Выдаваемый документ: {{ document }}.")
    doc.add_paragraph("Профессия (профстандарт): {{ program.profession }}")
    doc.add_heading("2. Планируемые результаты обучения", level=2)
    doc.add_paragraph("{{ program.outcomes }}")
    doc.add_paragraph("Компетенции: {{ program.competencies|join(', ') }}")
    doc.add_heading("3. Учебный план", level=2)
    table = doc.add_table(rows=4, cols=8)
    table.style = "Table Grid"
    headers = ["№", "Модуль", "Теория", "Практика", "Стажировка", "Самост. работа", "Аттестация", "Всего"]
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
    table.rows[1].cells[0].text = "{%tr for m in modules %}"
    body = ["{{ m.n }}", "{{ m.title }}", "{{ m.theory_hours }}", "{{ m.practice_hours }}",
            "{{ m.internship_hours }}", "{{ m.self_study_hours }}", "{{ m.assessment_hours }}",
            "{{ m.total_hours }}"]
    for cell, text in zip(table.rows[2].cells, body, strict=True):
        cell.text = text
    table.rows[3].cells[0].text = "{%tr endfor %}"
    total = table.add_row().cells
    for cell, text in zip(total, ["", "Итого", "{{ totals.theory_hours }}", "{{ totals.practice_hours }}",
                                  "{{ totals.internship_hours }}", "{{ totals.self_study_hours }}",
                                  "{{ totals.assessment_hours }}", "{{ totals.total_hours }}"], strict=True):
        cell.text = text
    doc.add_heading("4. Календарный учебный график", level=2)
    doc.add_paragraph("Продолжительность обучения: {{ weeks }} нед.")
    doc.add_paragraph("{%p for row in calendar %}")
    doc.add_paragraph("Неделя {{ row.weeks }}: {{ row.title }}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_heading("5. Содержание модулей", level=2)
    doc.add_paragraph("{%p for m in modules %}")
    doc.add_paragraph("Модуль {{ m.n }}. {{ m.title }} ({{ m.total_hours }} ч)")
    doc.add_paragraph("{{ m.summary }}")
    doc.add_paragraph("Результаты: {{ m.outcomes }}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_heading("6. Оценочные материалы", level=2)
    doc.add_paragraph("Итоговая аттестация: {{ program.final_assessment }}")
    doc.add_paragraph("{%p for m in modules %}")
    doc.add_paragraph("{{ m.title }}: {{ m.assessment_form }}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_heading("7. Организационно-педагогические условия", level=2)
    doc.add_paragraph("{{ conditions }}")
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    doc.save(TARGET)


if __name__ == "__main__":
    main()
