"""The real ``refuge-guide run`` as a separate process against the emulator.

For tests about the process as an operator sees it: its exit code, what it writes to
stderr, how long it takes to stop, what survives ``kill -9``. Conversation tests use the
in-process bot (:mod:`tests.support.bot_runner`) instead, which starts quicker.

stderr goes to a file, not a pipe: a bot under load logs more than a pipe holds, and a
full pipe would block it mid-write, which a test would take for a hang.
"""

from __future__ import annotations

import asyncio
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from tests.support.processes import COMMAND, environment
from tests.support.telegram_emulator import BotApiEmulator


@dataclass(frozen=True)
class Stopped:
    """How a bot process ended after a signal."""

    code: int
    err: str
    #: Seconds from the signal to the end of the process.
    took: float


class BotProcess:
    """One ``refuge-guide run`` polling the emulator, its data in ``data_dir``."""

    def __init__(self, api: BotApiEmulator, data_dir: Path, log: Path, **extra: str) -> None:
        env = environment(
            data_dir, TELEGRAM_BOT_TOKEN=api.token, TELEGRAM_API_BASE_URL=api.base_url, **extra
        )
        self.log = log
        with log.open("ab") as err:
            self.popen = subprocess.Popen(
                [*COMMAND, "run"], env=env, stdout=subprocess.DEVNULL, stderr=err
            )

    @property
    def pid(self) -> int:
        return self.popen.pid

    def err(self) -> str:
        """What the process wrote to stderr so far."""
        return self.log.read_text(encoding="utf-8", errors="replace")

    async def stop(self, signum: int = signal.SIGTERM, within: float = 30) -> Stopped:
        """Send ``signum``; wait at most ``within`` seconds for the process to end."""
        sent = time.monotonic()
        self.popen.send_signal(signum)
        try:
            await asyncio.to_thread(self.popen.wait, timeout=within)
        except subprocess.TimeoutExpired:
            self.popen.kill()
            await asyncio.to_thread(self.popen.wait)
            raise AssertionError(
                f"the bot did not stop within {within} s; it wrote:\n{self.err()[-3000:]}"
            ) from None
        return Stopped(self.popen.returncode, self.err(), time.monotonic() - sent)

    def kill(self) -> None:
        """End the process at once, if it still runs (a test's cleanup)."""
        if self.popen.poll() is None:
            self.popen.kill()
            self.popen.wait()


def start_bot(api: BotApiEmulator, data_dir: Path, **extra: str) -> BotProcess:
    """``refuge-guide run`` against ``api``; stderr collects in ``<data_dir>.log``."""
    return BotProcess(api, data_dir, data_dir.with_name(data_dir.name + ".log"), **extra)
