"""The one start-up line, in both modes: what runs, and nothing secret."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from bot.dialog.runner import Runner
from bot.health import flow_versions
from bot.i18n import LANGUAGES
from tests.support.bot_runner import WEBHOOK_SECRET, running_bot
from tests.support.telegram_emulator import BotApiEmulator
from tests.support.waiting import wait_until


@pytest.mark.parametrize("webhook", [False, True], ids=["polling", "webhook"])
async def test_one_start_up_line_says_what_runs_and_nothing_secret(
    telegram_api: BotApiEmulator,
    data_dir: Path,
    runner: Runner,
    caplog: pytest.LogCaptureFixture,
    webhook: bool,
) -> None:
    caplog.set_level(logging.DEBUG)
    async with running_bot(telegram_api, data_dir, runner, webhook=webhook):
        await wait_until(
            lambda: any(r.getMessage().startswith("started ") for r in caplog.records),
            "the start-up line is logged",
        )
    (line,) = [r.getMessage() for r in caplog.records if r.getMessage().startswith("started ")]
    record = json.loads(line.removeprefix("started "))
    assert record["mode"] == ("webhook" if webhook else "polling")
    assert record["languages"] == list(LANGUAGES)
    assert sorted(record["flows"]) == sorted(runner.flows)
    assert all(len(version) == 12 for version in record["flows"].values())
    assert record["store"] == "sqlite"
    assert record["version"]
    everything = "\n".join(r.getMessage() for r in caplog.records) + caplog.text
    for secret in (telegram_api.token, telegram_api.token.split(":")[1], WEBHOOK_SECRET):
        assert secret not in everything
    assert str(data_dir) not in line, "no path: a home directory names a person"


def test_the_flow_versions_change_with_the_flow(runner: Runner) -> None:
    before = flow_versions(runner)
    main = runner.flows["main"]
    changed = main.model_copy(update={"title": main.title + "!"})
    runner.flows["main"] = changed
    try:
        after = flow_versions(runner)
    finally:
        runner.flows["main"] = main
    assert after["main"] != before["main"]
    assert {k: v for k, v in after.items() if k != "main"} == {
        k: v for k, v in before.items() if k != "main"
    }
