"""Is this bot process alive and doing its job? The answer a supervisor asks for.

Docker's ``HEALTHCHECK`` (or any supervisor) runs ``refuge-guide health``, which exits 0
when the bot works and 1 when it does not. What "works" means depends on the mode:

* **Webhook mode**: the bot's own HTTP server answers ``GET /healthz`` on the webhook
  port (see :mod:`bot.channels.telegram_webhook`). A process that hangs, or has stopped
  serving, does not answer.
* **Polling mode**: nothing listens, so the process leaves a trace instead. Each
  successful ``getUpdates`` touches a file in the data directory (:class:`Heartbeat`);
  a poll returns at least every ten seconds even when nobody writes, so a file older
  than :data:`STALE_AFTER` means the loop is stuck or Telegram has been unreachable
  for a minute. The file holds nothing: only its modification time counts. It is removed
  at start-up and at a clean stop, so a file left by an earlier run never passes.

The start-up line (:func:`startup_record`) tells an operator what is running: version,
mode, languages, each flow's version, where sessions are kept (the kind of store only).
No secret, no token, no path: a home directory in a path names a person.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot import __version__
from bot.i18n import LANGUAGES
from bot.settings import Settings

if TYPE_CHECKING:  # `refuge-guide health` runs every 30 s: it loads no flows
    from bot.dialog.runner import Runner

log = logging.getLogger(__name__)

HEALTH_PATH = "/healthz"
HEARTBEAT_FILE = "last-poll"
STALE_AFTER = 60.0
"""Seconds without a successful poll after which polling mode counts as not working."""
BEAT_EVERY = 1.0
"""At most one touch of the file a second: under load polls return many times a second."""
PROBE_TIMEOUT = 5.0

_WILDCARDS = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}  # noqa: S104


def heartbeat_path(settings: Settings) -> Path:
    """Where polling mode leaves the time of its last successful poll."""
    return settings.data_dir / HEARTBEAT_FILE


class Heartbeat:
    """The modification time of one file, renewed on each successful poll."""

    def __init__(
        self, path: Path, every: float = BEAT_EVERY, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.path = path
        self._every = every
        self._clock = clock
        self._last: float | None = None
        self._failing = False

    def beat(self) -> None:
        """Record a successful poll (at most once every ``every`` seconds); never raises:
        a full disk must not stop the bot, only make it look unhealthy."""
        now = self._clock()
        if self._last is not None and now - self._last < self._every:
            return
        self._last = now
        try:
            self.path.touch(mode=0o600)
        except OSError as exc:
            if not self._failing:
                log.warning(
                    "cannot record the last poll for health checks (%s)", type(exc).__name__
                )
            self._failing = True
        else:
            self._failing = False

    def clear(self) -> None:
        """Remove the file: no earlier run's poll counts for this one."""
        self._last = None
        try:
            self.path.unlink(missing_ok=True)
        except OSError as exc:
            log.warning("cannot remove the old health file (%s)", type(exc).__name__)


def poll_age(path: Path, now: Callable[[], float] = time.time) -> float | None:
    """Seconds since the last successful poll, or ``None`` if none was recorded."""
    try:
        return max(0.0, now() - path.stat().st_mtime)
    except OSError:
        return None


def webhook_answers(host: str, port: int, timeout: float = PROBE_TIMEOUT) -> bool:
    """Whether the bot's webhook server at ``host:port`` answers ``GET /healthz`` with 200."""
    connection = http.client.HTTPConnection(_WILDCARDS.get(host, host), port, timeout=timeout)
    try:
        connection.request("GET", HEALTH_PATH)
        return connection.getresponse().status == 200
    except (OSError, http.client.HTTPException):
        return False
    finally:
        connection.close()


def check_health(settings: Settings) -> tuple[bool, str]:
    """Whether the bot configured by ``settings`` works here, and one line saying so."""
    if settings.mode == "webhook":
        port = settings.webhook_port
        if webhook_answers(settings.webhook_listen, port):
            return True, f"ok: the webhook server answers on port {port}"
        return False, f"unhealthy: the webhook server does not answer on port {port}"
    age = poll_age(heartbeat_path(settings))
    if age is None:
        return False, "unhealthy: no successful poll recorded yet"
    if age > STALE_AFTER:
        return False, f"unhealthy: the last successful poll was {age:.0f} s ago"
    return True, f"ok: the last successful poll was {age:.0f} s ago"


def flow_versions(runner: Runner) -> dict[str, str]:
    """Each flow's version: the start of a hash of its checked definition, so two
    processes (or a process and a bug report) can be seen to run the same conversation."""
    return {
        flow_id: hashlib.sha256(flow.model_dump_json().encode()).hexdigest()[:12]
        for flow_id, flow in sorted(runner.flows.items())
    }


def startup_record(settings: Settings, runner: Runner) -> dict[str, Any]:
    """What is running, for the one start-up log line: nothing secret, no path."""
    record: dict[str, Any] = {
        "version": __version__,
        "mode": settings.mode,
        "languages": list(LANGUAGES),
        "flows": flow_versions(runner),
        "knowledge_reviewed_on": runner.kb.reviewed_on.isoformat(),
        "store": "postgresql" if settings.database_url is not None else "sqlite",
    }
    if settings.mode == "webhook":
        record["webhook_port"] = settings.webhook_port
    return record


def startup_line(settings: Settings, runner: Runner) -> str:
    """The start-up log line: ``started {json}``, one line, keys in a fixed order."""
    return "started " + json.dumps(startup_record(settings, runner), ensure_ascii=True)
