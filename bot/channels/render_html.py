"""Draw a view as Telegram HTML, split into messages that fit Telegram's limits.

Telegram counts a message's length after entities are parsed, in UTF-16 code units, and
refuses more than 4096. Paragraphs are kept whole where possible; a paragraph too long on
its own is cut at line, then word, boundaries.

Every text the bot sends is HTML (the Application's default parse mode), drawn here:
a one-line notice goes through :func:`paragraph_html` like a screen, so a translation
holding ``<`` or ``&`` arrives as written, never as ``&lt;`` or as broken markup.
"""

from __future__ import annotations

import html

from telegram.constants import MessageLimit

from bot.dialog.view import Paragraph

MAX_MESSAGE: int = MessageLimit.MAX_TEXT_LENGTH
SAFE_MESSAGE = MAX_MESSAGE - 96
"""Kept a little under Telegram's limit, so that no message sits right at its edge."""


def visible_length(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units of the visible text."""
    return len(text.encode("utf-16-le")) // 2


def paragraph_html(paragraph: Paragraph) -> str:
    """One paragraph as escaped HTML with its style."""
    body = html.escape(paragraph.text, quote=False)
    if paragraph.style == "title":
        return f"<b>{body}</b>"
    if paragraph.style == "note":
        return f"<i>{body}</i>"
    return body


def _cut(paragraph: Paragraph, limit: int) -> list[Paragraph]:
    if visible_length(paragraph.text) <= limit:
        return [paragraph]
    pieces: list[str] = []
    current = ""
    for word in paragraph.text.replace("\n", "\n ").split(" "):
        candidate = f"{current} {word}" if current else word
        if visible_length(candidate) > limit and current:
            pieces.append(current)
            current = word
        else:
            current = candidate
    if current:
        pieces.append(current)
    return [Paragraph(piece.replace("\n ", "\n"), paragraph.style) for piece in pieces]


def split_messages(paragraphs: tuple[Paragraph, ...], limit: int = SAFE_MESSAGE) -> list[str]:
    """HTML messages, each within ``limit`` visible characters, tags balanced in each."""
    messages: list[str] = []
    parts: list[str] = []
    size = 0
    for whole in paragraphs:
        for paragraph in _cut(whole, limit):
            length = visible_length(paragraph.text)
            extra = length + (2 if parts else 0)
            if parts and size + extra > limit:
                messages.append("\n\n".join(parts))
                parts, size = [], 0
                extra = length
            parts.append(paragraph_html(paragraph))
            size += extra
    if parts:
        messages.append("\n\n".join(parts))
    return messages or [""]
