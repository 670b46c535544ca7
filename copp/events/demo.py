"""Demo events for `make run`: a dozen past and upcoming events of the demo organisations with registrations,
one of them full with a waitlist. Idempotent; call after copp.portal.demo.load()."""
import datetime

from django.db import transaction
from django.utils import timezone

from copp.accounts.models import User
from copp.directories.models import Competency, Municipality
from copp.organizations.models import Organization

from .models import Event, EventRegistration, EventStatus, EventType, RegistrationStatus

PARTICIPANTS = [
    ("uchastnik1@copp.local", "Ковалёва", "Анастасия", "Игоревна"),
    ("uchastnik2@copp.local", "Морозов", "Артём", "Денисович"),
    ("uchastnik3@copp.local", "Васильева", "Полина", "Сергеевна"),
    ("uchastnik4@copp.local", "Фёдоров", "Кирилл", "Андреевич"),
    ("uchastnik5@copp.local", "Михайлова", "Дарья", "Олеговна"),
    ("uchastnik6@copp.local", "Алексеев", "Максим", "Павлович"),
    ("uchastnik7@copp.local", "Новикова", "Екатерина", "Викторовна"),
    ("uchastnik8@copp.local", "Егоров", "Никита", "Романович"),
]

# (title, type, organiser, days from today, start hour, hours long, venue, town, online, capacity, competencies,
#  registrations, description)
EVENTS = [
    ("Региональный чемпионат «Профессионалы»: компетенция «Сварочные технологии»", EventType.CHAMPIONSHIP,
     "НТСТ", 12, 9, 8, "г. Нижний Тагил, ул. Строителей, д. 5, сварочная мастерская", "Нижний Тагил", "", 40,
     ["Сварочные технологии"], 6,
     "Открытые соревнования сварщиков региона. Зрители могут посмотреть работу конкурсантов, поговорить с "
     "экспертами и работодателями, попробовать себя на сварочном тренажёре."),
    ("День открытых дверей ЦОПП", EventType.OPEN_DAY, "ЦОПП", 5, 11, 4, "г. Екатеринбург, ул. Примерная, д. 1",
     "Екатеринбург", "", 80, ["Мехатроника", "Веб-технологии", "Промышленная автоматика"], 8,
     "Экскурсия по мастерским ЦОПП, знакомство с программами обучения, консультации по бесплатному обучению "
     "по федеральным и региональным проектам."),
    ("Мастер-класс «Первая программа для станка с ЧПУ»", EventType.MASTERCLASS, "Уральский политехнический колледж",
     3, 15, 2, "г. Екатеринбург, ул. Бебеля, д. 9, мастерская станков с ЧПУ", "Екатеринбург", "", 4,
     ["Токарные работы на станках с ЧПУ"], 6,
     "За два часа вы напишете простую управляющую программу и увидите, как станок выточит по ней деталь. "
     "Группа небольшая: по одному станку на двух участников."),
    ("Вебинар «Как получить новую профессию бесплатно»", EventType.WEBINAR, "ЦОПП", 8, 18, 1, "", "",
     "https://webinar.copp.local/free-training", None, ["Предпринимательство"], 5,
     "Рассказываем, кто может учиться бесплатно по национальному проекту «Кадры», как выбрать программу и "
     "подать заявку на платформе."),
    ("Ярмарка вакансий машиностроительных предприятий", EventType.JOB_FAIR, "ЦОПП", 20, 10, 5,
     "г. Екатеринбург, ул. Примерная, д. 1, конференц-зал", "Екатеринбург", "", 200,
     ["Токарные работы на станках с ЧПУ", "Фрезерные работы на станках с ЧПУ", "Сварочные технологии"], 3,
     "Предприятия региона предлагают работу операторам станков с ЧПУ, сварщикам, наладчикам и инженерам. "
     "Возьмите с собой резюме."),
    ("Экскурсия на Уральский завод точного машиностроения", EventType.EXCURSION, "ЦОПП", 15, 10, 3,
     "г. Екатеринбург, АО «УЗТМ», проходная № 1", "Екатеринбург", "", 15, ["Мехатроника", "Промышленная автоматика"],
     4, "Знакомство с автоматизированными линиями и роботизированными ячейками, встреча с наставниками завода."),
    ("Семинар «Наставничество на производстве»", EventType.SEMINAR, "ПМК", 26, 14, 3,
     "г. Первоуральск, ул. Металлургов, д. 12, актовый зал", "Первоуральск", "", 30, ["Охрана труда"], 2,
     "Для мастеров производственного обучения и наставников предприятий: как организовать адаптацию новичка."),
    ("Профориентационная игра «Профессии будущего» для школьников", EventType.CAREER_GUIDANCE, "ЦОПП", 33, 12, 2,
     "г. Екатеринбург, ул. Примерная, д. 1, аудитория 204", "Екатеринбург", "", 25,
     ["Веб-технологии", "Мобильная робототехника"], 1,
     "Командная игра для учеников 8–11 классов: пробуем себя в роли инженера, программиста и дизайнера."),
    ("Конференция «Кадры для промышленности Урала»", EventType.CONFERENCE, "ЦОПП", -20, 10, 7,
     "г. Екатеринбург, ул. Примерная, д. 1, конференц-зал", "Екатеринбург", "https://webinar.copp.local/conf",
     150, ["Промышленная автоматика", "Мехатроника"], 7,
     "Итоги года: подготовка кадров по заказу работодателей, опыт колледжей и предприятий."),
    ("Мастер-класс по кондитерскому искусству", EventType.MASTERCLASS, "ПМК", -9, 16, 3,
     "г. Первоуральск, ул. Металлургов, д. 12, учебная кухня", "Первоуральск", "", 12, ["Кондитерское дело"], 6,
     "Готовим эклеры и учимся работать с кремом под руководством чемпиона регионального этапа."),
    ("Вебинар «Кибергигиена для всех»", EventType.WEBINAR, "ЦОПП", -4, 18, 1, "", "",
     "https://webinar.copp.local/cyber", None, ["Кибербезопасность"], 5,
     "Как распознать фишинговое письмо, защитить аккаунты и не потерять данные."),
    ("День открытых дверей Нижнетагильского строительного техникума", EventType.OPEN_DAY, "НТСТ", -30, 11, 3,
     "г. Нижний Тагил, ул. Строителей, д. 5", "Нижний Тагил", "", 60,
     ["Технологии информационного моделирования BIM", "Электромонтаж"], 4,
     "Знакомство с мастерскими техникума и программами обучения для взрослых."),
]


def _participants() -> list[User]:
    users = []
    for email, last, first, middle in PARTICIPANTS:
        user, created = User.objects.get_or_create(email=email, defaults={
            "last_name": last, "first_name": first, "patronymic": middle})
        if created:
            user.set_unusable_password()
            user.save()
        users.append(user)
    learner = User.objects.filter(email="learner@copp.local").first()
    return ([learner] if learner else []) + users


@transaction.atomic
def load() -> int:
    """Create or refresh the demo events and their registrations; returns how many events there are."""
    now = timezone.localtime()
    people = _participants()
    competencies = {c.name: c for c in Competency.objects.all()}
    for (title, kind, organizer, days, hour, length, venue, town, online, capacity, comps, signups,
         description) in EVENTS:
        starts = (now + datetime.timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)
        event, _ = Event.objects.update_or_create(title=title, organizer=Organization.objects.get(short_name=organizer),
                                                  defaults={
            "type": kind, "description": description, "starts_at": starts,
            "ends_at": starts + datetime.timedelta(hours=length), "venue": venue,
            "municipality": Municipality.objects.filter(name=town).first() if town else None,
            "online_url": online, "capacity": capacity, "status": EventStatus.PUBLISHED,
            "contacts": "Отдел мероприятий ЦОПП: +7 343 000-00-05, events@copp.local",
        })
        event.competencies.set([competencies[name] for name in comps if name in competencies])
        for position, user in enumerate(people[:signups]):
            seated = capacity is None or position < capacity
            status = RegistrationStatus.REGISTERED if seated else RegistrationStatus.WAITLIST
            queued = starts - datetime.timedelta(days=10, minutes=-position)
            came = days < 0 and seated and position % 4
            EventRegistration.objects.update_or_create(event=event, user=user, defaults={
                "status": status, "queued_at": queued,
                "checked_in_at": starts + datetime.timedelta(minutes=5) if came else None,
            })
    return len(EVENTS)
