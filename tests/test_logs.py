"""Tracebacks Python prints by itself go through the privacy guard in ``refuge-guide``.

An error nobody caught, one in a background thread, one ignored at clean-up: Python
prints each raw to stderr, its message included, and a message may quote what a person
typed. In the ``refuge-guide`` process (:func:`bot.logs.guard_tracebacks`) they are
logged instead: frames and types, every message withheld.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

SECRET = "Maksim Petrov, born 1990"


def run_guarded(body: str) -> subprocess.CompletedProcess[str]:
    """Run ``body`` in a fresh Python with refuge-guide's logging and hooks installed."""
    script = textwrap.dedent(
        """
        import threading
        from bot.logs import configure_logging, guard_tracebacks
        configure_logging()
        guard_tracebacks()
        """
    ) + textwrap.dedent(body)
    return subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )


def test_an_uncaught_error_is_logged_without_its_message() -> None:
    """The program ends with code 1, a traceback of frames and types, no message."""
    run = run_guarded(f"raise ValueError({SECRET!r})")
    assert run.returncode == 1
    assert SECRET not in run.stderr
    assert "CRITICAL bot: an unexpected error stopped the program" in run.stderr
    assert "builtins.ValueError: (message withheld)" in run.stderr


def test_an_error_in_a_thread_is_logged_without_its_message() -> None:
    """A failing thread is an error in the log, and the program goes on."""
    run = run_guarded(
        f"""
        def fail():
            raise KeyError({SECRET!r})
        thread = threading.Thread(target=fail)
        thread.start()
        thread.join()
        print("still running")
        """
    )
    assert run.returncode == 0
    assert run.stdout == "still running\n"
    assert SECRET not in run.stderr
    assert "ERROR bot: a background thread failed" in run.stderr
    assert "builtins.KeyError: (message withheld)" in run.stderr


def test_an_error_ignored_at_clean_up_is_logged_without_its_message() -> None:
    """An error in a finaliser, which Python can only report, is a warning."""
    run = run_guarded(
        f"""
        class Leaky:
            def __del__(self):
                raise RuntimeError({SECRET!r})
        Leaky()
        """
    )
    assert SECRET not in run.stderr
    assert "WARNING bot: an error was ignored at clean-up" in run.stderr
    assert "builtins.RuntimeError: (message withheld)" in run.stderr
