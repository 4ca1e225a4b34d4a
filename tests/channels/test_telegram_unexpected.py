"""What people send besides button presses, and what reaches the bot from elsewhere
(issue 13, point 6).

In a private chat, anything that is not a press or a command (words, a sticker, a voice
note, a photo, a document, an edit, an unknown command) gets one short note in the
person's language pointing to the buttons, above the current question; nothing of it is
stored or logged. ``/start fr`` (a link to the bot naming a language) starts in that
language. Groups, channels, inline queries and chat member changes get silence: the
guide never writes where others read, and never crashes on a kind it does not use.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

import pytest

from bot.dialog.runner import Runner
from bot.i18n import get_translator
from bot.pseudonym import Pseudonymiser, load_or_create_secret
from bot.settings import Settings
from bot.store import SqliteStore
from tests.support.bot_runner import running_bot
from tests.support.labels import PERSON
from tests.support.telegram_driver import ChatUser
from tests.support.telegram_emulator import BotApiEmulator

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")

POINTER = {
    "en": "Please answer with the buttons.",
    "fr": "Répondez avec les boutons, s'il vous plaît.",
    "nl": "Antwoord alstublieft met de knoppen.",
}
WELCOME = {"en": "This guide helps", "fr": "Ce guide vous aide", "nl": "Deze gids helpt"}
PRIVATE_WORDS = "Je m'appelle Maksim Petrov, j'habite rue Haute 12 à Liège"
"""What a person might type: it must never be stored or logged."""
CAPTION = "passeport de Maksim Petrov"
STICKER: dict[str, Any] = {
    "sticker": {
        "file_id": "CAACAgIAAxkBAAI",
        "file_unique_id": "AgAD",
        "type": "regular",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
        "emoji": "🙏",
    }
}
VOICE: dict[str, Any] = {
    "voice": {"file_id": "AwACAgIAAxkBAAI", "file_unique_id": "AgADv", "duration": 7}
}
PHOTO: dict[str, Any] = {
    "photo": [{"file_id": "AgACAgIAAxkBAAI", "file_unique_id": "AQAD", "width": 90, "height": 90}],
    "caption": CAPTION,
}
DOCUMENT: dict[str, Any] = {
    "document": {"file_id": "BQACAgIAAxkBAAI", "file_unique_id": "AgADd", "file_name": "a.pdf"},
    "caption": CAPTION,
}


def pointed(user: ChatUser, lang: str) -> bool:
    """Whether the bot's newest message is the note above the current question."""
    last = user.last_message
    return (last.text or "").startswith(POINTER[lang]) and bool(last.buttons)


async def stored_state(data_dir: Path, user_id: int) -> str | None:
    """The stored conversation of ``user_id`` as JSON (read once the bot has stopped)."""
    settings = Settings.model_validate({"REFUGE_GUIDE_DATA_DIR": str(data_dir)})
    key = Pseudonymiser(load_or_create_secret(settings.secret_path, create=False))
    store = await SqliteStore.open(settings.database_path)
    try:
        record = await store.get(key.key("telegram", user_id))
    finally:
        await store.close()
    return None if record is None else record.state.to_json()


def database_bytes(data_dir: Path) -> bytes:
    return b"".join(path.read_bytes() for path in sorted(data_dir.glob("sessions.sqlite3*")))


async def test_anything_but_a_press_gets_a_pointer_to_the_buttons_in_the_persons_language(
    telegram_api: BotApiEmulator,
    data_dir: Path,
    runner: Runner,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Words, a sticker, a voice note, a photo and a document with a caption, an edit of
    the words, an unknown command: each gets the French note and the current question,
    which has not moved. None of it is in the database or the log."""
    caplog.set_level(logging.DEBUG)
    user = telegram_api.user(user_id=7797001, language_code="fr")
    async with running_bot(telegram_api, data_dir, runner):
        await user.send("/start")
        question = user.last_message.screen
        await user.send(PRIVATE_WORDS)
        assert pointed(user, "fr")
        typed = user.last_sent_id
        assert typed is not None
        for content in (STICKER, VOICE, PHOTO, DOCUMENT):
            count = len(user.messages)
            await user.send_content(content)
            assert pointed(user, "fr"), sorted(content)
            assert len(user.messages) == count + 1, "one short answer"
        await user.edit(typed, PRIVATE_WORDS + ", Belgique")
        assert pointed(user, "fr")
        await user.send("/extradition Maksim")
        assert pointed(user, "fr")
        assert question is not None
        assert question in (user.last_message.text or ""), "the question has not moved"
        await user.click(get_translator("fr").gettext(PERSON))
    state = await stored_state(data_dir, user.id)
    assert state is not None
    stored = database_bytes(data_dir)
    for secret in (PRIVATE_WORDS, CAPTION, "Maksim", "Liège", "🙏"):
        assert secret not in state
        assert secret.encode() not in stored
        assert not [r for r in caplog.records if secret in r.getMessage()], secret
    assert not [r for r in caplog.records if str(user.id) in r.getMessage()]
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


async def test_an_edited_command_is_not_run_again(
    telegram_api: BotApiEmulator, data_dir: Path, runner: Runner
) -> None:
    """A person edits the /start they sent after walking on: the walk is not thrown
    away; the edit is answered like any other, by pointing to the buttons."""
    user = telegram_api.user(user_id=7797002, language_code="en")
    async with running_bot(telegram_api, data_dir, runner):
        await user.send("/start")
        command = user.last_sent_id
        assert command is not None
        await user.click(PERSON)
        where = user.last_message.screen
        await user.edit(command, "/forget")
        assert pointed(user, "en")
        assert where is not None
        assert where in (user.last_message.text or "")


async def test_a_link_naming_a_language_starts_in_it_and_other_payloads_are_ignored(
    telegram_api: BotApiEmulator, data_dir: Path, runner: Runner
) -> None:
    """``t.me/<bot>?start=fr`` sends ``/start fr``: the English-speaking phone gets the
    French welcome. Later ``/start nl`` starts again in Dutch. A payload that is not one
    of the guide's languages (a campaign tag, a typo) is ignored: /start as usual, in
    the language already chosen. Arguments to other commands are ignored too."""
    user = telegram_api.user(user_id=7797003, language_code="en")
    async with running_bot(telegram_api, data_dir, runner):
        await user.send("/start fr")
        assert (user.last_message.text or "").startswith(WELCOME["fr"])
        await user.click(get_translator("fr").gettext(PERSON))
        await user.send("/start nl")
        assert (user.last_message.text or "").startswith(WELCOME["nl"])
        await user.send("/start flyer_liege_2026")
        assert (user.last_message.text or "").startswith(WELCOME["nl"])
        await user.send("/start FR")
        assert (user.last_message.text or "").startswith(WELCOME["fr"])
        await user.send("/help me please")
        assert "/start" in (user.last_message.text or ""), "the help, arguments ignored"


def _group_message(chat: dict[str, Any], sender: dict[str, Any], text: str) -> dict[str, Any]:
    message: dict[str, Any] = {
        "message_id": 41,
        "date": int(time.time()),
        "chat": chat,
        "from": sender,
        "text": text,
    }
    if text.startswith("/"):
        command = text.split()[0]
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
    return message


async def test_groups_channels_inline_queries_and_member_changes_get_silence(
    telegram_api: BotApiEmulator,
    data_dir: Path,
    runner: Runner,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Delivered even though the bot never asks for most of them (a server that ignores
    allowed_updates): words and commands in a group and a supergroup, a channel post and
    its edit, an inline query, the person blocking the bot. The bot sends nothing
    anywhere for them, stores nothing, logs no error, and goes on answering the person
    in the private chat, who is none the worse for it."""
    caplog.set_level(logging.INFO)
    telegram_api.every_kind_delivered = True
    person = telegram_api.user(user_id=7797004, language_code="en")
    sender = {"id": 7797005, "is_bot": False, "first_name": "Ana", "language_code": "fr"}
    group = {"id": -4001234567, "type": "group", "title": "Entraide Liège"}
    supergroup = {"id": -1002001234567, "type": "supergroup", "title": "Refugees BE"}
    channel = {"id": -1003001234567, "type": "channel", "title": "News"}
    member_change = {
        "chat": {"id": person.id, "type": "private", "first_name": "Test"},
        "from": dict(person.profile),
        "date": int(time.time()),
        "old_chat_member": {"status": "member", "user": telegram_api._bot_user()},
        "new_chat_member": {
            "status": "kicked",
            "user": telegram_api._bot_user(),
            "until_date": 0,
        },
    }
    elsewhere = [
        {"message": _group_message(group, sender, PRIVATE_WORDS)},
        {"message": _group_message(group, sender, "/start")},
        {"message": _group_message(supergroup, sender, "/start@refuge_guide_test_bot fr")},
        {"edited_message": {**_group_message(supergroup, sender, PRIVATE_WORDS), "edit_date": 1}},
        {"channel_post": {"message_id": 7, "date": 1, "chat": channel, "text": PRIVATE_WORDS}},
        {"edited_channel_post": {"message_id": 7, "date": 1, "chat": channel, "text": "!"}},
        {"inline_query": {"id": "881", "from": sender, "query": PRIVATE_WORDS, "offset": ""}},
        {"my_chat_member": member_change},
    ]
    async with running_bot(telegram_api, data_dir, runner):
        await person.send("/start")
        calls_before = len(telegram_api.calls)
        ids = [telegram_api.inject_update(update) for update in elsewhere]
        await person.click(PERSON)
    assert all(u["update_id"] not in ids for u in telegram_api.pending_updates())
    chats = {group["id"], supergroup["id"], channel["id"], sender["id"]}
    made = telegram_api.calls[calls_before:]
    assert not [c for c in made if int(c.params.get("chat_id", 0) or 0) in chats]
    assert not [c for c in made if c.method.lower() == "answerinlinequery"]
    person_calls = [c for c in made if int(c.params.get("chat_id", 0) or 0) == person.id]
    assert [c.method for c in person_calls] == ["sendMessage"], "only the answer to the press"
    assert await stored_state(data_dir, sender["id"]) is None, "nothing stored for the group"
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert not [r for r in caplog.records if "Maksim" in r.getMessage()]


async def test_the_bot_asks_telegram_only_for_what_a_person_does_in_the_chat(
    telegram_api: BotApiEmulator, data_dir: Path, runner: Runner
) -> None:
    """Messages, their edits and button presses: not inline queries, channel posts or
    member changes, which the guide has nothing to say to (what it is not sent, it
    cannot leak). Telegram then drops a channel post instead of sending it."""
    person = telegram_api.user(user_id=7797006, language_code="en")
    async with running_bot(telegram_api, data_dir, runner):
        await person.send("/start")
        post = telegram_api.inject_update(
            {
                "channel_post": {
                    "message_id": 7,
                    "date": 1,
                    "chat": {"id": -100300, "type": "channel"},
                }
            }
        )
        await person.click(PERSON)
    polls = [c for c in telegram_api.calls if c.method == "getUpdates"]
    asked = {str(c.params.get("allowed_updates")) for c in polls}
    assert asked == {'["message", "edited_message", "callback_query"]'}, asked
    assert telegram_api._updates_by_id[post].dropped is not None
