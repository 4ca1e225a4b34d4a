"""How many assessments per second the engine runs on one core.

Usage::

    python3 benchmarks/assess_bench.py [--seconds 1.0]

Loads the knowledge base once, then times ``assess`` on a few fact sets side by side:
nothing known, the seed case, every indicator present, and a pool of random fact sets.
The engine should be invisible next to Telegram's latency (the aim is at least 30,000
assessments per second, issue 14). This is a script, not a test, so a slow machine fails nothing.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import time
from collections.abc import Callable
from pathlib import Path

from bot.knowledge import Facts, KnowledgeBase, assess, load_knowledge, parse_facts

SCENARIOS = Path(__file__).resolve().parent.parent / "tests" / "knowledge" / "scenarios"


def pin_to_one_core() -> str:
    """Run on a single CPU where the OS allows it, so the number means 'per core'."""
    if hasattr(os, "sched_setaffinity"):
        core = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {core})
        return f"pinned to CPU {core}"
    return "not pinned (no sched_setaffinity here)"


def scenario_facts(kb: KnowledgeBase, stem: str) -> Facts:
    data = json.loads((SCENARIOS / f"{stem}.json").read_text(encoding="utf-8"))
    return parse_facts(kb, data["facts"])


def random_facts(kb: KnowledgeBase, rng: random.Random) -> Facts:
    raw: dict[str, object] = {}
    for fact_id, definition in kb.facts.items():
        if rng.random() < 0.3:
            continue
        if definition.is_set:
            raw[fact_id] = rng.sample(definition.values, rng.randint(0, len(definition.values)))
        else:
            raw[fact_id] = rng.choice(definition.allowed)
    return parse_facts(kb, raw)


def rate(
    run_once: Callable[[], object],
    seconds: float,
    clock: Callable[[], float] = time.perf_counter,
) -> float:
    """Calls per second of ``run_once``, measured in batches for at least ``seconds`` of
    ``clock`` (wall time by default; ``time.process_time`` gives calls per CPU second)."""
    batch, calls, started = 1000, 0, clock()
    while True:
        for _ in range(batch):
            run_once()
        calls += batch
        elapsed = clock() - started
        if elapsed >= seconds:
            return calls / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=1.0, help="time per fact set")
    args = parser.parse_args()
    pinned = pin_to_one_core()
    kb = load_knowledge()
    rng = random.Random(2026)
    pool = [random_facts(kb, rng) for _ in range(1000)]
    cycle = itertools.cycle(pool)
    cases: dict[str, Callable[[], object]] = {
        "all unknown": lambda: assess(kb, {}),
        "seed case": (lambda facts: lambda: assess(kb, facts))(
            scenario_facts(kb, "01_seed_case_refugee_search_with_kazakh_officials")
        ),
        "every indicator": (lambda facts: lambda: assess(kb, facts))(
            scenario_facts(kb, "28_every_kind_every_indicator")
        ),
        "random (1000 sets)": lambda: assess(kb, next(cycle)),
    }
    print(f"assess() on {len(kb.grounds)} grounds and {len(kb.actions)} actions, {pinned}")
    for name, run_once in cases.items():
        run_once()
        print(f"  {name:<20} {rate(run_once, args.seconds):>12,.0f} assessments/s")


if __name__ == "__main__":
    main()
