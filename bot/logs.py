"""Logging that cannot leak who uses the guide.

python-telegram-bot logs request parameters (message texts) at DEBUG and httpx logs
request URLs (with the bot token) at INFO. Those loggers are capped, and a filter on every
handler masks anything that looks like a bot token.
"""

from __future__ import annotations

import logging
import re

_TOKEN = re.compile(r"\d{5,20}:[A-Za-z0-9_-]{30,64}")
QUIET = {
    "httpx": logging.WARNING,
    "httpcore": logging.WARNING,
    "telegram": logging.INFO,
    "aiosqlite": logging.INFO,
    "hpack": logging.WARNING,
}


class RedactTokens(logging.Filter):
    """Replace bot tokens in a record's final message."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if _TOKEN.search(message):
            record.msg = _TOKEN.sub("<token>", message)
            record.args = None
        return True


def configure_logging(level: int = logging.INFO) -> None:
    """Log to stderr with the noisy, leaky loggers kept above DEBUG."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactTokens())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name, floor in QUIET.items():
        logging.getLogger(name).setLevel(max(level, floor))
