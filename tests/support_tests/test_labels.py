"""The labels tests press are labels the guide shows: a renamed button fails here, once."""

from __future__ import annotations

from babel.messages.pofile import read_po

from bot.dialog.model import CHANGE_LABEL, UNTICKED
from bot.i18n import LANGUAGES, get_translator
from bot.paths import LOCALES_DIR
from tests.support import labels

BUTTONS = {
    name: value
    for name, value in vars(labels).items()
    if name.isupper()
    and isinstance(value, str)
    and value not in labels.LANGUAGE_NAMES.values()
    and name != "CHANGE_KIND"
}


def test_every_button_label_is_an_english_string_of_the_guide() -> None:
    with (LOCALES_DIR / "en" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle, locale="en")
    english = get_translator("en")
    missing = [
        f"{name} = {value!r}"
        for name, value in BUTTONS.items()
        if (text := value.removeprefix(f"{UNTICKED} ")) not in catalog
        or english.gettext(text) != text
    ]
    assert not missing, f"labels the English guide does not offer: {missing}"


def test_the_language_names_are_the_pickers() -> None:
    assert {lang: get_translator(lang).native_name for lang in LANGUAGES} == labels.LANGUAGE_NAMES


def test_the_change_button_is_the_reviews_for_the_kind_of_request() -> None:
    english = get_translator("en")
    change = english.gettext(CHANGE_LABEL)
    assert change.format(question=english.gettext("Kind of request")) == labels.CHANGE_KIND
