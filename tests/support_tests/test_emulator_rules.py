"""The emulator rejects what Telegram rejects, with Telegram's descriptions."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest

from tests.support.telegram_emulator import NOT_MODIFIED, QUERY_TOO_OLD, BotApiEmulator
from tests.support_tests._helpers import CHAT

Call = Callable[[Bot], Awaitable[Any]]


def _keyboard(*buttons: InlineKeyboardButton) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([list(buttons)])


async def _expect_rejection(
    emulator: BotApiEmulator, bot: Bot, call: Call, method: str, description: str
) -> None:
    with pytest.raises(BadRequest) as info:
        await call(bot)
    assert emulator.take_rejections() == [(method, description)]
    # PTB strips "Bad Request: " and capitalises the rest.
    assert info.value.message.lower() == description.removeprefix("Bad Request: ").lower()


SEND_REJECTIONS: list[tuple[str, Call, str]] = [
    ("empty text", lambda b: b.send_message(CHAT, ""), "Bad Request: message text is empty"),
    (
        "whitespace-only text",
        lambda b: b.send_message(CHAT, " \n "),
        "Bad Request: message text is empty",
    ),
    (
        "HTML that renders to nothing",
        lambda b: b.send_message(CHAT, "<b> </b>", parse_mode="HTML"),
        "Bad Request: message text is empty",
    ),
    (
        "4097 characters",
        lambda b: b.send_message(CHAT, "x" * 4097),
        "Bad Request: message is too long",
    ),
    (
        "2049 emoji = 4098 UTF-16 units",
        lambda b: b.send_message(CHAT, "😀" * 2049),
        "Bad Request: message is too long",
    ),
    (
        "empty callback_data",
        lambda b: b.send_message(
            CHAT, "x", reply_markup=_keyboard(InlineKeyboardButton("A", callback_data=""))
        ),
        "Bad Request: BUTTON_DATA_INVALID",
    ),
    (
        "65-byte callback_data (33 two-byte characters)",
        lambda b: b.send_message(
            CHAT, "x", reply_markup=_keyboard(InlineKeyboardButton("A", callback_data="é" * 33))
        ),
        "Bad Request: BUTTON_DATA_INVALID",
    ),
    (
        "empty button text",
        lambda b: b.send_message(
            CHAT, "x", reply_markup=_keyboard(InlineKeyboardButton("", callback_data="a"))
        ),
        "Bad Request: BUTTON_TEXT_INVALID",
    ),
    (
        "reply_markup that is not JSON",
        lambda b: b.do_api_request(
            "sendMessage", api_kwargs={"chat_id": CHAT, "text": "x", "reply_markup": "{oops"}
        ),
        "Bad Request: can't parse reply keyboard markup JSON object",
    ),
    (
        "inline button without an action",
        lambda b: b.do_api_request(
            "sendMessage",
            api_kwargs={
                "chat_id": CHAT,
                "text": "x",
                "reply_markup": '{"inline_keyboard": [[{"text": "A"}]]}',
            },
        ),
        "Bad Request: can't parse inline keyboard button: "
        "Text buttons are unallowed in the inline keyboard",
    ),
    ("unknown chat", lambda b: b.send_message(999, "x"), "Bad Request: chat not found"),
    (
        "unsupported tag",
        lambda b: b.send_message(CHAT, "line<br>break", parse_mode="HTML"),
        'Bad Request: can\'t parse entities: Unsupported start tag "br" at byte offset 4',
    ),
    (
        "bare <",
        lambda b: b.send_message(CHAT, "1 < 2", parse_mode="HTML"),
        'Bad Request: can\'t parse entities: Unsupported start tag "" at byte offset 2',
    ),
    (
        "misnested tags",
        lambda b: b.send_message(CHAT, "<b><i>x</b></i>", parse_mode="HTML"),
        "Bad Request: can't parse entities: Unmatched end tag at byte offset 7, "
        'expected "</i>", found "</b>"',
    ),
    (
        "unclosed tag",
        lambda b: b.send_message(CHAT, "<b>bold", parse_mode="HTML"),
        "Bad Request: can't parse entities: Can't find end tag corresponding to start tag \"b\"",
    ),
    (
        "end tag without start",
        lambda b: b.send_message(CHAT, "x</b>", parse_mode="HTML"),
        "Bad Request: can't parse entities: Unexpected end tag at byte offset 1",
    ),
    (
        "bare &",
        lambda b: b.send_message(CHAT, "Tom & Jerry", parse_mode="HTML"),
        'Bad Request: can\'t parse entities: Character "&" at byte offset 4 must be escaped '
        'as "&amp;" (the Bot API requires it outside of an HTML entity)',
    ),
    (
        "unknown named entity",
        lambda b: b.send_message(CHAT, "&nbsp;", parse_mode="HTML"),
        'Bad Request: can\'t parse entities: Character "&" at byte offset 0 must be escaped '
        'as "&amp;" (the Bot API requires it outside of an HTML entity)',
    ),
    (
        "span without the spoiler class",
        lambda b: b.send_message(CHAT, "<span>x</span>", parse_mode="HTML"),
        'Bad Request: can\'t parse entities: Tag "span" must have class "tg-spoiler" '
        "at byte offset 0",
    ),
    (
        "caption over 1024",
        lambda b: b.send_document(CHAT, b"data", filename="a.txt", caption="c" * 1025),
        "Bad Request: message caption is too long",
    ),
    (
        "empty document",
        lambda b: b.send_document(CHAT, b"", filename="a.txt"),
        "Bad Request: file must be non-empty",
    ),
]


@pytest.mark.filterwarnings("ignore:Please use 'Bot.sendMessage'")
@pytest.mark.parametrize(
    ("call", "description"),
    [pytest.param(call, desc, id=name) for name, call, desc in SEND_REJECTIONS],
)
async def test_send_rejections(
    emulator: BotApiEmulator, bot: Bot, call: Call, description: str
) -> None:
    """Telegram answers 400 with this description, and PTB raises BadRequest with it."""
    method = "sendDocument" if "caption" in description or "file" in description else "sendMessage"
    await _expect_rejection(emulator, bot, call, method, description)


async def test_valid_rich_message_passes(emulator: BotApiEmulator, bot: Bot) -> None:
    """Every supported tag and entity is accepted and turned into Telegram's entities."""
    html = (
        "<b>b</b><strong>s</strong><i>i</i><em>e</em><u>u</u><ins>n</ins><s>s</s>"
        "<strike>k</strike><del>d</del><tg-spoiler>p</tg-spoiler>"
        '<span class="tg-spoiler">q</span><a href="https://example.org/?a=1&amp;b=2">l</a>'
        '<code>c</code><pre><code class="language-python">x = 1</code></pre>'
        "<blockquote>quote</blockquote><blockquote expandable>more</blockquote>"
        '<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>'
        " &lt;&gt;&amp;&quot;&#65;&#x42;"
    )
    keyboard = _keyboard(
        InlineKeyboardButton("Yes", callback_data="é" * 32),
        InlineKeyboardButton("Site", url="https://example.org"),
    )
    message = await bot.send_message(CHAT, html, parse_mode="HTML", reply_markup=keyboard)
    assert emulator.rejections == []
    assert message.text == 'bsieunskdpqlcx = 1quotemore👍 <>&"AB'
    types = [entity.type for entity in message.entities]
    assert "pre" in types
    assert "expandable_blockquote" in types
    assert "custom_emoji" in types
    assert next(e for e in message.entities if e.type == "pre").language == "python"
    assert message.reply_markup == keyboard
    assert emulator.messages(CHAT)[-1].html == html


async def test_length_counts_utf16_after_entity_parsing(emulator: BotApiEmulator, bot: Bot) -> None:
    """Telegram counts 4096 UTF-16 units of the rendered text, not of the HTML source."""
    await bot.send_message(CHAT, "😀" * 2048)
    await bot.send_message(CHAT, "<b>" + "a" * 4096 + "</b>", parse_mode="HTML")
    await bot.send_message(CHAT, "&amp;" * 4096, parse_mode="HTML")
    assert emulator.rejections == []


async def test_edit_with_identical_content_is_not_modified(
    emulator: BotApiEmulator, bot: Bot
) -> None:
    """Editing to the same text, entities and keyboard is refused as 'message is not modified'."""
    keyboard = _keyboard(InlineKeyboardButton("A", callback_data="a"))
    message = await bot.send_message(CHAT, "<b>Hi</b>", parse_mode="HTML", reply_markup=keyboard)

    async def same_text(b: Bot) -> Any:
        return await b.edit_message_text(
            "<b>Hi</b>", CHAT, message.message_id, parse_mode="HTML", reply_markup=keyboard
        )

    async def same_markup(b: Bot) -> Any:
        return await b.edit_message_reply_markup(CHAT, message.message_id, reply_markup=keyboard)

    await _expect_rejection(emulator, bot, same_text, "editMessageText", NOT_MODIFIED)
    await _expect_rejection(emulator, bot, same_markup, "editMessageReplyMarkup", NOT_MODIFIED)
    # Same text without a keyboard *is* a change: the keyboard goes away, as on Telegram.
    edited = await bot.edit_message_text("<b>Hi</b>", CHAT, message.message_id, parse_mode="HTML")
    assert isinstance(edited, object)
    assert emulator.messages(CHAT)[-1].buttons == []
    assert emulator.messages(CHAT)[-1].edited


async def test_edit_and_delete_missing_messages(emulator: BotApiEmulator, bot: Bot) -> None:
    """Editing or deleting a message that is gone or in another chat is refused."""
    other = emulator.user(77, "Other")
    message = await bot.send_message(CHAT, "hello")

    async def edit_elsewhere(b: Bot) -> Any:
        return await b.edit_message_text("new", other.chat_id, message.message_id)

    async def delete_missing(b: Bot) -> Any:
        return await b.delete_message(CHAT, 9999)

    await _expect_rejection(
        emulator, bot, edit_elsewhere, "editMessageText", "Bad Request: message to edit not found"
    )
    await _expect_rejection(
        emulator, bot, delete_missing, "deleteMessage", "Bad Request: message to delete not found"
    )
    assert await bot.delete_message(CHAT, message.message_id)

    async def edit_deleted(b: Bot) -> Any:
        return await b.edit_message_text("new", CHAT, message.message_id)

    await _expect_rejection(
        emulator, bot, edit_deleted, "editMessageText", "Bad Request: message to edit not found"
    )
    assert emulator.messages(CHAT) == []


async def test_delete_messages_skips_missing_ones(emulator: BotApiEmulator, bot: Bot) -> None:
    """deleteMessages deletes what exists and silently skips unknown identifiers."""
    first = await bot.send_message(CHAT, "one")
    second = await bot.send_message(CHAT, "two")
    kept = await bot.send_message(CHAT, "three")
    assert await bot.delete_messages(CHAT, [first.message_id, second.message_id, 12345])
    assert [m.message_id for m in emulator.messages(CHAT)] == [kept.message_id]
    assert emulator.rejections == []


async def test_one_message_counter_for_all_chats(emulator: BotApiEmulator, bot: Bot) -> None:
    """As on Telegram, a bot's messages in different private chats share one counter, and
    deleteMessages in one chat skips the ids of another's messages."""
    elsewhere = CHAT + 1
    emulator.user(elsewhere, "Ben")
    mine = await bot.send_message(CHAT, "one")
    theirs = await bot.send_message(elsewhere, "two")
    again = await bot.send_message(CHAT, "three")
    assert (mine.message_id, theirs.message_id, again.message_id) == (1, 2, 3)
    assert await bot.delete_messages(CHAT, [1, 2, 3])
    assert emulator.messages(CHAT) == []
    assert [m.text for m in emulator.messages(elsewhere)] == ["two"], "another chat's id"
    assert emulator.rejections == []


async def test_per_chat_numbering_on_request() -> None:
    """``shared_message_counter=False`` numbers each chat from 1."""
    with BotApiEmulator(shared_message_counter=False) as emulator:
        emulator.user(CHAT, "Ana")
        emulator.user(CHAT + 1, "Ben")
        async with Bot(
            emulator.token, base_url=emulator.api_base_url, base_file_url=emulator.file_base_url
        ) as bot:
            first = await bot.send_message(CHAT, "one")
            second = await bot.send_message(CHAT + 1, "two")
    assert (first.message_id, second.message_id) == (1, 1)


async def test_callback_query_answers(emulator: BotApiEmulator, bot: Bot) -> None:
    """A callback query can be answered once; unknown or repeated answers are refused."""
    user = emulator.user(CHAT, "Ana")
    await bot.send_message(
        CHAT, "pick", reply_markup=_keyboard(InlineKeyboardButton("A", callback_data="a"))
    )
    message_id = emulator.messages(CHAT)[0].message_id
    query_id, _update = emulator._callback_update(user.profile, message_id, "a")
    assert [q.id for q in emulator.unanswered_callback_queries()] == [query_id]

    async def answer(b: Bot) -> Any:
        return await b.answer_callback_query(query_id, text="ok")

    assert await answer(bot)
    assert emulator.unanswered_callback_queries() == []
    assert emulator.callback_answer(query_id) == {"text": "ok", "show_alert": False}
    await _expect_rejection(emulator, bot, answer, "answerCallbackQuery", QUERY_TOO_OLD)

    async def unknown(b: Bot) -> Any:
        return await b.answer_callback_query("123")

    await _expect_rejection(emulator, bot, unknown, "answerCallbackQuery", QUERY_TOO_OLD)


async def test_bot_commands_and_descriptions_are_stored(emulator: BotApiEmulator, bot: Bot) -> None:
    """setMyCommands is stored per scope and language; descriptions per language."""
    from telegram import BotCommandScopeAllPrivateChats

    await bot.set_my_commands([("start", "Start"), ("help", "Help")])
    await bot.set_my_commands([("start", "Démarrer")], language_code="fr")
    await bot.set_my_commands(
        [("start", "Begin")], scope=BotCommandScopeAllPrivateChats(), language_code="en"
    )
    await bot.set_my_description("Long description", language_code="nl")
    await bot.set_my_short_description("Short", language_code="ru")
    assert emulator.commands() == [("start", "Start"), ("help", "Help")]
    assert emulator.commands("fr") == [("start", "Démarrer")]
    assert emulator.commands("en", scope={"type": "all_private_chats"}) == [("start", "Begin")]
    assert emulator.commands("nl") is None
    assert [c.command for c in await bot.get_my_commands(language_code="fr")] == ["start"]
    assert emulator.description("nl") == "Long description"
    assert emulator.short_description("ru") == "Short"
    assert (await bot.get_my_short_description("ru")).short_description == "Short"

    async def bad_command(b: Bot) -> Any:
        return await b.set_my_commands([("Start", "Capitalised")])

    await _expect_rejection(
        emulator, bot, bad_command, "setMyCommands", "Bad Request: BOT_COMMAND_INVALID"
    )
