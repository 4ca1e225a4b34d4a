"""The one path every Telegram update takes: key, lock, step (one durable write), draw.

The handlers (:mod:`bot.channels.telegram_handlers`) only turn an update into an
:class:`~bot.dialog.events.Event`; everything after that is here, so that each kind of
update is stored, replayed and drawn by the same rules.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.channels.telegram_context import CHANNEL, guide_of, lost_of, message_id, unsaved_of
from bot.channels.telegram_draw import answer_quietly, draw, send
from bot.channels.telegram_quick_exit import quick_exit
from bot.dialog.events import Event


async def dispatch(update: Update, context: ContextTypes.DEFAULT_TYPE, event: Event) -> None:
    """Key, lock, step (one durable write), draw.

    The step is stored with this update's id and the message ids learnt since the last
    write (this update's message, the replies sent since) before anything is sent; the
    ids of this step's replies wait in memory for the next write. An update already applied
    (Telegram delivers it again after a crash) changes nothing: the last one applied
    gets the current screen as a new message (its reply may never have gone out), an
    older one only has its callback query answered, so no spinner is left turning.
    """
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:
        return
    guide = guide_of(context)
    key = guide.key(CHANNEL, user.id)
    unsaved = unsaved_of(context)
    async with guide.session(key):
        incoming = message_id(update)
        if incoming is not None:  # a point on the bot's id counter (lost_sends)
            lost_of(context).seen(incoming)
        learnt = (*unsaved.pending(key), *(() if incoming is None else (incoming,)))
        step = await guide.step(
            key, event, user.language_code, update_id=update.update_id, message_ids=learnt
        )
        if step.erased:
            unsaved.forget(key)
            if not step.view or not step.view.quick_exit:  # a quick exit uses them first
                lost_of(context).forget(key)
        elif not step.replay:
            unsaved.saved(key, learnt)
        if step.view is None:
            if update.callback_query is not None:
                await answer_quietly(update.callback_query)
            return
        if step.erased and step.view.quick_exit:
            await quick_exit(update, context, chat.id, step, key)
            return
        if step.replay:  # the pressed message is left as it is: it may show the answer
            if update.callback_query is not None:
                await answer_quietly(update.callback_query)
            await send(context, chat.id, step.view, key)
            return
        await draw(update, context, chat.id, step.view, key)
