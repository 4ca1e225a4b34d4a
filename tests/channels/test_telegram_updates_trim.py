"""A pressed button's update is read without the message it sits under, but for its id
and chat: the bot's own text and keyboard are dropped before parsing (reading every
button of a keyboard was most of the cost of an update, issue 14)."""

from __future__ import annotations

import json
from typing import Any

from telegram import Message, Update

from bot.channels.telegram_updates import ReadableUpdates
from bot.dialog.callback import Callback, Verb

PRESSED = Callback(7, Verb.OPTION, index=1).pack()


def press_under(keyboard_size: int) -> dict[str, Any]:
    buttons = [
        [{"text": f"Answer {i}", "callback_data": Callback(7, Verb.OPTION, index=i).pack()}]
        for i in range(keyboard_size)
    ]
    return {
        "update_id": 41,
        "callback_query": {
            "id": "q1",
            "from": {"id": 5, "is_bot": False, "first_name": "A"},
            "chat_instance": "5",
            "data": PRESSED,
            "message": {
                "message_id": 812,
                "date": 1_700_000_000,
                "chat": {"id": 5, "type": "private", "first_name": "A"},
                "text": "Was the request sent by the state you fled?",
                "entities": [{"type": "bold", "offset": 0, "length": 3}],
                "reply_markup": {"inline_keyboard": buttons},
            },
        },
    }


def test_a_press_keeps_its_data_and_the_id_and_chat_of_the_pressed_message() -> None:
    payload = json.dumps({"ok": True, "result": [press_under(8)]}).encode()
    answer = ReadableUpdates.parse_json_payload(payload)
    update = Update.de_json(answer["result"][0], None)
    query = update.callback_query
    assert query is not None
    assert query.data == PRESSED
    assert isinstance(query.message, Message)
    assert (query.message.message_id, query.message.chat.id) == (812, 5)
    assert query.message.reply_markup is None
    assert query.message.text is None


def test_a_typed_message_keeps_its_text() -> None:
    typed = {
        "update_id": 42,
        "message": {
            "message_id": 813,
            "date": 1_700_000_000,
            "chat": {"id": 5, "type": "private", "first_name": "A"},
            "from": {"id": 5, "is_bot": False, "first_name": "A"},
            "text": "/start",
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        },
    }
    answer = ReadableUpdates.parse_json_payload(
        json.dumps({"ok": True, "result": [typed]}).encode()
    )
    update = Update.de_json(answer["result"][0], None)
    assert update.message is not None
    assert update.message.text == "/start"
