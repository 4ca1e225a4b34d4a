"""How the SQLite store packs a state: small, exact, and refusing what it did not write."""

from __future__ import annotations

import hashlib
import zlib

import pytest

from bot.dialog.state import HistoryEntry, SessionState
from bot.store.packing import DICTIONARY_1, pack, unpack


def _person_walk() -> SessionState:
    """The shape of a person's finished walk: 25 answers, one history step per answer."""
    facts = [f"fact_{n:02d}_of_the_knowledge_base" for n in range(25)]
    answers = {fact: ("yes", "no", "unknown")[n % 3] for n, fact in enumerate(facts)}
    history = tuple(
        HistoryEntry(flow="person", node=f"node_{n}", answers=dict(list(answers.items())[:n]))
        for n in range(25)
    )
    return SessionState(
        flow="person", node="result", step=29, answers=answers, history=history, consented=True
    )


def test_a_state_packs_and_unpacks_to_the_same_json() -> None:
    text = _person_walk().to_json()
    assert unpack(pack(text)) == text


def test_text_written_before_packing_is_read_as_it_is() -> None:
    assert unpack('{"schema_version":2}') == '{"schema_version":2}'


def test_the_walks_names_cost_a_few_bytes_each() -> None:
    """With the dictionary, a real finished walk through the guide packs small; the names
    it does not know (this synthetic walk's) still pack to under a third."""
    text = _person_walk().to_json()
    assert len(pack(text)) * 3 < len(text)


@pytest.mark.parametrize(
    "stored",
    [b"", b"\x02abc", b"\x01" + b"\xff" * 20, pack(_person_walk().to_json())[:-4]],
    ids=["empty", "unknown format", "not deflate", "cut short"],
)
def test_anything_else_is_refused(stored: bytes) -> None:
    """Unknown formats, damage and truncation: the row reads as unreadable."""
    with pytest.raises(ValueError):
        unpack(stored)


def test_a_value_that_would_inflate_without_bound_is_refused() -> None:
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15, 9, zlib.Z_DEFAULT_STRATEGY, DICTIONARY_1)
    bomb = b"\x01" + deflate.compress(b"0" * 10_000_000) + deflate.flush()
    with pytest.raises(ValueError):
        unpack(bomb)


def test_the_dictionary_never_changes() -> None:
    """Rows packed with it must stay readable: a new dictionary gets a new format byte."""
    assert (
        hashlib.sha256(DICTIONARY_1).hexdigest()
        == "5c189d245e5418f0411157a7c70751e116a1adda33aed3b9c9d594e0063f5155"
    )
