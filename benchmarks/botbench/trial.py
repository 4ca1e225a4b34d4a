"""One measured run of one bot: start it, let the users press, measure a window, stop.

A trial is described by a plain dict (so it can be handed to a child process as JSON)
and returns a plain dict. The full benchmark runs every trial in a fresh process, so no
trial inherits another's heap, threads or caches; ``--quick`` runs them in-process.

Measured inside the window only (after a warm-up): steps answered, CPU time of the whole
process (the SQLite thread included) and of the event-loop thread alone, Bot API calls,
the lateness of a 10 ms ticker (how long the loop could not run anything), and for the
open loop the latency from sending a press to the next keyboard arriving.
"""

from __future__ import annotations

import asyncio
import logging
import os
import resource
import statistics
import sys
import time
import warnings
from pathlib import Path
from typing import Any

from . import subjects
from .fake_api import FakeBotApi
from .users import Crowd

Spec = dict[str, Any]
TICK = 0.010


class Ticker:
    """Asks the loop to wake it every 10 ms; the lateness is how long the loop was busy."""

    def __init__(self) -> None:
        self.recording = False
        self.worst = 0.0

    async def run(self) -> None:
        while True:
            due = time.perf_counter() + TICK
            await asyncio.sleep(TICK)
            late = time.perf_counter() - due
            if self.recording and late > self.worst:
                self.worst = late


class ErrorCount(logging.Handler):
    """Counts log records at ERROR or above (a failed update logs one)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def quiet() -> ErrorCount:
    """Keep the bots' INFO logs and PTB's per_message hint off the terminal."""
    warnings.filterwarnings("ignore", module="telegram")
    warnings.filterwarnings("ignore", message=".*per_message.*")
    root = logging.getLogger()
    root.setLevel(logging.ERROR)
    for old in [h for h in root.handlers if isinstance(h, ErrorCount)]:
        root.removeHandler(old)
    counter = ErrorCount()
    root.addHandler(counter)
    return counter


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


async def run_trial(spec: Spec) -> dict[str, Any]:
    """A throughput (closed loop) or latency (open loop at ``rate``) trial."""
    errors = quiet()
    api = FakeBotApi()
    crowd = Crowd(api, spec["first_id"], spec["users"], spec["seed"])
    running = subjects.start(
        api, spec["subject"], Path(spec["data"]), rate_limiter=spec.get("rate_limiter", False)
    )
    await asyncio.wait_for(api.polling.wait(), 120)
    ticker = Ticker()
    ticking = asyncio.create_task(ticker.run())
    if spec["kind"] == "latency":
        driver = asyncio.create_task(crowd.open_loop(spec["rate"]))
    else:
        driver = asyncio.create_task(crowd.closed_loop())
    await asyncio.sleep(spec["warmup"])

    calls0, chat0, errors0 = sum(api.calls.values()), api.chat_calls, errors.count
    t0, cpu0, loop0 = time.perf_counter(), time.process_time(), time.thread_time()
    ticker.recording = crowd.recording = True
    await asyncio.sleep(spec["window"])
    ticker.recording = crowd.recording = False
    t1, cpu1, loop1 = time.perf_counter(), time.process_time(), time.thread_time()
    calls1, chat1 = sum(api.calls.values()), api.chat_calls

    crowd.stopping.set()
    await asyncio.wait_for(driver, 120)
    answered = [done for sent, done in crowd.done if t0 <= done <= t1]
    latencies = [done - sent for sent, done in crowd.done if t0 <= sent <= t1]
    steps = len(answered)
    per_step = max(steps, 1)
    result: dict[str, Any] = {
        "steps": steps,
        "answered_in_all": len(crowd.done),
        "seconds": t1 - t0,
        "steps_per_s": steps / (t1 - t0),
        "cpu_ms_per_step": 1000 * (cpu1 - cpu0) / per_step,
        "loop_cpu_ms_per_step": 1000 * (loop1 - loop0) / per_step,
        "calls_per_step": (calls1 - calls0) / per_step,
        "chat_calls_per_step": (chat1 - chat0) / per_step,
        "stall_ms": 1000 * ticker.worst,
        "p50_ms": 1000 * percentile(latencies, 0.50),
        "p99_ms": 1000 * percentile(latencies, 0.99),
        "mean_ms": 1000 * statistics.fmean(latencies) if latencies else float("nan"),
        "missed_ticks": crowd.missed,
        "lost_steps": crowd.lost,
        "errors": errors.count - errors0,
    }
    if spec.get("rewrite") and running.persistence is not None:
        # what one write of PicklePersistence costs the loop: the whole file, every time
        started = time.perf_counter()
        await running.persistence.update_user_data(1, {"rewrite": "measured"})
        result["rewrite_ms"] = 1000 * (time.perf_counter() - started)
    if spec.get("fast_exit"):  # skip the baselines' final flush: it is not measured
        emit(result)
    ticking.cancel()
    await asyncio.wait_for(running.close(), 300)
    return result


async def cold_start(spec: Spec) -> dict[str, Any]:
    """In a fresh process: the first reply to a /start waiting at start-up, then RSS."""
    quiet()
    api = FakeBotApi()
    crowd = Crowd(api, spec["first_id"], max(1, spec["walkers"]), spec["seed"])
    first = next(iter(crowd.users.values()))
    waiting = asyncio.create_task(crowd.step(first))  # pushed before the bot exists
    running = subjects.start(api, spec["subject"], Path(spec["data"]))
    await asyncio.wait_for(waiting, 600)
    first_reply = time.perf_counter()
    if spec["walkers"]:
        await asyncio.gather(*(crowd.walk_until_result(u) for u in crowd.users.values()))
    result = {
        "first_reply_at": first_reply,
        "peak_rss_mb": peak_rss_mb(),
        "lost_steps": crowd.lost,
    }
    emit(result)  # a large Pickle baseline would spend minutes flushing at stop
    await running.close()
    return result


def peak_rss_mb() -> float:
    """This process's peak resident memory.

    ``VmHWM`` where Linux has it: ``ru_maxrss`` survives ``exec`` and would report the
    parent's peak for a child that never grew past it.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def emit(result: dict[str, Any]) -> None:
    """Hand the result to the parent on stdout and leave at once."""
    import json

    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()
    os._exit(0)
