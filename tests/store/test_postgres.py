"""The PostgreSQL store: schema versions, what the server gets to see, and the password.

What every backend must do is in ``test_contract.py``, which runs against PostgreSQL
too. Two processes on one database (locks, fencing, replays) are in
``test_postgres_processes.py``.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest

from bot.app import GuideResources
from bot.dialog.events import Press, Start
from bot.dialog.runner import Runner
from bot.dialog.state import SessionState
from bot.settings import Settings, SettingsError, load_settings, redacted_url
from bot.store import SessionRecord, StoreError, open_store
from bot.store.postgres import PostgresStore, lock_id
from bot.store.postgres_schema import SCHEMA_VERSION
from tests.store.backends import PostgresBackend
from tests.support.postgres_server import PostgresServer
from tests.support.processes import refuge_guide

SECRET = "ab" * 32
CANARY_ID = 7394012899
ANSWER = "zq-pg-canary-answer-4417"
KEY = "zq-pg-canary-key-" + "cd" * 24


@pytest.fixture
async def admin(postgres_url: str) -> AsyncIterator[asyncpg.Connection]:
    """A superuser connection to this test's database, to look behind the store."""
    connection = await asyncpg.connect(postgres_url)
    yield connection
    await connection.close()


def _record(step: int = 1, **answers: str) -> SessionRecord:
    return SessionRecord(state=SessionState(flow="main", node="role", step=step, answers=answers))


async def _versions(admin: asyncpg.Connection) -> list[int]:
    return [row["version"] for row in await admin.fetch("SELECT version FROM schema_versions")]


async def test_a_new_database_gets_every_schema_version_once(
    postgres_url: str, admin: asyncpg.Connection
) -> None:
    """The first start creates the tables and records each version; a restart adds none."""
    store = await PostgresStore.open(postgres_url)
    await store.put("k", _record())
    await store.close()
    assert await _versions(admin) == list(range(1, SCHEMA_VERSION + 1))
    reopened = await PostgresStore.open(postgres_url)
    try:
        assert await reopened.get("k") == _record()
    finally:
        await reopened.close()
    assert await _versions(admin) == list(range(1, SCHEMA_VERSION + 1))


async def test_processes_starting_together_migrate_the_schema_once(
    postgres_url: str, admin: asyncpg.Connection
) -> None:
    """Four processes starting at the same moment on an empty database all come up."""
    stores = await asyncio.wait_for(
        asyncio.gather(*(PostgresStore.open(postgres_url) for _ in range(4))), timeout=60
    )
    try:
        await stores[0].put("k", _record())
        assert await stores[3].get("k") == _record()
    finally:
        for store in stores:
            await store.close()
    assert await _versions(admin) == list(range(1, SCHEMA_VERSION + 1))


async def test_a_newer_schema_is_refused_and_left_as_it_is(
    postgres_url: str, admin: asyncpg.Connection
) -> None:
    """A database written by a newer refuge-guide is not guessed at; its rows stay."""
    store = await PostgresStore.open(postgres_url)
    await store.put("k", _record())
    await store.close()
    await admin.execute("INSERT INTO schema_versions (version) VALUES ($1)", SCHEMA_VERSION + 1)
    with pytest.raises(StoreError, match=f"schema version {SCHEMA_VERSION + 1}.*backup"):
        await PostgresStore.open(postgres_url)
    assert await admin.fetchval("SELECT count(*) FROM sessions") == 1


async def test_statement_texts_on_the_server_carry_no_key_and_no_answer(
    postgres_server: PostgresServer, postgres_url: str, admin: asyncpg.Connection
) -> None:
    """Keys and answers travel as parameters: pg_stat_statements and a statement log
    (with ``log_parameter_max_length = 0``, as docs/deploy.md asks) show neither."""
    if not postgres_server.has_pg_stat_statements:
        pytest.skip("this PostgreSQL has no pg_stat_statements")
    await admin.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
    await admin.execute("SELECT pg_stat_statements_reset()")
    # Log every statement, with the parameter setting docs/deploy.md asks for.
    database = await admin.fetchval("SELECT current_database()")
    await admin.execute(f"ALTER DATABASE \"{database}\" SET log_statement = 'all'")
    await admin.execute(f'ALTER DATABASE "{database}" SET log_parameter_max_length = 0')
    log_start = postgres_server.log_file.stat().st_size
    store = await PostgresStore.open(postgres_url)
    try:
        async with store.lock(KEY):
            await store.put(KEY, _record(role=ANSWER))
            assert await store.get(KEY) == _record(role=ANSWER)
        await store.put("other", _record(role=ANSWER))
        assert await store.delete(KEY)
        assert await store.purge(retention_days=1) == 0
        assert await store.count() == 1
    finally:
        await store.close()
    texts = [
        row["query"]
        for row in await admin.fetch(
            "SELECT query FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid "
            "WHERE d.datname = current_database()"
        )
    ]
    assert any(text.startswith("INSERT INTO sessions") for text in texts), texts
    assert any("pg_advisory_lock($1)" in text for text in texts), texts
    with postgres_server.log_file.open("rb") as log:
        log.seek(log_start)
        logged = log.read().decode(errors="replace")
    assert "statement: " in logged or "execute " in logged, "the statements were logged"
    seen = "\n".join(texts) + logged
    for needle in (KEY, ANSWER, str(lock_id(KEY))):
        assert needle not in seen


async def test_a_conversation_leaves_only_pseudonyms_and_choices_in_the_database(
    postgres_url: str,
    admin: asyncpg.Connection,
    runner: Runner,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Through the guide: rows, statement log and logs hold no user id in any form."""
    monkeypatch.setenv("REFUGE_GUIDE_DATABASE_URL", postgres_url)
    monkeypatch.setenv("REFUGE_GUIDE_SECRET", SECRET)
    caplog.set_level(logging.DEBUG)
    resources = GuideResources(Settings(), runner)
    guide = await resources.open()
    try:
        key = guide.key("telegram", CANARY_ID)
        async with guide.session(key):
            step = await guide.step(key, Start("en"), update_id=1, message_ids=[10])
        assert step.view is not None
        async with guide.session(key):
            await guide.step(key, Press(step.view.buttons[0].data), update_id=2, message_ids=[11])
    finally:
        await resources.close()
    rows = [
        str(row[0])
        for table in ("sessions", "schema_versions")
        for row in await admin.fetch(f"SELECT row_to_json(t)::text FROM {table} t")
    ]
    dump = "\n".join(rows) + "\n".join(record.getMessage() for record in caplog.records)
    decimal = str(CANARY_ID)
    for form in (decimal, format(CANARY_ID, "x"), hashlib.sha256(decimal.encode()).hexdigest()):
        assert form not in dump
    assert key in rows[0], "the session is stored under its keyed pseudonym"


async def test_the_database_url_chooses_postgres_and_sqlite_stays_the_default(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch, data_dir: Path
) -> None:
    """One setting switches backends; without it, nothing but the data directory is used."""
    default = await open_store(Settings())
    await default.close()
    assert (data_dir / "sessions.sqlite3").exists()
    monkeypatch.setenv("REFUGE_GUIDE_DATABASE_URL", postgres_url)
    monkeypatch.setenv("REFUGE_GUIDE_SECRET", SECRET)
    chosen = await open_store(Settings())
    try:
        assert isinstance(chosen, PostgresStore)
    finally:
        await chosen.close()


def test_processes_sharing_a_database_must_share_the_secret(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A secret each process made for itself would split every person in two."""
    monkeypatch.setenv("REFUGE_GUIDE_DATABASE_URL", "postgresql://guide@db/guide")
    with pytest.raises(SettingsError, match="same session secret"):
        load_settings()
    monkeypatch.setenv("REFUGE_GUIDE_SECRET", SECRET)
    assert load_settings().database_url is not None


def test_a_database_url_that_is_not_postgres_is_refused_without_echoing_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("REFUGE_GUIDE_DATABASE_URL", "mysql://guide:hunter2-zq@db/guide")
    with pytest.raises(SettingsError, match="must start with postgresql://") as raised:
        load_settings()
    assert "hunter2-zq" not in str(raised.value)


def test_the_password_is_never_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    """Settings print the URL as stars; where it must be named, the password is masked."""
    url = "postgresql://guide:hunter2-zq@db.example:5432/guide?sslpassword=zz-pass"
    monkeypatch.setenv("REFUGE_GUIDE_DATABASE_URL", url)
    monkeypatch.setenv("REFUGE_GUIDE_SECRET", SECRET)
    settings = load_settings()
    for shown in (repr(settings), str(settings), settings.database_shown, redacted_url(url)):
        assert "hunter2-zq" not in shown
        assert "zz-pass" not in shown
    assert settings.database_shown.startswith("postgresql://guide:***@db.example:5432/guide")


async def test_an_unreachable_server_is_one_line_that_names_it_without_the_password(
    postgres_server: PostgresServer,
) -> None:
    """A wrong password or a server that is down: a StoreError naming the URL, masked."""
    wrong = f"postgresql://nobody-here:hunter2-zq@127.0.0.1:{postgres_server.port}/none"
    with pytest.raises(StoreError) as raised:
        await PostgresStore.open(wrong)
    message = str(raised.value)
    assert "hunter2-zq" not in message
    assert "nobody-here:***@127.0.0.1" in message
    assert "REFUGE_GUIDE_DATABASE_URL" in message
    assert raised.value.__cause__ is None
    assert raised.value.__suppress_context__


async def test_the_log_names_the_database_with_the_password_masked(
    postgres_url: str,
    runner: Runner,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Operators see where sessions are kept; the password stays out of every log line."""
    with_password = postgres_url.replace("postgres@", "postgres:hunter2-zq@", 1)
    monkeypatch.setenv("REFUGE_GUIDE_DATABASE_URL", with_password)
    monkeypatch.setenv("REFUGE_GUIDE_SECRET", SECRET)
    caplog.set_level(logging.DEBUG)
    resources = GuideResources(Settings(), runner)
    await resources.open()
    await resources.close()
    lines = [record.getMessage() for record in caplog.records]
    assert any("postgres:***@127.0.0.1" in line for line in lines), lines
    assert not any("hunter2-zq" in line for line in lines)


def test_refuge_guide_purge_works_on_the_database_and_never_prints_the_password(
    postgres_server: PostgresServer, postgres_url: str, data_dir: Path
) -> None:
    """The operator's cron job: `refuge-guide purge` with the URL, and with a wrong one."""
    with_password = postgres_url.replace("postgres@", "postgres:hunter2-zq@", 1)
    done = refuge_guide(
        "purge",
        data_dir=data_dir,
        REFUGE_GUIDE_DATABASE_URL=with_password,
        REFUGE_GUIDE_SECRET=SECRET,
    )
    assert (done.returncode, done.stdout.strip()) == (0, "removed 0 idle session(s)"), done.stderr
    assert not (data_dir / "sessions.sqlite3").exists(), "no SQLite file beside the database"
    wrong = f"postgresql://nobody-here:hunter2-zq@127.0.0.1:{postgres_server.port}/none"
    failed = refuge_guide(
        "purge", data_dir=data_dir, REFUGE_GUIDE_DATABASE_URL=wrong, REFUGE_GUIDE_SECRET=SECRET
    )
    assert failed.returncode == 2
    assert len(failed.stderr.strip().splitlines()) == 1, failed.stderr
    assert "nobody-here:***@" in failed.stderr
    assert "hunter2-zq" not in failed.stderr + failed.stdout


async def test_erasure_while_a_dump_reads_the_table_holds_up_nobody(
    postgres_server: PostgresServer, postgres_url: str
) -> None:
    """A transaction that read the table (as ``pg_dump`` does) stays open during an
    erasure: the erasure returns at once without claiming the rewrite, other users' steps
    go ahead instead of queueing behind ``VACUUM FULL``, and the rewrite happens by itself
    once the reader is done."""
    backend = PostgresBackend(postgres_server, postgres_url)
    store = await PostgresStore.open(postgres_url)
    try:
        await store.put(KEY, _record(role=ANSWER))
        reader = await asyncpg.connect(postgres_url)
        try:
            reading = reader.transaction(isolation="repeatable_read", readonly=True)
            await reading.start()
            await reader.fetchval("SELECT count(*) FROM sessions")
            # Queued behind VACUUM FULL it would wait for the reader, which this test
            # never lets go: any bound catches that, so a generous one.
            async with asyncio.timeout(30):
                assert await store.delete(KEY)
                assert not await store.wait_scrubbed(0.3), "never claims the rewrite early"
                await store.put("other", _record(step=2))
                assert await store.get("other") == _record(step=2)
            await reading.rollback()
        finally:
            await reader.close()
        assert await store.wait_scrubbed(30), "rewritten once the reader is done"
        assert KEY.encode() not in backend.at_rest()
    finally:
        await store.close()
