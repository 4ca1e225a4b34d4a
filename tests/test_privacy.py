"""Nothing that identifies a person reaches the disk or the logs: canary tests.

Whole conversations run through the real Telegram path (Application, polling, handlers,
store) on the emulator, with distinctive user ids, names, usernames, language codes and
typed texts. Logging is at DEBUG on the root logger, as ``refuge-guide -v run`` sets it,
and every record is captured: the bot's, python-telegram-bot's, httpx's, httpcore's and
aiosqlite's. Then the database, its WAL and SHM, every file in the data directory and
every log line are searched for each canary as decimal, hex, UTF-8 and the plain SHA-256
of each id. A single hit fails.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import logging
import struct
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.dialog.events import Event, Press, TextInput
from bot.dialog.runner import Runner
from bot.dialog.state import SessionState
from bot.dialog.view import View
from bot.logs import configure_logging
from tests.support.bot_runner import running_bot
from tests.support.labels import ENGLISH, FRENCH, PERSON, QUICK_EXIT
from tests.support.telegram_driver import ChatUser
from tests.support.telegram_emulator import BotApiEmulator

IDS = (7394012865, 7394012866, 7394012867)
NAMES = ("Zhyldyzkanary", "Qoraqalpoqvich", "Kanaryevna", "Ёлкинаканарейка")
USERNAMES = ("canary_uz_5521", "kanareika_bxl_88", "zq_canary_user")
LANGUAGE_CODES = ("zu-x-canarylang", "kk-x-kanareika", "uz-x-canarifr")  # all fall back to en
TYPED = (
    "my name is Kanaryevna Zulfiya and I live at Rue Kanarie 17",
    "мой паспорт KZ8841207 КАНАРЕЙКА",
    "téléphone +32 470 99 12 34 canari",
)
LEAKY_LOGGERS = ("telegram", "httpx", "httpcore", "aiosqlite", "asyncio")


def _forms_of_id(user_id: int) -> list[bytes]:
    decimal = str(user_id)
    return [
        decimal.encode(),
        format(user_id, "x").encode(),
        format(user_id, "X").encode(),
        hashlib.sha256(decimal.encode()).hexdigest().encode(),
        hashlib.sha256(decimal.encode()).hexdigest().upper().encode(),
        hashlib.sha256(decimal.encode()).digest(),
        struct.pack("<q", user_id),
        struct.pack(">q", user_id),
    ]


def _needles() -> list[bytes]:
    needles = [form for user_id in IDS for form in _forms_of_id(user_id)]
    texts = (*NAMES, *USERNAMES, *LANGUAGE_CODES, *TYPED)
    words = [word for text in TYPED for word in text.split() if len(word) >= 7]
    for text in (*texts, *words):
        needles += [text.encode(), text.lower().encode(), text.encode("utf-16-le")]
    return needles


NEEDLES = _needles()


def _hits(blob: bytes) -> list[bytes]:
    return [needle for needle in NEEDLES if needle in blob]


def _files(directory: Path) -> Iterator[tuple[Path, bytes]]:
    for path in sorted(directory.rglob("*")):
        if path.is_file():
            yield path, path.read_bytes()


def _scan_directory(directory: Path) -> dict[str, list[bytes]]:
    found = {str(path): _hits(blob) for path, blob in _files(directory)}
    return {path: hits for path, hits in found.items() if hits}


def _scan_records(records: list[logging.LogRecord]) -> list[tuple[str, list[bytes]]]:
    formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
    found = []
    for record in records:
        text = formatter.format(record) + "\n" + repr(vars(record))
        hits = _hits(text.encode("utf-8", "backslashreplace"))
        if hits:
            found.append((f"{record.name}: {record.getMessage()[:200]}", hits))
    return found


@pytest.fixture
def logs(
    caplog: pytest.LogCaptureFixture,
) -> Iterator[tuple[pytest.LogCaptureFixture, io.StringIO]]:
    """Root logging at DEBUG as ``refuge-guide -v run`` sets it, plus pytest's capture."""
    root = logging.getLogger()
    saved_handlers, saved_level = root.handlers[:], root.level
    saved_levels = {name: logging.getLogger(name).level for name in LEAKY_LOGGERS}
    configure_logging(logging.DEBUG)
    stream = io.StringIO()
    root.handlers[0].setStream(stream)  # type: ignore[attr-defined]
    root.addHandler(caplog.handler)
    caplog.set_level(logging.DEBUG)
    try:
        yield caplog, stream
    finally:
        root.handlers[:] = saved_handlers
        root.setLevel(saved_level)
        for name, level in saved_levels.items():
            logging.getLogger(name).setLevel(level)


def _people(api: BotApiEmulator) -> list[ChatUser]:
    return [
        api.user(
            user_id=user_id,
            first_name=NAMES[n],
            last_name=NAMES[3] if n == 0 else None,
            username=USERNAMES[n],
            language_code=LANGUAGE_CODES[n],
        )
        for n, user_id in enumerate(IDS)
    ]


async def _converse(people: list[ChatUser]) -> None:
    first, second, _third = people
    for n, person in enumerate(people):
        await person.send("/start")
        await person.send(TYPED[n])
        await person.click(PERSON)
        await person.send(TYPED[(n + 1) % 3])
        await person.send("/help")
        await person.send("/back")
        await person.send("/language")
        await person.click(FRENCH if n != 1 else ENGLISH)
    await first.send("/forget")  # erased
    await second.send("/back")
    await second.click(QUICK_EXIT)  # erased, chat wiped
    # the third keeps a stored session, so there is something in the database to scan


@pytest.mark.parametrize("force_debug", [False, True], ids=["as-configured", "libraries-at-debug"])
async def test_no_canary_in_files_or_logs(
    telegram_api: BotApiEmulator,
    data_dir: Path,
    runner: Runner,
    logs: tuple[pytest.LogCaptureFixture, io.StringIO],
    force_debug: bool,
) -> None:
    """Ids, names, usernames, language codes and typed words appear in no file and no log line."""
    caplog, stream = logs
    people = _people(telegram_api)
    async with running_bot(telegram_api, data_dir, runner) as resources:
        await people[2].send("/help")  # the bot is up, its logging guard installed
        if force_debug:  # an operator's logging config turning the libraries up again
            for name in LEAKY_LOGGERS:
                logging.getLogger(name).setLevel(logging.DEBUG)
        await _converse(people)
        while_running = _scan_directory(data_dir)
        database = resources.settings.database_path
        assert database.with_name(database.name + "-wal").exists(), "the WAL is scanned live"
    assert while_running == {}
    assert _scan_directory(data_dir) == {}
    assert _scan_records(caplog.records) == []
    assert _hits(stream.getvalue().encode()) == []
    # The canaries did travel: Telegram (the emulator) saw them, and the bot logged a lot.
    delivered = json.dumps([u.payload for u in telegram_api._updates_by_id.values()])
    assert _hits(delivered.encode("utf-8")), "the scan would have found a leak"
    sources = {r.name.split(".")[0] for r in caplog.records}
    assert "bot" in sources
    if force_debug:
        assert {"telegram", "httpx", "aiosqlite"} <= sources, "their chatter was captured"
        assert any(r.levelno == logging.DEBUG for r in caplog.records)


@dataclasses.dataclass(frozen=True)
class ExplodingRunner(Runner):
    """A runner with a bug: typed text or a button makes it raise, quoting user data."""

    def handle(
        self, state: SessionState | None, event: Event, client_lang: str | None = None
    ) -> tuple[SessionState, View]:
        if isinstance(event, (TextInput, Press)):
            raise RuntimeError(f"cannot handle {IDS[0]} {NAMES[0]} {TYPED[0]} in {state!r}")
        return super().handle(state, event, client_lang)


async def test_a_failing_update_logs_no_user_data(
    telegram_api: BotApiEmulator,
    data_dir: Path,
    runner: Runner,
    logs: tuple[pytest.LogCaptureFixture, io.StringIO],
) -> None:
    """A crash while handling an update logs its kind only, and the person gets a plain apology."""
    caplog, stream = logs
    exploding = ExplodingRunner(
        **{f.name: getattr(runner, f.name) for f in dataclasses.fields(runner)}
    )
    person = _people(telegram_api)[0]
    async with running_bot(telegram_api, data_dir, exploding):
        await person.send("/start")
        await person.send(TYPED[0])
        assert "Something went wrong" in (person.last_message.text or "")
        await person.click(PERSON)  # the press is answered: no spinner is left turning
    assert "Something went wrong" in (person.last_message.text or "")
    assert _hits((person.last_message.text or "").encode()) == []
    failures = [
        r for r in caplog.records if r.levelno >= logging.ERROR and r.name.startswith("bot")
    ]
    assert failures, "the failure is logged"
    assert "RuntimeError" in failures[0].getMessage()
    assert _scan_records(caplog.records) == []
    assert _hits(stream.getvalue().encode()) == []
    assert _scan_directory(data_dir) == {}


def test_a_library_exception_keeps_its_type_but_not_its_message(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A library's error record keeps the kind of failure and where, not what it was about."""
    from bot.logs import install_privacy_guard

    install_privacy_guard()
    caplog.set_level(logging.DEBUG)
    logger = logging.getLogger("telegram.ext.Application")
    try:
        raise ValueError(f"update {IDS[0]} from {NAMES[0]}")
    except ValueError:
        logger.exception("Error while building CallbackContext for update %s.", [IDS[0]])
    logging.getLogger("httpx").warning("HTTP Request: POST %s", "https://x/bot123456:" + "A" * 35)
    text = "\n".join(logging.Formatter().format(r) for r in caplog.records)
    assert "ValueError" in text
    assert "Error while building CallbackContext for update <list>." in text
    assert _hits(text.encode()) == []
    assert "A" * 35 not in text
