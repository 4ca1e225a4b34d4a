"""The terminal chat as a separate process: Ctrl-C, a real terminal, the installed
command, resume codes and what is left on disk.

Each test starts ``refuge-guide chat`` and waits on its output, never on the clock.
"""

from __future__ import annotations

import os
import re
import shlex
import sys
from pathlib import Path

import pytest

from bot.channels.console_screen import CLEAR_ALL
from bot.i18n import get_translator
from tests.support.console_driver import ConsoleChat, nothing_written
from tests.support.labels import ADVOCATE, PERSON
from tests.support.processes import refuge_guide

CODE = re.compile(r"\b[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}\b")
NOISE = ("Traceback", "Event loop is closed", "Exception", "Error")


def at_rest(data_dir: Path) -> bytes:
    """Every byte under the data directory."""
    return b"".join(p.read_bytes() for p in sorted(data_dir.rglob("*")) if p.is_file())


@pytest.mark.parametrize("keep", [False, True], ids=["in memory", "kept"])
async def test_one_ctrl_c_ends_the_chat_like_quit(data_dir: Path, keep: bool) -> None:
    """The first Ctrl-C, at a question, ends the chat with the goodbye line and exit code
    130: no traceback, no thread noise, the database closed in order."""
    chat = await ConsoleChat.spawn("--lang", "en", *(["--keep"] if keep else []), data_dir=data_dir)
    await chat.begin(PERSON)
    await chat.interrupt()
    assert chat.ended
    assert chat.exit_code == 130
    assert chat.text.startswith("Goodbye.")
    assert not any(noise in chat.stderr for noise in NOISE), chat.stderr
    assert nothing_written(data_dir) is not keep, "only --keep writes to the data directory"


async def test_ctrl_c_at_the_language_screen(data_dir: Path) -> None:
    """Even before a language is chosen, Ctrl-C ends quietly, with nothing on disk."""
    chat = await ConsoleChat.spawn(data_dir=data_dir)
    await chat.interrupt()
    assert chat.exit_code == 130
    assert chat.stderr == ""
    assert nothing_written(data_dir)


async def test_quick_exit_clears_a_real_terminal(data_dir: Path) -> None:
    """On a terminal, quick exit clears the screen and the scrollback and leaves one
    neutral line; nothing is kept."""
    chat = await ConsoleChat.spawn("--lang", "en", data_dir=data_dir, tty=True)
    await chat.begin(PERSON)
    await chat.type("x")
    assert chat.exit_code == 0
    assert chat.raw_output.endswith(CLEAR_ALL.encode() + b"Done.\r\n")
    assert nothing_written(data_dir)


async def test_the_end_of_a_pipe_ends_the_chat_cleanly(data_dir: Path) -> None:
    """Input that runs out ends the chat with code 0, no traceback and no escape codes."""
    run = refuge_guide("chat", "--lang", "en", data_dir=data_dir, stdin="1\n1\n")
    assert run.returncode == 0
    assert run.stderr == ""
    assert "\x1b" not in run.stdout
    assert "Goodbye. Nothing was kept. To start again, type: " in run.stdout
    assert nothing_written(data_dir)


def quick_start() -> tuple[Path, str]:
    """Where the README's quick start leaves a person (the folder holding ``.venv``) and
    how they type the installed command from there."""
    script = Path(sys.executable).parent / "refuge-guide"
    if not script.exists():
        pytest.skip("refuge-guide is not installed beside this Python")
    home = script.parent.parent.parent
    return home, os.path.relpath(script, home)


async def test_the_goodbye_gives_a_command_that_works(data_dir: Path) -> None:
    """After the README's quick start (``.venv/bin/refuge-guide chat``, from the clone)
    the goodbye line says to type exactly that, and typing it starts the chat again."""
    home, typed = quick_start()
    chat = await ConsoleChat.spawn("--lang", "en", data_dir=data_dir, program=(typed,), cwd=home)
    await chat.type("q")
    shown = chat.text.rsplit("To start again, type: ", 1)[1]
    if typed == ".venv/bin/refuge-guide":
        assert shown == ".venv/bin/refuge-guide chat"
    *program, subcommand = shlex.split(shown)
    again = await ConsoleChat.spawn(data_dir=data_dir, program=tuple(program), cwd=home)
    assert subcommand == "chat"
    assert again.screen.startswith("Choose your language")
    await again.type("q")
    assert again.exit_code == 0


async def test_keep_prints_a_code_that_resumes_once(data_dir: Path) -> None:
    """``--keep`` prints a code; ``--resume CODE`` continues at the open question under a
    new code; the old code no longer works, and no code is stored in clear."""
    first = await ConsoleChat.spawn("--lang", "en", "--keep", data_dir=data_dir)
    code = CODE.findall(first.screen)[0]
    await first.begin(PERSON)
    question = first.screen.splitlines()[0]
    await first.type("q")
    assert f"--resume {code}" in first.text
    assert first.exit_code == 0

    second = await ConsoleChat.spawn("--resume", code.lower().replace("-", ""), data_dir=data_dir)
    new = CODE.findall(second.screen)[0]
    assert new != code
    assert "The old code no longer works." in second.screen
    assert question in second.screen
    await second.type("q")
    assert f"--resume {new}" in second.text

    held = at_rest(data_dir)
    for kept in (code, new):
        assert kept.encode() not in held
        assert kept.replace("-", "").encode() not in held
    again = refuge_guide("chat", "--resume", code, data_dir=data_dir, stdin="q\n")
    assert again.returncode == 2
    assert "No kept session has this code" in again.stderr
    assert code not in again.stderr


async def test_two_kept_chats_never_share_a_session(data_dir: Path) -> None:
    """Two terminals with --keep get two codes and two sessions: one's answers never
    appear in the other."""
    one = await ConsoleChat.spawn("--lang", "en", "--keep", data_dir=data_dir)
    two = await ConsoleChat.spawn("--lang", "fr", "--keep", data_dir=data_dir)
    french = get_translator("fr")
    await one.begin(PERSON)
    await two.begin(french.gettext(ADVOCATE))
    assert CODE.findall(one.transcript)[0] != CODE.findall(two.transcript)[0]
    await one.type("q")
    await two.type("q")
    resumed = await ConsoleChat.spawn(
        "--resume", CODE.findall(two.transcript)[0], data_dir=data_dir
    )
    kinds = " ".join(french.gettext("Kind of request from the requesting state:").split())
    assert resumed.text.count(kinds) == 1, "two's own place, in two's language"
    await resumed.type("q")


def test_a_wrong_code_is_refused_in_one_line(data_dir: Path) -> None:
    """Something that is not a code is refused with exit code 2, before anything is
    written, and the typed text is not repeated."""
    run = refuge_guide("chat", "--resume", "hello-world", data_dir=data_dir)
    assert run.returncode == 2
    assert run.stderr.count("\n") == 1
    assert "not a resume code" in run.stderr
    assert "hello" not in run.stderr
    assert nothing_written(data_dir)
