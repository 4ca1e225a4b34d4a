"""Every error of the tree (bot/errors.py) ends a command the same way: exit code 2 and one
line on stderr, an input error's line in the language of --lang. Real triggers for each
are in test_main.py and test_assess.py; here every class goes through the one mapping."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import cli as cli_module
from bot import errors
from tests.cli.conftest import Cli

SAMPLES: list[errors.RefugeGuideError] = [
    errors.SettingsError("TELEGRAM_BOT_TOKEN is not set"),
    errors.SecretError("session-key.secret: unreadable"),
    errors.DataDirError("data: the data directory is a file"),
    errors.StoreFullError("sessions.sqlite3: a step could not be saved: the disk is full"),
    errors.FlowError(Path("main.yaml"), "role", "next node 'x' does not exist"),
    errors.KnowledgeError("grounds.yaml: ground 'x': no source"),
    errors.DirectoryError("directory.yaml: entry 'x': phone: invalid"),
    errors.GlossaryError("glossary.yaml: term 'x': empty"),
    errors.UrgentError("urgent.yaml: step 'x': no source"),
    errors.NextStepsError("next_steps.yaml: steps.act_x: not an action of the knowledge base"),
    errors.FactError("protection_status", ("refugee", "none"), "value_not_allowed"),
    errors.FactsFileError(Path("facts.json"), "not_json", line=1, column=2),
    errors.ResumeCodeError("unknown"),
    errors.WebhookRequestError(400),
]


def _leaves(root: type[errors.RefugeGuideError]) -> set[type[errors.RefugeGuideError]]:
    children = root.__subclasses__()
    if not children:
        return {root}
    return set().union(*(_leaves(child) for child in children))


def test_every_error_class_has_a_sample_here() -> None:
    """A new kind of error is added to this table, so its exit code is tested too."""
    assert {type(sample) for sample in SAMPLES} == _leaves(errors.RefugeGuideError)


@pytest.mark.parametrize("error", SAMPLES, ids=lambda error: type(error).__name__)
def test_each_error_exits_2_with_one_line(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, error: errors.RefugeGuideError
) -> None:
    """Whatever the command, the error becomes exit code 2 and one line, no traceback."""

    def fail(args: object) -> int:
        raise error

    monkeypatch.setitem(cli_module.COMMANDS, "check", fail)
    run = cli("check")
    assert (run.code, run.out) == (2, "")
    assert run.err.count("\n") == 1
    assert run.err.startswith("refuge-guide: ")
    if isinstance(error, errors.OperatorError):
        assert str(error) in run.err
    assert "Traceback" not in run.err


def test_an_input_error_is_worded_in_the_chosen_language(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`assess --lang nl` words a refused fact in Dutch, through the same mapping."""

    def fail(args: object) -> int:
        raise errors.FactError("protection_status", ("refugee", "none"), "value_not_allowed")

    monkeypatch.setitem(cli_module.COMMANDS, "assess", fail)
    run = cli("assess", "facts.json", "--lang", "nl")
    assert run.code == 2
    assert "protection_status" in run.err
    assert "allows only these values" not in run.err, "not the English wording"
