import pytest
from django.core.exceptions import ValidationError

from core.validators import looks_like_cpr, validate_no_cpr


@pytest.mark.parametrize(
    "text",
    [
        "010203-1234",
        "0102031234",
        "Elev med cpr 311299-4321 deltog",
        "290200-1111",  # 29 February 2000
        "(150575-2222)",
    ],
)
def test_it_recognises_cpr_shaped_numbers_with_a_real_date(text):
    assert looks_like_cpr(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        None,
        "65 lærere fra samtlige skoler",
        "320103-1234",  # day 32
        "011303-1234",  # month 13
        "290201-1234",  # 29 February in neither 1901 nor 2001
        "01020312345",  # eleven digits: not a CPR number
        "Telefon 75 50 10 00",
        "2004-2007",
        "Rusmiddelseminarer – i alt 27",
    ],
)
def test_it_lets_ordinary_text_and_impossible_dates_through(text):
    assert not looks_like_cpr(text)


def test_the_validator_explains_that_no_personal_data_is_kept():
    with pytest.raises(ValidationError) as caught:
        validate_no_cpr("Kontakt 010203-1234")
    assert caught.value.code == "cpr"
    assert "personoplysninger om unge" in str(caught.value.messages[0])


def test_the_validator_accepts_text_without_cpr():
    validate_no_cpr("Forældremøde i 7. klasse")
