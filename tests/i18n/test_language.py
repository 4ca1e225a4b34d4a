"""Choosing the language: negotiated from Telegram's language_code, formats by locale."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.i18n import get_translator, negotiate


@pytest.mark.parametrize(
    ("code", "lang"),
    [
        ("ru-RU", "ru"),
        ("nl-BE", "nl"),
        ("fr-CA", "fr"),
        ("fr", "fr"),
        ("en-GB", "en"),
        ("de", "en"),
        ("uk", "en"),
        ("", "en"),
        (None, "en"),
        ("ru_RU", "ru"),
    ],
)
def test_client_language_is_negotiated(code: str | None, lang: str) -> None:
    """Russian, Dutch and French clients get their language; anything else gets English."""
    assert negotiate(code) == lang


def test_dates_and_numbers_follow_the_locale() -> None:
    """The review date reads as a reader of each language expects it, in the long form
    (a month spelt out is easier than "janv." or "нояб." for the people concerned)."""
    day = dt.date(2022, 1, 13)
    assert get_translator("fr").format_date(day) == "13 janvier 2022"
    assert get_translator("ru").format_date(day).startswith("13 января 2022")
    assert get_translator("nl").format_date(day) == "13 januari 2022"
    assert get_translator("en").format_date(day) == "January 13, 2022"
    assert get_translator("fr").format_number(20000) == "20\u202f000"


def test_russian_plural_forms_follow_the_count() -> None:
    """One, few and many forms are chosen by the count (requires the Russian catalog)."""
    t = get_translator("ru")
    one = (
        "{count} other ground is not indicated by your answers or concerns another kind of request."
    )
    many = (
        "{count} other grounds are not indicated by your answers or concern other kinds of request."
    )
    texts = {n: t.ngettext(one, many, n) for n in (1, 2, 5, 21)}
    assert texts[1] == texts[21]
    assert len({texts[1], texts[2], texts[5]}) == 3
