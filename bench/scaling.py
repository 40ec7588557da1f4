"""The figures of issue 15 in the bench's report: every target as a ratio of two
figures measured in the same run, the latency-against-turn-number curve, the
stored-conversations test, the training split and the cluster."""

from __future__ import annotations

import operator
import re
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional

from bench import growth
from bench.cluster import CLUSTER_TARGET, sustained
from bench.stored import STORE_SIZES

STORED_TARGET = 1.1
# "Start-up and memory no worse than today's ratios" (issue 15, measured on main
# before it: start-up to /status 23.9 / 75.8 s, Rasa RSS 751 / 1094 MB).
STARTUP_RATIO_BEFORE = 23.9 / 75.8
RSS_RATIO_BEFORE = 751 / 1094
# Milliseconds per 10 ms py-spy sample.
SAMPLE_MS = 10.0

Row = List[str]


def _num(value: Optional[float]) -> str:
    if value is None or value != value:
        return "–"
    return (
        f"{value:.0f}"
        if abs(value) >= 100
        else f"{value:.1f}"
        if abs(value) >= 10
        else (f"{value:.2f}")
    )


def _row(
    figure: str,
    value: Optional[float],
    reference: Optional[float],
    compare: Optional[Callable[[float, float], bool]],
    target: Optional[float],
    target_text: str,
) -> Row:
    ratio = value / reference if value is not None and reference else None
    if ratio is None:
        verdict = "not measured"
    elif compare is None:
        verdict = "(no target)"
    else:
        verdict = "target met" if compare(ratio, target) else "**misses target**"
    return [figure, _num(value), _num(reference), _num(ratio), target_text, verdict]


def _get(results: Dict[str, Any], *path: Any) -> Optional[float]:
    node: Any = results
    for key in path:
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    return node if isinstance(node, (int, float)) else None


def _stored_rows(results: Dict[str, Any]) -> List[Row]:
    rows = []
    for backend in ("sqlite", "postgresql"):
        phases = (results.get("ours", {}).get("stored") or {}).get(backend) or {}
        if "skipped" in phases:
            rows.append(
                [
                    f"p95 at 4 people, {backend}, stored conversations",
                    "–",
                    "–",
                    "–",
                    f"<= {STORED_TARGET}",
                    f"not measured: {phases['skipped'][:80]}",
                ]
            )
            continue
        for size in STORE_SIZES:
            rows.append(
                _row(
                    f"REST p95 at 4 people (ms), {backend}: {size:,} stored conversations "
                    "/ empty store",
                    _get(phases, str(size), "p95_ms"),
                    _get(phases, "0", "p95_ms"),
                    operator.le,
                    STORED_TARGET,
                    f"<= {STORED_TARGET}",
                )
            )
    return rows


def _cluster_rows(results: Dict[str, Any], one_server_tps: Optional[float]) -> List[Row]:
    figures = results.get("cluster")
    if figures is None:
        return []
    if "error" in figures and not figures.get("phases"):
        return [
            [
                "cluster sustained turns/s / one server",
                "–",
                _num(one_server_tps),
                "–",
                f">= {CLUSTER_TARGET}, 0 errors",
                f"not measured: {figures['error'][:80]}",
            ]
        ]
    best = sustained(figures)
    errors = sum(s["errors"] for s in figures["phases"].values())
    row = _row(
        "cluster sustained turns/s (< 1% errors) / one embedded server",
        best["tps"] if best else None,
        one_server_tps,
        operator.ge,
        CLUSTER_TARGET,
        f">= {CLUSTER_TARGET}, 0 errors",
    )
    if errors:
        row[5] += f"; **{errors} errors**"
    return [row]


def issue_targets(
    results: Dict[str, Any], ours: Dict[str, float], base: Dict[str, float]
) -> List[Row]:
    """[figure, value, reference, ratio, target, verdict] for each target."""
    curve = results.get("ours", {}).get("growth") or {}
    base_curve = results.get("baseline", {}).get("growth") or {}
    rows = [
        _row(
            "median turn (ms), turns 200-240 / turns 10-50, one conversation",
            curve.get("late_median_ms"),
            curve.get("first_median_ms"),
            operator.le,
            growth.GROWTH_TARGET,
            f"<= {growth.GROWTH_TARGET}",
        ),
        _row(
            "  the same for the baseline (for comparison)",
            base_curve.get("late_median_ms"),
            base_curve.get("first_median_ms"),
            None,
            None,
            "–",
        ),
        *_stored_rows(results),
        _row(
            "REST p95 at 4 people (ms), ours / baseline",
            ours.get("closed4_p95_ms"),
            base.get("closed4_p95_ms"),
            operator.le,
            0.5,
            "<= 0.5",
        ),
        _row(
            "sustained turns/s, ours / baseline",
            ours.get("sustained_tps"),
            base.get("sustained_tps"),
            operator.ge,
            2.0,
            ">= 2",
        ),
        _row(
            "cached retrain after a 1-line NLU change (s), ours / baseline",
            ours.get("train_cached_s"),
            base.get("train_cached_s"),
            operator.le,
            0.5,
            "<= 0.5",
        ),
        _row(
            "cached retrain after a 1-line rule/story change (s), ours / baseline",
            ours.get("train_cached_core_s"),
            base.get("train_cached_core_s"),
            None,
            None,
            "–",
        ),
        *_cluster_rows(results, ours.get("sustained_tps")),
        _row(
            "start-up to /status (s), ours / baseline",
            ours.get("startup_status_s"),
            base.get("startup_status_s"),
            operator.le,
            STARTUP_RATIO_BEFORE,
            f"<= {STARTUP_RATIO_BEFORE:.2f} (before)",
        ),
        _row(
            "Rasa RSS after warm-up (MB), ours / baseline",
            ours.get("rss_rasa_warm_mb"),
            base.get("rss_rasa_warm_mb"),
            operator.le,
            RSS_RATIO_BEFORE,
            f"<= {RSS_RATIO_BEFORE:.2f} (before)",
        ),
    ]
    return rows


TARGET_HEAD = ["figure", "value", "reference", "ratio", "target", "verdict"]


def markdown(rows: List[Row], head: List[str]) -> List[str]:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


def text(rows: List[Row], head: List[str]) -> str:
    widths = [min(max(len(str(r[i])) for r in rows + [head]), 72) for i in range(len(head))]
    return "\n".join(
        "  ".join(str(c)[: widths[i]].ljust(widths[i]) for i, c in enumerate(row)).replace(
            "**", ""
        )
        for row in [head] + rows
    )


# --- report sections ----------------------------------------------------------


def _layer_ms(profile: Dict[str, Any], turns: int) -> Dict[str, float]:
    """Milliseconds per turn spent with each layer on the stack."""
    busy_ms = profile["busy_samples"] * SAMPLE_MS
    return {name: busy_ms * share / 100 / turns for name, share in profile["layers"]}


def growth_section(results: Dict[str, Any]) -> List[str]:
    lines = [
        "## Turn latency against turn number",
        "",
        f"One person, one conversation of {growth.DEFAULT_TURNS} turns over REST, one turn "
        'at a time: ours the intake, then questions about massage and "why?" in turn '
        f"({', '.join(growth.OUR_CYCLE[:4])}, ...); the baseline "
        f"{list(growth.BASELINE_CYCLE)} again and again. Median of each 40-turn window:",
        "",
        "| turns | " + " | ".join(label for label in ("ours", "baseline")) + " |",
        "|---|---|---|",
    ]
    curves = {label: results.get(label, {}).get("growth") for label in ("ours", "baseline")}
    windows = next((c["windows"] for c in curves.values() if c), [])
    for index, (first, end, _) in enumerate(windows):
        cells = []
        for label in ("ours", "baseline"):
            curve = curves[label]
            cells.append(_num(curve["windows"][index][2]) if curve else "–")
        lines.append(f"| {first}-{end} | " + " | ".join(cells) + " |")
    lines.append("")
    for label, curve in curves.items():
        if curve and curve.get("profile"):
            lines += _growth_profile(label, curve["profile"])
    return lines


def _growth_profile(label: str, profile: Dict[str, Any]) -> List[str]:
    first = _layer_ms(profile["first"], growth.WINDOW) if "first" in profile else {}
    late = _layer_ms(profile["late"], growth.WINDOW) if "late" in profile else {}
    lines = [
        f"Where the Rasa server's time per turn goes ({label}; py-spy, 100 Hz, during "
        "turns 10-50 and 200-240; a sample counts for every layer on its stack):",
        "",
        "| layer | ms per turn, turns 10-50 | ms per turn, turns 200-240 |",
        "|---|---|---|",
    ]
    for name in sorted(set(first) | set(late), key=lambda n: -late.get(n, 0)):
        lines.append(f"| {name} | {_num(first.get(name))} | {_num(late.get(name))} |")
    return lines + [""]


def stored_section(results: Dict[str, Any]) -> List[str]:
    stored = results.get("ours", {}).get("stored")
    if not stored:
        return []
    lines = [
        "## Stored conversations",
        "",
        f"Ours, REST closed loop at 4 people, on an emptied store and then with finished "
        f"conversations copied into it with SQL ({stored.get('template_events')} events "
        "each: the whole intake and goodbye):",
        "",
        "| store | conversations | filled in (s) | p50 ms | p95 ms | p95 / empty | errors |",
        "|---|---|---|---|---|---|---|",
    ]
    for backend in ("sqlite", "postgresql"):
        phases = stored.get(backend) or {}
        if "skipped" in phases:
            lines.append(f"| {backend} | skipped: {phases['skipped']} | | | | | |")
            continue
        empty = _get(phases, "0", "p95_ms")
        for size, s in phases.items():
            lines.append(
                f"| {backend} | {int(size):,} | {_num(s.get('fill_s'))} | {_num(s['p50_ms'])} "
                f"| {_num(s['p95_ms'])} | {_num(s['p95_ms'] / empty if empty else None)} "
                f"| {s['errors']} |"
            )
    return lines + [""]


def trained_components(log: Path) -> Optional[List[str]]:
    """The graph components a `rasa train` log says it trained (not restored
    from the cache), or None without a log."""
    if not log.exists():
        return None
    return re.findall(r"Starting to train component '([^']+)'", log.read_text(errors="replace"))


def training_section(results: Dict[str, Any], raw: Path) -> List[str]:
    lines = ["## Training", "", "| training | ours (s) | baseline (s) | changed | trained again |"]
    lines.append("|---|---|---|---|---|")
    for step, what in (
        ("cold", "nothing (`--force`, empty cache)"),
        ("cached", "one NLU example added"),
        ("cached_core", "one rule or story renamed"),
    ):
        labels = ("ours", "baseline")
        cells = [_num(_get(results, label, f"train_{step}_s")) for label in labels]
        files = [results.get(label, {}).get(f"changed_file_{step}") for label in labels]
        changed = what + (f" ({', '.join(f for f in files if f)})" if any(files) else "")
        trained = []
        for label in labels:
            components = trained_components(raw / f"train-{label}-{step}.log")
            if components is not None:
                shown = ", ".join(components) or "nothing"
                if step == "cold":
                    shown = f"{len(components)} components"
                trained.append(f"{label}: {shown}")
        lines.append(f"| {step} | {cells[0]} | {cells[1]} | {changed} | {'; '.join(trained)} |")
    return lines + [""]


def cluster_section(results: Dict[str, Any]) -> List[str]:
    figures = results.get("cluster")
    if figures is None:
        return []
    lines = ["## Cluster", ""]
    if figures.get("error"):
        lines += [f"Not (fully) measured: `{figures['error'][:500]}`", ""]
    if not figures.get("phases"):
        return lines
    lines += [
        f"`scripts/cluster.sh` (2 Rasa servers, 2 action servers, nginx, PostgreSQL, Redis, "
        f"RabbitMQ), started in {_num(figures.get('startup_s'))} s; REST through nginx's "
        "internal side, closed loops:",
        "",
        "| people | p50 ms | p95 ms | turns/s | errors |",
        "|---|---|---|---|---|",
    ]
    for name, s in figures["phases"].items():
        lines.append(
            f"| {name.rsplit('_', 1)[1]} | {_num(s['p50_ms'])} | {_num(s['p95_ms'])} "
            f"| {_num(s['tps'])} | {s['errors']} |"
        )
    best = sustained(figures)
    if best:
        lines += [
            "",
            "How the cores were shared during the busiest phase (CPU seconds per "
            "second of the phase; 2.0 = both cores):",
            "",
            "| part | cores |",
            "|---|---|",
        ]
        for part, cores in sorted(best["cores"].items(), key=lambda kv: -kv[1]):
            lines.append(f"| {part} | {cores:.2f} |")
    return lines + [""]


def plot_growth(ax: Any, results: Dict[str, Any], colors: Dict[str, str]) -> None:
    for label in ("ours", "baseline"):
        curve = results.get(label, {}).get("growth")
        if not curve:
            continue
        turns = range(1, len(curve["latencies_ms"]) + 1)
        ax.plot(turns, curve["latencies_ms"], color=colors[label], lw=0.5, alpha=0.35)
        centres = [(a + b) / 2 for a, b, _ in curve["windows"]]
        ax.plot(
            centres,
            [m for _, _, m in curve["windows"]],
            marker="o",
            color=colors[label],
            label=f"{label} median per 40 turns (200-240 / 10-50 = {curve['ratio']:.2f})",
        )
    ax.set(title="One long conversation: latency against turn number", xlabel="turn number")
    ax.set(ylabel="ms", ylim=(0, None))
