"""Drawing a view in the terminal: wrapped text, numbered choices, a line of letter keys.

Buttons become numbered choices, except those the terminal offers as letters: "Why do we
ask?" and "Back" where the screen has them, and on every screen start over, quick exit
and quit (the key line under each screen, so that quick exit is always one key away).

A quick exit also clears the screen and the scrollback, where the terminal supports it,
so that the conversation cannot be scrolled back to. The sequence is that of ncurses'
``clear``: home, erase the screen, then erase the scrollback (ESC[3J, an xterm extension
most terminals follow). It comes last because some terminals (VTE) push the erased
screen into the scrollback. Written only when the output is a terminal: a pipe or a
file gets the plain neutral line, never escape codes.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TextIO

from bot.dialog.callback import Callback, Verb
from bot.dialog.view import Paragraph, View

WIDTH = 78
CLEAR_ALL = "\x1b[H\x1b[2J\x1b[3J"
PROMPT = "> "
LETTERS = {Verb.WHY: "?", Verb.BACK: "b"}
"""Buttons of a screen that the terminal offers as letters rather than numbers."""
AS_KEYS = frozenset({Verb.RESTART, Verb.QUICK_EXIT})
"""Buttons not drawn at all: the key line offers them on every screen."""


@dataclass
class Screen:
    """Writes to the terminal (or whatever ``out`` is) and flushes every line."""

    out: TextIO

    @property
    def is_terminal(self) -> bool:
        """Whether a person's terminal shows the output (not a pipe or a file)."""
        return self.out.isatty()

    def write(self, text: str = "") -> None:
        """One line."""
        self.out.write(text + "\n")
        self.out.flush()

    def prompt(self) -> None:
        """Ask for a line; the test driver knows the chat waits when output ends with it."""
        self.out.write(PROMPT)
        self.out.flush()

    def paragraph(self, paragraph: Paragraph) -> None:
        """A block of text, wrapped, then a blank line; titles in capitals."""
        text = paragraph.text
        if paragraph.style == "title":
            text = text.upper()
        elif paragraph.style == "note":
            text = f"({text})" if "\n" not in text else text
        for line in text.splitlines() or [""]:
            self.write(textwrap.fill(line, WIDTH) if line else "")
        self.write()

    def choices(self, labels: Sequence[str]) -> None:
        """Numbered choices, from 1."""
        for number, label in enumerate(labels, start=1):
            self.write(f"  {number}) {label}")

    def keys(self, pairs: Sequence[tuple[str, str]]) -> None:
        """Letter keys on one line: ``b) Back   x) Quick exit``."""
        if pairs:
            self.write("  " + "   ".join(f"{key}) {label}" for key, label in pairs))

    def view(self, view: View, always: Sequence[tuple[str, str]]) -> dict[str, str]:
        """Draw ``view`` with the ``always`` keys under it; which key presses which button."""
        for paragraph in (*view.preface, *view.paragraphs):
            self.paragraph(paragraph)
        keys: dict[str, str] = {}
        labels: list[str] = []
        letters: list[tuple[str, str]] = []
        for button in view.buttons:
            callback = Callback.unpack(button.data)
            verb = callback.verb if callback is not None else None
            if verb in AS_KEYS:
                continue
            letter = LETTERS.get(verb) if verb is not None else None
            if letter is None:
                labels.append(button.label)
                keys[str(len(labels))] = button.data
            else:
                letters.append((letter, button.label))
                keys[letter] = button.data
        self.choices(labels)
        self.keys(letters)
        self.keys(always)
        return keys

    def clear(self) -> None:
        """Clear the screen and its scrollback, if the output is a terminal."""
        if self.is_terminal:
            self.out.write(CLEAR_ALL)
            self.out.flush()
