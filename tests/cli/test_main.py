"""The ``refuge-guide`` command as operators meet it: clear one-line errors, clean stops.

Every branch of the error tree (``bot/errors.py``) ends the same way: one line on stderr
saying what to fix, exit code 2, no traceback.
"""

from __future__ import annotations

import asyncio
import functools
import shutil
import signal
import sqlite3
import subprocess
import tomllib
from pathlib import Path

import pytest

from bot import app, directory
from bot.cli import assess as assess_command
from bot.dialog.callback import Callback
from bot.directory import DIRECTORY_FILE, load_directory
from bot.knowledge import load_knowledge
from bot.paths import FLOWS_DIR, KNOWLEDGE_DIR
from bot.pseudonym import Pseudonymiser, load_or_create_secret
from bot.settings import Settings
from bot.store import SqliteStore
from tests.cli.conftest import Cli
from tests.support.labels import DONT_KNOW, FORWARD, PERSON
from tests.support.processes import COMMAND, environment, refuge_guide
from tests.support.telegram_driver import BotMessage, ChatUser
from tests.support.telegram_emulator import BotApiEmulator
from tests.support.waiting import wait_until


def test_run_without_a_token_says_what_to_set(data_dir: Path) -> None:
    """No token: one line naming TELEGRAM_BOT_TOKEN, exit code 2, no traceback."""
    run = refuge_guide("run", data_dir=data_dir)
    assert run.returncode == 2
    assert run.stderr.strip().count("\n") == 0
    assert "TELEGRAM_BOT_TOKEN is not set" in run.stderr
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize("token", ["abc", "123:short", "12345:" + "x" * 35 + "!", " "])
def test_run_with_a_malformed_token_says_so(data_dir: Path, token: str) -> None:
    """A malformed token is refused before any network call, and never echoed back."""
    run = refuge_guide("run", data_dir=data_dir, TELEGRAM_BOT_TOKEN=token)
    assert run.returncode == 2
    assert run.stderr.strip().count("\n") == 0
    assert "TELEGRAM_BOT_TOKEN" in run.stderr
    if token.strip():
        assert token not in run.stderr


def test_a_bad_setting_is_named(data_dir: Path) -> None:
    """A retention period that is not a number is reported by its variable name."""
    run = refuge_guide("purge", data_dir=data_dir, REFUGE_GUIDE_RETENTION_DAYS="soon")
    assert run.returncode == 2
    assert "REFUGE_GUIDE_RETENTION_DAYS" in run.stderr


def test_version_and_help() -> None:
    """--help lists the subcommands a newcomer needs, and the exit codes."""
    run = subprocess.run([*COMMAND, "--help"], capture_output=True, text=True, check=False)
    for command in ("chat", "run", "health", "assess", "purge", "check", "graph"):
        assert command in run.stdout
    assert "Exit codes: 0 done, 1 unhealthy (health only), 2 refused" in run.stdout


def test_version_is_the_one_written_in_pyproject() -> None:
    """--version reports the installed package's version, which pyproject.toml sets."""
    pyproject = Path(__file__).resolve().parents[2] / "pyproject.toml"
    written = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["version"]
    run = subprocess.run([*COMMAND, "--version"], capture_output=True, text=True, check=False)
    assert run.stdout.strip() == f"refuge-guide {written}"


def test_a_database_from_a_newer_version_stops_purge(cli: Cli, data_dir: Path) -> None:
    """A StoreError (a database a newer refuge-guide wrote) is one line naming the file."""
    data_dir.mkdir(parents=True)
    database = data_dir / "sessions.sqlite3"
    with sqlite3.connect(database) as db:
        db.execute("PRAGMA user_version = 999")
    db.close()
    run = cli("purge")
    assert run.code == 2
    assert run.err.count("\n") == 1
    assert str(database) in run.err
    assert "schema version 999" in run.err


def test_a_broken_flow_stops_check(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A FlowError names the file, the node and the problem, and exits 2."""
    flows = tmp_path / "flows"
    shutil.copytree(FLOWS_DIR, flows)
    main_flow = flows / "main.yaml"
    text = main_flow.read_text(encoding="utf-8")
    main_flow.write_text(text.replace("next: to_person", "next: nowhere", 1), encoding="utf-8")
    real = app.build_runner
    monkeypatch.setattr(app, "build_runner", functools.partial(real, flows_dir=flows))
    run = cli("check")
    assert run.code == 2
    assert run.err.count("\n") == 1
    assert "main.yaml: node 'role': next node 'nowhere' does not exist" in run.err


def test_a_broken_knowledge_base_stops_assess_with_code_2(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A KnowledgeError is the operator's, not the user's, and still exits 2 in one line."""
    knowledge = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, knowledge)
    (knowledge / "meta.yaml").write_text("reviewed_on: [", encoding="utf-8")
    broken = functools.partial(load_knowledge, knowledge)
    monkeypatch.setattr(assess_command, "load_knowledge", broken)
    facts = tmp_path / "facts.json"
    facts.write_text("{}", encoding="utf-8")
    run = cli("assess", str(facts), "--lang", "fr")
    assert (run.code, run.out) == (2, "")
    assert run.err.count("\n") == 1
    assert "meta.yaml" in run.err


def _start_bot(api: BotApiEmulator, data_dir: Path) -> subprocess.Popen[str]:
    env = environment(data_dir, TELEGRAM_BOT_TOKEN=api.token, TELEGRAM_API_BASE_URL=api.base_url)
    return subprocess.Popen(
        [*COMMAND, "run"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


async def _stop(process: subprocess.Popen[str], signum: int) -> tuple[int, str]:
    process.send_signal(signum)
    _, err = await asyncio.to_thread(process.communicate, timeout=30)
    return process.returncode, err


async def test_session_survives_kill_9(telegram_api: BotApiEmulator, data_dir: Path) -> None:
    """The bot process killed without warning resumes the conversation where it was."""
    user = telegram_api.user(user_id=7770001, language_code="en")
    process = _start_bot(telegram_api, data_dir)
    try:
        await user.send("/start", within=30)
        question = user.last_message
        assert (question.screen or "").endswith("Who are you?")
    finally:
        await _stop(process, signal.SIGKILL)
    process = _start_bot(telegram_api, data_dir)
    try:
        await user.click_on(question, PERSON, within=30)
        assert (user.last_message.screen or "").startswith("Is one of these happening now")
    finally:
        code, err = await _stop(process, signal.SIGTERM)
    assert code == 0, err


async def test_kill_9_under_load_loses_no_step_whose_reply_was_sent(
    telegram_api: BotApiEmulator, data_dir: Path
) -> None:
    """Twenty people pressing at once, their steps sharing commits; the process is killed
    without warning in the middle. For every person, the store holds at least the step of
    the newest screen that reached them: a reply is only sent after its step is on disk."""
    users = [
        telegram_api.user(user_id=7771000 + n, language_code="en", timeout=30) for n in range(20)
    ]

    def screens(user: ChatUser) -> list[BotMessage]:
        return [m for m in user.messages if m.buttons]

    async def walk(user: ChatUser) -> None:
        await user.send("/start", within=30)
        while True:  # each press waits for its next screen (replies may be rate-limited)
            await wait_until(lambda: bool(screens(user)), f"{user} sees a screen")
            shown = screens(user)
            labels = [label for label in shown[-1].button_labels if label in FORWARD]
            await user.click_on(shown[-1], labels[0] if labels else DONT_KNOW, within=30)
            count = len(shown)
            await wait_until(lambda: len(screens(user)) > count, f"{user}: next screen")  # noqa: B023

    process = _start_bot(telegram_api, data_dir)
    walks = [asyncio.create_task(walk(user)) for user in users]
    try:

        def pressed_a_few_times() -> bool:
            for task in walks:  # a walk that failed says why, instead of a timeout
                if task.done():
                    task.result()
            return all(len(screens(u)) >= 3 for u in users)

        await wait_until(pressed_a_few_times, "everyone has pressed a few times", within=60)
    finally:
        await _stop(process, signal.SIGKILL)
        for task in walks:
            task.cancel()
        await asyncio.gather(*walks, return_exceptions=True)
    settings = Settings.model_validate({"REFUGE_GUIDE_DATA_DIR": str(data_dir)})
    pseudonyms = Pseudonymiser(load_or_create_secret(settings.secret_path, create=False))
    store = await SqliteStore.open(settings.database_path)
    try:
        for user in users:
            seen = Callback.unpack(screens(user)[-1].buttons[0][0][1] or "")
            assert seen is not None
            record = await store.get(pseudonyms.key("telegram", user.id))
            assert record is not None, user
            assert record.state.step >= seen.step, user
    finally:
        await store.close()
    # presses in flight at the kill were never answered; Telegram stops their spinners
    telegram_api.take_unanswered_callback_queries()


async def test_sigterm_stops_cleanly(telegram_api: BotApiEmulator, data_dir: Path) -> None:
    """SIGTERM ends polling, checkpoints the database and exits 0 without a traceback."""
    user = telegram_api.user(user_id=7770002, language_code="en")
    process = _start_bot(telegram_api, data_dir)
    await user.send("/start", within=30)
    code, err = await _stop(process, signal.SIGTERM)
    assert code == 0
    assert "Traceback" not in err
    wal = data_dir / "sessions.sqlite3-wal"
    assert not wal.exists() or wal.stat().st_size == 0


def test_an_unreachable_api_is_one_line(data_dir: Path) -> None:
    """No Bot API at the configured address: one line, exit code 2, no traceback."""
    token = "123456:" + "A" * 35
    run = refuge_guide(
        "run",
        data_dir=data_dir,
        TELEGRAM_BOT_TOKEN=token,
        TELEGRAM_API_BASE_URL="http://127.0.0.1:9",
    )
    assert run.returncode == 2
    assert "Traceback" not in run.stderr
    assert "could not be used (NetworkError)" in run.stderr


def test_a_refused_token_is_never_printed(telegram_api: BotApiEmulator, data_dir: Path) -> None:
    """A token Telegram refuses (revoked) gives one line that does not repeat the token."""
    token = "654321:" + "B" * 35
    run = refuge_guide(
        "run",
        data_dir=data_dir,
        TELEGRAM_BOT_TOKEN=token,
        TELEGRAM_API_BASE_URL=telegram_api.base_url,
    )
    assert run.returncode == 2
    assert token not in run.stdout + run.stderr
    assert "B" * 35 not in run.stderr
    assert "Traceback" not in run.stderr
    assert ("getMe", "Unauthorized") in telegram_api.take_rejections()


def test_a_missing_named_secret_file_is_an_error(data_dir: Path) -> None:
    """A REFUGE_GUIDE_SECRET_FILE that does not exist is named, not silently replaced
    (the chat uses the secret only when it keeps the session)."""
    missing = data_dir.parent / "mounted" / "secret"
    run = refuge_guide(
        "chat",
        "--keep",
        "--lang",
        "en",
        data_dir=data_dir,
        stdin="q\n",
        REFUGE_GUIDE_SECRET_FILE=str(missing),
    )
    assert run.returncode == 2
    assert str(missing) in run.stderr
    assert not missing.exists()


def _directory_copy(tmp_path: Path, old: str, new: str) -> Path:
    copy = tmp_path / "directory.yaml"
    text = DIRECTORY_FILE.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    copy.write_text(text.replace(old, new), encoding="utf-8")
    return copy


def test_check_warns_about_a_contact_checked_more_than_six_months_ago(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An old entry is a warning, not a failure: it names the entry and what to do."""
    copy = _directory_copy(
        tmp_path,
        "    read: true\n    last_checked: 2026-12-01\n\n  - id: baj_brussels_fr",
        "    read: true\n    last_checked: 2020-01-31\n\n  - id: baj_brussels_fr",
    )
    monkeypatch.setattr(directory, "load_directory", functools.partial(load_directory, copy))
    run = cli("check")
    assert run.code == 0
    assert run.err.count("warning") == 1
    assert "entry 'bjb_brussels_nl' was last checked on 2020-01-31" in run.err
    assert "update last_checked" in run.err


def test_a_broken_directory_stops_check_with_code_2(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A phone number in an entry nobody read is refused, naming the entry."""
    copy = _directory_copy(
        tmp_path,
        "    website: https://avocats.be/fr\n",
        '    website: https://avocats.be/fr\n    phone: "+32 2 000 00 00"\n',
    )
    monkeypatch.setattr(app, "load_directory", functools.partial(load_directory, copy))
    run = cli("check")
    assert run.code == 2
    assert run.err.count("\n") == 1
    assert "entry 'finder_avocats_be'" in run.err
