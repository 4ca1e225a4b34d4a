"""Lines typed at the terminal, and Ctrl-C as "quit" instead of a crash.

Under ``asyncio.run``, Ctrl-C only cancels the main task; a task blocked reading the
terminal does not notice, so the first Ctrl-C did nothing and the second killed the loop
while the database thread was still at work (twenty lines of "Event loop is closed").
:class:`TerminalLines` installs its own SIGINT handler while the chat runs: during a read,
Ctrl-C interrupts the read at once (:exc:`KeyboardInterrupt` out of :meth:`readline`);
during a step it is remembered, so that the step finishes and is stored, and the next
read reports it. The chat then says goodbye and closes the store in order, as for ``q``.
"""

from __future__ import annotations

import signal
import threading
from types import FrameType, TracebackType
from typing import Any, Protocol, TextIO


class Lines(Protocol):
    """Where the chat reads what is typed (the terminal, or a test's queue)."""

    async def readline(self) -> str | None:
        """The next line without its newline; ``None`` at the end of input.

        Raises :exc:`KeyboardInterrupt` when the person pressed Ctrl-C.
        """
        ...


class TerminalLines:
    """Lines from ``stdin``; use as a context manager to catch Ctrl-C as described above.

    Reading blocks the event loop, which is right here: one person, one conversation, and
    nothing else to do while they think.
    """

    def __init__(self, stdin: TextIO) -> None:
        self._stdin = stdin
        self._reading = False
        self._interrupted = False
        self._previous: Any = None

    def __enter__(self) -> TerminalLines:
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGINT, self._on_interrupt)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)
            self._previous = None

    def _on_interrupt(self, signum: int, frame: FrameType | None) -> None:
        if self._reading:
            raise KeyboardInterrupt
        self._interrupted = True

    async def readline(self) -> str | None:
        """The next line; ``None`` at the end of input; Ctrl-C raises KeyboardInterrupt."""
        if self._interrupted:
            self._interrupted = False
            raise KeyboardInterrupt
        self._reading = True
        try:
            line = self._stdin.readline()
        finally:
            self._reading = False
        return line.rstrip("\r\n") if line else None
