"""Turn latency against the turn number: one person holds one long conversation
over REST (the intake, then questions about massage and "why?" again and
again), one turn at a time, and the median of each 40-turn window is compared.

A turn that costs more as the conversation grows shows here as a rising curve;
the figure of merit is the median at turns 200-240 over the median at turns
10-50 (target <= 1.2). Turns are numbered from 1; the window "10-50" holds
turns 10 to 49. The repeated part of the conversation is a cycle whose length
divides 40, so every window holds the same mix of messages.
"""

from __future__ import annotations

import asyncio
import signal
import statistics
import subprocess
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence, Tuple

import aiohttp

from bench.load import TURN_TIMEOUT, rest_turn

WINDOW = 40
FIRST_WINDOW = (10, 50)
LATE_WINDOW = (200, 240)
GROWTH_TARGET = 1.2
DEFAULT_TURNS = 250

# After our intake: four questions about massage, each followed by "why?" (the
# reasons for the recommendation): 8 messages, so 5 cycles in each window.
OUR_CYCLE = (
    "what is myofascial release?",
    "why?",
    "how often should I go?",
    "why?",
    "will I be sore afterwards?",
    "why?",
    "what should I ask a therapist?",
    "why?",
)
# moodbot's turns that keep a conversation going (its "bye" would end it).
BASELINE_CYCLE = ("hello", "I am feeling sad", "yes", "are you a bot?")


def long_script(opening: Sequence[str], cycle: Sequence[str], turns: int) -> List[str]:
    """`opening`, then `cycle` repeated, `turns` messages in all."""
    assert WINDOW % len(cycle) == 0, "every window must hold whole cycles"
    messages = list(opening)
    while len(messages) < turns:
        messages.extend(cycle)
    return messages[:turns]


@dataclass
class Curve:
    """Latency (s) of every turn of one conversation, turn 1 first."""

    latencies: List[float]
    errors: int = 0

    def window_median(self, first: int, end: int) -> float:
        """Median latency (ms) of turns first..end-1 (numbered from 1)."""
        chosen = self.latencies[first - 1 : end - 1]
        return 1000 * statistics.median(chosen) if chosen else float("nan")

    def windows(self) -> List[Tuple[int, int, float]]:
        """(first turn, end turn, median ms) of consecutive 40-turn windows from turn 10."""
        out = []
        first = FIRST_WINDOW[0]
        while first + WINDOW - 1 <= len(self.latencies) + 1:
            out.append((first, first + WINDOW, self.window_median(first, first + WINDOW)))
            first += WINDOW
        return out

    @property
    def ratio(self) -> float:
        """Median at turns 200-240 over the median at turns 10-50."""
        return self.window_median(*LATE_WINDOW) / self.window_median(*FIRST_WINDOW)

    def summary(self) -> Dict[str, object]:
        return {
            "turns": len(self.latencies),
            "errors": self.errors,
            "latencies_ms": [round(1000 * s, 2) for s in self.latencies],
            "windows": [[a, b, round(m, 2)] for a, b, m in self.windows()],
            "first_median_ms": self.window_median(*FIRST_WINDOW),
            "late_median_ms": self.window_median(*LATE_WINDOW),
            "ratio": self.ratio,
        }


async def long_conversation(
    url: str,
    script: Sequence[str],
    on_turn: Optional[Callable[[int], None]] = None,
    prefix: str = "long",
) -> Curve:
    """Sends `script` as one conversation, each message once the previous one is
    answered; `on_turn(n)` is called before turn n (to start or stop a profiler).
    A failed turn counts as an error and the conversation goes on."""
    sender = f"{prefix}-{uuid.uuid4().hex[:12]}"
    curve = Curve([])
    timeout = aiohttp.ClientTimeout(total=TURN_TIMEOUT)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        for number, message in enumerate(script, start=1):
            if on_turn:
                on_turn(number)
            start = time.monotonic()
            try:
                await rest_turn(session, url, sender, message)
            except Exception:  # noqa: BLE001 - counted; the curve needs every turn
                curve.errors += 1
            curve.latencies.append(time.monotonic() - start)
    return curve


def run_long_conversation(
    url: str, script: Sequence[str], on_turn: Optional[Callable[[int], None]] = None
) -> Curve:
    return asyncio.run(long_conversation(url, script, on_turn))


class WindowProfiler:
    """py-spy on one process during the first and the late window of the long
    conversation: where a turn's time goes early and late, so the growth shows
    by layer. Started at a window's first turn, stopped (SIGINT: py-spy then
    writes its file) at its end."""

    WINDOWS = {"first": FIRST_WINDOW, "late": LATE_WINDOW}

    def __init__(self, pyspy: str, pid: int, out_dir: Path, name: str) -> None:
        self.pyspy, self.pid, self.out_dir, self.name = pyspy, pid, out_dir, name
        self.running: Dict[str, Tuple[subprocess.Popen, float]] = {}
        self.done: Dict[str, Tuple[Path, float]] = {}

    def path(self, window: str) -> Path:
        return self.out_dir / f"profile-{self.name}-{window}.txt"

    def on_turn(self, number: int) -> None:
        for window, (first, end) in self.WINDOWS.items():
            if number == first:
                self._start(window)
            elif number == end:
                self._stop(window)

    def _start(self, window: str) -> None:
        spy = subprocess.Popen(
            [self.pyspy, "record", "--pid", str(self.pid), "--rate", "100", "--format", "raw"]
            + ["--nonblocking", "--output", str(self.path(window))],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        self.running[window] = (spy, time.monotonic())

    def _stop(self, window: str) -> None:
        spy, started = self.running.pop(window)
        seconds = time.monotonic() - started
        spy.send_signal(signal.SIGINT)
        try:
            spy.wait(timeout=30)
        except subprocess.TimeoutExpired:
            spy.kill()
        if self.path(window).exists():
            self.done[window] = (self.path(window), seconds)

    def finish(self) -> Dict[str, Tuple[Path, float]]:
        """The profiles written: window -> (file, seconds profiled)."""
        for window in list(self.running):
            self._stop(window)
        return self.done
