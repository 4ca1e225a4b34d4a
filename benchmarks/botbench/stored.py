"""Stored sessions made directly on disk, quickly, in the shape each bot writes them.

refuge-guide: a few simulated people walk to the result through the real bot; their rows
are the templates, cloned under fresh random keys straight into a copy of that database
(whatever its columns are: this code reads the schema rather than knowing it). The
Pickle baseline: the dictionary ``PicklePersistence`` writes, with one finished walk per
user, pickled once.
"""

from __future__ import annotations

import asyncio
import json
import pickle
import random
import shutil
import sqlite3
from pathlib import Path

from . import baseline, subjects
from .fake_api import FakeBotApi
from .users import Crowd

FIRST_STORED_USER = 500_000_000
"""User ids of stored Pickle sessions (simulated walkers use lower ids)."""


async def refuge_template(data_dir: Path, walkers: int, seed: int) -> int:
    """Walk ``walkers`` people to their result through the real bot; returns their steps."""
    api = FakeBotApi()
    crowd = Crowd(api, first_id=1, count=walkers, seed=seed)
    running = subjects.start(api, subjects.REFUGE, data_dir)
    await asyncio.wait_for(api.polling.wait(), 60)
    await asyncio.gather(*(crowd.walk_until_result(u) for u in crowd.users.values()))
    await running.close()
    return len(crowd.done)


def database(data_dir: Path) -> Path:
    """refuge-guide's database file in a data directory."""
    found = sorted(data_dir.glob("*.sqlite3"))
    if len(found) != 1:
        raise RuntimeError(f"expected one *.sqlite3 database in {data_dir}, found {found}")
    return found[0]


def _session_table(con: sqlite3.Connection) -> str:
    names: list[str] = [
        row[0]
        for row in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    counts = {name: con.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0] for name in names}
    return max(counts, key=lambda name: counts[name])


def fill_refuge(template: Path, target: Path, count: int, seed: int) -> None:
    """A copy of the template data directory holding exactly ``count`` stored sessions."""
    shutil.copytree(template, target)
    con = sqlite3.connect(database(target), isolation_level=None)
    try:
        table = _session_table(con)
        columns = con.execute(f'PRAGMA table_info("{table}")').fetchall()
        key_at = next(c[0] for c in columns if c[5] == 1)
        rows = con.execute(f'SELECT * FROM "{table}"').fetchall()
        if not rows:
            raise RuntimeError("the template walks stored no session")
        con.execute("PRAGMA synchronous = OFF")
        con.execute("PRAGMA cache_size = -262144")  # 256 MB while generating
        con.execute("BEGIN")
        con.execute(f'DELETE FROM "{table}"')
        rng = random.Random(seed)
        sample = rows[0][key_at]

        def fresh_key() -> str | bytes:
            if isinstance(sample, bytes):
                return rng.randbytes(len(sample))
            return rng.randbytes(len(sample) // 2).hex()

        def generated() -> object:
            for index in range(count):
                row = list(rows[index % len(rows)])
                row[key_at] = fresh_key()
                yield row

        marks = ", ".join("?" * len(columns))
        con.executemany(f'INSERT INTO "{table}" VALUES ({marks})', generated())  # type: ignore[arg-type]
        con.execute("COMMIT")
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.close()


def stored_count(data_dir: Path) -> int:
    con = sqlite3.connect(database(data_dir))
    try:
        return int(con.execute(f'SELECT COUNT(*) FROM "{_session_table(con)}"').fetchone()[0])
    finally:
        con.close()


def fill_pickle(path: Path, count: int, seed: int) -> None:
    """The single file ``PicklePersistence`` writes, after ``count`` finished walks."""
    rng = random.Random(seed)
    patterns = [json.dumps(baseline.finished_answers(rng)) for _ in range(64)]
    users = range(FIRST_STORED_USER, FIRST_STORED_USER + count)
    data = {
        "conversations": {baseline.CONVERSATION: {(u, u): baseline.RESULT for u in users}},
        # json.loads makes new objects per user, as the bot's own updates do, so pickle's
        # memo cannot share them and the file is as large as the real one
        "user_data": {u: json.loads(patterns[u % 64]) for u in users},
        "chat_data": {u: {} for u in users},
        "bot_data": {},
        "callback_data": None,
    }
    with path.open("wb") as file:
        pickle.dump(data, file, protocol=pickle.HIGHEST_PROTOCOL)


def copy_data(source: Path, target: Path) -> None:
    """A fresh copy for one trial (a trial adds its walkers' sessions)."""
    if source.is_dir():
        shutil.copytree(source, target)
    else:
        shutil.copyfile(source, target)
