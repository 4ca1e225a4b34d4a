"""Erasure and the quick exit on the emulator: nothing stored, nothing left in the chat.

A quick exit must leave one neutral line whatever happened before, including replies
whose sending failed or whose confirmation was lost, so these tests break the Bot API
on purpose before pressing it.
"""

from __future__ import annotations

from pathlib import Path

from bot.channels.telegram import DELETE_BATCH, MAX_DELETED, deletion_batches
from bot.dialog.runner import Runner
from bot.pseudonym import Pseudonymiser, load_or_create_secret
from bot.settings import Settings
from bot.store import SqliteStore
from tests.support.bot_runner import bot_settings, running_bot
from tests.support.telegram_driver import ChatUser
from tests.support.telegram_emulator import BotApiEmulator
from tests.support.waiting import wait_until

WELCOME = "not legal advice"


async def _stored(settings: Settings, user_id: int) -> bool:
    """Whether anything is stored for one Telegram user."""
    key = Pseudonymiser(load_or_create_secret(settings.secret_path)).key("telegram", user_id)
    store = await SqliteStore.open(settings.database_path)
    try:
        return await store.get(key) is not None
    finally:
        await store.close()


def _own_messages_left(api: BotApiEmulator, user: ChatUser) -> list[int]:
    """Ids of what the person typed that is still in the chat."""
    chat = api._chats[user.id]
    return [m.message_id for m in chat.messages.values() if not m.from_bot and not m.deleted]


def _offers(user: ChatUser, label: str) -> bool:
    return any(label in m.button_labels for m in user.messages[-1:])


async def test_erase_button_deletes_the_session_and_says_so(
    telegram_api: BotApiEmulator, data_dir: Path, runner: Runner
) -> None:
    """ "Erase my answers" on the privacy notice deletes everything stored about the person."""
    user = telegram_api.user(user_id=5550204, language_code="en")
    settings = bot_settings(telegram_api, data_dir)
    async with running_bot(telegram_api, data_dir, runner):
        await user.send("/start")
        await user.click("Continue")
        assert await _stored(settings, user.id)
        await user.click("Erase my answers")
        assert "erased" in (user.last_message.text or "")
        assert not await _stored(settings, user.id)
        await user.send("/start")
        assert WELCOME in (user.last_message.text or ""), "a fresh start works"


async def test_quick_exit_wipes_the_chat_and_leaves_one_neutral_line(
    telegram_api: BotApiEmulator, data_dir: Path, runner: Runner
) -> None:
    """ "Quick exit" deletes the bot's messages and the person's own, then says only "Done."."""
    user = telegram_api.user(user_id=5550205, language_code="en")
    settings = bot_settings(telegram_api, data_dir)
    async with running_bot(telegram_api, data_dir, runner):
        await user.send("/start")
        for n in range(60):  # more than 100 messages in all: deleted in several batches
            await user.send(f"something typed {n}")
        await wait_until(lambda: len(user.messages) == 61, "every typed message is answered")
        await user.send("/help")
        await wait_until(lambda: _offers(user, "Continue"), "the help ends with the screen")
        await user.click("Continue")
        await wait_until(lambda: _offers(user, "Quick exit"), "the privacy notice is shown")
        await user.click("Quick exit")
        await wait_until(lambda: len(user.messages) == 1, "the chat is wiped")
    assert [m.text for m in user.messages] == ["Done."]
    assert _own_messages_left(telegram_api, user) == [], "what the person typed is gone too"
    assert not await _stored(settings, user.id), "nothing is stored"


async def test_quick_exit_after_failed_and_unconfirmed_replies_leaves_one_neutral_line(
    telegram_api: BotApiEmulator, data_dir: Path, runner: Runner
) -> None:
    """Replies that failed with 502, or went out while their confirmation was lost, and the
    apologies that followed, are all deleted: the bot never needed to know their ids."""
    user = telegram_api.user(user_id=5550209, language_code="en")

    def shown(count: int) -> bool:
        return len(user.messages) == count

    async with running_bot(telegram_api, data_dir, runner):
        telegram_api.fail_next("sendMessage", "lost_response")
        await user.send("/start")  # the welcome arrives, but the bot hears only an error
        await wait_until(lambda: shown(2), "the welcome and an apology")
        assert WELCOME in (user.messages[0].text or "")
        await user.click("Continue")
        await wait_until(lambda: shown(3) and _offers(user, "I agree"), "the privacy notice")
        telegram_api.fail_next("sendMessage", "bad_gateway", "lost_response")
        await user.click("I agree")  # the question fails, its apology goes unconfirmed
        await wait_until(lambda: shown(4), "the apology is in the chat")
        telegram_api.fail_next("sendMessage", "lost_response")
        await user.send("/start")  # the welcome again, again unconfirmed, and an apology
        await wait_until(lambda: shown(6), "the welcome and another apology")
        await user.click("Continue")
        await wait_until(lambda: shown(7) and _offers(user, "Quick exit"), "the notice again")
        assert telegram_api.pending_faults("sendMessage") == 0
        await user.click("Quick exit")
        await wait_until(lambda: shown(1), "the chat is wiped")
    assert [m.text for m in user.messages] == ["Done."]
    assert _own_messages_left(telegram_api, user) == []
    refused = {method for method, _ in telegram_api.take_rejections()}
    assert refused <= {"answerCallbackQuery"}, "only a second answer to a failed click"


async def test_quick_exit_wipes_the_chat_even_when_the_neutral_line_fails(
    telegram_api: BotApiEmulator, data_dir: Path, runner: Runner
) -> None:
    """If Telegram refuses the neutral line, the messages are deleted all the same."""
    user = telegram_api.user(user_id=5550210, language_code="en")
    async with running_bot(telegram_api, data_dir, runner):
        await user.send("/start")
        await user.click("Continue")
        await wait_until(lambda: _offers(user, "Quick exit"), "the privacy notice is shown")
        telegram_api.fail_next("sendMessage", "bad_gateway")
        await user.click("Quick exit")
        await wait_until(lambda: not user.messages, "the chat is wiped")
    assert _own_messages_left(telegram_api, user) == []


def test_deletion_runs_newest_first_in_batches_and_stops_at_the_bound() -> None:
    """Every id from the first message to the neutral line, newest first, 100 per call;
    a session that began further back than the bound loses only its oldest ids."""
    batches = deletion_batches(first=7, end=257)
    assert [len(b) for b in batches] == [100, 100, 50]
    assert batches[0][-1] == 256, "the newest message goes first"
    assert sorted(i for b in batches for i in b) == list(range(7, 257))
    assert all(len(b) <= DELETE_BATCH for b in batches)
    long_ago = deletion_batches(first=1, end=100_000)
    deleted = sorted(i for b in long_ago for i in b)
    assert deleted == list(range(100_000 - MAX_DELETED, 100_000))
    assert deletion_batches(first=10, end=10) == [], "nothing before the neutral line"
