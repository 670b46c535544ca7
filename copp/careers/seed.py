"""The ОКПДТР professions the matching rules assign, made sure in the dictionary (a data migration and the
reference data of transactional tests apply it; re-running changes nothing)."""
from .matching import professions_of_rules


def apply(apps) -> None:
    Profession = apps.get_model("directories", "Profession")
    for order, (code, name) in enumerate(professions_of_rules()):
        Profession.objects.get_or_create(code=code, defaults={"name": name, "order": order})
    try:
        apps.get_model("accounts", "ConsentText")
    except LookupError:  # a migration state without the accounts models
        return
    apply_distribution_consent(apps)


DISTRIBUTION_TITLE = "Согласие на распространение персональных данных (портфолио)"
DISTRIBUTION_BODY = """\
Я, субъект персональных данных, в соответствии со статьёй 10.1 Федерального закона от 27.07.2006
№ 152-ФЗ «О персональных данных» свободно, своей волей и в своём интересе даю оператору — Центру
опережающей профессиональной подготовки (ЦОПП) — согласие на распространение моих персональных данных,
разрешённых мной для распространения, в составе моего цифрового портфолио.

Цель: показ портфолио верифицированным работодателям платформы ЦОПП и лицам, получившим от меня
персональную ссылку, для поиска работы и приглашения на работу.

Данные, разрешённые для распространения: фамилия, имя, отчество и сведения тех разделов портфолио,
которые я отметил(а) при выдаче согласия (о себе, желаемая профессия и муниципальное образование;
пройденные программы с часами, оценками, документами и рейтингом; посещённые мероприятия; результаты
профориентационных тестов; мои собственные достижения, опыт и работы). Контакты (адрес электронной почты
и телефон) показываются работодателю только после того, как я приму его приглашение.

Условия и запреты: данные доступны только для просмотра на платформе ЦОПП; работодателям запрещено
передавать их третьим лицам и обрабатывать с иной целью. Каждый просмотр записывается, и я вижу его
в личном кабинете.

Согласие действует до его отзыва. Я могу отозвать его в любой момент на странице «Моё портфолио»; после
отзыва портфолио сразу скрывается от работодателей и персональная ссылка перестаёт действовать.
"""


def apply_distribution_consent(apps) -> None:
    """The first version of the consent to distribution of the portfolio (152-ФЗ, art. 10.1)."""
    ConsentText = apps.get_model("accounts", "ConsentText")
    if not ConsentText.objects.filter(kind="distribution").exists():
        ConsentText.objects.create(kind="distribution", version=1, title=DISTRIBUTION_TITLE, body=DISTRIBUTION_BODY,
                                   is_current=True)
