"""Every bounded wait in the tests is generous, or says why it is short.

The suite must pass on a loaded 2-core machine, where a bot's reply can take seconds.
A wait for something to happen (a reply, a stop, a connection) is given at least
:data:`GENEROUS` seconds; it returns as soon as its condition holds, so a generous bound
costs nothing when things go well. A short bound is right only where the test *wants*
the wait to run out ("nothing happens within 3 s", a client that gives up): such a line
carries a ``# deliberate`` comment saying so (or a comment line starting so just above).
This scans tests/ for bounds written as numbers (``within=``, ``timeout=``,
``read_timeout=``, ``asyncio.wait_for(..., N)``, ``wait_until(..., N)``,
``asyncio.timeout(N)``, a thread's or event's ``.join(N)``/``.wait(N)``, and such defaults
in signatures). It also holds every ``sleep(...)`` other than ``sleep(0)`` to the pause
of a loop that waits on a condition, marked ``# condition`` on its line.
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.support.waiting import DEFAULT_TIMEOUT

TESTS = Path(__file__).parent
GENEROUS = 30.0
BOUND = re.compile(
    r"\b(?:within|timeout|read_timeout|reply_timeout)\s*(?::\s*float\s*)?=\s*(?P<a>[0-9][0-9_.]*)"
    r"|\bwait_for\(.*,\s*(?P<b>[0-9][0-9_.]*)\)"
    r"|\bwait_until\(.*,\s*(?P<c>[0-9][0-9_.]*)\)"
    r"|\btimeout\(\s*(?P<d>[0-9][0-9_.]*)\s*\)"
    r"|\.(?:join|wait)\(\s*(?P<e>[0-9][0-9_.]*)\s*\)"
)


def short_bounds(source: str) -> list[str]:
    """The lines of ``source`` that bound a wait by fewer than GENEROUS seconds, unexplained."""
    found = []
    lines = source.splitlines()
    for previous, line in zip(["", *lines], lines, strict=False):
        if "# deliberate" in line or previous.strip().startswith("# deliberate"):
            continue
        for match in BOUND.finditer(line):
            seconds = float(next(v for v in match.groups() if v is not None).replace("_", ""))
            if seconds < GENEROUS:
                found.append(line.strip())
    return found


def test_the_scan_finds_what_it_is_for() -> None:
    source = (
        "await asyncio.wait_for(task, timeout=15)\n"
        "await asyncio.wait_for(poll, 15)\n"
        "user = api.user(user_id=1, timeout=20)\n"
        "reply_timeout: float = 10.0,\n"
        'await wait_until(done, "the reply", 5)\n'
        "await user.send('hi', within=3)  # deliberate: nothing is answered within 3 s\n"
        "await user.send('hi', within=30)\n"
        "# deliberate: the client gives up\n"
        "await bot.send_message(1, 'late', read_timeout=0.3)\n"
        "async with asyncio.timeout(10):\n"
        "thread.join(5)\n"
        "stopped.wait(2.5)\n"
        "async with asyncio.timeout(30):\n"
        "text = ', '.join(parts)\n"
    )
    assert len(short_bounds(source)) == 8


def test_the_default_wait_is_generous() -> None:
    assert DEFAULT_TIMEOUT >= GENEROUS


def test_no_wait_in_the_tests_is_short_without_saying_why() -> None:
    found = {
        str(path.relative_to(TESTS)): lines
        for path in sorted(TESTS.rglob("*.py"))
        if path != Path(__file__) and (lines := short_bounds(path.read_text(encoding="utf-8")))
    }
    assert found == {}


SLEEP = re.compile(r"\bsleep\((?!0\))")
"""A sleep other than ``sleep(0)`` (a yield to the event loop, no time at all)."""


def unexplained_sleeps(source: str) -> list[str]:
    """The lines of ``source`` that sleep without a ``# condition`` comment: a sleep in a
    test is only ever the pause of a loop that waits on a condition (COMMON.md)."""
    return [
        line.strip()
        for line in source.splitlines()
        if SLEEP.search(line) and "# condition" not in line
    ]


def test_the_sleep_scan_finds_what_it_is_for() -> None:
    source = (
        "await asyncio.sleep(0.05)\n"
        "time.sleep(1)\n"
        "await asyncio.sleep(0)\n"
        "await asyncio.sleep(0.01)  # condition: polled until the reply arrives\n"
    )
    assert unexplained_sleeps(source) == ["await asyncio.sleep(0.05)", "time.sleep(1)"]


def test_every_sleep_in_the_tests_is_the_pause_of_a_wait_on_a_condition() -> None:
    found = {
        str(path.relative_to(TESTS)): lines
        for path in sorted(TESTS.rglob("*.py"))
        if path != Path(__file__)
        and (lines := unexplained_sleeps(path.read_text(encoding="utf-8")))
    }
    assert found == {}
