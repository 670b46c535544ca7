"""The public catalogue: Russian full-text search, filters, sorting, chips, empty state, query counts; the
program page."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from copp.core.roles import Role
from copp.directories.models import Competency, Municipality, ProgramKind, StudyForm
from copp.organizations.models import OrganizationType
from copp.programs.models import ProgramStatus

from .factories import make_program

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(world):
    return world.orgs[OrganizationType.PARTNER][0]


def titles(response):
    return [p.title for p in response.context["programs"]]


def test_russian_search_finds_word_forms_and_ranks_title_first(client, partner):
    make_program(partner, title="Сварщик ручной дуговой сварки")
    make_program(partner, title="Основы охраны труда", goals="Для мастеров участков сварки и монтажа")
    make_program(partner, title="Веб-дизайн для начинающих")
    response = client.get(reverse("programs:catalogue"), {"q": "сварщиков"})
    assert titles(response) == ["Сварщик ручной дуговой сварки"]
    response = client.get(reverse("programs:catalogue"), {"q": "сварка"})
    assert titles(response) == ["Сварщик ручной дуговой сварки", "Основы охраны труда"]
    assert "Найдено программ: 2" in response.content.decode() or "2 программы" in response.content.decode()


def test_search_covers_competency_names(client, partner):
    competency = Competency.objects.get(name="Мехатроника")
    make_program(partner, title="Наладка автоматических линий", competencies=[competency])
    assert titles(client.get(reverse("programs:catalogue"), {"q": "мехатроника"})) == ["Наладка автоматических линий"]


def test_drafts_and_archived_are_not_in_the_catalogue(client, partner):
    make_program(partner, title="Опубликованная")
    make_program(partner, title="Черновик", status=ProgramStatus.DRAFT)
    make_program(partner, title="Архивная", status=ProgramStatus.ARCHIVED)
    assert titles(client.get(reverse("programs:catalogue"))) == ["Опубликованная"]


def test_filters_narrow_and_show_removable_chips(client, world, partner):
    other = world.orgs[OrganizationType.COPP][0]
    welding = Competency.objects.get(name="Сварочные технологии")
    web = Competency.objects.get(name="Веб-технологии")
    town = Municipality.objects.get(name="Серов")
    distance = StudyForm.objects.get(code="distance")
    a = make_program(partner, title="Сварка А", competencies=[welding], starts_in_days=(10,))
    a.municipalities.set([town])
    make_program(partner, title="Сварка Б платная", competencies=[welding], free=False, starts_in_days=(90,))
    make_program(other, title="Сайты", competencies=[web], study_form=distance, kind="retraining", hours=256)
    url = reverse("programs:catalogue")
    assert titles(client.get(url, {"competency": welding.pk})) == ["Сварка А", "Сварка Б платная"]
    assert titles(client.get(url, {"price": "paid"})) == ["Сварка Б платная"]
    assert titles(client.get(url, {"price": "free", "competency": welding.pk})) == ["Сварка А"]
    assert titles(client.get(url, {"municipality": town.pk})) == ["Сварка А"]
    assert titles(client.get(url, {"study_form": distance.pk})) == ["Сайты"]
    assert titles(client.get(url, {"kind": ProgramKind.objects.get(code="retraining").pk})) == ["Сайты"]
    assert titles(client.get(url, {"provider": other.pk})) == ["Сайты"]
    later = (timezone.localdate() + datetime.timedelta(days=60)).isoformat()
    assert titles(client.get(url, {"starts_from": later})) == ["Сварка Б платная"]
    response = client.get(url, {"competency": welding.pk, "price": "free"})
    chips = response.context["chips"]
    assert [c["label"] for c in chips] == ["Компетенция", "Стоимость"]
    assert f"competency={welding.pk}" not in chips[0]["url"] and "price=free" in chips[0]["url"]


def test_sorting_and_broken_parameters(client, partner):
    make_program(partner, title="Б дорогая", free=False, starts_in_days=(5,))
    make_program(partner, title="А бесплатная", starts_in_days=(50,))
    url = reverse("programs:catalogue")
    assert titles(client.get(url)) == ["Б дорогая", "А бесплатная"]  # nearest start first
    assert titles(client.get(url, {"sort": "title"})) == ["А бесплатная", "Б дорогая"]
    assert titles(client.get(url, {"sort": "-price"})) == ["Б дорогая", "А бесплатная"]
    response = client.get(url, {"competency": "abc", "starts_from": "31.02", "sort": "x", "page": "999"})
    assert response.status_code == 200


def test_empty_result_says_why_and_offers_reset(client, partner):
    make_program(partner, title="Сварка")
    content = client.get(reverse("programs:catalogue"), {"q": "астрономия"}).content.decode()
    assert "Программы не найдены." in content
    assert "Сбросить фильтры" in content


def test_catalogue_query_count_does_not_grow_tenfold(client, world, partner):
    competencies = list(Competency.objects.all()[:3])
    url = reverse("programs:catalogue")

    def fill(n):
        for _ in range(n):
            make_program(partner, competencies=competencies, update_vector=False)

    fill(2)
    client.get(url)  # branding and other per-process caches warm up
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    fill(20)
    with CaptureQueriesContext(connection) as big:
        assert client.get(url).status_code == 200
    assert len(big) == len(small), [q["sql"] for q in big]


def test_program_page_shows_the_facts(client, partner):
    program = make_program(partner, title="Электромонтажник", contacts="Иванова Анна, +7 343 000-00-01")
    content = client.get(reverse("programs:detail", args=[program.pk])).content.decode()
    for text in ("Электромонтажник", "72 часа", "Бесплатно для слушателя", "Удостоверение о повышении квалификации",
                 "Теория", "Практика", "Иванова Анна", "Очная"):
        assert text in content
    try:
        apply_url = reverse("admissions:apply", args=[program.pk])
    except NoReverseMatch:
        apply_url = None
    if apply_url:
        assert apply_url in content and "Подать заявку" in content


def test_draft_page_only_for_its_organisation(client, world, partner):
    program = make_program(partner, status=ProgramStatus.DRAFT)
    url = reverse("programs:detail", args=[program.pk])
    assert client.get(url).status_code == 404
    client.force_login(world.users[Role.PARTNER][1])
    assert client.get(url).status_code == 404
    client.force_login(world.users[Role.PARTNER][0])
    response = client.get(url)
    assert response.status_code == 200 and "Программа не опубликована" in response.content.decode()


def test_a_new_search_is_sorted_by_relevance(client, partner):
    make_program(partner, title="Охрана труда", goals="Безопасная сварка", starts_in_days=(3,))
    make_program(partner, title="Сварка труб", starts_in_days=(40,))
    response = client.get(reverse("programs:catalogue"), {"q": "сварка"})
    assert response.context["sort"] == "relevance"
    assert titles(response) == ["Сварка труб", "Охрана труда"]
    assert 'name="sort"' not in response.content.decode()
