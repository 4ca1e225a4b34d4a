"""Every error refuge-guide raises on purpose, in one tree, so a caller knows what to catch.

::

    RefugeGuideError            anything refuge-guide refuses, with a message fit to show
     +-- OperatorError          whoever installed or edited the guide must fix something;
     |    |                     one English line naming the file or variable and the fix
     |    +-- SettingsError     an environment variable is missing or malformed
     |    +-- SecretError       the session secret (file or variable) is unusable
     |    +-- DataDirError      the data directory is a file, cannot be made or written
     |    +-- StoreError        the session database cannot be opened or is too new
     |    |    +-- StoreFullError  a step cannot be saved: the database's disk is full
     |    +-- FlowError         a flow in dialogs/flows/ is broken (file, node, problem)
     |    +-- KnowledgeError    the knowledge base in dialogs/knowledge/ is broken
     |    +-- DirectoryError    dialogs/directory.yaml (whom to contact) is broken
     |    +-- GlossaryError     dialogs/glossary.yaml (legal terms explained) is broken
     |    +-- UrgentError       dialogs/urgent.yaml (the at-the-door checklist) is broken
     |    +-- NextStepsError    dialogs/next_steps.yaml (the result's short steps) is broken
     +-- UserInputError         input a person gave is refused; ``translated(t)`` words it
          |                     in that person's language and never repeats the input
          +-- FactError         a fact that is unknown, not allowed or of the wrong shape
          +-- FactsFileError    a facts file that cannot be read, is not JSON, or not an object
          +-- ResumeCodeError   ``chat --resume``: not a code, or no kept session has it
     +-- WebhookRequestError    an HTTP request to the webhook that is not a readable
                                update call; answered with its ``status`` and closed

Two main kinds because the culprit differs: an operator error stops the program (start-up,
``check``), a user input error changes nothing and asks for other input. The CLI maps both
to its exit codes in one place (``bot.cli.main``). Everything else that escapes is a bug,
or a library's failure that the caller names by type (a Telegram API error may carry the
token in its message, so it is never printed).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from bot.i18n import Translator

__all__ = [
    "DataDirError",
    "DirectoryError",
    "FactError",
    "FactsFileError",
    "FlowError",
    "GlossaryError",
    "KnowledgeError",
    "NextStepsError",
    "OperatorError",
    "RefugeGuideError",
    "ResumeCodeError",
    "SecretError",
    "SettingsError",
    "StoreError",
    "StoreFullError",
    "UrgentError",
    "UserInputError",
    "WebhookRequestError",
]


class RefugeGuideError(Exception):
    """The root: every error refuge-guide raises on purpose, with a message fit to show."""


class OperatorError(RefugeGuideError):
    """Something the operator must fix; the message names the file or variable and how."""


class SettingsError(OperatorError):
    """A setting an operator gave is missing or malformed; the message says which and how."""


class SecretError(OperatorError):
    """The session secret is unusable; the message says which file or variable, and why.

    It never repeats the secret's value.
    """


class StoreError(OperatorError):
    """The database cannot be used; the message names the file and what to do."""


class StoreFullError(StoreError):
    """The disk holding the database is full: steps fail until space is freed.

    Unlike the other operator errors it arises while the guide runs, not at start-up:
    the step is not saved (nothing of it is half-written), the process keeps running, the
    person is told that the guide cannot save right now, and the operator reads this
    message (which never holds user data) in the log.
    """


class DataDirError(OperatorError):
    """The data directory cannot be used; the message names it and what to fix."""


class KnowledgeError(OperatorError):
    """The knowledge base on disk is broken; the message says where and why."""


class DirectoryError(OperatorError):
    """``dialogs/directory.yaml`` is broken; the message reads ``file: entry 'x': problem``."""


class GlossaryError(OperatorError):
    """``dialogs/glossary.yaml`` is broken; the message names the file, the term and why."""


class UrgentError(OperatorError):
    """``dialogs/urgent.yaml`` is broken; the message names the file, the step and why."""


class NextStepsError(OperatorError):
    """``dialogs/next_steps.yaml`` is broken; the message names the file, the action and why."""


class FlowError(OperatorError):
    """A flow file is broken; the message reads ``file: node 'x': problem``."""

    def __init__(self, path: Path, node: str | None, problem: str) -> None:
        where = f"node '{node}': " if node else ""
        super().__init__(f"{_display(path)}: {where}{problem}")
        self.path = path
        self.node = node
        self.problem = problem


def _display(path: Path) -> str:
    """The path as the person editing it would type it: relative to the working directory."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


class UserInputError(RefugeGuideError):
    """Input a person gave is refused; nothing was changed.

    ``str(error)`` is English for logs and programs; :meth:`translated` is the line to show
    the person, in their language. Neither repeats what the person typed.
    """

    def translated(self, t: Translator) -> str:
        """The message in the reader's language (English unless a subclass translates)."""
        return str(self)


FactProblem = Literal["unknown_fact", "value_not_allowed", "wrong_shape"]


class FactError(UserInputError):
    """A submitted fact is unknown, has a value that is not allowed, or has the wrong shape.

    Carries ``fact``, ``allowed``, ``reason`` and ``takes_list`` so that a channel can word
    it; the submitted value is never repeated (facts come from people, and naming the fact
    and what it allows is all anyone needs to fix the input).
    """

    def __init__(
        self,
        fact: str,
        allowed: tuple[str, ...],
        reason: FactProblem,
        *,
        takes_list: bool = False,
    ) -> None:
        self.fact = fact
        self.allowed = allowed
        self.reason = reason
        self.takes_list = takes_list
        super().__init__(self._describe())

    def _describe(self) -> str:
        listed = ", ".join(self.allowed)
        if self.reason == "unknown_fact":
            return f"unknown fact {self.fact!r}; known facts: {listed}"
        shape = "a list of values from" if self.takes_list else "one value from"
        if self.reason == "wrong_shape":
            return f"fact {self.fact!r} has the wrong shape; it takes {shape}: {listed}"
        return f"fact {self.fact!r} does not allow this value; it takes {shape}: {listed}"

    def translated(self, t: Translator) -> str:
        """One line, in the reader's language, naming the fact and what it allows."""
        if self.reason == "unknown_fact":
            # TRANSLATORS: an error message for the operator of "refuge-guide assess" (a facts
            # file); {fact} and {allowed} are ids, keep them in English.
            message = t.gettext("Unknown fact '{fact}'. Known facts: {allowed}.")
        elif self.takes_list:
            # TRANSLATORS: an error message for the operator of "refuge-guide assess" (a facts
            # file); {fact} and {allowed} are ids, keep them in English.
            message = t.gettext("The fact '{fact}' takes a list of values from: {allowed}.")
        elif self.reason == "wrong_shape":
            # TRANSLATORS: an error message for the operator of "refuge-guide assess" (a facts
            # file); {fact} and {allowed} are ids, keep them in English.
            message = t.gettext("The fact '{fact}' takes one text value, one of: {allowed}.")
        else:
            # TRANSLATORS: an error message for the operator of "refuge-guide assess" (a facts
            # file); {fact} and {allowed} are ids, keep them in English.
            message = t.gettext("The fact '{fact}' allows only these values: {allowed}.")
        return message.format(fact=self.fact, allowed=", ".join(self.allowed))


FactsFileProblem = Literal["unreadable", "not_json", "not_an_object"]


class FactsFileError(UserInputError):
    """A facts file that cannot be read, is not valid JSON, or does not hold one object.

    ``line`` and ``column`` locate a JSON syntax error; the file's content is never shown.
    """

    def __init__(
        self, path: Path, reason: FactsFileProblem, *, line: int = 0, column: int = 0
    ) -> None:
        self.path = path
        self.reason = reason
        self.line = line
        self.column = column
        super().__init__(f"{path}: {reason.replace('_', ' ')}")

    def translated(self, t: Translator) -> str:
        """One line, in the reader's language, saying what is wrong with the file."""
        if self.reason == "unreadable":
            # TRANSLATORS: an error message for the operator of "refuge-guide assess"; {path} is the
            # file named on the command line.
            return t.gettext("Cannot read the facts file {path}.").format(path=self.path)
        if self.reason == "not_json":
            # TRANSLATORS: an error message for the operator of "refuge-guide assess"; {path}
            # is the file named on the command line; JSON is a file format, keep the word.
            message = t.gettext(
                "The facts file {path} is not valid JSON (line {line}, column {column})."
            )
            return message.format(path=self.path, line=self.line, column=self.column)
        # TRANSLATORS: an error message for the operator of "refuge-guide assess"; JSON is a file
        # format, keep the word.
        message = t.gettext("The facts file {path} must hold one JSON object of facts.")
        return message.format(path=self.path)


ResumeCodeProblem = Literal["malformed", "unknown"]


class ResumeCodeError(UserInputError):
    """``refuge-guide chat --resume CODE`` with a code that is not one, or that no kept
    session has (codes work once; an erased or long-unused session is gone).

    The code is never repeated: whoever reads the terminal over a shoulder learns nothing.
    """

    def __init__(self, reason: ResumeCodeProblem) -> None:
        self.reason = reason
        super().__init__(f"resume code: {reason}")

    def translated(self, t: Translator) -> str:
        """One line, in the reader's language, saying why the chat did not resume."""
        if self.reason == "malformed":
            # TRANSLATORS: an error message for the person using the terminal chat ("chat --resume
            # CODE"); keep the example code as it is.
            return t.gettext(
                "This is not a resume code: a code has 12 letters and digits, like 7K3Q-XM9D-2RPB."
            )
        # TRANSLATORS: an error message for the person using the terminal chat ("chat --resume
        # CODE"): the code they gave matches no kept session.
        return t.gettext(
            "No kept session has this code. A code works once; an erased session, or one "
            "unused for a long time, is gone."
        )


class WebhookRequestError(RefugeGuideError):
    """A webhook request that cannot be read: the server answers ``status`` and closes.

    Raised by the webhook server's request reader for a malformed, oversized or truncated
    request; its message is only the status, never the request's bytes.
    """

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status
