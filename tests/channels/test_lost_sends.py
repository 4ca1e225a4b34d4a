"""Where a send whose answer was lost may have put its message: between the highest id
the bot knew when it began and the first id of a send begun after the failure."""

from __future__ import annotations

from bot.channels.chat_ids import deletion_batches
from bot.channels.lost_sends import MAX_BRACKET, LostSends


def test_a_lost_send_is_bracketed_by_the_ids_around_it() -> None:
    """The person's reply was numbered 5_001 but its answer was lost; other chats' sends
    came back 5_000 before it and 5_090 after: only the ids in between are guessed."""
    lost = LostSends()
    lost.learnt(lost.begin(), 5_000)  # someone else's reply
    ticket = lost.begin()
    lost.lost("person", ticket)
    lost.learnt(lost.begin(), 5_090)  # begun after the failure: above the lost message
    assert lost.candidates("person") == set(range(5_001, 5_090))
    assert lost.candidates("someone else") == set()


def test_a_send_begun_before_the_failure_does_not_close_the_bracket() -> None:
    """A send that began before the failure was seen may have been numbered before the
    lost message: it is no upper end."""
    lost = LostSends()
    lost.seen(700)
    earlier = lost.begin()
    failing = lost.begin()
    lost.lost("person", failing)
    lost.learnt(earlier, 710)
    assert lost.candidates("person") == set(range(701, 701 + MAX_BRACKET)), "still open"
    lost.learnt(lost.begin(), 760)
    assert lost.candidates("person") == set(range(701, 760))


def test_incoming_messages_raise_the_lower_end() -> None:
    """The message a person typed is numbered on the same counter: a lost reply to it
    lies above it."""
    lost = LostSends()
    lost.seen(42)
    lost.lost("person", lost.begin())
    lost.learnt(lost.begin(), 50)
    assert lost.candidates("person") == set(range(43, 50))


def test_a_bracket_is_bounded_and_forgotten_with_the_session() -> None:
    lost = LostSends()
    lost.seen(10)
    lost.lost("person", lost.begin())
    lost.learnt(lost.begin(), 1_000_000)
    assert lost.candidates("person") == set(range(11, 11 + MAX_BRACKET))
    lost.forget("person")
    assert lost.candidates("person") == set()


def test_a_quick_exit_deletes_the_bracket_far_from_every_known_id() -> None:
    """On a busy bot the lost reply is hundreds of ids away from the known ones, beyond
    the tail a quick exit guesses at; the bracket reaches it, never past the neutral line."""
    known = [1_000, 1_400]
    maybe = set(range(2_001, 2_350))
    batches = deletion_batches(known, neutral=2_300, maybe=maybe)
    deleted = {i for batch in batches for i in batch}
    assert {1_000, 1_400, 2_001, 2_299} <= deleted
    assert 2_300 not in deleted
    assert deletion_batches([], neutral=90, maybe={80, 95}) == [[80]]
