"""Every data file reads the same whichever YAML parser PyYAML has, and a broken file is
reported in the same words (the fast libyaml parser is only a speed-up)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.paths import DIALOGS_DIR
from bot.yaml_source import StrictSafeLoader, load_yaml_file, load_yaml_text


@pytest.mark.parametrize("path", sorted(DIALOGS_DIR.rglob("*.yaml")), ids=lambda path: path.name)
def test_each_data_file_reads_as_the_pure_python_parser_reads_it(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert load_yaml_file(path) == yaml.load(text, Loader=StrictSafeLoader)


def test_yes_and_no_stay_words_and_only_true_false_are_booleans() -> None:
    assert load_yaml_text("a: no\nb: yes\nc: on\nd: true\ne: False\n") == {
        "a": "no",
        "b": "yes",
        "c": "on",
        "d": True,
        "e": False,
    }


def test_a_key_written_twice_is_refused_with_its_line() -> None:
    with pytest.raises(yaml.YAMLError) as raised:
        load_yaml_text("rules:\n  x: 1\n  x: 2\n")
    assert "key 'x' appears twice in one mapping" in str(raised.value)
    assert "line 3" in str(raised.value)


@pytest.mark.parametrize("text", ["a: b: c\n", "a: [1\n", "a:\n\t- b\n", "- a\nb: c\n"])
def test_a_broken_file_is_reported_in_the_pure_python_parsers_words(text: str) -> None:
    with pytest.raises(yaml.YAMLError) as expected:
        yaml.load(text, Loader=StrictSafeLoader)
    with pytest.raises(yaml.YAMLError) as raised:
        load_yaml_text(text)
    assert str(raised.value) == str(expected.value)
