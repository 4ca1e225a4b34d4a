"""refuge-guide side by side with python-telegram-bot's own recipe (issue 14).

Usage::

    python benchmarks/bot_bench.py [--out bot-bench.json]   # about 15 minutes on 2 cores
    python benchmarks/bot_bench.py --quick                    # a smoke run of seconds
    python benchmarks/bot_bench.py --table bot-bench.json     # the table of a saved run

Four bots, each driven through the real ``telegram.ext.Application`` by simulated people
over an in-process fake Bot API (``botbench/fake_api.py``): refuge-guide exactly as
``refuge-guide run`` builds it, and a ``ConversationHandler`` walk as python-telegram-
bot documents it with ``PicklePersistence`` at ``update_interval`` 60 and 1, and with no
persistence (the floor: what PTB itself costs). Stages, each held under five minutes:

1. throughput: 200 people pressing without pause at 0, 1k, 10k and 100k stored
   sessions: steps/s, CPU per step (all threads, and the event loop alone), Bot API
   calls per step, the longest event-loop stall (a 10 ms ticker), and for Pickle what
   one rewrite of its file blocks the loop for;
2. latency: presses offered at a fixed 100 steps/s (not saturated): p50 and p99 from
   press to the next keyboard;
3. as built: refuge-guide with its rate limiter on (Telegram allows about 30
   messages a second, so calls per step decide this number);
4. cold start: a fresh process with a /start waiting, at 1k, 100k and 1M stored
   sessions: seconds from spawning it to the first reply, and peak RSS;
5. database bytes per stored session, and assessments per second (``assess_bench``).

Every figure is the median of three runs (``--reps``), each run in a fresh process.
Stored sessions are generated straight into the database or pickle file, from templates
made by walking real sessions to their result. Numbers depend on the machine and on what
else runs on it: the JSON records the CPU, the load average before and after, and the
versions.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from botbench import report, stored, subjects, trial  # noqa: E402

STAGE_LIMIT = 300.0
"""No stage runs longer than five minutes; trials that would start later are skipped."""

FULL: dict[str, Any] = {
    "reps": 3,
    "users": 200,
    "warmup": 1.5,
    "window": 4.0,
    "sizes": [0, 1_000, 10_000, 100_000],
    "cold_sizes": [1_000, 100_000, 1_000_000],
    "latency_size": 1_000,
    "latency_rate": 100.0,
    "latency_window": 8.0,
    "built_users": 50,
    "built_warmup": 2.0,
    "built_window": 6.0,
    "template_walkers": 24,
    "cold_walkers": 10,
    "assess_seconds": 1.0,
    "bytes_size": 10_000,
}
QUICK: dict[str, Any] = {
    **FULL,
    "reps": 1,
    "users": 12,
    "warmup": 0.1,
    "window": 0.3,
    "sizes": [200],
    "cold_sizes": [200],
    "latency_size": 200,
    "latency_window": 0.3,
    "built_users": 4,
    "built_warmup": 0.1,
    "built_window": 0.6,
    "template_walkers": 4,
    "cold_walkers": 0,
    "assess_seconds": 0.05,
    "bytes_size": 200,
}


def machine() -> dict[str, Any]:
    """What the numbers were measured on."""
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    import telegram

    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=HERE, capture_output=True, text=True
    ).stdout.strip()
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "python_telegram_bot": telegram.__version__,
        "commit": commit or None,
        "load_before": os.getloadavg(),
    }


class Runner:
    """Runs trials in fresh processes (or in this one for ``--quick``), stage by stage."""

    def __init__(self, workdir: Path, in_process: bool) -> None:
        self.workdir = workdir
        self.in_process = in_process
        self.deadline = 0.0
        self.serial = 0
        self.started = time.monotonic()

    def stage(self, name: str) -> None:
        now = time.monotonic()
        self.deadline = now + STAGE_LIMIT
        print(f"-- {name} (at {now - self.started:.1f} s)", file=sys.stderr, flush=True)

    def child(self, spec: dict[str, Any]) -> dict[str, Any]:
        left = self.deadline - time.monotonic()
        if left <= 0:
            return {"failed": "skipped: stage over five minutes"}
        try:
            done = subprocess.run(
                [sys.executable, str(Path(__file__).resolve()), "--child", json.dumps(spec)],
                capture_output=True,
                text=True,
                timeout=left,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return {"failed": "stopped: stage over five minutes"}
        lines = done.stdout.strip().splitlines()
        if done.returncode != 0 or not lines:
            tail = done.stderr.strip().splitlines()[-1:] or ["no output"]
            return {"failed": f"exit {done.returncode}: {tail[0][:200]}"}
        result: dict[str, Any] = json.loads(lines[-1])
        return result

    def trial(self, spec: dict[str, Any], data: Path | None) -> dict[str, Any]:
        """One throughput or latency trial on a fresh copy of ``data``."""
        self.serial += 1
        spec = {**spec, "first_id": 1_000 + self.serial * 10_000, "seed": self.serial}
        target = self.workdir / f"trial-{self.serial}"
        if data is not None:
            stored.copy_data(data, target)
        else:
            target.mkdir()
        spec["data"] = str(target)
        try:
            if self.in_process:
                return asyncio.run(trial.run_trial(spec))
            return self.child({**spec, "fast_exit": True})
        finally:
            if target.is_dir():
                shutil.rmtree(target, ignore_errors=True)
            else:
                target.unlink(missing_ok=True)

    def cold(self, spec: dict[str, Any], data: Path) -> dict[str, Any]:
        self.serial += 1
        spec = {**spec, "kind": "cold", "first_id": 1_000 + self.serial * 10_000}
        spec["seed"], spec["data"] = self.serial, str(data)
        spawned = time.perf_counter()  # the same monotonic clock as the child's on Linux
        result = self.child(spec)
        if "first_reply_at" in result:
            result["cold_start_s"] = result.pop("first_reply_at") - spawned
        return result


def prepare(run: Runner, cfg: dict[str, Any]) -> dict[str, dict[int, Path]]:
    """Templates, then stored sessions at every size for refuge-guide and Pickle."""
    template = run.workdir / "refuge-template"
    walked = asyncio.run(stored.refuge_template(template, cfg["template_walkers"], seed=7))
    print(f"   templates: {cfg['template_walkers']} walks, {walked} steps", file=sys.stderr)
    data: dict[str, dict[int, Path]] = {subjects.REFUGE: {}, report.PICKLE: {}}
    for size in sorted({*cfg["sizes"], *cfg["cold_sizes"], cfg["bytes_size"]}):
        started = time.monotonic()
        refuge = run.workdir / f"refuge-{size}"
        stored.fill_refuge(template, refuge, size, seed=size)
        pickled = run.workdir / f"ptb-{size}.pickle"
        stored.fill_pickle(pickled, size, seed=size)
        data[subjects.REFUGE][size], data[report.PICKLE][size] = refuge, pickled
        took = time.monotonic() - started
        print(f"   {report.size_label(size)} stored sessions made in {took:.1f} s", file=sys.stderr)
    return data


def stored_for(data: dict[str, dict[int, Path]], subject: str, size: int) -> Path | None:
    """The stored sessions a subject starts from (the floor stores nothing)."""
    if subject == subjects.FLOOR:
        return None
    return data[subjects.REFUGE if subject == subjects.REFUGE else report.PICKLE][size]


def medians(runs: dict[str, dict[str, list[dict[str, Any]]]]) -> dict[str, Any]:
    return {
        subject: {size: report.median_of(rs) for size, rs in cells.items()}
        for subject, cells in runs.items()
    }


def run_all(cfg: dict[str, Any], workdir: Path, in_process: bool) -> dict[str, Any]:
    run = Runner(workdir, in_process)
    results: dict[str, Any] = {"machine": machine(), "settings": cfg}
    run.stage("preparing stored sessions")
    data = prepare(run, cfg)
    sizes: list[int] = cfg["sizes"]
    common = {"users": cfg["users"], "warmup": cfg["warmup"], "window": cfg["window"]}

    run.stage("throughput")
    thr: dict[str, dict[str, list[dict[str, Any]]]] = {}
    # What the targets compare comes first in each round (the floor, then refuge-guide and
    # Pickle(60) at every size); Pickle(1), slow to load and to stop at large sizes, comes
    # last, so that a round cut by the stage's five minutes loses the least telling runs.
    for _ in range(cfg["reps"]):
        spec = {**common, "kind": "throughput", "subject": subjects.FLOOR}
        thr.setdefault(subjects.FLOOR, {}).setdefault("-", []).append(run.trial(spec, None))
        for subject in (subjects.REFUGE, subjects.PTB_60, subjects.PTB_1):
            for size in sizes:
                spec = {**common, "kind": "throughput", "subject": subject, "rewrite": True}
                result = run.trial(spec, stored_for(data, subject, size))
                thr.setdefault(subject, {}).setdefault(report.size_label(size), []).append(result)
    results["throughput"] = medians(thr)

    run.stage("latency at a fixed offered load")
    lat: dict[str, list[dict[str, Any]]] = {}
    size = cfg["latency_size"]
    for _ in range(cfg["reps"]):
        for subject in subjects.SUBJECTS:
            spec = {
                **common,
                "kind": "latency",
                "subject": subject,
                "rate": cfg["latency_rate"],
                "window": cfg["latency_window"],
            }
            lat.setdefault(subject, []).append(run.trial(spec, stored_for(data, subject, size)))
    results["latency"] = {s: report.median_of(rs) for s, rs in lat.items()}

    run.stage("as built, rate limiter on")
    built = [
        run.trial(
            {
                "kind": "throughput",
                "subject": subjects.REFUGE,
                "rate_limiter": True,
                "users": cfg["built_users"],
                "warmup": cfg["built_warmup"],
                "window": cfg["built_window"],
            },
            data[subjects.REFUGE][sizes[0]],
        )
        for _ in range(cfg["reps"])
    ]
    results["as_built"] = {subjects.REFUGE: report.median_of(built)}

    run.stage("cold start and peak RSS")
    cold: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for _ in range(cfg["reps"]):
        for size in cfg["cold_sizes"]:
            for name, subject in (
                (subjects.REFUGE, subjects.REFUGE),
                (report.PICKLE, subjects.PTB_60),
            ):
                spec = {"subject": subject, "walkers": cfg["cold_walkers"]}
                result = run.cold(spec, data[name][size])
                cold.setdefault(name, {}).setdefault(report.size_label(size), []).append(result)
    results["cold_start"] = medians(cold)

    run.stage("bytes per session, assessments per second")
    size = cfg["bytes_size"]
    results["bytes_per_session"] = {
        subjects.REFUGE: stored.database(data[subjects.REFUGE][size]).stat().st_size / max(size, 1),
        report.PICKLE: data[report.PICKLE][size].stat().st_size / max(size, 1),
    }
    if in_process:  # pins this process to one core: harmless only at the very end
        results["assess"] = assess_rates(cfg["assess_seconds"])
    else:
        results["assess"] = run.child({"kind": "assess", "seconds": cfg["assess_seconds"]})
    results["machine"]["load_after"] = os.getloadavg()
    results["targets"] = report.targets(results)
    return results


def assess_rates(seconds: float) -> dict[str, Any]:
    """Assessments per second, with ``assess_bench``'s fact sets, median of three."""
    import itertools
    import random
    import statistics

    import assess_bench

    from bot.knowledge import assess, load_knowledge

    pinned = assess_bench.pin_to_one_core()
    kb = load_knowledge()
    rng = random.Random(2026)
    pool = [assess_bench.random_facts(kb, rng) for _ in range(1000)]
    cycle = itertools.cycle(pool)  # not a list of 100M references: its GC scans were timed
    seed = assess_bench.scenario_facts(kb, "01_seed_case_refugee_search_with_kazakh_officials")
    cases: dict[str, Callable[[], object]] = {
        "random_per_s": lambda: assess(kb, next(cycle)),
        "seed_case_per_s": lambda: assess(kb, seed),
    }
    out: dict[str, Any] = {"pinned": pinned}
    for name, once in cases.items():
        out[name] = statistics.median(assess_bench.rate(once, seconds) for _ in range(3))
        # the same per second of CPU this process had: what the engine does on a core of
        # its own, whatever else the machine runs (the figure above counts wall time)
        cpu = [assess_bench.rate(once, seconds, clock=time.process_time) for _ in range(3)]
        out[name.replace("_per_s", "_per_cpu_s")] = statistics.median(cpu)
    return out


def child_main(spec: dict[str, Any]) -> None:
    if spec["kind"] == "assess":
        print(json.dumps(assess_rates(spec["seconds"])))
    elif spec["kind"] == "cold":
        asyncio.run(trial.cold_start(spec))
    else:
        print(json.dumps(asyncio.run(trial.run_trial(spec))))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smoke run of a few seconds")
    parser.add_argument("--out", type=Path, default=Path("bot-bench.json"), help="JSON file")
    parser.add_argument("--reps", type=int, help="runs per figure (median); default 3")
    parser.add_argument("--table", type=Path, help="print the table of a saved run and stop")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child_main(json.loads(args.child))
        return
    if args.table:
        results = json.loads(args.table.read_text())
    else:
        cfg = dict(QUICK if args.quick else FULL)
        if args.reps:
            cfg["reps"] = args.reps
        started = time.monotonic()
        with tempfile.TemporaryDirectory(prefix="bot-bench-") as workdir:
            results = run_all(cfg, Path(workdir), in_process=args.quick)
        results["seconds"] = time.monotonic() - started
        args.out.write_text(json.dumps(results, indent=2) + "\n")
    print(report.table(results))
    print()
    print(report.targets_table(results["targets"]))
    if not args.table:
        print(f"\n{results['seconds']:.0f} s; JSON written to {args.out}")


if __name__ == "__main__":
    main()
