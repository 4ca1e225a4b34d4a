"""A real PTB Application driven through the emulator with user.send / user.click."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes

from bot.channels.telegram_retry import ATTEMPTS, RetryingRequest
from tests.support.telegram_driver import ChatUser
from tests.support.telegram_emulator import BotApiEmulator
from tests.support.waiting import wait_until

ROLES = InlineKeyboardMarkup(
    [
        [InlineKeyboardButton("Person concerned", callback_data="role:self")],
        [InlineKeyboardButton("Advocate", callback_data="role:advocate")],
        [InlineKeyboardButton("Silent", callback_data="silent")],
    ]
)
App = Application[Any, Any, Any, Any, Any, Any]
seen_commands: list[str] = []


async def _start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.message is not None
    seen_commands.append(update.message.text or "")
    await update.message.reply_html("<b>Who are you?</b>", reply_markup=ROLES)


async def _choose(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    if query.data == "silent":
        return  # forgets to answer: the driver must notice
    await query.answer()
    await query.edit_message_text(f"You are: {query.data}")


@pytest.fixture(params=["plain"])
async def app(telegram_api: BotApiEmulator, request: pytest.FixtureRequest) -> AsyncIterator[App]:
    """A polling Application with one command and one callback handler; with
    ``indirect`` param "retrying", it retries calls as the guide's bot does."""
    seen_commands.clear()
    builder = (
        Application.builder()
        .token(telegram_api.token)
        .base_url(telegram_api.api_base_url)
        .base_file_url(telegram_api.file_base_url)
    )
    if request.param == "retrying":
        builder = builder.request(RetryingRequest())
    application = builder.build()
    application.add_handler(CommandHandler("start", _start))
    application.add_handler(CallbackQueryHandler(_choose))
    async with application:
        assert application.updater is not None
        # A getUpdates returns as soon as an update is queued; 5 s is only how long it may hold.
        # deliberate: the length of one long poll, not a bound on a wait
        await application.updater.start_polling(poll_interval=0.0, timeout=5)
        await application.start()
        yield application
        await application.updater.stop()
        await application.stop()


async def test_send_and_click_end_to_end(
    telegram_api: BotApiEmulator,
    app: App,
) -> None:
    """/start shows buttons; pressing one answers the query and edits the message in place."""
    user = telegram_api.user(user_id=42, first_name="Ana", language_code="fr")
    await user.send("/start")
    assert seen_commands == ["/start"]
    first = user.last_message
    assert first.text == "Who are you?"
    assert first.html == "<b>Who are you?</b>"
    assert first.button_labels == ["Person concerned", "Advocate", "Silent"]
    assert first.buttons[1] == [("Advocate", "role:advocate")]

    await user.click("Advocate")
    assert user.last_message.text == "You are: role:advocate"
    assert user.last_message.message_id == first.message_id
    assert user.last_message.edited
    assert user.last_message.buttons == []  # the edit carried no keyboard
    assert user.last_callback_answer == {"text": None, "show_alert": False}


async def test_click_by_unambiguous_substring_and_on_older_message(
    telegram_api: BotApiEmulator,
    app: App,
) -> None:
    """A label may be abbreviated if unambiguous, and older messages stay clickable."""
    user = telegram_api.user(user_id=43, first_name="Bo")
    await user.send("/start")
    older = user.last_message
    await user.send("/start")
    assert len(user.messages) == 2
    await user.click_on(older, "concerned")
    assert [m.text for m in user.messages] == ["You are: role:self", "Who are you?"]


async def test_click_errors_list_the_available_labels(
    telegram_api: BotApiEmulator,
    app: App,
) -> None:
    """A missing or ambiguous label fails with the labels the user could press."""
    user = telegram_api.user(user_id=44, first_name="Cy")
    with pytest.raises(AssertionError, match="no bot message"):
        await user.click("Advocate")
    await user.send("/start")
    with pytest.raises(AssertionError, match=r"available: \['Person concerned', 'Advocate'"):
        await user.click("Lawyer")
    with pytest.raises(AssertionError, match="matches several buttons"):
        await user.click("e")


async def test_unanswered_click_fails(
    telegram_api: BotApiEmulator,
    app: App,
) -> None:
    """Telegram shows a spinner until the bot answers, so an unanswered click fails."""
    user = telegram_api.user(user_id=45, first_name="Di")
    await user.send("/start")
    await wait_until(lambda: telegram_api.waiting_polls() == 1, "the bot polls again")
    with pytest.raises(AssertionError, match="never answered the callback query"):
        await user.click("Silent", within=3)  # deliberate: never answered within 3 s
    [pending] = telegram_api.take_unanswered_callback_queries()  # keeps teardown green
    assert pending.data == "silent"


async def test_ignored_message_times_out_with_a_clear_reason(
    telegram_api: BotApiEmulator,
    app: App,
) -> None:
    """A message the bot ignores fails the wait, unless expect_reply=False."""
    user = telegram_api.user(user_id=46, first_name="Ed")
    await wait_until(lambda: telegram_api.waiting_polls() == 1, "the bot polls")
    with pytest.raises(AssertionError, match="made no API call in chat 46"):
        await user.send("hello", within=3)  # deliberate: no call within 3 s
    await user.send("hello again", expect_reply=False)
    assert user.messages == []


async def test_update_never_fetched_names_the_cause(telegram_api: BotApiEmulator) -> None:
    """Without a polling bot the wait fails saying the update was never fetched."""
    user = telegram_api.user(user_id=47, first_name="Fa")
    with pytest.raises(AssertionError, match="never fetched by getUpdates"):
        await user.send("/start", within=0.3)  # deliberate: no bot polls at all
    assert telegram_api.pending_updates()[0]["message"]["entities"] == [
        {"type": "bot_command", "offset": 0, "length": 6}
    ]


async def test_redelivered_update_reaches_the_bot_twice(
    telegram_api: BotApiEmulator,
    app: App,
) -> None:
    """The same message delivered twice is handled twice (for idempotence tests)."""
    user: ChatUser = telegram_api.user(user_id=48, first_name="Gil")
    await user.send("/start")
    await user.redeliver_last()
    assert seen_commands == ["/start", "/start"]
    assert len(user.messages) == 2


async def test_redelivered_click_cannot_be_answered_twice(
    telegram_api: BotApiEmulator,
    app: App,
) -> None:
    """A duplicated callback query carries the same id, so a second answer is refused."""
    user = telegram_api.user(user_id=49, first_name="Hu")
    await user.send("/start")
    await user.click("Advocate")
    await user.redeliver_last()
    rejected = telegram_api.take_rejections()
    assert (
        "answerCallbackQuery",
        "Bad Request: query is too old and response timeout expired or query ID is invalid",
    ) in rejected


@pytest.mark.parametrize("app", ["retrying"], indirect=True)
async def test_a_reply_answered_502_is_awaited_until_the_bot_tries_again(
    telegram_api: BotApiEmulator,
    app: App,
) -> None:
    """Telegram answers the reply 502 twice, and each time the bot tries again after a
    backoff longer than the settle time: the chat is quiet, but not done. The driver
    waits for the retry, so the reply is on screen when ``send`` returns."""
    user = telegram_api.user(user_id=50, first_name="Ida")
    telegram_api.fail_next("sendMessage", "bad_gateway", "bad_gateway")
    await user.send("/start")
    assert [m.text for m in user.messages] == ["Who are you?"]
    assert telegram_api.retries.due(user.id) == 0.0, "nothing is owed any more"


@pytest.mark.parametrize("app", ["retrying"], indirect=True)
async def test_the_last_try_answered_502_owes_nothing(
    telegram_api: BotApiEmulator,
    app: App,
) -> None:
    """After its last try the bot gives up: the driver does not wait for a retry that
    cannot come (it would time out, the emulator's wait for it being as long)."""
    user = telegram_api.user(user_id=51, first_name="Jo")
    telegram_api.fail_next("sendMessage", *["bad_gateway"] * ATTEMPTS)
    await user.send("/start")
    assert user.messages == []
    assert telegram_api.pending_faults("sendMessage") == 0, "every try was made"
    assert telegram_api.retries.due(user.id) == 0.0
