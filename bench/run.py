"""`make bench`: our assistant against Rasa's starter assistant (moodbot, from
`rasa init`'s template), trained and served the same way in the same run.

Prints the figures and writes bench/results/report.md and bench/results/bench.png.
Raw data (logs, profiles, results.json) go to bench/results/raw/ (not committed).

    .venv/bin/python -m bench.run            # full run (about 9 min on 2 cores)
    .venv/bin/python -m bench.run --quick    # smaller run (about 4 min)
    .venv/bin/python -m bench.run --quick --no-train   # serve models/intake.tar.gz
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Tuple

import requests
import yaml

from bench import cluster, growth, load, scaling, stored
from bench.servers import Server, free_port, stop_all
from bot.runtime.settings import embedded_endpoints

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
RAW = RESULTS / "raw"
RASA = str(ROOT / ".venv" / "bin" / "rasa")
PYTHON = str(ROOT / ".venv" / "bin" / "python")
PYSPY = str(ROOT / ".venv" / "bin" / "py-spy")
TOKEN = "bench-" + uuid.uuid4().hex[:8]
ORIGIN = "http://127.0.0.1:8000"

OUR_SCRIPT = ["hi", "yes", "none of these", "my neck", "5", "mild", "firm", "no"]
# moodbot's whole conversation: greet, mood_unhappy (cheer up, did that help?),
# affirm (happy), bot_challenge, goodbye.
BASELINE_SCRIPT = ["hello", "I am feeling sad", "yes", "are you a bot?", "bye"]

THREAD_VARS = [
    "TF_INTRA_OP_PARALLELISM_THREADS",
    "TF_INTER_OP_PARALLELISM_THREADS",
    "OMP_NUM_THREADS",
    "SANIC_WORKERS",
    "ACTION_SERVER_SANIC_WORKERS",
]

# Targets (2 cores, embedded defaults). key -> (description, test)
TARGETS = {
    "closed4_p95_ms": ("p95 whole turn <= 150 ms at 4 people", lambda v: v <= 150),
    "sustained_tps": (">= 40 turns/s sustained, < 1% errors", lambda v: v >= 40),
    "startup_status_s": ("start-up to /status <= 20 s", lambda v: v <= 20),
    "rss_rasa_after_mb": ("Rasa server RSS <= 1.2 GB", lambda v: v <= 1200),
    "rss_rasa_growth_pct": ("RSS growth < 5% over 5,000 turns", lambda v: v < 5),
    "train_cold_s": ("cold training <= 5 min", lambda v: v <= 300),
    "train_cached_s": ("cached retrain <= 60 s", lambda v: v <= 60),
}
# Figures where higher is better (for the 1.5x baseline check).
HIGHER_IS_BETTER = {"sustained_tps"}


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def loadavg() -> str:
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


# --- environment -------------------------------------------------------------


def base_env(args: argparse.Namespace) -> Dict[str, str]:
    """The project's environment (scripts/env.sh) with the thread settings fixed."""
    out = subprocess.run(
        ["bash", "-c", "set -a; source scripts/env.sh; env -0"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout
    env = dict(item.split("=", 1) for item in out.decode().split("\0") if "=" in item)
    env["RASA_TELEMETRY_ENABLED"] = "false"
    env["CORS_ORIGINS"] = ORIGIN
    env["SANIC_HOST"] = "127.0.0.1"  # the action server binds to loopback only
    env["PYTHONPATH"] = str(ROOT)  # channels.socketio for the baseline too
    # The socket.io channel signs the sessions it issues (channels/session_tokens.py).
    env.setdefault("SESSION_SECRET", uuid.uuid4().hex + uuid.uuid4().hex)
    env.setdefault("SANIC_WORKERS", "1")
    env.setdefault("ACTION_SERVER_SANIC_WORKERS", "1")
    if args.tf_threads is not None:
        for var in THREAD_VARS[:3]:
            env[var] = str(args.tf_threads)
    elif args.tf_default:
        for var in THREAD_VARS[:3]:
            env.pop(var, None)
    return env


def thread_settings(env: Dict[str, str]) -> Dict[str, str]:
    cores = os.cpu_count() or 1
    shown = {}
    for var in THREAD_VARS:
        if var in env:
            shown[var] = env[var]
        elif var.startswith("TF_"):
            shown[var] = f"unset (TensorFlow picks: {cores} cores)"
        elif var == "OMP_NUM_THREADS":
            shown[var] = "unset"
        else:
            shown[var] = "unset (1)"
    return shown


# --- projects ----------------------------------------------------------------


def make_baseline(work: Path, env: Dict[str, str]) -> Path:
    """Rasa's starter assistant, from the template `rasa init --no-prompt` copies
    (rasa.cli.scaffold.create_initial_project), without init's own training: the
    bench trains it below like ours."""
    path = work / "baseline"
    subprocess.run(
        [
            PYTHON,
            "-c",
            "import sys; from rasa.cli.scaffold import create_initial_project;"
            " create_initial_project(sys.argv[1])",
            str(path),
        ],
        env=env,
        check=True,
        timeout=120,
        capture_output=True,
    )
    return path


def copy_for_training(source: Path, dest: Path, ours: bool) -> Path:
    dest.mkdir(parents=True)
    for name in ("config.yml", "domain.yml"):
        shutil.copy(source / name, dest / name)
    shutil.copytree(source / "data", dest / "data")
    if ours:  # config.yml's SpacyNLP model path is relative
        shutil.copytree(source / "build" / "spacy_pipeline", dest / "build" / "spacy_pipeline")
    return dest


def one_line_nlu_change(project: Path) -> str:
    files = sorted((project / "data").rglob("*.yml"))
    for path in files:
        lines = path.read_text().splitlines(keepends=True)
        for i, line in enumerate(lines):
            if line.strip() == "examples: |" and i + 1 < len(lines):
                indent = re.match(r"\s*", lines[i + 1]).group(0)
                lines.insert(i + 1, f"{indent}- hello there, bench {uuid.uuid4().hex[:6]}\n")
                path.write_text("".join(lines))
                return str(path.relative_to(project))
    raise RuntimeError("no NLU examples found")


def one_line_core_change(project: Path) -> str:
    """Renames the first rule or story: the dialogue data changes (its policies
    are trained again), the NLU data and the domain do not."""
    for path in sorted((project / "data").rglob("*.yml")):
        lines = path.read_text().splitlines(keepends=True)
        for i, line in enumerate(lines):
            if re.match(r"\s*- (rule|story):", line):
                lines[i] = line.rstrip("\n") + f" (bench {uuid.uuid4().hex[:6]})\n"
                path.write_text("".join(lines))
                return str(path.relative_to(project))
    raise RuntimeError("no rule or story found")


# Trainings of each assistant: cold, then cached after a one-line change.
TRAININGS = (
    ("cold", ["--force"], None),
    ("cached", [], one_line_nlu_change),
    ("cached_core", [], one_line_core_change),
)


def train(
    label: str, source: Path, work: Path, env: Dict[str, str], ours: bool, timeout: float
) -> Dict[str, Any]:
    project = copy_for_training(source, work / f"train-{label}", ours)
    out = project / "models"
    figures: Dict[str, Any] = {}
    for step, extra, change in TRAININGS:
        if change:
            figures[f"changed_file_{step}"] = change(project)
        log(f"{label}: training ({step})")
        logfile = RAW / f"train-{label}-{step}.log"
        start = time.monotonic()
        with open(logfile, "w") as f:
            subprocess.run(
                [RASA, "train", *extra, "--out", str(out), "--fixed-model-name", step],
                cwd=project,
                env=env,
                stdout=f,
                stderr=subprocess.STDOUT,
                check=True,
                timeout=timeout,
                start_new_session=True,
            )
        figures[f"train_{step}_s"] = time.monotonic() - start
        log(f"{label}: {step} training took {figures[f'train_{step}_s']:.1f} s")
    figures["model"] = str(out / "cold.tar.gz")
    return figures


# --- serving -----------------------------------------------------------------


class Deployment:
    """The Rasa server (and the action server, if any) of one assistant."""

    def __init__(
        self,
        label: str,
        cwd: Path,
        model: str,
        work: Path,
        env: Dict[str, str],
        with_actions: bool,
        tracker_store: Optional[Dict[str, Any]] = None,
    ) -> None:
        """`tracker_store`: another tracker_store section than the embedded
        SQLite file `self.tracker_db` (e.g. PostgreSQL)."""
        self.label = label
        self.rasa_port = free_port()
        self.action_port = free_port() if with_actions else None
        self.url = f"http://127.0.0.1:{self.rasa_port}"
        folder = work / f"serve-{label}"
        folder.mkdir()
        self.tracker_db = folder / "tracker.db"
        endpoints = folder / "endpoints.yml"
        config = embedded_endpoints(
            f"http://127.0.0.1:{self.action_port}/webhook" if with_actions else None,
            self.tracker_db,
        )
        if tracker_store:
            config = yaml.safe_dump(
                dict(yaml.safe_load(config), tracker_store=tracker_store), sort_keys=False
            )
        endpoints.write_text(config)
        env = dict(
            env,
            RASA_PORT=str(self.rasa_port),
            ENDPOINTS=str(endpoints),
            DATABASE_URL=f"sqlite:///{folder}/clinic.db",
        )
        if with_actions:
            env["ACTION_PORT"] = str(self.action_port)
        self.action: Optional[Server] = None
        if with_actions:
            # As scripts/run.sh starts it: on loopback, requiring ACTION_SERVER_SECRET
            # (scripts/env.sh made one up), which Rasa sends (endpoints.yml).
            self.action = Server(
                f"{label} action server",
                [PYTHON, "-m", "channels.action_server", "--port", str(self.action_port)]
                + ["--actions", "actions"],
                cwd,
                env,
                RAW / f"serve-{label}-actions.log",
            )
        self.rasa = Server(
            f"{label} Rasa server",
            [
                RASA,
                "run",
                "--model",
                model,
                "--port",
                str(self.rasa_port),
                "--interface",
                "127.0.0.1",
                "--credentials",
                str(ROOT / "credentials.yml"),
                "--endpoints",
                str(endpoints),
                "--enable-api",
                "--auth-token",
                TOKEN,
                "--cors",
                ORIGIN,
            ],
            cwd,
            env,
            RAW / f"serve-{label}-rasa.log",
        )

    def start(self, first_message: str) -> Dict[str, float]:
        """Starts both (as scripts/run.sh does); returns the start-up figures."""
        if self.action:
            self.action.start()
        self.rasa.start()
        figures = {}
        figures["startup_status_s"] = self.rasa.wait_until(
            lambda: bool(
                requests.get(f"{self.url}/status", params={"token": TOKEN}, timeout=2)
                .json()
                .get("model_file")
            ),
            300,
            "/status with a model",
        )
        if self.action:
            figures["startup_actions_s"] = self.action.wait_until(
                lambda: requests.get(f"http://127.0.0.1:{self.action_port}/health", timeout=2).ok,
                300,
                "action server /health",
            )

        def replied() -> bool:
            response = requests.post(
                f"{self.url}/webhooks/rest/webhook",
                timeout=30,
                json={"sender": "startup-probe", "message": first_message},
            )
            return response.ok and bool(response.json())

        figures["startup_first_reply_s"] = self.rasa.wait_until(replied, 300, "a first reply")
        return figures

    def rss_mb(self) -> Dict[str, float]:
        return {
            "rasa": self.rasa.rss() / 2**20,
            "actions": (self.action.rss() / 2**20) if self.action else 0.0,
        }

    def stop(self) -> None:
        self.rasa.stop()
        if self.action:
            self.action.stop()


# --- profiling ---------------------------------------------------------------


def start_profile(pid: int, name: str, seconds: int) -> subprocess.Popen:
    out = RAW / f"profile-{name}.txt"
    return subprocess.Popen(
        [
            PYSPY,
            "record",
            "--pid",
            str(pid),
            "--rate",
            "100",
            "--duration",
            str(seconds),
            "--format",
            "raw",
            "--nonblocking",
            "--output",
            str(out),
        ],
        stdout=subprocess.DEVNULL,
        stderr=open(RAW / f"profile-{name}.log", "w"),
        start_new_session=True,
    )


LAYERS = [
    ("TensorFlow/Keras inference", ["tensorflow", "keras"]),
    ("NLU components (rasa/nlu, spaCy)", ["rasa/nlu/", "spacy/", "thinc/"]),
    ("policies (rasa/core/policies)", ["rasa/core/policies/"]),
    ("featurisation of trackers", ["rasa/core/featurizers/", "rasa/shared/core/generator.py"]),
    (
        "tracker store (SQLAlchemy/SQLite)",
        ["rasa/core/tracker_store.py", "sqlalchemy/", "sqlite3"],
    ),
    ("remote action call (rasa/core/actions/action.py)", ["rasa/core/actions/action.py"]),
    (
        "tracker/events (de)serialisation",
        ["rasa/shared/core/trackers.py", "rasa/shared/core/events.py"],
    ),
    ("domain (rasa/shared/core/domain.py)", ["rasa/shared/core/domain.py"]),
    ("JSON encode/decode", ["json/", "ujson", "orjson"]),
    ("HTTP server (sanic, channels)", ["sanic/", "rasa/core/channels/"]),
    ("aiohttp (client to action server)", ["aiohttp/"]),
    ("rasa_sdk (action server framework)", ["rasa_sdk/"]),
    ("project actions (actions/)", ["(actions/"]),
    ("project domain code (bot/)", ["/bot/"]),
    ("logging", ["logging/"]),
]


# Leaf frames of a thread waiting for work (py-spy --nonblocking cannot tell idle
# threads apart, so they are dropped here).
IDLE_LEAVES = (
    "selectors.py",
    "sanic/server/runners.py",
    "run_forever",
    "_run_once (",
    "threading.py",
    "asyncio/locks.py",
    "queue.py",
    "select (",
)


def summarise_profile(path: Path, seconds: float, rate: int = 100) -> Dict[str, Any]:
    """Shares of the busy samples (py-spy raw collapsed stacks)."""
    stacks = []
    for line in path.read_text(errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if stack and count.isdigit():
            frames = stack.split(";")
            if frames and any(idle in frames[-1] for idle in IDLE_LEAVES):
                continue
            stacks.append((frames, int(count)))
    total = sum(count for _, count in stacks) or 1
    layers = []
    for name, patterns in LAYERS:
        hit = sum(
            count
            for frames, count in stacks
            if any(p in frame for frame in frames for p in patterns)
        )
        if hit:
            layers.append((name, 100.0 * hit / total))
    selfs: Dict[str, int] = {}
    inclusive: Dict[str, int] = {}
    for frames, count in stacks:
        leaf = frames[-1] if frames else "?"
        selfs[leaf] = selfs.get(leaf, 0) + count
        for frame in set(frames):
            if any(k in frame for k in ("rasa/", "rasa_sdk/", "actions", "/bot/", "sanic/")):
                inclusive[frame] = inclusive.get(frame, 0) + count

    def top(counts: Dict[str, int], n: int) -> List[Tuple[str, float]]:
        ranked = sorted(counts.items(), key=lambda kv: -kv[1])[:n]
        return [(k, 100.0 * v / total) for k, v in ranked]

    return {
        "busy_samples": total,
        "busy_cpu_pct": 100.0 * total / (seconds * rate),
        "layers": sorted(layers, key=lambda x: -x[1]),
        "top_self": top(selfs, 12),
        "top_inclusive": top(inclusive, 15),
    }


# --- one assistant -----------------------------------------------------------


def payload_figures(dep: Deployment, senders: List[str]) -> Dict[str, Any]:
    """Size of what Rasa sends the action server per call (tracker + domain), from
    the HTTP API, for a finished conversation; estimated calls per turn."""
    domain = requests.get(
        f"{dep.url}/domain",
        params={"token": TOKEN},
        headers={"Accept": "application/json"},
        timeout=30,
    ).json()
    for sender in senders:
        tracker = requests.get(
            f"{dep.url}/conversations/{sender}/tracker", params={"token": TOKEN}, timeout=30
        ).json()
        events = tracker.get("events", [])
        users = sum(1 for e in events if e.get("event") == "user")
        if users < len(OUR_SCRIPT):
            continue
        # An action is a name, or {name: {send_domain: ...}}.
        custom = {
            name
            for action in domain.get("actions", [])
            for name in (action if isinstance(action, dict) else [action])
        }
        custom -= {"action_validate_slot_mappings"}
        forms = set(domain.get("forms", {}))
        executed = [e.get("name") for e in events if e.get("event") == "action"]
        calls = (
            users  # action_validate_slot_mappings on every user message
            + sum(1 for name in executed if name in forms)  # validate_<form>
            + sum(1 for name in executed if name in custom and not name.startswith("validate_"))
        )
        return {
            "tracker_kb": len(json.dumps(tracker)) / 1024,
            "domain_kb": len(json.dumps(domain)) / 1024,
            "events": len(events),
            "user_turns": users,
            "est_action_calls_per_turn": calls / users,
        }
    return {}


def bench_assistant(
    label: str,
    cwd: Path,
    model: str,
    work: Path,
    env: Dict[str, str],
    with_actions: bool,
    script: List[str],
    long_conversation: List[str],
    nlu_texts: List[str],
    plan: Dict[str, Any],
    results: Dict[str, Any],
) -> None:
    figures: Dict[str, Any] = results.setdefault(label, {})
    dep = Deployment(label, cwd, model, work, env, with_actions)
    stored_test = with_actions and plan["stored"]
    try:
        log(f"{label}: starting servers")
        figures.update(dep.start(script[0]))
        log(
            f"{label}: /status after {figures['startup_status_s']:.1f} s, first reply after "
            f"{figures['startup_first_reply_s']:.1f} s"
        )
        counter = load.Counter()

        nlu = load.run(load.nlu_parse(dep.url, TOKEN, nlu_texts, warmup=10))
        figures["nlu"] = nlu.summary()
        log(
            f"{label}: NLU p50 {figures['nlu']['p50_ms']:.1f} ms "
            f"p95 {figures['nlu']['p95_ms']:.1f} ms"
        )

        # Warm-up, discarded: whole conversations at 1 and 4 people.
        load.run(
            load.rest_closed_loop(dep.url, script, 1, plan["warmup_s"] / 2, 200, counter, "warm")
        )
        load.run(
            load.rest_closed_loop(dep.url, script, 4, plan["warmup_s"] / 2, 400, counter, "warm")
        )
        figures["rss_warm_mb"] = dep.rss_mb()
        counter.turns = 0
        log(f"{label}: after warm-up RSS {figures['rss_warm_mb']}")

        if plan["growth_turns"]:
            figures["growth"] = growth_phase(label, dep, long_conversation, plan)

        phases = figures.setdefault("phases", {})
        for people in plan["closed"]:
            r = load.run(
                load.rest_closed_loop(
                    dep.url, script, people, plan["phase_s"], plan["max_phase_turns"], counter
                )
            )
            phases[f"rest_closed_{people}"] = s = r.summary()
            s["errors_by_kind"] = dict(r.errors)
            log(
                f"{label}: {r.name}: p50 {s['p50_ms']:.0f} p95 {s['p95_ms']:.0f} p99 "
                f"{s['p99_ms']:.0f} ms, {s['tps']:.1f} turns/s, errors {s['errors']}"
            )
        for rate in plan["open"]:
            r = load.run(load.rest_open_loop(dep.url, script, rate, plan["phase_s"], counter))
            phases[f"rest_open_{rate}"] = s = r.summary()
            s["errors_by_kind"] = dict(r.errors)
            s["settle_s"] = load.run(load.settle(dep.url))
            log(
                f"{label}: {r.name}: p50 {s['p50_ms']:.0f} p95 {s['p95_ms']:.0f} p99 "
                f"{s['p99_ms']:.0f} ms, {s['tps']:.1f} turns/s, errors {s['errors']}"
            )

        expected = load.run(load.socketio_reference(dep.url, ORIGIN, script))
        figures["socketio_messages_per_turn"] = expected
        r = load.run(
            load.socketio_closed_loop(
                dep.url,
                ORIGIN,
                script,
                expected,
                plan["socketio_people"],
                plan["phase_s"],
                plan["max_phase_turns"],
                counter,
            )
        )
        phases[f"socketio_closed_{plan['socketio_people']}"] = s = r.summary()
        s["errors_by_kind"] = dict(r.errors)
        log(
            f"{label}: {r.name}: p50 {s['p50_ms']:.0f} p95 {s['p95_ms']:.0f} p99 "
            f"{s['p99_ms']:.0f} ms, {s['tps']:.1f} turns/s, errors {s['errors']}"
        )

        if plan["profile_s"]:
            log(f"{label}: profiling (py-spy) during {plan['profile_s']} s at 4 people")
            spies = [("rasa", start_profile(dep.rasa.pid, f"{label}-rasa", plan["profile_s"]))]
            if dep.action:
                spies.append(
                    (
                        "actions",
                        start_profile(dep.action.pid, f"{label}-actions", plan["profile_s"]),
                    )
                )
            r = load.run(
                load.rest_closed_loop(
                    dep.url, script, 4, plan["profile_s"], 10**6, counter, "profile"
                )
            )
            figures["profiled_phase"] = r.summary()
            profiles = figures.setdefault("profile", {})
            for name, spy in spies:
                try:
                    spy.wait(timeout=plan["profile_s"] + 30)
                except subprocess.TimeoutExpired:
                    os.killpg(spy.pid, 9)
                path = RAW / f"profile-{label}-{name}.txt"
                if path.exists():
                    profiles[name] = summarise_profile(path, plan["profile_s"])

        # Memory over (at least) N turns since the warm-up snapshot.
        missing = plan["memory_turns"] - counter.turns
        if missing > 0:
            log(f"{label}: {missing} more turns at 16 people for the memory figure")
            load.run(
                load.rest_closed_loop(
                    dep.url, script, 16, plan["memory_max_s"], missing, counter, "soak"
                )
            )
        figures["memory_turns"] = counter.turns
        figures["rss_after_mb"] = dep.rss_mb()
        warm, after = figures["rss_warm_mb"]["rasa"], figures["rss_after_mb"]["rasa"]
        figures["rss_rasa_growth_pct"] = 100.0 * (after - warm) / warm
        log(f"{label}: RSS after {counter.turns} turns {figures['rss_after_mb']}")

        # One finished conversation, for the action-server payload figures.
        sender = f"payload-{uuid.uuid4().hex[:8]}"
        for message in script:
            requests.post(
                f"{dep.url}/webhooks/rest/webhook",
                timeout=30,
                json={"sender": sender, "message": message},
            )
        if with_actions:
            figures["payload"] = payload_figures(dep, [sender])
        if stored_test:
            template = finished_conversation(dep, script)
            figures["stored"] = {"template_events": len(template)}
            figures["stored"]["sqlite"] = stored_phases(
                dep,
                script,
                plan,
                lambda: stored.sqlite_clear(dep.tracker_db),
                lambda first, last: stored.sqlite_fill(dep.tracker_db, template, first, last),
            )
    finally:
        dep.stop()
    if stored_test and plan["postgres"]:
        figures["stored"]["postgresql"] = postgres_stored_phases(
            label, cwd, model, work, env, script, template, plan
        )


def growth_phase(
    label: str, dep: Deployment, messages: List[str], plan: Dict[str, Any]
) -> Dict[str, Any]:
    """One long conversation (bench/growth.py), py-spy on the Rasa server during
    its first and late windows when profiling."""
    log(f"{label}: one conversation of {len(messages)} turns (latency against turn number)")
    profiler = None
    if plan["profile_s"]:
        profiler = growth.WindowProfiler(PYSPY, dep.rasa.pid, RAW, f"{label}-growth-rasa")
    curve = growth.run_long_conversation(dep.url, messages, profiler.on_turn if profiler else None)
    figures = curve.summary()
    if profiler:
        figures["profile"] = {
            window: summarise_profile(path, seconds)
            for window, (path, seconds) in profiler.finish().items()
        }
    windows = ", ".join(f"{a}-{b}: {m:.0f}" for a, b, m in curve.windows())
    log(
        f"{label}: median ms per 40 turns {windows}; turns 200-240 / 10-50 = "
        f"{curve.ratio:.2f} (target <= {growth.GROWTH_TARGET}), errors {curve.errors}"
    )
    return figures


def finished_conversation(dep: Deployment, script: List[str]) -> List[tuple]:
    """One whole conversation, said goodbye to, as its tracker-store rows."""
    sender = f"finished-{uuid.uuid4().hex[:8]}"
    for message in script + ["bye"]:
        requests.post(
            f"{dep.url}/webhooks/rest/webhook",
            timeout=30,
            json={"sender": sender, "message": message},
        )
    return stored.sqlite_conversation(dep.tracker_db, sender)


def p95_at_4(dep: Deployment, script: List[str], plan: Dict[str, Any]) -> Dict[str, Any]:
    counter = load.Counter()
    load.run(load.rest_closed_loop(dep.url, script, 4, plan["warmup_s"] / 2, 400, counter, "warm"))
    turns = plan["max_phase_turns"]
    r = load.run(load.rest_closed_loop(dep.url, script, 4, plan["stored_phase_s"], turns, counter))
    summary = r.summary()
    summary["errors_by_kind"] = dict(r.errors)
    return summary


def stored_phases(
    dep: Deployment,
    script: List[str],
    plan: Dict[str, Any],
    clear: Callable[[], None],
    fill: Callable[[int, int], float],
) -> Dict[str, Any]:
    """REST at 4 people on the emptied store, then with 10,000 and 100,000
    finished conversations in it (bench/stored.py)."""
    clear()
    phases = {"0": p95_at_4(dep, script, plan)}
    log(f"{dep.label}: empty store: p95 at 4 people {phases['0']['p95_ms']:.0f} ms")
    stored_so_far = 0
    for size in stored.STORE_SIZES:
        seconds = fill(stored_so_far + 1, size)
        stored_so_far = size
        phases[str(size)] = dict(p95_at_4(dep, script, plan), fill_s=seconds)
        ratio_to_empty = phases[str(size)]["p95_ms"] / phases["0"]["p95_ms"]
        log(
            f"{dep.label}: {size:,} stored conversations (filled in {seconds:.0f} s): p95 at 4 "
            f"people {phases[str(size)]['p95_ms']:.0f} ms, {ratio_to_empty:.2f}x the empty store"
        )
    return phases


def postgres_stored_phases(
    label: str,
    cwd: Path,
    model: str,
    work: Path,
    env: Dict[str, str],
    script: List[str],
    template: List[tuple],
    plan: Dict[str, Any],
) -> Dict[str, Any]:
    """stored_phases on a Rasa server (and action server) whose tracker store is
    a PostgreSQL database of its own, dropped afterwards."""
    reason = stored.postgres_unavailable()
    if reason:
        log(f"{label}: PostgreSQL stored-conversations test skipped: {reason}")
        return {"skipped": reason}
    name = stored.postgres_create_database()
    dep = Deployment(
        f"{label}-postgresql", cwd, model, work, env, True, stored.postgres_endpoint(name)
    )
    try:
        log(f"{label}: starting servers on PostgreSQL database {name}")
        dep.start(script[0])
        return stored_phases(
            dep,
            script,
            plan,
            lambda: stored.postgres_clear(name),
            lambda first, last: stored.postgres_fill(name, template, first, last),
        )
    finally:
        dep.stop()
        stored.postgres_drop_database(name)


# --- report --------------------------------------------------------------------


def flat(figures: Dict[str, Any], plan: Dict[str, Any]) -> Dict[str, float]:
    """The headline figures of one assistant, by key."""
    out: Dict[str, float] = {}
    for key in (
        "startup_status_s",
        "startup_first_reply_s",
        "train_cold_s",
        "train_cached_s",
        "train_cached_core_s",
    ):
        if key in figures:
            out[key] = figures[key]
    if "nlu" in figures:
        out["nlu_p50_ms"] = figures["nlu"]["p50_ms"]
        out["nlu_p95_ms"] = figures["nlu"]["p95_ms"]
    for name, s in figures.get("phases", {}).items():
        for m in ("p50_ms", "p95_ms", "p99_ms", "tps", "error_pct"):
            out[f"{name}_{m}"] = s[m]
    if "rest_closed_4" in figures.get("phases", {}):
        out["closed4_p95_ms"] = figures["phases"]["rest_closed_4"]["p95_ms"]
    # Sustained: the highest offered open-loop rate served at >= 95% with < 1% errors.
    sustained = 0.0
    for rate in plan["open"]:
        s = figures.get("phases", {}).get(f"rest_open_{rate}")
        if s and s["error_pct"] < 1 and s["tps"] >= 0.95 * rate:
            sustained = max(sustained, s["tps"])
    for people in plan["closed"]:
        s = figures.get("phases", {}).get(f"rest_closed_{people}")
        if s and s["error_pct"] < 1:
            sustained = max(sustained, s["tps"])
    out["sustained_tps"] = sustained
    if "rss_after_mb" in figures:
        out["rss_rasa_warm_mb"] = figures["rss_warm_mb"]["rasa"]
        out["rss_rasa_after_mb"] = figures["rss_after_mb"]["rasa"]
        out["rss_rasa_growth_pct"] = figures["rss_rasa_growth_pct"]
        if figures["rss_after_mb"]["actions"]:
            out["rss_actions_warm_mb"] = figures["rss_warm_mb"]["actions"]
            out["rss_actions_after_mb"] = figures["rss_after_mb"]["actions"]
    return out


LABELS = {
    "startup_status_s": "start-up to /status (s)",
    "startup_first_reply_s": "start-up to first reply (s)",
    "train_cold_s": "training, cold (s)",
    "train_cached_s": "training, cached after 1-line NLU change (s)",
    "train_cached_core_s": "training, cached after 1-line rule/story change (s)",
    "nlu_p50_ms": "NLU parse p50 (ms, HTTP /model/parse)",
    "nlu_p95_ms": "NLU parse p95 (ms, HTTP /model/parse)",
    "closed4_p95_ms": "REST p95 at 4 people (ms)",
    "sustained_tps": "sustained turns/s (< 1% errors)",
    "rss_rasa_warm_mb": "Rasa RSS after warm-up (MB)",
    "rss_rasa_after_mb": "Rasa RSS after N turns (MB)",
    "rss_rasa_growth_pct": "Rasa RSS growth (%)",
    "rss_actions_warm_mb": "action server RSS after warm-up (MB)",
    "rss_actions_after_mb": "action server RSS after N turns (MB)",
}


def fmt(value: Optional[float]) -> str:
    if value is None:
        return "–"
    if value != value:  # nan
        return "nan"
    if abs(value) >= 100:
        return f"{value:.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def ratio(a: Optional[float], b: Optional[float]) -> Optional[float]:
    if a is None or b is None or not b or a != a or b != b:
        return None
    return a / b


def verdicts(key: str, ours: Optional[float], base: Optional[float]) -> str:
    notes = []
    if key in TARGETS and ours is not None:
        notes.append("target met" if TARGETS[key][1](ours) else "**misses target**")
    r = ratio(ours, base)
    if r is not None and not key.endswith("error_pct") and not key.endswith("growth_pct"):
        worse = (r < 1 / 1.5) if (key in HIGHER_IS_BETTER or key.endswith("_tps")) else (r > 1.5)
        if worse:
            notes.append("**> 1.5x worse than baseline**")
    return "; ".join(notes)


def table_rows(
    ours: Dict[str, float], base: Dict[str, float], plan: Dict[str, Any]
) -> List[List[str]]:
    keys = [
        "startup_status_s",
        "startup_first_reply_s",
        "train_cold_s",
        "train_cached_s",
        "train_cached_core_s",
        "nlu_p50_ms",
        "nlu_p95_ms",
    ]
    phase_names = (
        [f"rest_closed_{p}" for p in plan["closed"]]
        + [f"rest_open_{r}" for r in plan["open"]]
        + [f"socketio_closed_{plan['socketio_people']}"]
    )
    rows = []
    for key in keys + [
        "closed4_p95_ms",
        "sustained_tps",
        "rss_rasa_warm_mb",
        "rss_rasa_after_mb",
        "rss_rasa_growth_pct",
        "rss_actions_warm_mb",
        "rss_actions_after_mb",
    ]:
        if key in ours or key in base:
            o, b = ours.get(key), base.get(key)
            rows.append([LABELS[key], fmt(o), fmt(b), fmt(ratio(o, b)), verdicts(key, o, b)])
    for name in phase_names:
        pretty = (
            name.replace("rest_closed_", "REST closed loop, people=")
            .replace("rest_open_", "REST open loop, turns/s offered=")
            .replace("socketio_closed_", "socket.io closed loop, people=")
        )
        for m, unit in (
            ("p50_ms", "p50 ms"),
            ("p95_ms", "p95 ms"),
            ("p99_ms", "p99 ms"),
            ("tps", "turns/s"),
            ("error_pct", "errors %"),
        ):
            key = f"{name}_{m}"
            if key in ours or key in base:
                o, b = ours.get(key), base.get(key)
                rows.append(
                    [f"{pretty}: {unit}", fmt(o), fmt(b), fmt(ratio(o, b)), verdicts(key, o, b)]
                )
    return rows


def markdown_table(rows: List[List[str]]) -> str:
    head = ["figure", "ours", "baseline (moodbot)", "ours/baseline", "verdict"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def text_table(rows: List[List[str]]) -> str:
    head = ["figure", "ours", "baseline", "ratio", "verdict"]
    widths = [max(len(str(r[i])) for r in rows + [head]) for i in range(5)]
    widths[0] = min(widths[0], 58)

    def line(row: List[str]) -> str:
        return "  ".join(
            str(c)[: widths[i]].ljust(widths[i]) if i in (0, 4) else str(c).rjust(widths[i])
            for i, c in enumerate(row)
        )

    return "\n".join([line(head)] + [line(r).replace("**", "") for r in rows])


def plot(results: Dict[str, Any], plan: Dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, grid = plt.subplots(2, 2, figsize=(13, 9))
    axes = grid.flatten()
    colors = {"ours": "#1d5f8a", "baseline": "#d08a2c"}
    scaling.plot_growth(axes[3], results, colors)
    for label in ("ours", "baseline"):
        phases = results.get(label, {}).get("phases", {})
        xs = [p for p in plan["closed"] if f"rest_closed_{p}" in phases]
        for metric, style in (("p50_ms", "--"), ("p95_ms", "-"), ("p99_ms", ":")):
            axes[0].plot(
                xs,
                [phases[f"rest_closed_{p}"][metric] for p in xs],
                style,
                marker="o",
                color=colors[label],
                label=f"{label} {metric[:3]}",
            )
        xs = [r for r in plan["open"] if f"rest_open_{r}" in phases]
        axes[1].plot(
            xs,
            [phases[f"rest_open_{r}"]["p95_ms"] for r in xs],
            "-",
            marker="o",
            color=colors[label],
            label=f"{label} p95",
        )
        axes[2].plot(
            xs,
            [phases[f"rest_open_{r}"]["tps"] for r in xs],
            "-",
            marker="s",
            color=colors[label],
            label=f"{label} achieved",
        )
    axes[0].axhline(150, color="grey", lw=0.8, ls="-.", label="target p95 @4")
    axes[0].set(
        title="REST closed loop: latency per turn",
        xlabel="concurrent people",
        ylabel="ms",
        xscale="log",
        yscale="log",
    )
    axes[0].set_xticks(plan["closed"], [str(p) for p in plan["closed"]])
    axes[1].set(
        title="REST open loop: p95 latency", xlabel="offered turns/s", ylabel="ms", yscale="log"
    )
    axes[2].plot(plan["open"], plan["open"], color="grey", lw=0.8, ls="-.", label="offered")
    axes[2].axhline(40, color="grey", lw=0.8, ls=":", label="target 40/s")
    axes[2].set(
        title="REST open loop: throughput", xlabel="offered turns/s", ylabel="answered turns/s"
    )
    for ax in axes:
        ax.grid(alpha=0.3)
        ax.legend(fontsize=7)
    fig.suptitle(
        "Fibromyalgia intake assistant vs Rasa starter (moodbot)"
        f" — {results['meta']['date']}, {results['meta']['cores']} cores, "
        f"{'quick' if plan['quick'] else 'full'} run",
        fontsize=10,
    )
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def write_report(
    results: Dict[str, Any],
    plan: Dict[str, Any],
    rows: List[List[str]],
    target_rows: List[List[str]],
) -> str:
    meta = results["meta"]
    ours = results.get("ours", {})
    lines = [
        "# Benchmark report",
        "",
        f"Generated by `make bench` ({'`--quick`' if plan['quick'] else 'full run'}) on "
        f"{meta['date']}. Do not edit: re-run the bench. Method, analysis and fixes: "
        "[bench/README.md](../README.md).",
        "",
        "## Machine and settings",
        "",
        f"- {meta['cores']} cores ({meta['cpu']}), {meta['mem_gb']:.0f} GB RAM, "
        f"Python {meta['python']}, Rasa {meta['rasa']}",
        f"- load average (1/5/15 min) at start: {meta['load_start']}, at end: {meta['load_end']}"
        " — other processes shared the machine; latencies are noisy",
        "- thread settings (both assistants, both servers): "
        + ", ".join(f"`{k}={v}`" for k, v in meta["threads"].items()),
        f"- plan: warm-up {plan['warmup_s']} s (discarded), {plan['phase_s']} s per load phase, "
        f"closed loop at {plan['closed']} people, open loop at {plan['open']} turns/s, "
        f"socket.io at {plan['socketio_people']} people, memory after "
        f"{plan['memory_turns']} turns, turn timeout {load.TURN_TIMEOUT:.0f} s",
        f"- our whole conversation ({len(OUR_SCRIPT)} turns): `{OUR_SCRIPT}`",
        f"- baseline's whole conversation ({len(BASELINE_SCRIPT)} turns): `{BASELINE_SCRIPT}`",
        "- both served the same way: `rasa run --enable-api` on 127.0.0.1 with REST and the "
        "clinic's socket.io channel (credentials.yml), SQLite tracker store in a temp dir; "
        "ours with its action server, the baseline has none",
        f"- models: {meta['models']}",
        "- NLU latency: sequential `POST /model/parse` over the HTTP API (server-side NLU, "
        f"including HTTP), {meta['nlu_texts']} held-out utterances of tests/nlu/test_nlu.yml, "
        "entity markup stripped, first 10 discarded",
        "",
        "## Targets (issue 15)",
        "",
        "Each target is a ratio of two figures of this run (value / reference).",
        "",
        *scaling.markdown(target_rows, scaling.TARGET_HEAD),
        "",
        "## Figures",
        "",
        markdown_table(rows),
        "",
        f"Memory: RSS counted over {ours.get('memory_turns', '?')} turns (ours) and "
        f"{results.get('baseline', {}).get('memory_turns', '?')} turns (baseline) after warm-up.",
        "'sustained turns/s' = the best rate answered with < 1% errors (closed loops, and open"
        " loops that kept up with at least 95% of the offered rate).",
        "",
    ]
    if ours.get("socketio_messages_per_turn"):
        lines += [
            f"socket.io bot_uttered events per turn (reference conversation): ours "
            f"{ours['socketio_messages_per_turn']}, baseline "
            f"{results.get('baseline', {}).get('socketio_messages_per_turn')}.",
            "",
        ]
    errors = {
        f"{label} {name}": s["errors_by_kind"]
        for label in ("ours", "baseline")
        for name, s in results.get(label, {}).get("phases", {}).items()
        if s.get("errors_by_kind")
    }
    if errors:
        lines += ["Errors by kind: " + "; ".join(f"{k}: {v}" for k, v in errors.items()), ""]
    if ours.get("payload"):
        p = ours["payload"]
        lines += [
            "## Action server payload",
            "",
            f"After one whole intake ({p['user_turns']} user turns, {p['events']} tracker "
            f"events) every call to the action server carries the tracker "
            f"(~{p['tracker_kb']:.0f} KB as JSON); the domain (~{p['domain_kb']:.0f} KB) "
            "goes only to the actions that read it (selective domain: "
            "validate_callback_form). About "
            f"{p['est_action_calls_per_turn']:.1f} calls per user turn (estimated from the "
            "tracker events: action_validate_slot_mappings on every message, the form's "
            "validation, which also asks the next question, and the custom actions run).",
            "",
        ]
    for label in ("ours", "baseline"):
        for server, prof in results.get(label, {}).get("profile", {}).items():
            lines += [
                f"## Profile: {label}, {server} server",
                "",
                f"py-spy record, 100 Hz, {plan['profile_s']} s at 4 people "
                f"(REST closed loop), {prof['busy_samples']} busy samples "
                f"(process on CPU ~{prof['busy_cpu_pct']:.0f}% of one core). Shares of busy"
                " samples whose stack contains the layer (a sample can count for several):",
                "",
                "| layer | share of busy samples |",
                "|---|---|",
            ]
            lines += [f"| {name} | {share:.0f}% |" for name, share in prof["layers"]]
            lines += ["", "Top functions by own time:", "", "| function | own % |", "|---|---|"]
            lines += [f"| `{fn[:110]}` | {share:.1f} |" for fn, share in prof["top_self"]]
            lines += [
                "",
                "Top project/Rasa frames by inclusive time:",
                "",
                "| frame | inclusive % |",
                "|---|---|",
            ]
            lines += [f"| `{fn[:110]}` | {share:.0f} |" for fn, share in prof["top_inclusive"]]
            lines.append("")
    lines += scaling.growth_section(results)
    lines += scaling.stored_section(results)
    lines += scaling.training_section(results, RAW)
    lines += scaling.cluster_section(results)
    lines += ["![latency and throughput](bench.png)", ""]
    return "\n".join(lines)


# --- main --------------------------------------------------------------------


def nlu_texts() -> List[str]:
    import yaml

    data = yaml.safe_load((ROOT / "tests" / "nlu" / "test_nlu.yml").read_text())
    texts = []
    for block in data.get("nlu", []):
        for line in (block.get("examples") or "").splitlines():
            line = line.strip()
            if line.startswith("- "):
                text = line[2:]
                text = re.sub(r"\[([^\]]*)\](\{[^}]*\}|\([^)]*\))", r"\1", text)
                texts.append(text)
    return texts


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="shorter phases, fewer turns")
    parser.add_argument(
        "--no-train",
        action="store_true",
        help="skip the training figures: serve models/intake.tar.gz "
        "(baseline is still trained, it has no model otherwise)",
    )
    parser.add_argument("--no-profile", action="store_true", help="skip py-spy")
    parser.add_argument(
        "--skip",
        action="append",
        default=[],
        choices=["growth", "stored", "postgres", "cluster"],
        help="leave out a part: the long conversation, the stored-conversations test "
        "(or only its PostgreSQL half), the cluster (repeatable)",
    )
    parser.add_argument("--only", choices=["ours", "baseline"], help="one assistant only")
    parser.add_argument(
        "--tf-threads",
        type=int,
        help="set TF intra/inter-op and OMP threads to N (default: as in scripts/env.sh)",
    )
    parser.add_argument(
        "--tf-default",
        action="store_true",
        help="unset the TF/OMP thread variables (TensorFlow's defaults)",
    )
    parser.add_argument(
        "--report-only",
        action="store_true",
        help="rewrite report and plot from the last run's raw results",
    )
    parser.add_argument(
        "--results", type=Path, default=RESULTS, help="where report.md and bench.png go"
    )
    args = parser.parse_args(argv)

    if args.report_only:
        results = json.loads((RAW / "results.json").read_text())
        for label in ("ours", "baseline"):
            for name in ("rasa", "actions"):
                path = RAW / f"profile-{label}-{name}.txt"
                if label in results and path.exists():
                    results[label].setdefault("profile", {})[name] = summarise_profile(
                        path, results["plan"]["profile_s"]
                    )
        (RAW / "results.json").write_text(json.dumps(results, indent=2, default=str))
        return finish(results, results["plan"], args)
    quick = args.quick
    plan = {
        "quick": quick,
        "warmup_s": 6 if quick else 12,
        "phase_s": 6 if quick else 15,
        "closed": [1, 4, 16],
        "open": [10, 20, 40],
        "socketio_people": 4,
        "max_phase_turns": 5000,
        "memory_turns": 800 if quick else 5000,
        "memory_max_s": 90 if quick else 300,
        "profile_s": 0 if args.no_profile or not os.path.exists(PYSPY) else (8 if quick else 20),
        "train_timeout_s": 1200,
        "growth_turns": 0 if "growth" in args.skip else growth.DEFAULT_TURNS,
        "stored": "stored" not in args.skip,
        "postgres": "postgres" not in args.skip,
        "cluster_people": [] if "cluster" in args.skip else [4, 16, 32],
        "stored_phase_s": 10 if quick else 20,
    }
    RAW.mkdir(parents=True, exist_ok=True)
    args.results.mkdir(parents=True, exist_ok=True)
    env = base_env(args)
    import rasa

    meminfo = open("/proc/meminfo").read()
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in open("/proc/cpuinfo")
            if line.startswith("model name")
        ),
        platform.machine(),
    )
    results: Dict[str, Any] = {
        "meta": {
            "date": datetime.datetime.now().strftime("%Y-%m-%d %H:%M"),
            "cores": os.cpu_count(),
            "cpu": cpu,
            "mem_gb": int(re.search(r"MemTotal:\s+(\d+)", meminfo).group(1)) / 2**20,
            "python": platform.python_version(),
            "rasa": rasa.__version__,
            "load_start": loadavg(),
            "threads": thread_settings(env),
            "nlu_texts": 0,
        },
        "plan": plan,
    }
    log(f"machine: {os.cpu_count()} cores, load average {loadavg()}")
    log("thread settings: " + ", ".join(f"{k}={v}" for k, v in results["meta"]["threads"].items()))
    texts = nlu_texts()
    results["meta"]["nlu_texts"] = len(texts)
    started = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="rasa-bench-"))
    models = {}
    try:
        baseline_dir = make_baseline(work, env)
        todo = [
            ("ours", ROOT, True, OUR_SCRIPT),
            ("baseline", baseline_dir, False, BASELINE_SCRIPT),
        ]
        long_conversations = {
            "ours": growth.long_script(OUR_SCRIPT, growth.OUR_CYCLE, plan["growth_turns"]),
            "baseline": growth.long_script([], growth.BASELINE_CYCLE, plan["growth_turns"]),
        }
        if args.only:
            todo = [t for t in todo if t[0] == args.only]
        for label, source, ours, _ in todo:
            if ours and args.no_train:
                models[label] = str(ROOT / "models" / "intake.tar.gz")
                continue
            figures = train(label, source, work, env, ours, plan["train_timeout_s"])
            results.setdefault(label, {}).update(figures)
            models[label] = figures.pop("model")
        results["meta"]["models"] = ", ".join(
            f"{k}: "
            + (
                "the repo's models/intake.tar.gz"
                if "train-" not in v
                else "trained cold in this run"
            )
            for k, v in models.items()
        )
        for label, source, ours, script in todo:
            bench_assistant(
                label,
                ROOT if ours else source,
                models[label],
                work,
                env,
                with_actions=ours,
                script=script,
                long_conversation=long_conversations[label],
                nlu_texts=texts,
                plan=plan,
                results=results,
            )
        if plan["cluster_people"] and "ours" in models:
            log("cluster: 2 Rasa servers, 2 action servers, nginx, PostgreSQL, Redis")
            results["cluster"] = cluster.bench_cluster(
                models["ours"],
                TOKEN,
                OUR_SCRIPT,
                plan["cluster_people"],
                plan["phase_s"],
                load.Counter(),
                log,
            )
    finally:
        stop_all()
        results["meta"]["load_end"] = loadavg()
        results["meta"]["elapsed_s"] = time.monotonic() - started
        (RAW / "results.json").write_text(json.dumps(results, indent=2, default=str))
        shutil.rmtree(work, ignore_errors=True)
    return finish(results, plan, args)


def finish(results: Dict[str, Any], plan: Dict[str, Any], args: argparse.Namespace) -> int:
    ours_flat = flat(results.get("ours", {}), plan)
    base_flat = flat(results.get("baseline", {}), plan)
    rows = table_rows(ours_flat, base_flat, plan)
    target_rows = scaling.issue_targets(results, ours_flat, base_flat)
    plot(results, plan, args.results / "bench.png")
    (args.results / "report.md").write_text(write_report(results, plan, rows, target_rows))
    print()
    print(
        f"Machine: {results['meta']['cores']} cores, "
        f"load average start {results['meta']['load_start']}"
        f", end {results['meta']['load_end']}; "
        f"run took {results['meta']['elapsed_s'] / 60:.1f} min"
    )
    print("Threads: " + ", ".join(f"{k}={v}" for k, v in results["meta"]["threads"].items()))
    print()
    print(text_table(rows))
    print()
    print("Targets (issue 15): value / reference in this run")
    print(scaling.text(target_rows, scaling.TARGET_HEAD))
    print()
    print(f"Report: {args.results / 'report.md'}  Plot: {args.results / 'bench.png'}  Raw: {RAW}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
