"""While the bot serves, what start-up loaded is left out of garbage collection passes
(a full pass over it stalled the event loop for 100-200 ms); afterwards the process's
collector is as it was, for whatever runs next in it."""

from __future__ import annotations

import gc

import pytest

from bot.serve import GC_YOUNG_THRESHOLD, settled_heap


def test_start_up_objects_are_frozen_while_serving_and_released_after() -> None:
    loaded = [[] for _ in range(10)]  # stands for the flows, catalogs, libraries
    before = gc.get_threshold()
    with settled_heap():
        assert gc.get_freeze_count() >= len(loaded)
        assert gc.get_threshold() == (GC_YOUNG_THRESHOLD, *before[1:])
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == before


def test_the_collector_is_restored_when_serving_fails() -> None:
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), settled_heap():
        raise RuntimeError("the bot stopped on an error")
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == before
