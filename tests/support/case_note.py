"""The case note as a test reads it: made on a fixed day, fetched by its button."""

from __future__ import annotations

import dataclasses
import datetime as dt

from bot.case_note import case_note_builder
from bot.dialog.runner import Runner
from bot.directory import load_directory
from bot.i18n import get_translator
from bot.next_steps import load_next_steps
from bot.result_pages import ResultData
from bot.urgent import load_urgent
from tests.support.labels import CASE_NOTE
from tests.support.runner_chat import RunnerChat

MADE = dt.date(2026, 12, 2)
"""The day the tests' notes are made (2 December 2026)."""


def dated_runner(runner: Runner) -> Runner:
    """The runner, with case notes made on :data:`MADE`, so their dates can be asserted."""
    data = ResultData(runner.kb, load_directory(), load_next_steps(runner.kb), load_urgent())
    return dataclasses.replace(runner, case_note=case_note_builder(data, today=lambda: MADE))


def note_of(chat: RunnerChat) -> str:
    """The case note the result's button gives, as text."""
    document = chat.press(get_translator(chat.lang).gettext(CASE_NOTE)).document
    assert document is not None
    return document.content.decode("utf-8")
