"""A conversation driver over the Bot API emulator, so tests read like a chat.

    user = telegram_api.user(user_id=42, first_name="Ana", language_code="fr")
    await user.send("/start")
    assert user.last_message.button_labels == ["Person concerned", "Advocate"]
    await user.click("Advocate")

Every action waits until the bot has finished reacting:

1. the update has been handed out by a getUpdates response (with a webhook: the bot
   answered its POST with 2xx, which the bot does once it has handled the update), then
2. the bot has made at least one API call in this chat since the action
   (``expect_reply=False`` skips this; for a click the *answer* to the
   callback query is what is awaited, unless ``expect_answer=False``), then
3. no API call for this chat has been in flight or started for
   ``settle_time`` seconds (0.15 s by default), counted from the moment the bot's
   per-chat pacing would let it send again, when that is later (a bot that paces a chat
   at one message a second after a burst may be holding the next message back; the
   emulator's ``pacing`` mirrors that from the calls it saw). After a click that the bot
   has so far only answered, the quiet needed is ``ANSWER_ONLY_GRACE`` (1 s): the bot
   answers a press before it draws, and a loaded machine can stretch that gap.
4. no call in this chat that Telegram answered 502 still waits for the bot's retry (the
   emulator's ``retries``): the bot sends it again after a backoff longer than
   ``settle_time``, so a quiet chat is not yet a finished one.

If that does not happen in time (the user's ``timeout``, 30 s by default, or
the ``within=`` argument of the call) an
``AssertionError`` says which step failed and lists the requests the
emulator rejected meanwhile. Work the bot does later than ``settle_time``
after its last call (timers, job queues) is not awaited; call
``await user.settle()`` or poll ``user.messages`` for that.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tests.support.telegram_emulator import BotApiEmulator

__all__ = ["BotMessage", "ChatUser", "SentDocument"]

ANSWER_ONLY_GRACE = 1.0
"""Seconds of quiet after a click that the bot has only answered before the driver takes
the answer as the whole reaction (a stale or group press gets no reply)."""

Button = tuple[str, str | None]


@dataclass(frozen=True)
class BotMessage:
    """A snapshot of one bot message as it currently stands in the chat."""

    message_id: int
    chat_id: int
    #: Plain text (after HTML parsing, trimmed), or a document's caption.
    text: str | None
    #: The text exactly as the bot sent it (HTML source when parse_mode=HTML).
    html: str | None
    parse_mode: str | None
    entities: list[dict[str, Any]] = field(default_factory=list)
    reply_markup: dict[str, Any] | None = None
    #: Inline keyboard rows of (label, callback_data); data is None for URL buttons.
    buttons: list[list[Button]] = field(default_factory=list)
    edited: bool = False
    is_document: bool = False

    @property
    def button_labels(self) -> list[str]:
        """All inline button labels, row by row."""
        return [label for row in self.buttons for label, _data in row]

    @property
    def screen(self) -> str | None:
        """The text without the first line echoing the answer that led here ("» Yes")."""
        if self.text is not None and self.text.startswith("» "):
            return self.text.partition("\n\n")[2]
        return self.text

    @property
    def button_data(self) -> dict[str, str | None]:
        """Label -> callback_data for every inline button."""
        return {label: data for row in self.buttons for label, data in row}


@dataclass(frozen=True)
class SentDocument:
    """A document the bot sent: what the user would download."""

    message_id: int
    filename: str
    content: bytes
    mime_type: str
    caption: str | None
    deleted: bool = False


class ChatUser:
    """One Telegram user in a private chat with the bot; its chat id is its user id."""

    def __init__(
        self,
        emulator: BotApiEmulator,
        profile: dict[str, Any],
        *,
        settle_time: float,
        timeout: float,
    ) -> None:
        self._emulator = emulator
        self.profile = dict(profile)
        self.settle_time = settle_time
        self.timeout = timeout
        self.last_update_id: int | None = None
        self.last_query_id: str | None = None
        #: The id of the last message the user sent (to edit it).
        self.last_sent_id: int | None = None

    def __repr__(self) -> str:
        return f"<ChatUser id={self.id}>"

    @property
    def id(self) -> int:
        return int(self.profile["id"])

    @property
    def chat_id(self) -> int:
        return self.id

    # ------------------------------------------------------------------ what the user sees

    @property
    def messages(self) -> list[BotMessage]:
        """The bot's messages now in the chat, oldest first (edits applied, deletions gone)."""
        return self._emulator.messages(self.chat_id)

    @property
    def last_message(self) -> BotMessage:
        """The bot's most recent message still in the chat."""
        messages = self.messages
        if not messages:
            raise AssertionError(f"the bot has no message in chat {self.chat_id}")
        return messages[-1]

    @property
    def documents(self) -> list[SentDocument]:
        """Documents the bot sent to this chat, oldest first."""
        return self._emulator.documents(self.chat_id)

    @property
    def taps(self) -> int:
        """How many buttons this user has pressed in the chat so far."""
        return self._emulator.taps(self.chat_id)

    @property
    def last_callback_answer(self) -> dict[str, Any] | None:
        """How the bot answered the last click: {"text": ..., "show_alert": ...}."""
        if self.last_query_id is None:
            return None
        return self._emulator.callback_answer(self.last_query_id)

    # ------------------------------------------------------------------ actions

    async def send(
        self, text: str, *, expect_reply: bool = True, within: float | None = None
    ) -> None:
        """Send a text message (commands carry a ``bot_command`` entity) and wait."""
        baseline = self._emulator._activity_count(self.chat_id)
        message = self._emulator._user_message(self.profile, text)
        await self._deliver("message", message, f"message {text!r}", baseline, expect_reply, within)

    async def send_content(
        self, content: dict[str, Any], *, expect_reply: bool = True, within: float | None = None
    ) -> None:
        """Send a message that is not text: a sticker, a voice note, a photo, a document
        (``content`` holds its fields as the Bot API gives them, e.g. ``{"sticker": {...}}``),
        and wait as :meth:`send` does."""
        baseline = self._emulator._activity_count(self.chat_id)
        message = self._emulator._user_content(self.profile, content)
        what = f"message with {sorted(content)}"
        await self._deliver("message", message, what, baseline, expect_reply, within)

    async def edit(
        self, message_id: int, text: str, *, expect_reply: bool = True, within: float | None = None
    ) -> None:
        """Edit a message the user sent earlier (an ``edited_message`` update), and wait."""
        baseline = self._emulator._activity_count(self.chat_id)
        message = self._emulator._user_edit(self.profile, message_id, text)
        what = f"edit of message {message_id} to {text!r}"
        await self._deliver("edited_message", message, what, baseline, expect_reply, within)

    async def _deliver(
        self,
        kind: str,
        message: dict[str, Any],
        what: str,
        baseline: int,
        expect_reply: bool,
        within: float | None,
    ) -> None:
        if kind == "message":
            self.last_sent_id = int(message["message_id"])
        update_id = self._emulator._enqueue({kind: message}, self.chat_id)
        self.last_update_id = update_id
        await self._wait(
            update_id,
            what,
            baseline=baseline,
            expect_reply=expect_reply,
            query_id=None,
            within=within,
        )

    async def start_as(self, role: str, *, within: float | None = None) -> None:
        """/start, then ``role`` on the first screen: the welcome, the privacy notice and
        the role question are one screen, and choosing a role is the consent."""
        await self.send("/start", within=within)
        await self.click(role, within=within)

    async def click(
        self,
        label: str,
        *,
        expect_answer: bool = True,
        expect_reply: bool = True,
        within: float | None = None,
    ) -> None:
        """Press an inline button on the newest bot message that has an inline keyboard."""
        with_keyboard = [m for m in self.messages if m.buttons]
        if not with_keyboard:
            raise AssertionError(
                f"cannot click {label!r}: no bot message in chat {self.chat_id} "
                "has an inline keyboard"
            )
        await self.click_on(
            with_keyboard[-1],
            label,
            expect_answer=expect_answer,
            expect_reply=expect_reply,
            within=within,
        )

    async def click_on(
        self,
        message: BotMessage | int,
        label: str,
        *,
        expect_answer: bool = True,
        expect_reply: bool = True,
        within: float | None = None,
    ) -> None:
        """Press an inline button on a given (possibly older) bot message."""
        message_id = message if isinstance(message, int) else message.message_id
        current = self._emulator._message_view(self.chat_id, message_id)
        if current is None:
            raise AssertionError(
                f"cannot click {label!r}: message {message_id} is not in chat {self.chat_id}"
            )
        label_found, data = _pick_button(current, label)
        if data is None:
            raise AssertionError(
                f"button {label_found!r} has no callback_data (a URL or other button); "
                "pressing it sends no update to the bot"
            )
        baseline = self._emulator._activity_count(self.chat_id)
        replies = self._emulator._reply_count(self.chat_id) if expect_reply else None
        query_id, update_id = self._emulator._callback_update(self.profile, message_id, data)
        self.last_query_id = query_id
        self.last_update_id = update_id
        await self._wait(
            update_id,
            f"click on {label_found!r} (callback_data {data!r})",
            baseline=baseline,
            expect_reply=expect_reply or expect_answer,
            query_id=query_id if expect_answer else None,
            within=within,
            replies=replies,
        )

    def send_only(self, text: str) -> int:
        """Send a text message without waiting for anything; return its update id (for
        load tests, which wait on conditions of their own)."""
        message = self._emulator._user_message(self.profile, text)
        self.last_sent_id = int(message["message_id"])
        self.last_update_id = self._emulator._enqueue({"message": message}, self.chat_id)
        return self.last_update_id

    def press_only(self, message: BotMessage, label: str) -> int:
        """Press a button without waiting for anything; return the update id."""
        _, data = _pick_button(message, label)
        if data is None:
            raise AssertionError(f"button {label!r} sends no update to the bot")
        query_id, update_id = self._emulator._callback_update(
            self.profile, message.message_id, data
        )
        self.last_query_id, self.last_update_id = query_id, update_id
        return update_id

    async def redeliver_last(
        self,
        *,
        same_update_id: bool = False,
        expect_reply: bool = True,
        within: float | None = None,
    ) -> int:
        """Deliver this user's last update again (idempotence tests); return its new id.

        A redelivered click carries the same callback query id; if the bot had
        answered it, answering again is rejected exactly as Telegram does.
        """
        if self.last_update_id is None:
            raise AssertionError("this user has not sent anything yet")
        baseline = self._emulator._activity_count(self.chat_id)
        update_id = self._emulator.redeliver(self.last_update_id, same_update_id=same_update_id)
        await self._wait(
            update_id,
            f"redelivery of update {self.last_update_id}",
            baseline=baseline,
            expect_reply=expect_reply,
            query_id=None,
            within=within,
        )
        return update_id

    async def settle(self, settle_time: float | None = None) -> None:
        """Wait until the bot's API activity in this chat has been quiet for a while."""
        quiet = self.settle_time if settle_time is None else settle_time
        deadline = time.monotonic() + self.timeout
        while True:
            with self._emulator._locked():
                activity = self._emulator._activity.get(self.chat_id)
                inflight = activity.inflight if activity else 0
                last_at = max(activity.last_at, activity.next_slot) if activity else 0.0
                retry_due = activity.retry_due if activity else 0.0
            now = time.monotonic()
            if inflight == 0 and now >= retry_due and now - last_at >= quiet:
                return
            if now >= deadline:
                raise AssertionError(
                    f"the bot's activity in chat {self.chat_id} did not settle "
                    f"within {self.timeout} s"
                )
            await asyncio.sleep(0.01)  # condition: polled until the chat settles

    # ------------------------------------------------------------------ waiting

    async def _wait(
        self,
        update_id: int,
        what: str,
        *,
        baseline: int,
        expect_reply: bool,
        query_id: str | None,
        within: float | None,
        replies: int | None = None,
    ) -> None:
        """Wait for the bot to finish reacting (module docstring). ``replies``: for a
        click, how many replies the chat had before it. While the bot has only answered
        the press, a quiet of ANSWER_ONLY_GRACE is needed, not settle_time: the bot
        answers a press before it draws the next screen, and on a loaded machine the gap
        between the two can be longer than settle_time."""
        limit = self.timeout if within is None else within
        rejections_before = len(self._emulator.rejections)
        started = time.monotonic()
        deadline = started + limit
        while True:
            update, activity = self._emulator._progress(update_id, self.chat_id)
            if update.dropped is not None:
                raise AssertionError(
                    f"{what} (update {update_id}) never reached the bot: {update.dropped}"
                )
            answered = query_id is None or self._emulator._query_answered(query_id)
            now = time.monotonic()
            delivered = update.fetched_at is not None and (
                update.confirmed or not self._emulator.webhook_active
            )
            if delivered:
                reacted = activity.count > baseline or not expect_reply
                quiet_since = max(update.fetched_at, activity.last_at, activity.next_slot)
                settle = self.settle_time
                if replies is not None and activity.replies == replies:
                    settle = max(settle, ANSWER_ONLY_GRACE)  # only the press answered yet
                idle = activity.inflight == 0 and now >= activity.retry_due
                if reacted and answered and idle and now - quiet_since >= settle:
                    return
            if now >= deadline:
                raise AssertionError(
                    self._explain(
                        what,
                        update_id,
                        update.fetched_at,
                        activity,
                        baseline,
                        expect_reply,
                        answered,
                        limit,
                        rejections_before,
                    )
                )
            await asyncio.sleep(0.01)  # condition: polled until the update is handled

    def _explain(
        self,
        what: str,
        update_id: int,
        fetched_at: float | None,
        activity: Any,
        baseline: int,
        expect_reply: bool,
        answered: bool,
        limit: float,
        rejections_before: int,
    ) -> str:
        head = f"timed out after {limit} s waiting for the bot to react to {what}: "
        webhook = self._emulator.webhook_url()
        if fetched_at is None and webhook is None:
            reason = (
                f"update {update_id} was never fetched by getUpdates "
                f"(is the bot polling {self._emulator.base_url}?)"
            )
        elif (
            webhook is not None
            and not self._emulator._progress(update_id, self.chat_id)[0].confirmed
        ):
            statuses = [d.status for d in self._emulator.deliveries if d.update_id == update_id]
            reason = (
                f"update {update_id} was not accepted by the webhook {webhook} "
                f"(answers so far: {statuses}, 0 meaning none)"
            )
        elif not answered:
            reason = (
                "the bot never answered the callback query (Telegram would keep showing "
                "a spinner); pass expect_answer=False if that is intended"
            )
        elif expect_reply and activity.count <= baseline:
            reason = f"the bot made no API call in chat {self.chat_id} after fetching it"
        elif activity.retry_due > time.monotonic():
            reason = f"a call in chat {self.chat_id} answered 502 was never tried again"
        else:
            reason = (
                f"the bot's API activity in chat {self.chat_id} never stayed quiet for "
                f"{self.settle_time} s"
            )
        rejected = self._emulator.rejections[rejections_before:]
        if rejected:
            reason += "; rejected meanwhile: " + "; ".join(f"{m}: {d}" for m, d in rejected)
        return head + reason


def _pick_button(message: BotMessage, label: str) -> tuple[str, str | None]:
    buttons = [button for row in message.buttons for button in row]
    exact = [b for b in buttons if b[0] == label]
    if len(exact) == 1:
        return exact[0]
    labels = [b[0] for b in buttons]
    if len(exact) > 1:
        raise AssertionError(
            f"several buttons are labelled {label!r} on message {message.message_id}: {labels}"
        )
    partial = [b for b in buttons if label.casefold() in b[0].casefold()]
    if len(partial) == 1:
        return partial[0]
    if partial:
        raise AssertionError(
            f"{label!r} matches several buttons on message {message.message_id}: "
            f"{[b[0] for b in partial]}"
        )
    raise AssertionError(
        f"no button {label!r} on message {message.message_id}; available: {labels}"
    )
