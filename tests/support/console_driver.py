"""A driver for the terminal chat, so console tests read like the conversation.

    chat = await ConsoleChat.start(runner, lang="en")         # in this process: fast
    await chat.choose(CONTINUE)             # by the label on screen (support/labels.py)
    assert "Before we start" in chat.screen
    await chat.type("b")                                      # a letter key
    chat = await ConsoleChat.spawn("--lang", "en", data_dir=data_dir)   # a real process
    await chat.interrupt()                                    # Ctrl-C (SIGINT)
    assert chat.exit_code == 130

Both run the same ``chat`` command code (:func:`bot.cli.chat.chat`): ``start`` in this
test's event loop, with a queue for the keyboard and a buffer for the screen; ``spawn``
as ``python -m bot.cli chat``, through pipes or, with ``tty=True``, with its output on a
pseudo-terminal (the chat then behaves as on a real one: it clears the screen on a quick
exit).

Every action waits until the chat has finished reacting: it shows its prompt again after
new output, or it has ended. Nothing waits a fixed time; a chat that does neither within
``within`` seconds fails the test, naming what was awaited and showing the screen.
"""

from __future__ import annotations

import asyncio
import io
import os
import pty
import re
import signal
import subprocess
import threading
import weakref
from pathlib import Path
from typing import Protocol

from bot.channels.console_screen import PROMPT
from bot.cli.chat import ChatOptions, chat
from bot.dialog.runner import Runner
from tests.support.processes import COMMAND, environment
from tests.support.waiting import wait_until

__all__ = ["COMMAND_SHOWN", "ConsoleChat", "nothing_written"]

COMMAND_SHOWN = ".venv/bin/refuge-guide chat"
"""What an in-process chat says to type to come back (a real one works it out)."""

_KEY = re.compile(r"(?:^  |   )(\S+)\) (.+?)(?=   \S+\) |$)")
_INTERRUPT = object()


def nothing_written(data_dir: Path) -> bool:
    """Whether the data directory is still absent: no database, no secret, nothing."""
    return not data_dir.exists()


class _Backend(Protocol):
    def send(self, line: str) -> None: ...
    def interrupt(self) -> None: ...
    def close_input(self) -> None: ...
    def output(self) -> str: ...
    def waiting(self) -> bool: ...
    def ended(self) -> bool: ...
    def exit_code(self) -> int | None: ...


class _Screen(io.StringIO):
    """What an in-process chat writes; a terminal or not, as the test says."""

    def __init__(self, tty: bool) -> None:
        super().__init__()
        self._tty = tty

    def isatty(self) -> bool:
        return self._tty


class _Keyboard:
    """The chat's ``Lines``: what the test types, one line at a time."""

    def __init__(self) -> None:
        self.queue: asyncio.Queue[object] = asyncio.Queue()
        self.reading = False

    async def readline(self) -> str | None:
        self.reading = True
        try:
            line = await self.queue.get()
        finally:
            self.reading = False
        if line is _INTERRUPT:
            raise KeyboardInterrupt
        return line if isinstance(line, str) else None


class _InProcess:
    def __init__(self, options: ChatOptions, runner: Runner, tty: bool) -> None:
        self.keyboard = _Keyboard()
        self.screen = _Screen(tty)
        self.task = asyncio.create_task(
            chat(options, self.keyboard, self.screen, COMMAND_SHOWN, runner=runner)
        )

    def send(self, line: str) -> None:
        self.keyboard.queue.put_nowait(line)

    def interrupt(self) -> None:
        self.keyboard.queue.put_nowait(_INTERRUPT)

    def close_input(self) -> None:
        self.keyboard.queue.put_nowait(None)

    def output(self) -> str:
        return self.screen.getvalue()

    def waiting(self) -> bool:
        return self.keyboard.reading and self.keyboard.queue.empty()

    def ended(self) -> bool:
        return self.task.done()

    def exit_code(self) -> int | None:
        return self.task.result() if self.task.done() else None


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.kill()
        process.wait()


class _Process:
    """``python -m bot.cli chat ARGS``; its output read by a thread as it comes."""

    def __init__(self, command: list[str], env: dict[str, str], tty: bool, cwd: Path) -> None:
        self._chunks: list[bytes] = []
        self._lock = threading.Lock()
        if tty:
            reading, writing = pty.openpty()
        else:
            reading, writing = os.pipe()
        self.process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=writing,
            stderr=subprocess.PIPE,
            env=env,
            cwd=cwd,
        )
        os.close(writing)
        # A test that fails half-way must not leave a chat waiting for input forever.
        weakref.finalize(self, _stop, self.process)
        self._stdout = threading.Thread(target=self._read, args=(reading,), daemon=True)
        self._stdout.start()
        self.stderr = b""
        self._stderr = threading.Thread(target=self._read_stderr, daemon=True)
        self._stderr.start()

    def _read(self, fd: int) -> None:
        try:
            while True:
                try:
                    chunk = os.read(fd, 65536)
                except OSError:  # a pseudo-terminal reports EIO once the process is gone
                    break
                if not chunk:
                    break
                with self._lock:
                    self._chunks.append(chunk)
        finally:
            os.close(fd)

    def _read_stderr(self) -> None:
        assert self.process.stderr is not None
        self.stderr = self.process.stderr.read()

    def send(self, line: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(line.encode())
        self.process.stdin.flush()

    def interrupt(self) -> None:
        self.process.send_signal(signal.SIGINT)

    def close_input(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()

    def raw(self) -> bytes:
        with self._lock:
            return b"".join(self._chunks)

    def output(self) -> str:
        return self.raw().decode("utf-8", errors="replace").replace("\r\n", "\n")

    def waiting(self) -> bool:
        return self.process.poll() is None

    def ended(self) -> bool:
        done = self.process.poll() is not None
        return done and not self._stdout.is_alive() and not self._stderr.is_alive()

    def exit_code(self) -> int | None:
        return self.process.poll()


class ConsoleChat:
    """One person at the terminal chat. ``screen`` is what appeared since the last key."""

    def __init__(self, backend: _Backend, within: float) -> None:
        self._backend = backend
        self._mark = 0
        self._choices: dict[str, str] = {}
        self.within = within
        #: Lines typed so far (a choice, a letter key, a file name): the terminal's taps.
        self.typed = 0

    @classmethod
    async def start(
        cls,
        runner: Runner,
        *,
        lang: str | None = None,
        keep: bool = False,
        resume: str | None = None,
        tty: bool = False,
        within: float = 30,
    ) -> ConsoleChat:
        """``refuge-guide chat`` with these options, in this test's event loop."""
        options = ChatOptions(lang=lang, keep=keep, resume=resume)
        driver = cls(_InProcess(options, runner, tty), within)
        await driver._settle("the chat shows its first screen")
        return driver

    @classmethod
    async def spawn(
        cls,
        *args: str,
        data_dir: Path,
        tty: bool = False,
        program: tuple[str, ...] = tuple(COMMAND),
        cwd: Path | None = None,
        within: float = 60,
    ) -> ConsoleChat:
        """``PROGRAM chat ARGS`` as a separate process; ``program`` is ``python -m bot.cli``
        unless given (the installed script, say)."""
        command = [*program, "chat", *args]
        process = _Process(command, environment(data_dir), tty, cwd or Path.cwd())
        driver = cls(process, within)
        await driver._settle("the chat shows its first screen")
        if driver.ended and driver.exit_code != 0:
            raise AssertionError(
                f"the chat ended at once with code {driver.exit_code}:\n"
                f"{driver.transcript}\n{driver.stderr}"
            )
        return driver

    # ------------------------------------------------------------------ what the person sees

    @property
    def transcript(self) -> str:
        """Everything the chat wrote."""
        return self._backend.output()

    @property
    def screen(self) -> str:
        """What the chat wrote since the last line typed."""
        return self.transcript[self._mark :]

    @property
    def text(self) -> str:
        """The screen with its line breaks as spaces, for phrases wrapped at 78 columns."""
        return " ".join(self.screen.split())

    @property
    def choices(self) -> dict[str, str]:
        """Label -> key of what can be chosen now: the numbered choices of the latest screen
        that had any (a case note has none and leaves the result's in use, as in the chat)
        and the letter keys."""
        return self._choices

    def _seen(self) -> None:
        found = {
            match.group(2): match.group(1)
            for line in self.screen.splitlines()
            for match in _KEY.finditer(line)
        }
        if any(key.isdigit() for key in found.values()):
            self._choices = found
        else:
            self._choices = {**self._choices, **found}

    @property
    def exit_code(self) -> int | None:
        """The chat's exit code once it has ended."""
        return self._backend.exit_code()

    @property
    def ended(self) -> bool:
        """Whether the chat has ended."""
        return self._backend.ended()

    @property
    def stderr(self) -> str:
        """What a spawned chat wrote to stderr."""
        assert isinstance(self._backend, _Process)
        return self._backend.stderr.decode("utf-8", errors="replace")

    @property
    def raw_output(self) -> bytes:
        """A spawned chat's output bytes, escape codes included."""
        assert isinstance(self._backend, _Process)
        return self._backend.raw()

    # ------------------------------------------------------------------ what the person does

    async def choose(self, label: str) -> None:
        """Type the key of the choice labelled ``label`` (exactly, or an unambiguous start)."""
        choices = self.choices
        keys = [key for text, key in choices.items() if text == label] or [
            key for text, key in choices.items() if text.startswith(label)
        ]
        assert len(keys) == 1, f"no single choice {label!r} on screen; have {list(choices)}"
        await self.type(keys[0], f"the chat reacts to {label!r}")

    async def begin(self, role: str) -> None:
        """Choose ``role`` on the first screen, which holds the welcome and the privacy
        notice: choosing a role is the consent."""
        await self.choose(role)

    async def choose_all(self, *labels: str) -> None:
        """Several choices in turn."""
        for label in labels:
            await self.choose(label)

    async def type(self, line: str, what: str | None = None) -> None:
        """Type ``line`` and Enter."""
        self._mark = len(self.transcript)
        self.typed += 1
        self._backend.send(line + "\n")
        await self._settle(what or f"the chat reacts to {line!r}")

    async def interrupt(self) -> None:
        """Press Ctrl-C."""
        self._mark = len(self.transcript)
        self._backend.interrupt()
        await self._settle("the chat reacts to Ctrl-C")

    async def end_input(self) -> None:
        """Close the input (Ctrl-D, or the end of a pipe)."""
        self._mark = len(self.transcript)
        self._backend.close_input()
        await self._settle("the chat reacts to the end of its input")

    async def _settle(self, what: str) -> None:
        def ready() -> bool:
            if self._backend.ended():
                return True
            screen = self.screen
            return bool(screen) and screen.endswith(PROMPT) and self._backend.waiting()

        try:
            await wait_until(ready, what, within=self.within)
        except AssertionError as failed:
            raise AssertionError(f"{failed}; the screen so far:\n{self.screen}") from None
        self._seen()
