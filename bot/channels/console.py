"""The terminal chat: the same conversation as the bot, with numbered choices.

Keys: a number picks a choice, ``?`` explains why we ask, ``b`` goes back, ``r`` starts
over, ``q`` quits. It also reads from a pipe, which is how the tests drive it. The case
note is not printed: it is written to a file the person names, readable by them only.
"""

from __future__ import annotations

import os
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from bot.dialog.callback import Callback, Verb
from bot.dialog.events import Back, Current, Event, Press, Restart, Start
from bot.dialog.view import Document, Paragraph, View
from bot.guide import Guide
from bot.i18n import LANGUAGES, Translator, get_translator

CHANNEL = "console"
LOCAL_USER = "local"
WIDTH = 78
NAV_KEYS = {Verb.WHY: "?", Verb.BACK: "b", Verb.RESTART: "r"}
"""Buttons the terminal offers as letter keys beside the numbered choices."""


@dataclass
class Console:
    """Reads lines from ``stdin`` and writes the conversation to ``stdout``."""

    guide: Guide
    stdin: TextIO
    stdout: TextIO

    def _write(self, text: str = "") -> None:
        self.stdout.write(text + "\n")
        self.stdout.flush()

    def _paragraph(self, paragraph: Paragraph) -> None:
        text = paragraph.text
        if paragraph.style == "title":
            text = text.upper()
        elif paragraph.style == "note":
            text = f"({text})" if "\n" not in text else text
        for line in text.splitlines() or [""]:
            self._write(textwrap.fill(line, WIDTH) if line else "")
        self._write()

    def draw(self, view: View) -> dict[str, str]:
        """Print a view; returns which key presses which button."""
        for paragraph in (*view.preface, *view.paragraphs):
            self._paragraph(paragraph)
        keys: dict[str, str] = {}
        number = 0
        nav: list[str] = []
        for button in view.buttons:
            callback = Callback.unpack(button.data)
            key = NAV_KEYS.get(callback.verb) if callback else None
            if key is None:
                number += 1
                key = str(number)
                self._write(f"  {key}) {button.label}")
            else:
                nav.append(f"{key}) {button.label}")
            keys[key] = button.data
        if nav:
            self._write("  " + "   ".join(nav))
        return keys

    def _read(self, prompt: str, *, raw: bool = False) -> str | None:
        self.stdout.write(prompt)
        self.stdout.flush()
        line = self.stdin.readline()
        if not line:
            self._write()
            return None
        return line.strip() if raw else line.strip().lower()

    def save(self, document: Document, t: Translator) -> Path | None:
        """Write the case note to a file the person names, readable by them only (0600).

        An existing file is never overwritten: the person is asked for another name. The
        name typed is used for this file only; nothing is stored or logged.
        """
        prompt = t.gettext("Save the case note as (Enter for {name}): ").format(
            name=document.filename
        )
        while True:
            answer = self._read(prompt, raw=True)
            if answer is None:
                return None
            path = Path(answer or document.filename).expanduser().resolve()
            try:
                descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                self._write(t.gettext("That file already exists. Choose another name."))
                continue
            except OSError as error:
                reason = error.strerror or type(error).__name__
                self._write(
                    t.gettext("Could not write that file ({reason}).").format(reason=reason)
                )
                continue
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(document.content)
            self._write(
                t.gettext("The case note is saved in {path}. Only you can read it.").format(
                    path=path
                )
            )
            return path

    def choose_language(self) -> str | None:
        """Ask for a language, each named in its own tongue; ``None`` if input ends."""
        for number, lang in enumerate(LANGUAGES, start=1):
            self._write(f"  {number}) {get_translator(lang).native_name}")
        while True:
            answer = self._read("> ")
            if answer is None or answer == "q":
                return None
            if answer.isdigit() and 1 <= int(answer) <= len(LANGUAGES):
                return LANGUAGES[int(answer) - 1]
            if answer in LANGUAGES:
                return answer

    async def run(self, lang: str | None) -> int:
        """The conversation loop; resumes a stored session, else starts one."""
        key = self.guide.key(CHANNEL, LOCAL_USER)
        state = await self.guide.load(key)
        event: Event
        if state is None:
            lang = lang or self.choose_language()
            if lang is None:
                return 0
            event = Start(lang)
        else:
            if lang is not None and lang != state.lang:
                await self.guide.save(key, state.model_copy(update={"lang": lang}))
            event = Current()
        keys: dict[str, str] = {}
        while True:
            state, view = await self.guide.handle(key, event)
            t = get_translator(state.lang)
            if view.erase or view.quick_exit:
                self.draw(view)
                return 0
            keys = self.draw(view) or keys  # a case note leaves the result's keys in use
            if view.document is not None:
                self.save(view.document, t)
            while True:
                answer = self._read("> ")
                if answer is None or answer == "q":
                    self._write(t.gettext("Goodbye. Type refuge-guide chat to come back."))
                    return 0
                if answer in keys:
                    event = Press(keys[answer])
                elif answer == "b":
                    event = Back()
                elif answer == "r":
                    event = Restart()
                else:
                    self._write(t.gettext("Type the number of a choice, or b, r or q."))
                    continue
                break
