"""``refuge-guide chat``: the conversation in this terminal, kept only when asked.

One person, one session. By default the session lives in this process only (a
:class:`~bot.store.memory.MemoryStore` under a random key): nothing is written to the
data directory, not even the directory, so whatever way the chat ends (``q``, Ctrl-C,
erase, quick exit, the end of the input, a closed window) nothing of it is left on the
computer for the next person.

``--keep`` stores the session in the database under a new resume code, which the chat
prints; only the code's HMAC reaches the store (:mod:`bot.channels.resume_code`).
``--resume CODE`` continues it and moves it to a new code: the old one stops working, so
a code seen over a shoulder is worth nothing once used, and two terminals never share a
session. Kept sessions idle longer than the retention period are purged when a kept
chat starts, as the bot does for its own.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import shlex
import shutil
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TextIO

from bot.channels.console import Console, ConsoleSession
from bot.channels.console_input import Lines, TerminalLines
from bot.channels.console_screen import Screen
from bot.channels.resume_code import new_code, normalise
from bot.dialog.runner import Runner
from bot.dialog.wording import CONSOLE
from bot.errors import ResumeCodeError
from bot.guide import Guide
from bot.pseudonym import SECRET_BYTES, Pseudonymiser
from bot.settings import Settings, load_settings
from bot.store.memory import MemoryStore

CHANNEL = "console"
SCRIPT = "refuge-guide"


@dataclass(frozen=True)
class ChatOptions:
    """The options of ``refuge-guide chat``."""

    lang: str | None = None
    keep: bool = False
    resume: str | None = None


def restart_command(argv0: str, cwd: Path | None = None) -> str:
    """How to start the chat again, as this terminal can type it.

    The script this process runs as (or, under ``python -m bot.cli``, the one installed
    beside this Python): by its name if that is what the PATH finds, else by its path,
    relative to the working directory where it is inside it (``.venv/bin/refuge-guide``
    after the README's quick start).
    """
    here = cwd or Path.cwd()
    script = Path(argv0)
    if script.name != SCRIPT:
        script = Path(sys.executable).parent / SCRIPT
        if not script.exists():
            return f"{shlex.quote(sys.executable)} -m bot.cli chat"
    found = shutil.which(SCRIPT)
    if found is not None and Path(found).resolve() == script.resolve():
        return f"{SCRIPT} chat"
    absolute = script if script.is_absolute() else here / script
    try:
        shown = str(absolute.relative_to(here))
    except ValueError:
        shown = str(absolute)
    if os.sep not in shown:  # a bare name would be looked up on the PATH
        shown = os.path.join(os.curdir, shown)
    return f"{shlex.quote(shown)} chat"


async def chat(
    options: ChatOptions,
    lines: Lines,
    out: TextIO,
    command: str,
    *,
    runner: Runner | None = None,
    settings: Settings | None = None,
) -> int:
    """Run one chat to its end; returns the exit code."""
    from bot.app import GuideResources, build_runner

    speaking = replace(runner or build_runner(), wording=CONSOLE)
    screen = Screen(out)
    if not options.keep and options.resume is None:
        guide = Guide(speaking, MemoryStore(), Pseudonymiser(secrets.token_bytes(SECRET_BYTES)))
        session = ConsoleSession(guide.key(CHANNEL, secrets.token_hex(16)))
        try:
            return await Console(guide, lines, screen, command).run(options.lang, session)
        finally:
            await guide.store.close()
    old = normalise(options.resume) if options.resume is not None else None
    if options.resume is not None and old is None:
        raise ResumeCodeError("malformed")  # before anything is written
    settings = settings or load_settings()
    resources = GuideResources(settings, speaking)
    guide = await resources.open()
    try:
        await guide.store.purge(settings.retention_days)
        session = await _kept(guide, old)
        return await Console(guide, lines, screen, command).run(options.lang, session)
    finally:
        await resources.close()


async def _kept(guide: Guide, old: str | None) -> ConsoleSession:
    """A kept session under a fresh code: new, or moved from the ``old`` code."""
    code = new_code()
    key = guide.key(CHANNEL, str(normalise(code)))
    if old is None:
        return ConsoleSession(key, code)
    if not await guide.move(guide.key(CHANNEL, old), key):
        raise ResumeCodeError("unknown")
    return ConsoleSession(key, code, resumed=True)


def run_chat(options: ChatOptions) -> int:
    """The ``chat`` command on this process's terminal."""
    command = restart_command(sys.argv[0])

    async def main() -> int:
        with TerminalLines(sys.stdin) as lines:
            return await chat(options, lines, sys.stdout, command)

    return asyncio.run(main())
