"""The message ids a session keeps: merged in order, bounded, and stored in few bytes."""

from __future__ import annotations

import random

import pytest

from bot.store.message_ids import MAX_KNOWN_IDS, decode, encode, merge


def test_merging_sorts_drops_repeats_and_keeps_the_newest() -> None:
    """Ids arrive in any order (a button on an old message); the newest are what is kept."""
    assert merge((5, 9), (7, 5, 12)) == (5, 7, 9, 12)
    assert merge(range(1, 201), ()) == tuple(range(51, 201))
    assert len(merge(range(1, 201), ())) == MAX_KNOWN_IDS


def test_a_quiet_bots_walk_is_one_run_of_a_few_bytes() -> None:
    """On a quiet bot a walk's ids follow each other: stored as the first id and a run."""
    walk = range(1_000_001, 1_000_081)
    assert encode(walk) == "[1000001,-79]"
    assert decode(encode(walk)) == tuple(walk)


def test_scattered_ids_round_trip_and_stay_small() -> None:
    """On a busy bot ids are far apart: still exact, about six bytes each for 150 ids."""
    rng = random.Random(7)
    ids: list[int] = []
    current = 2_000_000_000
    for _ in range(MAX_KNOWN_IDS):
        current += rng.choice((1, 1, 2, rng.randint(3, 9_999)))
        ids.append(current)
    text = encode(ids)
    assert decode(text) == tuple(ids)
    assert len(text) <= 6 * MAX_KNOWN_IDS


def test_runs_and_gaps_mix() -> None:
    assert encode([10, 11, 12, 20, 21, 40]) == "[10,-2,8,-1,19]"
    assert decode("[10,-2,8,-1,19]") == (10, 11, 12, 20, 21, 40)
    assert encode([]) == "[]"
    assert decode("[]") == ()
    assert decode(None) == (), "a row from before ids were kept has none"


@pytest.mark.parametrize(
    "text",
    ['{"a": 1}', "[1.5]", "[0]", "[-3]", "[5,0]", "[true]", "[1,-1000000000]", "not json"],
)
def test_anything_else_is_refused(text: str) -> None:
    """A damaged or forged column is refused (the row then reads as unreadable), and a huge
    run is refused before it is expanded."""
    with pytest.raises(ValueError):
        decode(text)
