"""Which ids a quick exit deletes, and the ids sent since a session's last write."""

from __future__ import annotations

from bot.channels.chat_ids import (
    DELETE_BATCH,
    GAP,
    LEGACY_SPAN,
    MAX_GUESSED,
    TAIL,
    UnsavedIds,
    deletion_batches,
)


def _all(batches: list[list[int]]) -> list[int]:
    return sorted(i for batch in batches for i in batch)


def test_a_quiet_bots_walk_is_deleted_whole_in_one_call() -> None:
    """Known ids with the short gaps between them (a reply whose confirmation was lost)
    and nothing after the newest but the neutral line: one call."""
    known = [*range(100, 140), *range(145, 180)]
    batches = deletion_batches(known, neutral=180)
    assert batches == [list(range(100, 180))]


def test_known_ids_go_first_newest_first_then_the_guesses() -> None:
    """What the person can see goes in the first calls; guesses (a gap, the tail) follow."""
    known = [*range(1_000, 1_250, 2)]  # a gap of one id after each: guessed
    batches = deletion_batches(known, neutral=5_000)
    assert all(len(b) <= DELETE_BATCH for b in batches)
    assert [len(b) for b in batches[:2]] == [100, 25], "the known ids, in two calls"
    assert batches[0][-1] == 1_248, "the newest known message goes first"
    guessed = _all(batches[2:])
    assert guessed == [*range(1_001, 1_248, 2), *range(1_249, 1_249 + TAIL)]


def test_long_gaps_belong_to_other_chats_and_are_left_alone() -> None:
    """On a busy bot a gap longer than GAP is other people's traffic: not even tried."""
    exactly, longer = 500 + GAP + 1, 500 + GAP + 1 + GAP + 2
    deleted = _all(deletion_batches([500, exactly, longer], neutral=longer + 40))
    assert deleted == [*range(500, exactly + 1), *range(longer, longer + 40)]


def test_the_tail_after_the_newest_known_id_is_bounded() -> None:
    """Replies after the last write sit right after the newest known id; far below the
    neutral line are other chats' ids, so only TAIL ids are guessed."""
    deleted = _all(deletion_batches([10_000], neutral=90_000))
    assert deleted == list(range(10_000, 10_001 + TAIL))
    assert _all(deletion_batches([10_000], neutral=None)) == deleted, "neutral line failed"


def test_the_neutral_line_and_anything_after_it_stay() -> None:
    assert deletion_batches([7, 8, 9], neutral=9) == [[7, 8]]
    assert deletion_batches([], neutral=9) == []
    assert deletion_batches([12], neutral=9) == []


def test_guesses_are_bounded_and_known_ids_never_are() -> None:
    """Many short gaps on a moderately busy bot: at most MAX_GUESSED guessed, every known
    id still deleted."""
    known = list(range(1, 150 * (GAP + 1), GAP + 1))
    batches = deletion_batches(known, neutral=10**6)
    deleted = set(_all(batches))
    assert set(known) <= deleted
    assert len(deleted) - len(known) == MAX_GUESSED


def test_a_session_from_before_exact_ids_still_wipes_from_its_first_message() -> None:
    """A row of the previous schema knows only its first message id: every id from there
    to the first exact id is deleted, as that release did (at most LEGACY_SPAN)."""
    batches = deletion_batches([900, 901], neutral=902, legacy_first=400)
    assert _all(batches) == list(range(400, 902))
    far = _all(deletion_batches([20_000], neutral=20_001, legacy_first=1))
    assert far == [1, *range(20_000 - LEGACY_SPAN, 20_001)]


def test_unsaved_ids_wait_until_they_are_written() -> None:
    """Ids sent after a step's write are pending until the next write takes them; ids
    that came meanwhile (an apology sent while that write ran) stay pending."""
    unsaved = UnsavedIds()
    unsaved.add("a", 12)
    unsaved.add("a", 11)
    unsaved.add("b", 13)
    assert unsaved.pending("a") == (11, 12)
    taken = unsaved.pending("a")
    unsaved.add("a", 14)
    unsaved.saved("a", taken)
    assert unsaved.pending("a") == (14,)
    unsaved.forget("b")
    assert unsaved.pending("b") == ()


def test_unsaved_ids_are_bounded_in_memory() -> None:
    """People who never come back do not make the process grow: the least recent go."""
    unsaved = UnsavedIds(max_sessions=3)
    for n in range(5):
        unsaved.add(f"k{n}", n + 1)
    assert [unsaved.pending(f"k{n}") for n in range(5)] == [(), (), (3,), (4,), (5,)]
    for message_id in range(1, 1_000):
        unsaved.add("k4", message_id)
    assert unsaved.pending("k4") == tuple(range(850, 1_000)), "the newest 150 of one chat"
