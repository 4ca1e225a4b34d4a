"""Updates python-telegram-bot cannot read are skipped, not fetched again forever.

python-telegram-bot parses a whole ``getUpdates`` answer at once. When one update in it
does not fit the library's model (an older or self-hosted Bot API server that leaves out a
field the library now requires, such as a poll without ``allows_revoting``), the whole
batch fails: the library logs it as CRITICAL, with the raw data, and asks for the same
batch again at once, since the offset never moved past it. Nobody gets a reply again,
and stopping the bot fails the same way.

:class:`ReadableUpdates` is the request used for ``getUpdates`` only. It checks each
update of an answer on its own, and replaces one that cannot be read by its bare
``update_id``: python-telegram-bot then reads it as an update of no known kind, which no
handler takes, and confirms it with the next offset like any other. It is logged once,
by the kind of error only: its content may be a person's message.

A pressed button's update carries the whole message it sits under, the bot's own text
and every button of its keyboard. The guide uses only that message's id and chat, so
its text, entities and keyboard are dropped before anything is parsed: reading the
keyboard was most of the cost of an update, and a batch of a hundred updates is parsed
in one go, holding up the event loop for as long (issue 14's loop stalls).
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import Update

from bot.channels.telegram_retry import RetryingRequest

log = logging.getLogger(__name__)

JSONDict = dict[str, Any]


UNUSED_OF_PRESSED = ("text", "entities", "reply_markup")
"""What a pressed button's message brings that the guide never reads (module docstring)."""


def trimmed(update: JSONDict) -> JSONDict:
    """``update`` without the parts of a pressed button's message the guide never reads."""
    query = update.get("callback_query")
    message = query.get("message") if isinstance(query, dict) else None
    if isinstance(message, dict):
        for name in UNUSED_OF_PRESSED:
            message.pop(name, None)
    return update


def readable(update: object) -> JSONDict | None:
    """``update`` if python-telegram-bot can read it, else only its ``update_id`` (so that
    it is confirmed and never fetched again); ``None`` if it has no usable id either."""
    if not isinstance(update, dict):
        log.warning("an update that is not an object was skipped")
        return None
    update = trimmed(update)
    try:
        Update.de_json(update, None)
    except Exception as error:  # any failure of the library's model: skip, never crash
        update_id = update.get("update_id")
        if not isinstance(update_id, int):
            log.warning("an update without an id could not be read and was skipped")
            return None
        log.warning("an update could not be read and was skipped (%s)", type(error).__name__)
        return {"update_id": update_id}
    return update


class ReadableUpdates(RetryingRequest):
    """The ``getUpdates`` request: retried like any other (:class:`RetryingRequest`), and
    every update in its answer readable (see the module docstring).

    The hook is python-telegram-bot's documented one for reading answers,
    ``parse_json_payload``; ``post`` itself is final.
    """

    @staticmethod
    def parse_json_payload(payload: bytes) -> JSONDict:
        answer = RetryingRequest.parse_json_payload(payload)
        result = answer.get("result") if isinstance(answer, dict) else None
        if isinstance(result, list):
            answer["result"] = [kept for kept in map(readable, result) if kept is not None]
        return answer
