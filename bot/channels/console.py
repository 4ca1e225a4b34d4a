"""The terminal chat: the same conversation as the bot, with numbered choices.

It is meant for a shared office laptop as much as for a developer's terminal, so:

- the first screen says what it is, and takes a language's number or name;
- every screen lists its letter keys: ``?`` why we ask and ``b`` back where offered,
  ``r`` start over, ``x`` quick exit, ``q`` quit;
- erasing and starting over ask once ("This deletes your answers. Sure?"); saying no
  changes nothing. Quick exit never asks: one key erases the session, clears the screen
  and its scrollback and leaves one neutral line;
- Ctrl-C is the same as ``q`` (exit code 130), and so is the end of the input;
- the goodbye line gives the command that starts the chat again, and the code to resume
  with when the session is kept (``--keep``; see :mod:`bot.cli.chat`);
- the case note is not printed: it goes to a file the person names
  (:mod:`bot.channels.console_note`).

Where the session is stored (in memory, or in the database under a resume code) is the
caller's choice; the console only talks to the :class:`~bot.guide.Guide`. It also reads
from a pipe, which is how the tests drive it.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.channels import console_language
from bot.channels.console_input import Lines
from bot.channels.console_note import save_note
from bot.channels.console_screen import Screen
from bot.dialog.callback import Callback, Verb
from bot.dialog.events import Back, Current, Event, Press, QuickExit, Restart, Start
from bot.dialog.state import SessionState
from bot.dialog.view import Document
from bot.errors import StoreFullError
from bot.guide import CANNOT_SAVE, Guide
from bot.i18n import N_, Translator, get_translator

EXIT_OK = 0
EXIT_INTERRUPTED = 130
"""Exit code after Ctrl-C, as a shell reports a process ended by SIGINT."""

KEYS = {
    # TRANSLATORS: a button label (at most 40 characters): under the result, and in the terminal
    # chat the key "r". Erases the answers and starts again.
    "r": N_("Start over"),
    # TRANSLATORS: a button label (at most 40 characters): under every screen, and in the terminal
    # chat the key "x". Erases the answers and clears the chat at once, for a person in danger.
    "x": N_("Quick exit"),
    # TRANSLATORS: terminal chat, the key that ends the chat (q)
    "q": N_("Quit"),
}
"""The keys under every screen, and their labels."""

CONFIRMED = {Verb.ERASE, Verb.RESTART}


@dataclass(frozen=True)
class ConsoleSession:
    """Which session this chat is: its store key, and its resume code if it is kept.

    ``resumed``: the session was kept before and found again with its (now old) code.
    """

    key: str
    code: str | None = None
    resumed: bool = False


@dataclass
class Console:
    """One conversation at the terminal, from the language screen to the goodbye.

    ``command`` is how to start the chat again, shown in the goodbye line.
    """

    guide: Guide
    lines: Lines
    screen: Screen
    command: str

    async def _read(self) -> str:
        """The next key, lower-cased.

        The person leaving is not an answer, so it leaves every loop at once and ends in
        :meth:`run`: ``q`` and the end of the input raise :exc:`EOFError` (as ``input()``
        does at the end), Ctrl-C :exc:`KeyboardInterrupt`.
        """
        answer = (await self._read_text()).lower()
        if answer == "q":
            raise EOFError
        return answer

    async def _read_text(self) -> str:
        """The next line as typed (a file name); the end of input and Ctrl-C as above."""
        self.screen.prompt()
        try:
            line = await self.lines.readline()
        except KeyboardInterrupt:
            self.screen.write()  # after the ^C the terminal echoed
            raise
        if line is None:
            self.screen.write()
            raise EOFError
        return line.strip()

    async def choose_language(self) -> str:
        """The first screen: "Choose your language" in each, then a number or a name."""
        self.screen.write(console_language.heading())
        self.screen.write()
        while True:
            self.screen.choices(console_language.choices())
            lang = console_language.language_named(await self._read())
            if lang is not None:
                return lang

    async def run(self, lang: str | None, session: ConsoleSession) -> int:
        """The whole chat; returns the exit code (0, or 130 after Ctrl-C)."""
        stored = await self.guide.load(session.key)
        speaking = lang or (stored.lang if stored is not None else None)
        try:
            event: Event
            if stored is None:
                speaking = speaking or await self.choose_language()
                event = Start(speaking)
            else:
                if speaking != stored.lang:
                    await self.guide.save(session.key, stored.model_copy(update={"lang": lang}))
                event = Current()
            self._keeping(session, get_translator(speaking))
            return await self._converse(session, event)
        except EOFError:
            self._goodbye(session, get_translator(speaking or "en"))
            return EXIT_OK
        except KeyboardInterrupt:
            self._goodbye(session, get_translator(speaking or "en"))
            return EXIT_INTERRUPTED

    async def _converse(self, session: ConsoleSession, event: Event) -> int:
        """Steps until the person erases or quick-exits (or leaves: see :meth:`_read`)."""
        keys: dict[str, str] = {}
        shown: SessionState | None = None
        while True:
            try:
                state, view = await self.guide.handle(session.key, event)
            except StoreFullError:  # nothing of the step applied: say so, ask again
                if shown is None:
                    raise  # not even the first screen: the CLI's one line says why
                t = get_translator(shown.lang)
                self.screen.write(t.gettext(CANNOT_SAVE))
                event = await self._next_event(shown, keys, t)
                continue
            shown = state
            t = get_translator(state.lang)
            if view.quick_exit:
                self.screen.clear()
                self.screen.write(view.plain_text())
                return EXIT_OK
            if view.erase:
                for paragraph in view.paragraphs:
                    self.screen.paragraph(paragraph)
                # TRANSLATORS: terminal chat; {command} is a shell command, keep it as is
                text = t.gettext("To start again, type: {command}")
                self.screen.write(text.format(command=self.command))
                return EXIT_OK
            always = [(key, t.gettext(label)) for key, label in KEYS.items()]
            keys = self.screen.view(view, always) or keys  # a case note keeps the result's
            if view.document is not None:
                await self._save(view.document, t)
            event = await self._next_event(state, keys, t)

    async def _next_event(self, state: SessionState, keys: dict[str, str], t: Translator) -> Event:
        """What the next line asks for; a wrong key gets a hint and another try."""
        while True:
            answer = await self._read()
            if answer == "x":
                return QuickExit()
            if answer == "r":
                restart = bool(state.history)  # with nothing answered, nothing to lose
                return Restart() if not restart or await self._sure(t) else Current()
            if answer in keys:
                callback = Callback.unpack(keys[answer])
                if callback is not None and callback.verb in CONFIRMED:
                    return Press(keys[answer]) if await self._sure(t) else Current()
                return Press(keys[answer])
            if answer == "b":
                return Back()
            self.screen.write(t.gettext(self.guide.runner.wording.typed_text))

    async def _save(self, document: Document, t: Translator) -> None:
        """Ask where to write the case note until it is written (Enter: its own name)."""
        # TRANSLATORS: a prompt of the terminal chat, the cursor waits after it (keep the final
        # space); {name} is the file name offered.
        ask = t.gettext("Save the case note as (Enter for {name}): ")
        while True:
            self.screen.write(ask.format(name=document.filename).rstrip())
            try:
                path = save_note(document, await self._read_text())
            except FileExistsError:
                # TRANSLATORS: an error message for the person using the terminal chat, after they
                # typed a file name.
                self.screen.write(t.gettext("That file already exists. Choose another name."))
                continue
            except OSError as error:
                reason = error.strerror or type(error).__name__
                # TRANSLATORS: an error message for the person using the terminal chat; {reason} is
                # the system's reason, in English.
                text = t.gettext("Could not write that file ({reason}).")
                self.screen.write(text.format(reason=reason))
                continue
            # TRANSLATORS: a message of the terminal chat; {path} is where the file was written.
            text = t.gettext("The case note is saved in {path}. Only you can read it.")
            self.screen.write(text.format(path=path))
            return

    async def _sure(self, t: Translator) -> bool:
        """Ask once before answers are deleted; only an explicit yes goes ahead."""
        self.screen.write()
        # TRANSLATORS: terminal chat, asked before "Erase my answers" or "Start over"
        self.screen.write(t.gettext("This deletes your answers. Sure?"))
        while True:
            # TRANSLATORS: a button label (at most 40 characters): the first numbered answer of
            # the terminal chat to "This deletes your answers. Sure?"
            yes = t.gettext("Yes, delete them")
            # TRANSLATORS: a button label (at most 40 characters): the second numbered answer of
            # the terminal chat to "This deletes your answers. Sure?"
            no = t.gettext("No, keep them")
            self.screen.choices((yes, no))
            answer = await self._read()
            if answer in ("1", "2"):
                self.screen.write()
                return answer == "1"

    def _keeping(self, session: ConsoleSession, t: Translator) -> None:
        """Say that the session is kept, and the code to find it again with."""
        if session.code is None:
            return
        if session.resumed:
            # TRANSLATORS: terminal chat, "chat --resume CODE"; {code} is like 7K3Q-XM9D-2RPB
            text = t.gettext("Welcome back. Your new code to continue later: {code}")
            self.screen.write(text.format(code=session.code))
            # TRANSLATORS: a message of the terminal chat, after the new code to continue later.
            self.screen.write(t.gettext("The old code no longer works."))
        else:
            # TRANSLATORS: a message of the terminal chat started with --keep, before the code to
            # continue later.
            self.screen.write(t.gettext("Your answers are kept on this computer."))
            # TRANSLATORS: terminal chat, "chat --keep"; {code} is like 7K3Q-XM9D-2RPB
            text = t.gettext("Your code to continue later: {code}")
            self.screen.write(text.format(code=session.code))
        self.screen.write()

    def _goodbye(self, session: ConsoleSession, t: Translator) -> None:
        """The last line: how to come back, with the code if the session is kept."""
        if session.code is None:
            # TRANSLATORS: terminal chat; {command} is a shell command, keep it as is
            text = t.gettext("Goodbye. Nothing was kept. To start again, type: {command}")
            self.screen.write(text.format(command=self.command))
        else:
            # TRANSLATORS: terminal chat; {command} is a shell command, keep it as is
            text = t.gettext("Goodbye. Your answers are kept. To continue, type: {command}")
            self.screen.write(text.format(command=f"{self.command} --resume {session.code}"))
