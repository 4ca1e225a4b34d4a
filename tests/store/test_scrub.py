"""The scrubber behind erasure: it never vouches for an erasure it did not cover, keeps
trying in the background until it succeeds, and says a failure once, not once a second."""

from __future__ import annotations

import asyncio
import logging

import pytest

from bot.store.scrub import Scrubber
from tests.support.waiting import wait_until


async def test_retries_in_the_background_until_the_reader_is_gone() -> None:
    """While the attempt fails (a reader pins the bytes) the files are not clean; as soon
    as it can succeed, a background retry makes them so, without another erasure."""
    reader_attached = True
    attempts = 0

    async def attempt() -> bool:
        nonlocal attempts
        attempts += 1
        return not reader_attached

    scrubber = Scrubber(attempt)
    assert scrubber.clean, "nothing erased yet"
    assert not await scrubber.erased()
    await wait_until(lambda: attempts >= 3, "the attempt is retried")
    assert not scrubber.clean
    reader_attached = False
    assert await scrubber.wait(30)
    await scrubber.close()


async def test_an_attempt_begun_before_an_erasure_does_not_vouch_for_it() -> None:
    """Two erasures whose attempts overlap: the first attempt succeeds, but it began
    before the second erasure, so only the second attempt may call the files clean."""
    begun, release = 0, asyncio.Event()

    async def attempt() -> bool:
        nonlocal begun
        begun += 1
        await release.wait()
        return True

    scrubber = Scrubber(attempt)
    first = asyncio.create_task(scrubber.erased())
    await wait_until(lambda: begun == 1, "the first erasure's attempt has begun")
    second = asyncio.create_task(scrubber.erased())
    await wait_until(lambda: begun == 2, "the second erasure's attempt has begun")
    release.set()
    assert await first is False, "it began before the second erasure"
    assert await second is True
    assert scrubber.clean
    await scrubber.close()


async def test_a_failing_attempt_is_logged_once_while_it_keeps_failing(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A full disk fails every retry: one warning with the kind of error, not one a second."""
    attempts = 0

    async def attempt() -> bool:
        nonlocal attempts
        attempts += 1
        raise OSError("database or disk is full")

    caplog.set_level(logging.WARNING, logger="bot.store.scrub")
    scrubber = Scrubber(attempt)
    assert not await scrubber.erased()
    await wait_until(lambda: attempts >= 4, "the attempt is retried")
    await scrubber.close()
    failures = [r for r in caplog.records if "could not overwrite" in r.getMessage()]
    assert len(failures) == 1
    assert "disk is full" not in failures[0].getMessage(), "the kind only, not the message"
