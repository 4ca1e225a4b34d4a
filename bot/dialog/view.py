"""What the runner asks a channel to show: localized text and buttons, no markup.

Channels decide how to draw it: the Telegram adapter escapes text and turns titles into
``<b>``; the terminal numbers the buttons.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Style = Literal["plain", "title", "note"]

PHONE_SCREEN = 1000
"""Characters of text that fit one phone screen (about 20 lines of a chat bubble)."""


@dataclass(frozen=True)
class Paragraph:
    """One block of text."""

    text: str
    style: Style = "plain"


@dataclass(frozen=True)
class Button:
    """A button: its translated label and the callback data the runner will get back."""

    label: str
    data: str


@dataclass(frozen=True)
class Document:
    """A file to send (the case note): made on request, sent, never stored."""

    filename: str
    content: bytes
    caption: str


@dataclass(frozen=True)
class View:
    """One reply.

    ``echo`` is the line that repeats the answer just given ("» Yes", from the catalog),
    for the message whose button was pressed; ``replace`` asks the channel to redraw
    that message instead of sending a new one; ``toast`` is a short note (a callback
    answer on Telegram). ``erase`` asks the channel to delete the session;
    ``quick_exit`` also asks it to remove the messages it sent. ``document`` is a file
    to send with the view. ``screenful`` asks the channel to cut the text into messages
    of at most :data:`PHONE_SCREEN` characters, so that no message of a result is longer
    than one phone screen.
    """

    paragraphs: tuple[Paragraph, ...]
    keyboard: tuple[tuple[Button, ...], ...] = ()
    echo: str | None = None
    replace: bool = False
    toast: str | None = None
    preface: tuple[Paragraph, ...] = field(default=())
    erase: bool = False
    quick_exit: bool = False
    document: Document | None = None
    screenful: bool = False

    @property
    def buttons(self) -> tuple[Button, ...]:
        """All buttons, row after row."""
        return tuple(button for row in self.keyboard for button in row)

    def plain_text(self) -> str:
        """Text without any markup, paragraphs separated by blank lines."""
        return "\n\n".join(p.text for p in (*self.preface, *self.paragraphs))
