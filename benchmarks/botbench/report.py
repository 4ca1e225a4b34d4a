"""Medians of the runs, the side-by-side table, and the targets of issue 14 beside them.

Everything here works on the JSON the benchmark writes, so a table can be made again
from a saved run (``bot_bench.py --table results.json``).
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Iterable
from typing import Any

from .subjects import FLOOR, LABELS, PTB_1, PTB_60, REFUGE, SUBJECTS

PICKLE = "ptb-pickle"
"""Cold start and bytes per session: both Pickle baselines load and write the same file."""


def median_of(runs: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """The median of every numeric field over the runs that did not fail."""
    good = [run for run in runs if "failed" not in run]
    if not good:
        return {"failed": "; ".join(sorted({str(r.get("failed")) for r in runs})) or "no run"}
    keys = [k for k, v in good[0].items() if isinstance(v, int | float)]
    out: dict[str, Any] = {}
    for key in keys:
        values = [run[key] for run in good if isinstance(run.get(key), int | float)]
        values = [v for v in values if not math.isnan(v)]
        out[key] = statistics.median(values) if values else float("nan")
    out["runs"] = len(good)
    return out


def size_label(size: int | str) -> str:
    if isinstance(size, str):
        return size
    if size >= 1_000_000 and size % 1_000_000 == 0:
        return f"{size // 1_000_000}M"
    if size >= 1000 and size % 1000 == 0:
        return f"{size // 1000}k"
    return str(size)


def _fmt(value: object, digits: int = 0) -> str:
    if not isinstance(value, int | float) or math.isnan(value):
        return "–"
    if digits == 0:
        return f"{value:,.0f}"
    return f"{value:,.{digits}f}"


def _series(cells: dict[str, Any], sizes: list[str], key: str, digits: int = 0) -> str:
    parts = []
    for size in sizes:
        cell = cells.get(size, {})
        parts.append("failed" if "failed" in cell else _fmt(cell.get(key), digits))
    return " / ".join(parts)


def table(results: dict[str, Any]) -> str:
    """The side-by-side table, as Markdown."""
    thr = results.get("throughput", {})
    sizes = results["settings"]["sizes"]
    cold_sizes = results["settings"]["cold_sizes"]
    lat = results.get("latency", {})
    built = results.get("as_built", {})
    cold = results.get("cold_start", {})
    per_session = results.get("bytes_per_session", {})
    by_size = "/".join(size_label(s) for s in sizes)
    cold_by = "/".join(size_label(s) for s in cold_sizes)
    columns = [REFUGE, PTB_60, PTB_1, FLOOR]
    header = "| figure | " + " | ".join(LABELS[c] for c in columns) + " |"
    rows = [header, "|---" * (len(columns) + 1) + "|"]

    def row(name: str, cell: Callable[[str], str]) -> None:
        rows.append(f"| {name} | " + " | ".join(cell(c) for c in columns) + " |")

    def sized(subject: str) -> dict[str, Any]:
        cells: dict[str, Any] = thr.get(subject, {})
        if subject == FLOOR:  # no store: one figure for every size
            only = cells.get("-", {})
            return {size_label(s): only for s in sizes}
        return cells

    labels = [size_label(s) for s in sizes]
    row(f"steps/s, {by_size} stored", lambda c: _series(sized(c), labels, "steps_per_s"))
    row(f"CPU ms per step, {by_size}", lambda c: _series(sized(c), labels, "cpu_ms_per_step", 2))
    row(
        "  of which on the event loop",
        lambda c: _series(sized(c), labels, "loop_cpu_ms_per_step", 2),
    )
    row(
        "Bot API calls per step (rate-limited ones)",
        lambda c: (
            f"{_fmt(sized(c).get(labels[0], {}).get('calls_per_step'), 1)} "
            f"({_fmt(sized(c).get(labels[0], {}).get('chat_calls_per_step'), 1)})"
        ),
    )
    row(f"longest loop stall ms, {by_size}", lambda c: _series(sized(c), labels, "stall_ms"))
    row(
        f"loop blocked by one Pickle rewrite ms, {by_size}",
        lambda c: _series(sized(c), labels, "rewrite_ms") if c in (PTB_60, PTB_1) else "–",
    )
    row(
        "p50 / p99 ms at 100 steps/s offered",
        lambda c: (
            f"{_fmt(lat.get(c, {}).get('p50_ms'), 1)} / {_fmt(lat.get(c, {}).get('p99_ms'), 1)}"
        ),
    )
    row("longest loop stall ms at 100 steps/s", lambda c: _fmt(lat.get(c, {}).get("stall_ms")))
    row(
        "steps/s as built (rate limiter on)",
        lambda c: _fmt(built.get(c, {}).get("steps_per_s"), 1) if c == REFUGE else "–",
    )
    cold_key = {REFUGE: REFUGE, PTB_60: PICKLE, PTB_1: PICKLE}
    cold_labels = [size_label(s) for s in cold_sizes]
    row(
        f"cold start to first reply s, {cold_by} stored",
        lambda c: (
            _series(cold.get(cold_key[c], {}), cold_labels, "cold_start_s", 2)
            if c in cold_key
            else "–"
        ),
    )
    row(
        f"peak RSS MB, {cold_by} stored",
        lambda c: (
            _series(cold.get(cold_key[c], {}), cold_labels, "peak_rss_mb") if c in cold_key else "–"
        ),
    )
    row(
        "bytes per stored session",
        lambda c: _fmt(per_session.get(cold_key[c])) if c in cold_key else "–",
    )
    assess = results.get("assess", {})
    row(
        "assessments/s (random facts)",
        lambda c: _fmt(assess.get("random_per_s")) if c == REFUGE else "–",
    )
    row(
        "  the same per CPU second (one core of its own)",
        lambda c: _fmt(assess.get("random_per_cpu_s")) if c == REFUGE else "–",
    )
    return "\n".join(rows)


def targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Issue 14 point 5, each target with the figure measured in this run."""
    thr = results.get("throughput", {})
    sizes = [size_label(s) for s in results["settings"]["sizes"]]
    cold_sizes = [size_label(s) for s in results["settings"]["cold_sizes"]]
    ours = thr.get(REFUGE, {})
    floor = thr.get(FLOOR, {}).get("-", {})
    out: list[dict[str, Any]] = []

    def add(target: str, measured: str, met: bool | None) -> None:
        out.append({"target": target, "measured": measured, "met": met})

    def num(cell: dict[str, Any], key: str) -> float:
        value = cell.get(key, float("nan"))
        return float(value) if isinstance(value, int | float) else float("nan")

    cpu = [num(ours.get(s, {}), "cpu_ms_per_step") for s in sizes]
    floor_cpu = num(floor, "cpu_ms_per_step")
    worst_cpu = max(cpu) if cpu else float("nan")
    add(
        "CPU per step at most 1.3× the PTB floor",
        f"{worst_cpu / floor_cpu:.2f}× ({worst_cpu:.2f} ms vs {floor_cpu:.2f} ms)",
        worst_cpu <= 1.3 * floor_cpu,
    )
    ratios = [
        num(ours.get(s, {}), "steps_per_s") / num(thr.get(PTB_60, {}).get(s, {}), "steps_per_s")
        for s in sizes
    ]
    add(
        "steps/s at least 0.75× PTB + Pickle (60) at every stored size",
        " / ".join(f"{r:.2f}×" for r in ratios),
        all(r >= 0.75 for r in ratios),
    )
    lat = results.get("latency", {}).get(REFUGE, {})
    p50, p99 = num(lat, "p50_ms"), num(lat, "p99_ms")
    add("p50 at most 5 ms at 100 steps/s", f"{p50:.1f} ms", p50 <= 5)
    add("p99 at most 20 ms at 100 steps/s", f"{p99:.1f} ms", p99 <= 20)
    stalls = [num(ours.get(s, {}), "stall_ms") for s in sizes] + [num(lat, "stall_ms")]
    worst_stall = max(stalls)
    add("longest loop stall at most 50 ms", f"{worst_stall:.0f} ms", worst_stall <= 50)
    built = num(results.get("as_built", {}).get(REFUGE, {}), "steps_per_s")
    add("at least 28 steps/s as built (rate limiter on)", f"{built:.1f} steps/s", built >= 28)
    cold = results.get("cold_start", {}).get(REFUGE, {})
    starts = [num(cold.get(s, {}), "cold_start_s") for s in cold_sizes]
    worst_start = max(starts) if starts else float("nan")
    add("cold start at most 0.5 s", f"{worst_start:.2f} s (worst size)", worst_start <= 0.5)
    rss = [num(cold.get(s, {}), "peak_rss_mb") for s in cold_sizes]
    if len(rss) >= 2:
        grew = rss[-1] - rss[0]
        add(
            f"flat memory up to {cold_sizes[-1]} stored sessions (within 10%)",
            f"{rss[0]:.0f} MB → {rss[-1]:.0f} MB",
            grew <= 0.10 * rss[0],
        )
    rate = num(results.get("assess", {}), "random_per_s")
    add("assess at least 30,000/s", f"{rate:,.0f}/s", rate >= 30_000)
    per_session = num(results.get("bytes_per_session", {}), REFUGE)
    add("at most 512 bytes per stored session", f"{per_session:,.0f} B", per_session <= 512)
    for item in out:
        if "nan" in item["measured"]:
            item["met"] = None
    return out


def targets_table(items: list[dict[str, Any]]) -> str:
    rows = ["| target (issue 14) | measured | met |", "|---|---|---|"]
    for item in items:
        met = {True: "yes", False: "**no**", None: "not measured"}[item["met"]]
        rows.append(f"| {item['target']} | {item['measured']} | {met} |")
    return "\n".join(rows)


__all__ = ["PICKLE", "SUBJECTS", "median_of", "size_label", "table", "targets", "targets_table"]
