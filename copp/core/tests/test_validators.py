"""Check digits of SNILS, INN, OGRN, KPP (spec/domain.md)."""
import pytest

from copp.core.validators import format_snils, inn_is_valid, ogrn_is_valid, snils_is_valid, validate_kpp


@pytest.mark.parametrize("value", ["112-233-445 95", "11223344595", "001-001-998 00", "087-654-303 00"])
def test_valid_snils(value):
    assert snils_is_valid(value)


@pytest.mark.parametrize("value", ["112-233-445 94", "1122334459", "abc", "", "112-233-445 955"])
def test_invalid_snils(value):
    assert not snils_is_valid(value)


def test_snils_formatting():
    assert format_snils("11223344595") == "112-233-445 95"


@pytest.mark.parametrize("value", ["7707083893", "500100732259"])
def test_valid_inn(value):
    assert inn_is_valid(value)


@pytest.mark.parametrize("value", ["7707083894", "500100732258", "77070838", "77070838 93", "770708389a"])
def test_invalid_inn(value):
    assert not inn_is_valid(value)


@pytest.mark.parametrize("value", ["1027700132195", "304500116000157"])
def test_valid_ogrn(value):
    assert ogrn_is_valid(value)


@pytest.mark.parametrize("value", ["1027700132194", "102770013219", "30450011600015x"])
def test_invalid_ogrn(value):
    assert not ogrn_is_valid(value)


def test_kpp():
    validate_kpp("773601001")
    with pytest.raises(Exception):  # noqa: B017
        validate_kpp("77360100")
