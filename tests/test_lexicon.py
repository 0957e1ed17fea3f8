"""The German lexicon: number words, ordinals, dates."""
from __future__ import annotations

import datetime as dt

import pytest

from converter.lexicon import cardinal_value, find_dates, ordinal_value, parse_date


@pytest.mark.parametrize("word, value", [
    ("Achtundsiebzigste", 78), ("Vierundsechzigste", 64), ("erste", 1), ("ersten", 1), ("zweite", 2),
    ("dritte", 3), ("Dritten", 3), ("vierte", 4), ("fünfte", 5), ("sechste", 6), ("siebte", 7), ("achte", 8),
    ("achten", 8), ("neunte", 9), ("zehnte", 10), ("elfte", 11), ("zwölfte", 12), ("siebzehnte", 17),
    ("zwanzigsten", 20), ("einundzwanzigste", 21), ("Dreißigste", 30), ("Sechzigste", 60), ("Achtzigste", 80),
    ("Einundachtzigsten", 81), ("Neunundsiebzigste", 79), ("hundertste", 100), ("einhundertste", 100),
    ("hundertundzweite", 102),
])
def test_ordinal_value(word, value):
    assert ordinal_value(word) == value


@pytest.mark.parametrize("word", ["Tagung", "Generalversammlung", "Ausschusses", "", "ste"])
def test_not_an_ordinal(word):
    assert ordinal_value(word) is None


@pytest.mark.parametrize("word, value", [
    ("eins", 1), ("zwölf", 12), ("achtundsiebzig", 78), ("Vierundsechzig", 64), ("neunzig", 90),
    ("hundert", 100), ("zweihunderteins", 201), ("dreihundertundvierzig", 340),
])
def test_cardinal_value(word, value):
    assert cardinal_value(word) == value


@pytest.mark.parametrize("word", ["Tagung", "zwanzigund", "undachtzig"])
def test_not_a_cardinal(word):
    assert cardinal_value(word) is None


def test_find_dates_positions_and_values():
    text = "am 19. Dezember 2023 und am 1. März 2024"
    assert find_dates(text) == [(3, 20, dt.date(2023, 12, 19)), (28, 40, dt.date(2024, 3, 1))]
    assert text[3:20] == "19. Dezember 2023"


def test_find_dates_in_running_text():
    assert [d for _, _, d in find_dates("vom 13. bis 15. Februar 2008 abgehaltenen Forum")] == [dt.date(2008, 2, 15)]
    assert [d for _, _, d in find_dates("Beschluss 2004/110 vom 19. April 2004, mit dem")] == [dt.date(2004, 4, 19)]
    assert [d for _, _, d in find_dates("am 7.März 2021")] == [dt.date(2021, 3, 7)]
    assert [d for _, _, d in find_dates("im Jänner 2020 und am 3. Jänner 2020")] == [dt.date(2020, 1, 3)]


def test_impossible_dates_are_skipped():
    text = "am 30. Februar 2023, am 31. April 2020 und am 29. Februar 2024"
    assert [d for _, _, d in find_dates(text)] == [dt.date(2024, 2, 29)]


@pytest.mark.parametrize("text", ["Dezember 2023", "19. Dezember", "19. 12. 2023", "19. Dezember 23", "30. Juli"])
def test_incomplete_dates_are_no_dates(text):
    assert find_dates(text) == []


def test_parse_date():
    assert parse_date("Resolution der Generalversammlung, verabschiedet am 19. Dezember 2023") == dt.date(2023, 12, 19)
    assert parse_date("30. Juli 2010") == dt.date(2010, 7, 30)
    assert parse_date("31. Juni 2020") is None
    assert parse_date("keine Angabe") is None


@pytest.mark.parametrize("text, dates", [
    ("123. März 2005", []),                      # a day has at most two digits, and none before them
    ("2019. Dezember 2020", []),
    ("19.   Dezember 2023", [dt.date(2023, 12, 19)]),  # any white space between day and month
    ("19.Dezember 2023, 1. Mai 2004", [dt.date(2023, 12, 19), dt.date(2004, 5, 1)]),
    ("Maine 2004, 5. Maine 2004", []),           # a month name inside a word
    ("45. Juli 2010", []),                       # a day starts with 0-3 when it has two digits
    ("am 05. Juli 2010", [dt.date(2010, 7, 5)]),
    ("A5. Juli 2010 und x 5. Juli 20101", []),   # after a letter; a year of five digits
])
def test_a_date_starts_one_or_two_digits_before_the_stop_before_its_month(text, dates):
    assert [d for _, _, d in find_dates(text)] == dates
