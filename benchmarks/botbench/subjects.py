"""The bots compared, each served until a stop event, over the fake Bot API.

``refuge-guide`` runs exactly as ``refuge-guide run`` builds it: the project's own serve
function with its settings, store, retention task and handlers. Only the transport is
swapped, by wrapping ``ApplicationBuilder.build`` so that whatever builder the project
configures gets the fake request objects (keeping how the bot's own ``getUpdates``
request reads an answer, if it has its own way) and, for the throughput stages, no rate
limiter: with it every bot would be capped by Telegram's 30 messages per second.

This file is the one place that knows where the project keeps its entry points; when the
composition root moves, only :func:`serve_refuge` changes (the quick run in the test
suite fails until it does).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from telegram.ext import Application, ApplicationBuilder, PicklePersistence
from telegram.request import BaseRequest

from . import baseline
from .fake_api import TOKEN, FakeBotApi, FakeRequest

REFUGE = "refuge-guide"
PTB_60 = "ptb-pickle-60"
PTB_1 = "ptb-pickle-1"
FLOOR = "ptb-floor"
SUBJECTS = (REFUGE, PTB_60, PTB_1, FLOOR)
INTERVALS = {PTB_60: 60.0, PTB_1: 1.0}
LABELS = {
    REFUGE: "refuge-guide",
    PTB_60: "PTB + Pickle, update_interval=60",
    PTB_1: "PTB + Pickle, update_interval=1",
    FLOOR: "PTB, same handlers, no persistence",
}


@dataclass
class Running:
    """A bot being served; ``persistence`` is set for the Pickle baselines."""

    task: asyncio.Task[None]
    stop: asyncio.Event
    persistence: PicklePersistence[Any, Any, Any] | None = None

    async def close(self) -> None:
        self.stop.set()
        await self.task


@contextmanager
def fake_transport(api: FakeBotApi, *, rate_limiter: bool) -> Iterator[None]:
    """Every Application built inside talks to ``api`` instead of Telegram."""
    original = ApplicationBuilder.build

    def build(self: ApplicationBuilder[Any, Any, Any, Any, Any, Any]) -> Any:
        # the bot's own getUpdates request may read answers its own way: keep that
        configured = getattr(self, "_get_updates_request", None)
        parse = configured.parse_json_payload if isinstance(configured, BaseRequest) else None
        self.request(FakeRequest(api)).get_updates_request(FakeRequest(api, parse))
        if not rate_limiter:
            self.rate_limiter(None)  # type: ignore[arg-type]  # None is the builder's default
        return original(self)

    ApplicationBuilder.build = build  # type: ignore[method-assign]
    try:
        yield
    finally:
        ApplicationBuilder.build = original  # type: ignore[method-assign]


async def serve_refuge(
    api: FakeBotApi, data_dir: Path, stop: asyncio.Event, rate_limiter: bool
) -> None:
    """``refuge-guide run``, minus signals, with ``data_dir`` as its data directory."""
    from bot.app import GuideResources, build_runner
    from bot.serve import serve
    from bot.settings import Settings

    settings = Settings.model_validate(
        {"TELEGRAM_BOT_TOKEN": TOKEN, "REFUGE_GUIDE_DATA_DIR": str(data_dir)}
    )
    with fake_transport(api, rate_limiter=rate_limiter):
        await serve(settings, GuideResources(settings, build_runner()), stop)


async def serve_baseline(
    api: FakeBotApi, application: Application[Any, Any, Any, Any, Any, Any], stop: asyncio.Event
) -> None:
    """Poll and handle as PTB's examples do (``run_polling`` without the signals)."""
    async with application:
        updater = application.updater
        assert updater is not None
        await updater.start_polling(timeout=10)
        await application.start()
        await stop.wait()
        await updater.stop()
        await application.stop()


def build_baseline(
    api: FakeBotApi, subject: str, pickle_path: Path | None
) -> Application[Any, Any, Any, Any, Any, Any]:
    builder = Application.builder().token(TOKEN).request(FakeRequest(api))
    builder = builder.get_updates_request(FakeRequest(api))
    persistent = subject in INTERVALS
    if persistent:
        assert pickle_path is not None
        builder = builder.persistence(baseline.persistence(pickle_path, INTERVALS[subject]))
    application = builder.build()
    baseline.add_conversation(application, persistent)
    return application


def start(api: FakeBotApi, subject: str, data: Path, *, rate_limiter: bool = False) -> Running:
    """Serve ``subject`` in a task; ``data`` is refuge-guide's data directory or the pickle."""
    stop = asyncio.Event()
    if subject == REFUGE:
        task = asyncio.create_task(serve_refuge(api, data, stop, rate_limiter))
        return Running(task, stop)
    application = build_baseline(api, subject, data if subject in INTERVALS else None)
    task = asyncio.create_task(serve_baseline(api, application, stop))
    persistence = application.persistence
    return Running(task, stop, persistence if isinstance(persistence, PicklePersistence) else None)
