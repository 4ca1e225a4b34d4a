"""The Telegram bot, end to end: real Application, polling, handlers and store, on the emulator.

Any request the emulator rejects (too long, bad HTML, bad callback data, "message is not
modified", an unanswered callback query) fails the test at teardown.
"""

from __future__ import annotations

from pathlib import Path

from bot.dialog.runner import Runner
from bot.store import SqliteStore
from tests.support.bot_runner import running_bot
from tests.support.labels import (
    ADVOCATE,
    ADVOCATE_EXTRADITION,
    ADVOCATE_REFUGEE,
    CASE_NOTE,
    DONE,
    DUTCH,
    ENGLISH,
    FIRST_SCREEN,
    FRENCH,
    INTERPOL,
    NO,
    PERSON,
    POLITICAL_CHARGES,
    QUICK_EXIT,
    RUSSIAN,
)
from tests.support.telegram_emulator import BotApiEmulator
from tests.support.waiting import wait_until


async def test_start_shows_the_welcome_with_a_button(
    telegram_api: BotApiEmulator, data_dir: Path, runner: Runner
) -> None:
    """/start greets the person on one screen: what the guide is, what it stores and how to
    erase it, then who they are, with urgent help and the ways out."""
    user = telegram_api.user(user_id=5550001, language_code="en")
    async with running_bot(telegram_api, data_dir, runner):
        await user.send("/start")
    text = user.last_message.text or ""
    assert "legal information, not legal advice" in text
    assert "/forget" in text
    assert text.endswith("Choosing an answer below means you agree.\n\nWho are you?")
    assert user.last_message.button_labels == list(FIRST_SCREEN)


async def test_full_walk_reaches_the_result(
    telegram_api: BotApiEmulator, data_dir: Path, runner: Runner
) -> None:
    """Pressing through every question ends at a result that cites grounds and actions."""
    user = telegram_api.user(user_id=5550002, language_code="en-GB")
    async with running_bot(telegram_api, data_dir, runner):
        await user.send("/start")
        first = user.last_message
        await user.click(ADVOCATE)
        await user.click(ADVOCATE_EXTRADITION)
        await user.click(ADVOCATE_REFUGEE)
        await user.click(POLITICAL_CHARGES)
        assert "☑ Political charges" in user.last_message.button_labels[0]
        await user.click(DONE)
        await user.click("Non-EU state, bilateral treaty")
        await user.click("☐ Real risk of torture")
        await user.click(DONE)
        # The result may go out in several messages; the last one carries its buttons.
        await wait_until(
            lambda: CASE_NOTE in user.last_message.button_labels,
            "the whole result is in the chat",
        )
    result = "\n".join(m.text or "" for m in user.messages[-3:])
    assert "Grounds" in result
    assert "Art." in result
    assert "Actions and their legal basis" in result
    role = next(i for i, m in enumerate(user.messages) if m.message_id == first.message_id)
    after = user.messages[role + 1].text or ""
    assert after.startswith(f"» {ADVOCATE}\n\n"), "the answer heads the next question"
    assert CASE_NOTE in user.last_message.button_labels
    async with running_bot(telegram_api, data_dir, runner):
        await user.click(CASE_NOTE)
    note = user.documents[-1]
    assert note.filename == "case-note-en.txt"
    assert "Extradition" in note.content.decode("utf-8")


async def test_a_press_to_the_next_question_costs_one_rate_limited_call(
    telegram_api: BotApiEmulator, data_dir: Path, runner: Runner
) -> None:
    """Answering a question sends one message (the answer, then the next question): at
    Telegram's 30 messages a second that is 30 steps a second, not 15. Answering the
    press itself names no chat and is not rate-limited."""
    user = telegram_api.user(user_id=5550010, language_code="en")
    async with running_bot(telegram_api, data_dir, runner):
        await user.send("/start")
        await wait_until(lambda: telegram_api.short_description("ru") is not None, "menus out")
        before = len(telegram_api.calls)
        await user.click(PERSON)
        calls = [call for call in telegram_api.calls[before:] if call.method != "getUpdates"]
    assert [call.method for call in calls if "chat_id" in call.params] == ["sendMessage"]
    assert [call.method for call in calls if "chat_id" not in call.params] == [
        "answerCallbackQuery"
    ]
    assert (user.last_message.text or "").startswith(
        "» The request is about me or my family\n\nIs one of these happening now"
    )


async def test_session_resumes_after_the_process_restarts(
    telegram_api: BotApiEmulator, data_dir: Path, runner: Runner
) -> None:
    """A bot stopped mid-conversation picks up at the same question when it comes back."""
    user = telegram_api.user(user_id=5550003, language_code="en")
    async with running_bot(telegram_api, data_dir, runner):
        await user.start_as(PERSON)
        await user.click(NO)
    question = user.last_message
    assert question.text == "» No\n\nWhat does the foreign state ask Belgium to do?"
    async with running_bot(telegram_api, data_dir, runner):
        await user.click_on(question, INTERPOL)
    assert user.last_message.text == (
        "» Find me through INTERPOL (a notice)\n\nWhich country sends the request?"
    )


async def test_an_old_button_gets_a_note_and_the_current_question(
    telegram_api: BotApiEmulator, data_dir: Path, runner: Runner
) -> None:
    """Pressing a button of an earlier screen does not change the answers."""
    user = telegram_api.user(user_id=5550004, language_code="en")
    async with running_bot(telegram_api, data_dir, runner):
        await user.start_as(PERSON)
        question = user.last_message
        await user.send("/start")
        await user.click_on(question, NO)
        assert "earlier question" in (user.last_message.text or "")
        assert user.last_message.button_labels[0] == PERSON, "the current screen again"


async def test_typed_text_is_answered_with_the_buttons(
    telegram_api: BotApiEmulator, data_dir: Path, runner: Runner
) -> None:
    """A typed message is not read; the person is shown the current question again."""
    user = telegram_api.user(user_id=5550005, language_code="en")
    async with running_bot(telegram_api, data_dir, runner):
        await user.send("/start")
        await user.send("my name is Ivan and I live in Brussels")
    assert "buttons" in (user.last_message.text or "")
    assert user.last_message.button_labels[0] == PERSON


async def test_language_follows_the_client_and_can_be_changed(
    telegram_api: BotApiEmulator, data_dir: Path, runner: Runner
) -> None:
    """/language offers each language in its own name and switches the next screens."""
    user = telegram_api.user(user_id=5550006, language_code="en")
    async with running_bot(telegram_api, data_dir, runner):
        await user.send("/start")
        await user.send("/language")
        assert user.last_message.button_labels == [
            ENGLISH,
            FRENCH,
            DUTCH,
            RUSSIAN,
            QUICK_EXIT,
        ]
        await user.click(FRENCH)
    assert (user.last_message.text or "").startswith("» Français\n\n")


async def test_forget_erases_the_session(
    telegram_api: BotApiEmulator, data_dir: Path, runner: Runner
) -> None:
    """/forget deletes the stored session; a later button press starts afresh."""
    user = telegram_api.user(user_id=5550007, language_code="en")
    async with running_bot(telegram_api, data_dir, runner) as resources:
        await user.start_as(PERSON)
        store = await SqliteStore.open(resources.settings.database_path)
        assert await store.count() == 1
        await user.send("/forget")
        assert "erased" in (user.last_message.text or "")
        assert await store.count() == 0
        await store.close()


PRIVATE_CHATS = {"type": "all_private_chats"}


async def test_command_menu_is_published_for_private_chats(
    telegram_api: BotApiEmulator, data_dir: Path, runner: Runner
) -> None:
    """On start-up the bot tells Telegram its commands, so the menu of a private chat lists
    /forget; groups, where the guide stays silent, get no menu."""
    user = telegram_api.user(user_id=5550008)
    async with running_bot(telegram_api, data_dir, runner):
        await user.send("/help")
        await wait_until(
            lambda: telegram_api.commands(scope=PRIVATE_CHATS) is not None, "the menu is out"
        )
    names = [name for name, _ in telegram_api.commands(scope=PRIVATE_CHATS) or []]
    assert "forget" in names
    assert telegram_api.commands() is None, "no menu for every chat (groups included)"
    assert "/forget" in "\n".join(m.text or "" for m in user.messages)


async def test_menus_and_descriptions_are_published_in_each_language(
    telegram_api: BotApiEmulator, data_dir: Path, runner: Runner
) -> None:
    """French, Dutch and Russian clients see the command menu and the bot's description in
    their language; everyone else sees English."""
    async with running_bot(telegram_api, data_dir, runner):
        await wait_until(
            lambda: telegram_api.short_description("ru") is not None, "the last one is out"
        )
    default = dict(telegram_api.commands(scope=PRIVATE_CHATS) or [])
    assert default["forget"] == "Erase everything stored about you"
    for lang in ("fr", "nl", "ru"):
        menu = dict(telegram_api.commands(lang, scope=PRIVATE_CHATS) or [])
        assert set(menu) == set(default)
        assert menu["forget"] != default["forget"]
        assert telegram_api.description(lang) not in (None, telegram_api.description())
        assert telegram_api.short_description(lang) not in (
            None,
            telegram_api.short_description(),
        )
    assert "refugees in Belgium" in (telegram_api.description() or "")


async def test_menus_that_fail_at_start_up_follow_later_and_the_bot_answers_meanwhile(
    telegram_api: BotApiEmulator, data_dir: Path, runner: Runner
) -> None:
    """Telegram failing every call that publishes the menus (for longer than one request's
    retries) does not stop the bot: it answers at once, and the menus follow later."""
    telegram_api.fail_next("setMyCommands", *["bad_gateway"] * 8)
    user = telegram_api.user(user_id=5550011)
    async with running_bot(telegram_api, data_dir, runner):
        await user.send("/start")
        assert user.last_message.button_labels == list(FIRST_SCREEN)
        await wait_until(
            lambda: telegram_api.commands("ru", scope=PRIVATE_CHATS) is not None,
            "the menus are published after all",
        )
    assert telegram_api.pending_faults("setMyCommands") == 0


async def test_a_russian_client_is_answered_in_russian(
    telegram_api: BotApiEmulator, data_dir: Path, runner: Runner
) -> None:
    """Telegram's language_code ru-RU picks Russian from the first message on."""
    user = telegram_api.user(user_id=5550010, language_code="ru-RU")
    async with running_bot(telegram_api, data_dir, runner):
        await user.send("/start")
    assert "правовая информация" in (user.last_message.text or "").lower()
