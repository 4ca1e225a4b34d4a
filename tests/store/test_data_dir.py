"""The data directory (issue 17, point 5): unusable ones are one line and exit code 2, not a
traceback; one an operator left open to others is made private, and the log says so."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

import pytest

from bot.errors import DataDirError
from bot.store.data_dir import prepare_data_dir
from tests.support.processes import refuge_guide

TOKEN = "123456:" + "A" * 35


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _one_line_refusal(run_stderr: str, returncode: int, path: Path) -> None:
    assert returncode == 2, run_stderr
    assert run_stderr.count("\n") == 1, run_stderr
    assert run_stderr.startswith("refuge-guide: "), run_stderr
    assert str(path) in run_stderr
    assert "Traceback" not in run_stderr


@pytest.mark.parametrize("command", ["run", "purge"])
def test_a_data_directory_that_is_a_file_stops_with_one_line(tmp_path: Path, command: str) -> None:
    """`refuge-guide run` (and purge) with REFUGE_GUIDE_DATA_DIR naming a file."""
    data = tmp_path / "data"
    data.write_text("not a directory")
    run = refuge_guide(command, data_dir=data, TELEGRAM_BOT_TOKEN=TOKEN)
    _one_line_refusal(run.stderr, run.returncode, data)
    assert "is a file" in run.stderr
    assert data.read_text() == "not a directory", "left as it was"


@pytest.mark.parametrize("command", ["run", "purge"])
def test_a_data_directory_whose_parent_cannot_hold_it_stops_with_one_line(
    tmp_path: Path, command: str
) -> None:
    """The parent is a file, so the directory cannot be made (root included)."""
    parent = tmp_path / "a-file"
    parent.write_text("x")
    data = parent / "data"
    run = refuge_guide(command, data_dir=data, TELEGRAM_BOT_TOKEN=TOKEN)
    _one_line_refusal(run.stderr, run.returncode, data)
    assert "cannot be created" in run.stderr


@pytest.mark.skipif(
    os.geteuid() == 0, reason="root may write into any directory, whatever its mode"
)
def test_a_data_directory_under_a_read_only_parent_is_refused(tmp_path: Path) -> None:
    """A parent the operator's user cannot write into: the same one line."""
    parent = tmp_path / "locked"
    parent.mkdir(mode=0o500)
    try:
        with pytest.raises(DataDirError, match="cannot be created") as error:
            prepare_data_dir(parent / "data")
        assert str(parent / "data") in str(error.value)
    finally:
        parent.chmod(0o700)


def test_a_data_directory_open_to_others_is_made_private_and_logged(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A directory made earlier with 0755 becomes 0700; one warning names it."""
    data = tmp_path / "data"
    data.mkdir()
    data.chmod(0o755)
    with caplog.at_level(logging.WARNING, logger="bot.store.data_dir"):
        prepare_data_dir(data)
        prepare_data_dir(data)
    assert _mode(data) == 0o700
    lines = [r.getMessage() for r in caplog.records if r.name == "bot.store.data_dir"]
    assert len(lines) == 1, "said once, when tightened"
    assert str(data) in lines[0]
    assert "0755" in lines[0]


def test_a_new_data_directory_is_private_from_the_start(tmp_path: Path) -> None:
    """Created 0700 with its missing parents, whatever the umask."""
    old = os.umask(0o022)
    try:
        prepare_data_dir(tmp_path / "deep" / "data")
    finally:
        os.umask(old)
    assert _mode(tmp_path / "deep" / "data") == 0o700
