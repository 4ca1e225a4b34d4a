"""The last resort of a stop: the process ends before Docker's kill -9 even if stopping
hangs somewhere no bound reaches (``bot/serve.py``: ``_stopping`` and ``_overrun``)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time

HUNG_STOP = textwrap.dedent(
    """
    import asyncio, threading
    import bot.serve as serve
    from bot.logs import configure_logging
    configure_logging()
    serve.STOP_WITHIN = 3.0
    serve._stopping(asyncio.Event())  # what SIGTERM does
    threading.Event().wait()  # the stop hangs: nothing will ever set this
    """
)


def test_a_stop_that_hangs_ends_the_process_with_code_0_before_its_bound() -> None:
    """Every step is on disk once committed, so the process may end: code 0, one line."""
    started = time.monotonic()
    run = subprocess.run(
        [sys.executable, "-c", HUNG_STOP], capture_output=True, text=True, timeout=60, check=False
    )
    took = time.monotonic() - started
    assert run.returncode == 0, run.stderr
    assert "ERROR bot.serve: stopping took too long; the process ends now" in run.stderr
    assert took < 30, "ended by the watchdog, not by the test's timeout"
