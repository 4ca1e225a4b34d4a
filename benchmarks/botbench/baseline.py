"""The baseline: a guided walk built the way python-telegram-bot's documentation shows.

``ConversationHandler`` with one state per question and a ``CallbackQueryHandler`` in
each (the shape of PTB's ``inlinekeyboard2.py`` example: answer the query, then edit the
pressed message into the next question), answers in ``context.user_data``, and for
persistence ``PicklePersistence`` with ``persistent=True`` and a ``name`` (the shape of
``persistentconversationbot.py``). Application defaults otherwise, as in the examples.

The walk has as many questions as a typical walk through the guide, with texts of a
similar size; at the end a result screen with a "Start over" button. The same handlers
without persistence are the floor: what python-telegram-bot itself costs per step.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ConversationHandler,
    PicklePersistence,
)

QUESTION_COUNT = 12
OPTIONS = (("yes", "Yes"), ("no", "No"), ("unknown", "I don't know"))
RESULT = QUESTION_COUNT
CONVERSATION = "walk"
FILLER = (
    "Answer with the buttons below. The answer decides which grounds for refusal may "
    "apply to the request, and which steps come next. If you are not sure, choose "
    "I don't know: the guide then shows what may apply."
)
RESULT_TEXT = "Grounds your answers point to\n\n" + "\n".join(
    f"• Ground {i}: Law of 9 December 2004, Art. {i} [C: confirmed]" for i in range(1, 13)
)


def question_text(index: int) -> str:
    return f"Question {index + 1} of {QUESTION_COUNT}: does point {index + 1} apply?\n\n{FILLER}"


def question_markup(index: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=value)] for value, label in OPTIONS]
    )


RESULT_MARKUP = InlineKeyboardMarkup([[InlineKeyboardButton("Start over", callback_data="r")]])


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """/start: forget earlier answers and ask the first question."""
    assert update.message is not None
    if context.user_data is not None:
        context.user_data.clear()
    await update.message.reply_text(question_text(0), reply_markup=question_markup(0))
    return 0


def answer_handler(index: int) -> Any:
    """The callback of question ``index``: keep the answer, edit into the next question."""

    async def answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
        query = update.callback_query
        assert query is not None
        assert context.user_data is not None
        await query.answer()
        context.user_data[f"q{index + 1:02d}"] = query.data
        if index + 1 < QUESTION_COUNT:
            await query.edit_message_text(
                question_text(index + 1), reply_markup=question_markup(index + 1)
            )
            return index + 1
        await query.edit_message_text(RESULT_TEXT, reply_markup=RESULT_MARKUP)
        return RESULT

    return answer


async def start_over(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """The result's "Start over" button."""
    query = update.callback_query
    assert query is not None
    await query.answer()
    if context.user_data is not None:
        context.user_data.clear()
    await query.edit_message_text(question_text(0), reply_markup=question_markup(0))
    return 0


def add_conversation(
    application: Application[Any, Any, Any, Any, Any, Any], persistent: bool
) -> None:
    states: dict[object, list[Any]] = {
        i: [CallbackQueryHandler(answer_handler(i))] for i in range(QUESTION_COUNT)
    }
    states[RESULT] = [CallbackQueryHandler(start_over)]
    application.add_handler(
        ConversationHandler(
            entry_points=[CommandHandler("start", start)],
            states=states,
            fallbacks=[CommandHandler("start", start)],
            name=CONVERSATION if persistent else None,
            persistent=persistent,
        )
    )


def finished_answers(rng: random.Random) -> dict[str, str]:
    """What ``user_data`` holds after a finished walk."""
    return {f"q{i + 1:02d}": rng.choice(OPTIONS)[0] for i in range(QUESTION_COUNT)}


def persistence(path: Path, update_interval: float) -> PicklePersistence[Any, Any, Any]:
    """PicklePersistence as the documentation's example makes it (one file)."""
    return PicklePersistence(filepath=path, update_interval=update_interval)
