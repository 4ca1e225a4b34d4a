"""What a channel adapter turns an incoming update or typed line into.

Events carry no personal data: a button press carries only its callback data, and typed
text is reduced to the fact that something was typed.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Start:
    """Begin (or begin again) a conversation, in the language the client suggests
    (``lang``), unless the person chose one by name (``chosen``: a link to the bot such
    as ``t.me/…?start=fr``, which a client sends as ``/start fr``); a stored session keeps
    its own language otherwise."""

    lang: str | None = None
    chosen: str | None = None


@dataclass(frozen=True)
class Restart:
    """Start over from the first screen, keeping only the language."""


@dataclass(frozen=True)
class Back:
    """Undo the last answer."""


@dataclass(frozen=True)
class Current:
    """Show the current screen again (``/help`` ends with it, and so does a stray message)."""


@dataclass(frozen=True)
class Help:
    """Explain the commands, then show the current screen again."""


@dataclass(frozen=True)
class Press:
    """A button was pressed; ``data`` is untrusted (clients can forge callback data)."""

    data: str


@dataclass(frozen=True)
class TextInput:
    """The person typed something; the guide never reads or keeps what."""


@dataclass(frozen=True)
class Forget:
    """Erase the session at once (``/forget``)."""


@dataclass(frozen=True)
class QuickExit:
    """Leave at once, from any screen: erase the session, leave one neutral line.

    The terminal offers it as a key on every screen; on Telegram it is the ``/exit``
    command (the "Quick exit" button under every screen is a :class:`Press`).
    """


@dataclass(frozen=True)
class ChooseLanguage:
    """Show the language picker."""


Event = (
    Start
    | Restart
    | Back
    | Current
    | Help
    | Press
    | TextInput
    | ChooseLanguage
    | Forget
    | QuickExit
)
