"""Whom to contact, as validated, immutable data (``dialogs/directory.yaml``).

A person in trouble acts on a phone number. So a contact detail exists here only if it was
read on the organisation's own page: an entry carries the page it was read on (``source``)
and the day (``last_checked``), and an entry not read (``read: false``) is kept for the next
review but never shown. ``role`` says what a person may expect, so that an organisation that
only speaks out publicly is never presented as one that takes on their case.
"""

from __future__ import annotations

import calendar
import datetime as dt
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, model_validator


class Role(StrEnum):
    """What a person can expect from an entry."""

    HELP = "help"
    """Gives or assigns individual legal help (a legal aid office, the lawyer on duty)."""
    FIND = "find"
    """Finds a lawyer (a bar's directory)."""
    ADVOCACY = "advocacy"
    """Speaks out, documents, litigates strategically; does not take on individual cases."""
    AUTHORITY = "authority"
    """A public body that decides or holds data; never the first contact."""


Kind = Literal[
    "legal_aid",
    "lawyer_finder",
    "duty_lawyer",
    "criminal_defence",
    "human_rights",
    "refugee_support",
    "interpol",
    "asylum_authority",
]
Language = Annotated[str, Field(pattern=r"^[a-z]{2}$")]
"""An ISO 639-1 code: ``fr``, ``nl``, ``en``..."""
Region = Literal["brussels", "antwerp", "ghent", "liege", "charleroi", "belgium", "international"]

_FROZEN = ConfigDict(extra="forbid", frozen=True)
_Text = Field(min_length=1, max_length=400)
_Detail = Field(default=None, min_length=1, max_length=200)


class Contact(BaseModel):
    """One organisation or service, with what was read about it and where."""

    model_config = _FROZEN

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)
    name: str | None = Field(default=None, min_length=1, max_length=120)
    title: str | None = Field(default=None, min_length=1, max_length=120)
    short: str | None = Field(default=None, min_length=1, max_length=40)
    role: Role
    kinds: tuple[Kind, ...] = Field(min_length=1)
    region: Region
    helps_with: str = _Text
    languages: tuple[Language, ...] = Field(min_length=1)
    website: HttpUrl | None = None
    phone: str | None = Field(default=None, pattern=r"^\+\d[\d ]{6,20}$")
    email: str | None = Field(default=None, pattern=r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$")
    address: str | None = _Detail
    reach: str | None = Field(default=None, min_length=1, max_length=80)
    source: HttpUrl
    read: bool
    last_checked: dt.date

    @model_validator(mode="after")
    def _one_name(self) -> Contact:
        if (self.name is None) == (self.title is None):
            raise ValueError("give exactly one of 'name' (a proper name) or 'title' (translated)")
        return self

    @model_validator(mode="after")
    def _details_only_where_read(self) -> Contact:
        if not self.read and (self.phone or self.email or self.address):
            raise ValueError(
                "an entry that was not read ('read: false') may not carry a phone, e-mail or "
                "address: they would be unconfirmed"
            )
        return self

    @property
    def reachable(self) -> bool:
        """Whether a person can find a way to it: a phone, an address or a website."""
        return bool(self.phone or self.address or self.website or self.reach)


class Directory(BaseModel):
    """Every entry in file order; only the read ones are ever shown."""

    model_config = _FROZEN

    entries: tuple[Contact, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> Directory:
        seen: set[str] = set()
        for entry in self.entries:
            if entry.id in seen:
                raise ValueError(f"entry {entry.id!r} is listed twice")
            seen.add(entry.id)
        return self

    @property
    def shown(self) -> tuple[Contact, ...]:
        """The entries read from a source: the only ones a person ever sees."""
        return tuple(entry for entry in self.entries if entry.read)

    def entry(self, entry_id: str) -> Contact:
        """The entry with this id (KeyError if there is none)."""
        for entry in self.entries:
            if entry.id == entry_id:
                return entry
        raise KeyError(entry_id)

    def stale(self, today: dt.date, months: int = 6) -> tuple[Contact, ...]:
        """Read entries last checked more than ``months`` months before ``today``."""
        return tuple(e for e in self.shown if _months_after(e.last_checked, months) < today)


STALE_AFTER_MONTHS = 6
"""An entry read longer ago than this may have moved: ``refuge-guide check`` says so."""


def stale_warnings(directory: Directory, today: dt.date) -> list[str]:
    """One line per shown entry checked more than six months before ``today``."""
    return [
        f"dialogs/directory.yaml: entry {entry.id!r} was last checked on "
        f"{entry.last_checked.isoformat()}, more than {STALE_AFTER_MONTHS} months ago: read "
        f"{entry.source} again and update last_checked"
        for entry in directory.stale(today, STALE_AFTER_MONTHS)
    ]


def _months_after(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` months later, or that month's last day if it is shorter."""
    year, index = divmod(day.year * 12 + day.month - 1 + months, 12)
    last = calendar.monthrange(year, index + 1)[1]
    return dt.date(year, index + 1, min(day.day, last))
