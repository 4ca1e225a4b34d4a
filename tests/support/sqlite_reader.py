"""Another process reading the session database, as a ``sqlite3`` shell or a backup does.

``async with reading(path):`` starts a Python process that opens the file, begins a read
transaction and reads the sessions table, and holds that snapshot until the block ends:
exactly what keeps SQLite from overwriting the pages an erasure changed. The block is
entered only once the snapshot is taken.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

READER = """
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN")
db.execute("SELECT count(*) FROM sessions").fetchone()
print("reading", flush=True)
sys.stdin.readline()
db.execute("COMMIT")
db.close()
"""

STARTUP_TIMEOUT = 30.0


def files(path: Path) -> bytes:
    """Every byte of the database, its WAL and its shared memory, as a thief would copy them."""
    companions = (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm"))
    return b"".join(p.read_bytes() for p in companions if p.exists())


@asynccontextmanager
async def reading(path: Path) -> AsyncIterator[None]:
    """Hold a read transaction on ``path`` in another process for the block's duration."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        READER,
        str(path),
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
    )
    assert process.stdin is not None
    assert process.stdout is not None
    try:
        line = await asyncio.wait_for(process.stdout.readline(), STARTUP_TIMEOUT)
        assert line.strip() == b"reading", line
        yield
    finally:
        if process.returncode is None:
            process.stdin.write(b"done\n")
            await process.stdin.drain()
            try:
                await asyncio.wait_for(process.wait(), STARTUP_TIMEOUT)
            except TimeoutError:
                process.kill()
                await process.wait()
