"""Which two to four contacts fit a situation.

A long list helps nobody in a hurry, so the guide shows the few entries that fit, in the
order a person should use them: first a way to a lawyer, then the bodies the situation
calls for. The rules, in order:

1. police at the door, arrest or removal: the lawyer on duty, then two legal aid offices
   (the reader's language first; in Brussels the French- and Dutch-speaking offices are
   separate, and a person in a hurry should not have to guess which one takes them);
2. otherwise a legal aid office first;
3. an INTERPOL notice or diffusion: the CCF, then Fair Trials;
4. a search or seizure already carried out, or an extradition request: a bar's lawyer
   finder (a criminal lawyer), the bar of the reader's language where one is read (the
   Dutch- and French-speaking Brussels bars keep separate lists), and a human-rights
   organisation;
5. a request from the state the person fled: a refugee-law service that gives individual
   help; the asylum authority only after it, never first (talk to an asylum lawyer first);
6. fewer than two so far: a human-rights organisation.

Among entries of one kind, those whose pages are in the reader's language come first,
then English ones, then the rest in file order (the file lists Brussels first). Only read
entries are ever chosen.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.directory.model import Contact, Directory, Kind, Region, Role
from bot.knowledge import Facts

MAX_SHOWN = 4
MIN_SHOWN = 2


@dataclass(frozen=True)
class Situation:
    """What the answers say about the situation, as far as choosing contacts goes.

    An unknown fact is simply not a reason to show a contact: the legal aid office and a
    human-rights organisation are shown whatever is known.
    """

    urgent: bool = False
    interpol: bool = False
    searched: bool = False
    extradition: bool = False
    from_origin: bool = False

    @classmethod
    def from_facts(cls, facts: Facts, *, urgent: bool = False) -> Situation:
        """Read the situation from a session's (or a facts file's) known facts."""
        kinds = _values(facts, "request_kinds")
        measures = _values(facts, "mla_measures")
        executed = facts.get("measure_already_executed") == "yes"
        return cls(
            urgent=urgent or facts.get("detained_or_imminent") == "yes",
            interpol="interpol" in kinds,
            searched=executed and bool(measures & {"search", "seizure_or_freeze"}),
            extradition="extradition" in kinds,
            from_origin="yes"
            in (
                facts.get("requesting_state_is_origin"),
                facts.get("status_against_requesting_state"),
            ),
        )


def _values(facts: Facts, fact: str) -> frozenset[str]:
    value = facts.get(fact)
    if isinstance(value, frozenset):
        return value
    return frozenset({value}) if isinstance(value, str) else frozenset()


def contacts_for(directory: Directory, situation: Situation, lang: str) -> tuple[Contact, ...]:
    """The two to four read entries that fit ``situation``, most useful first."""
    chosen: list[Contact] = []

    def add(entries: Iterable[Contact], count: int = 1) -> None:
        for entry in list(entries)[:count]:
            if entry not in chosen:
                chosen.append(entry)

    pool = directory.shown
    if situation.urgent:
        add(closest(pool, "duty_lawyer", lang))
        add(closest(pool, "legal_aid", lang, region="brussels"), count=2)
    add(closest(pool, "legal_aid", lang))
    if situation.interpol:
        add(closest(pool, "interpol", lang, role=Role.AUTHORITY))
        add(closest(pool, "interpol", lang, role=Role.ADVOCACY))
    if situation.searched or situation.extradition:
        add(closest(pool, "lawyer_finder", lang))
        add(closest(pool, "human_rights", lang))
    if situation.from_origin:
        add(closest(pool, "refugee_support", lang, role=Role.HELP))
        if any(entry.role is Role.HELP for entry in chosen):
            add(closest(pool, "asylum_authority", lang))
    if len(chosen) < MIN_SHOWN:
        add(closest(pool, "human_rights", lang))
    return tuple(chosen[:MAX_SHOWN])


def closest(
    pool: Iterable[Contact],
    kind: Kind,
    lang: str,
    role: Role | None = None,
    region: Region | None = None,
) -> list[Contact]:
    """Entries of one kind (and role, and region), the reader's language first, then English."""
    matching = [
        e
        for e in pool
        if kind in e.kinds
        and (role is None or e.role is role)
        and (region is None or e.region == region)
    ]
    return sorted(matching, key=lambda e: _closeness(e, lang))


def _closeness(entry: Contact, lang: str) -> int:
    """0 for the reader's language, 1 for English, 2 otherwise (a stable sort keeps file order)."""
    if lang in entry.languages:
        return 0
    return 1 if "en" in entry.languages else 2
