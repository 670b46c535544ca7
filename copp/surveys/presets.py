"""Ready questionnaires for the typical uses (M26): satisfaction after a program (sent when a group completes),
after an event (sent after it ends), employer satisfaction and teacher feedback."""
from .models import Audience

SATISFACTION_ROWS = ["Содержание программы", "Преподаватели", "Практические занятия",
                     "Оборудование и материалы", "Организация обучения"]

TEMPLATES = {
    "program_satisfaction": {
        "title": "Удовлетворённость обучением", "audience": Audience.GROUP, "anonymous": True,
        "closes_in_days": 14,
        "description": "Оцените, пожалуйста, обучение, которое вы завершили. Опрос анонимный и займёт 3 минуты.",
        "questions": [
            {"kind": "scale5", "text": "Насколько вы довольны обучением в целом?"},
            {"kind": "matrix", "text": "Оцените стороны обучения от 1 до 5", "rows": SATISFACTION_ROWS},
            {"kind": "nps", "text": "Насколько вероятно, что вы порекомендуете эту программу знакомым?"},
            {"kind": "single", "text": "Пригодятся ли полученные знания в работе?",
             "choices": ["Да, уже применяю", "Да, в будущем", "Скорее нет", "Затрудняюсь ответить"]},
            {"kind": "long_text", "text": "Что стоит улучшить?", "required": False},
        ],
    },
    "event_satisfaction": {
        "title": "Отзыв о мероприятии", "audience": Audience.EVENT, "anonymous": True, "closes_in_days": 7,
        "description": "Спасибо, что пришли! Расскажите, что понравилось и что улучшить.",
        "questions": [
            {"kind": "scale5", "text": "Как вы оцениваете мероприятие в целом?"},
            {"kind": "nps", "text": "Насколько вероятно, что вы порекомендуете наши мероприятия знакомым?"},
            {"kind": "multiple", "text": "Что было полезным?",
             "choices": ["Выступления", "Практика, профпробы", "Общение с работодателями", "Раздаточные материалы"],
             "required": False},
            {"kind": "long_text", "text": "Ваши пожелания", "required": False},
        ],
    },
    "employer_satisfaction": {
        "title": "Удовлетворённость работодателей", "audience": Audience.CONTACTS, "anonymous": False,
        "description": "Оценка подготовки специалистов, обученных в ЦОПП и у партнёров.",
        "questions": [
            {"kind": "scale5", "text": "Насколько вы довольны подготовкой выпускников?"},
            {"kind": "matrix", "text": "Оцените навыки выпускников",
             "rows": ["Профессиональные навыки", "Работа с оборудованием", "Охрана труда", "Работа в команде"]},
            {"kind": "number", "text": "Сколько сотрудников вы планируете направить на обучение в следующем году?",
             "required": False},
            {"kind": "long_text", "text": "Каких программ вам не хватает?", "required": False},
        ],
    },
    "teacher_feedback": {
        "title": "Обратная связь преподавателю", "audience": Audience.GROUP, "anonymous": True,
        "description": "Оцените занятия преподавателей вашей группы.",
        "questions": [
            {"kind": "matrix", "text": "Оцените занятия",
             "rows": ["Понятность объяснений", "Польза практики", "Отношение к слушателям"]},
            {"kind": "ranking", "text": "Расставьте по важности, что улучшить",
             "choices": ["Больше практики", "Больше теории", "Раздаточные материалы", "Темп занятий"],
             "required": False},
            {"kind": "short_text", "text": "Одно пожелание преподавателю", "required": False},
        ],
    },
}
