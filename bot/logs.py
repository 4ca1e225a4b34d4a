"""Logging that cannot leak who uses the guide.

Libraries log what they see: python-telegram-bot logs request parameters and whole updates
(names, ids, texts) at DEBUG, httpx logs request URLs (with the bot token) at INFO, and
aiosqlite logs every statement with its parameters at DEBUG (asyncpg, for PostgreSQL,
logs little, but is held to the same rule). So the bot installs, at
start-up, a guard that works whatever the handlers or the root level are:

* those loggers are capped at WARNING, so their chatter is never even made;
* every record is passed through :func:`sanitise` as it is created (a log-record factory,
  the one place all records go through, like a processor in structlog): a library record
  below WARNING is emptied, a library record's arguments are replaced by their type names,
  an exception keeps its type and traceback but loses its message (it may quote user
  data), and anything that looks like a bot token is masked.
"""

from __future__ import annotations

import logging
import re
import sys
import threading
import traceback
from collections.abc import Callable
from types import TracebackType
from typing import Any

_TOKEN = re.compile(r"\d{5,20}:[A-Za-z0-9_-]{30,64}")
_PLACEHOLDER = re.compile(
    r"%(?:\([^)]*\))?[#0\- +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?[diouxXeEfFgGcrsa%]"
)

LIBRARIES = (
    "telegram",
    "httpx",
    "httpcore",
    "hpack",
    "h11",
    "h2",
    "aiosqlite",
    "asyncpg",
    "asyncio",
)
"""Loggers whose records are sanitised: they may format updates, requests or statements."""

CAPPED = ("telegram", "httpx", "httpcore", "hpack", "h11", "h2", "aiosqlite", "asyncpg")
"""Loggers kept at WARNING whatever the root level (``refuge-guide -v`` included)."""

WITHHELD = "(detail withheld: it may identify a user)"

RecordFactory = Callable[..., logging.LogRecord]
ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def _from_library(name: str) -> bool:
    return any(name == lib or name.startswith(lib + ".") for lib in LIBRARIES)


def redact_tokens(text: str) -> str:
    """Mask anything shaped like a bot token."""
    return _TOKEN.sub("<token>", text)


def _kind(value: object) -> str:
    return f"<{type(value).__name__}>"


def _describe_args(msg: str, args: Any) -> str:
    """The message template with each placeholder shown as the type of its argument."""
    if isinstance(args, dict):
        return _PLACEHOLDER.sub(lambda m: "%" if m.group(0) == "%%" else "<value>", msg)
    values = iter(args if isinstance(args, tuple) else (args,))

    def replace(match: re.Match[str]) -> str:
        if match.group(0) == "%%":
            return "%"
        return _kind(next(values, None))

    return _PLACEHOLDER.sub(replace, msg)


def withheld_traceback(exc: BaseException) -> str:
    """A traceback with every exception's message withheld: frames and types only."""
    parts: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        kind = type(current)
        frames = "".join(traceback.format_tb(current.__traceback__))
        parts.append(
            f"Traceback (most recent call last):\n{frames}"
            f"{kind.__module__}.{kind.__qualname__}: (message withheld)"
        )
        current = current.__cause__ or current.__context__
    return "\n\nwhich happened while handling, or because of:\n\n".join(parts)


def sanitise(record: logging.LogRecord) -> logging.LogRecord:
    """Make one record safe to write anywhere (see the module docstring)."""
    if _from_library(record.name):
        if record.levelno < logging.WARNING:
            record.msg, record.args = WITHHELD, ()
            record.exc_info, record.exc_text, record.stack_info = None, None, None
            return record
        template = record.msg if isinstance(record.msg, str) else _kind(record.msg)
        # Later lines of a library's message are reprs (asyncio's "future: <Task ...
        # exception=...>"), never part of a template: keep the first line only.
        template = template.split("\n", 1)[0]
        record.msg = _describe_args(template, record.args) if record.args else template
        record.args = ()
    if record.exc_info and record.exc_info[1] is not None:
        record.exc_text = withheld_traceback(record.exc_info[1])
    record.exc_info = None
    if record.exc_text:
        record.exc_text = redact_tokens(record.exc_text)
    try:
        message = record.getMessage()
    except Exception:  # a malformed call: keep the template only
        message = str(record.msg)
    if _TOKEN.search(message):
        record.msg, record.args = redact_tokens(message), ()
    return record


class _Guard:
    """A log-record factory that sanitises every record the previous factory makes."""

    def __init__(self, previous: RecordFactory) -> None:
        self.previous = previous

    def __call__(self, *args: Any, **kwargs: Any) -> logging.LogRecord:
        return sanitise(self.previous(*args, **kwargs))


def install_privacy_guard() -> None:
    """Cap the leaky loggers and sanitise every record; safe to call more than once."""
    for name in CAPPED:
        logger = logging.getLogger(name)
        if logger.level < logging.WARNING:
            logger.setLevel(logging.WARNING)
    factory = logging.getLogRecordFactory()
    if not isinstance(factory, _Guard):
        logging.setLogRecordFactory(_Guard(factory))


def configure_logging(level: int = logging.INFO) -> None:
    """Log to stderr at ``level``, with the privacy guard installed."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    install_privacy_guard()


def _log_uncaught(
    kind: type[BaseException], error: BaseException, tb: TracebackType | None
) -> None:
    if issubclass(kind, KeyboardInterrupt):
        return
    logging.getLogger("bot").critical("an unexpected error stopped the program", exc_info=error)


def _log_thread_exception(args: threading.ExceptHookArgs) -> None:
    if args.exc_value is not None and not isinstance(args.exc_value, SystemExit):
        logging.getLogger("bot").error("a background thread failed", exc_info=args.exc_value)


def _log_unraisable(unraisable: Any) -> None:
    error = unraisable.exc_value
    if error is not None:
        logging.getLogger("bot").warning("an error was ignored at clean-up", exc_info=error)


def guard_tracebacks() -> None:
    """Send the tracebacks Python prints by itself (an uncaught error, a failing thread,
    an error in a finaliser) through logging, and so through :func:`sanitise`: their
    messages may quote user data, and Python would print them raw to stderr.

    For the ``refuge-guide`` process only (:func:`bot.cli.main`): a test runner installs
    hooks of its own, which this would replace.
    """
    sys.excepthook = _log_uncaught
    threading.excepthook = _log_thread_exception
    sys.unraisablehook = _log_unraisable
