"""Load generators: simulated people holding whole conversations over the REST
and socket.io channels (closed and open loop), and NLU parse latency over the
HTTP API. Everything talks to 127.0.0.1 only; every loop is bounded in count
and in time."""

from __future__ import annotations

import asyncio
import collections
import time
import uuid
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional

import aiohttp

# python-engineio 4.15's client (installed with Rasa's python-socketio) builds an
# aiohttp.ClientWSTimeout, which appeared in aiohttp 3.10; Rasa 3.6 pins aiohttp
# 3.9, whose ws_connect takes the close timeout as a float. Client side only.
if not hasattr(aiohttp, "ClientWSTimeout"):
    aiohttp.ClientWSTimeout = lambda ws_close=10.0, ws_receive=None: ws_close  # type: ignore

TURN_TIMEOUT = 15.0  # s; a turn slower than this counts as an error


def percentile(values: List[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, int(round(q / 100 * (len(ordered) - 1)))))
    return ordered[index]


@dataclass
class Result:
    name: str
    latencies: List[float] = field(default_factory=list)  # s, successful turns
    errors: collections.Counter = field(default_factory=collections.Counter)
    started: float = 0.0
    finished: float = 0.0
    offered_rate: Optional[float] = None
    people: Optional[int] = None

    @property
    def ok(self) -> int:
        return len(self.latencies)

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())

    @property
    def turns(self) -> int:
        return self.ok + self.error_count

    def summary(self) -> Dict[str, float]:
        elapsed = max(self.finished - self.started, 1e-9)
        return {
            "turns": self.turns,
            "ok": self.ok,
            "errors": self.error_count,
            "error_pct": 100.0 * self.error_count / self.turns if self.turns else float("nan"),
            "p50_ms": 1000 * percentile(self.latencies, 50),
            "p95_ms": 1000 * percentile(self.latencies, 95),
            "p99_ms": 1000 * percentile(self.latencies, 99),
            "tps": self.ok / elapsed,
            "seconds": elapsed,
        }


class Counter:
    """Turns sent to a server since the last reset (for the memory figure)."""

    def __init__(self) -> None:
        self.turns = 0


def _sender(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


async def rest_turn(
    session: aiohttp.ClientSession, url: str, sender: str, message: str
) -> List[dict]:
    async with session.post(
        f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": message}
    ) as response:
        if response.status != 200:
            raise RuntimeError(f"HTTP {response.status}")
        replies = await response.json()
    if not replies:
        raise RuntimeError("no reply")
    return replies


def _session(limit: int = 0) -> aiohttp.ClientSession:
    return aiohttp.ClientSession(
        timeout=aiohttp.ClientTimeout(total=TURN_TIMEOUT),
        connector=aiohttp.TCPConnector(limit=limit, force_close=False),
    )


def _error_kind(exc: BaseException) -> str:
    if isinstance(exc, asyncio.TimeoutError):
        return "timeout"
    return str(exc)[:60] or type(exc).__name__


async def rest_closed_loop(
    url: str,
    script: List[str],
    people: int,
    duration: float,
    max_turns: int,
    counter: Counter,
    prefix: str = "closed",
) -> Result:
    """`people` simulated people, each sending its next message as soon as it has
    the reply to the previous one, each conversation with a new sender id."""
    result = Result(f"REST closed {people}", people=people)
    deadline = time.monotonic() + duration
    budget = [max_turns]

    async def person(session: aiohttp.ClientSession) -> None:
        while time.monotonic() < deadline and budget[0] > 0:
            sender = _sender(prefix)
            for message in script:
                if time.monotonic() >= deadline or budget[0] <= 0:
                    return
                budget[0] -= 1
                start = time.monotonic()
                try:
                    await rest_turn(session, url, sender, message)
                    result.latencies.append(time.monotonic() - start)
                except Exception as exc:  # noqa: BLE001 - counted
                    result.errors[_error_kind(exc)] += 1
                    break  # this conversation is broken: start a new one
                finally:
                    counter.turns += 1
                    result.finished = time.monotonic()

    async with _session() as session:
        result.started = time.monotonic()
        await asyncio.gather(*(person(session) for _ in range(people)))
    return result


async def rest_open_loop(
    url: str,
    script: List[str],
    rate: float,
    duration: float,
    counter: Counter,
    max_in_flight: int = 400,
    prefix: str = "open",
) -> Result:
    """Turns arrive at a fixed rate whatever the response times: each arrival is
    the next message of a person whose previous turn is answered, or the first
    message of a new person. Latency runs from the scheduled arrival time, so
    a late client does not hide queueing (no coordinated omission)."""
    result = Result(f"REST open {rate:g}/s", offered_rate=rate)
    idle: collections.deque = collections.deque()
    in_flight = set()

    async def turn(session: aiohttp.ClientSession, person: list, scheduled: float) -> None:
        sender, index = person
        try:
            await rest_turn(session, url, sender, script[index])
            result.latencies.append(time.monotonic() - scheduled)
            if index + 1 < len(script):
                idle.append([sender, index + 1])
        except Exception as exc:  # noqa: BLE001 - counted
            result.errors[_error_kind(exc)] += 1
        finally:
            counter.turns += 1
            result.finished = time.monotonic()

    async with _session() as session:
        result.started = start = time.monotonic()
        total = int(rate * duration)
        for i in range(total):
            scheduled = start + i / rate
            delay = scheduled - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            if len(in_flight) >= max_in_flight:
                result.errors["client queue full"] += 1
                continue
            person = idle.popleft() if idle else [_sender(prefix), 0]
            task = asyncio.ensure_future(turn(session, person, scheduled))
            in_flight.add(task)
            task.add_done_callback(in_flight.discard)
        if in_flight:
            await asyncio.wait(list(in_flight), timeout=TURN_TIMEOUT + 5)
        result.finished = max(result.finished, start + total / rate)
    return result


async def nlu_parse(
    url: str, token: str, texts: List[str], warmup: int, repeat: int = 1
) -> Result:
    """Sequential /model/parse calls (HTTP API, server-side NLU of the loaded model)."""
    result = Result("NLU /model/parse")
    async with _session() as session:
        for i, text in enumerate((texts[:warmup]) + texts * repeat):
            start = time.monotonic()
            if i == warmup:
                result.started = start
            try:
                async with session.post(
                    f"{url}/model/parse", params={"token": token}, json={"text": text}
                ) as response:
                    if response.status != 200:
                        raise RuntimeError(f"HTTP {response.status}")
                    await response.json()
                if i >= warmup:
                    result.latencies.append(time.monotonic() - start)
            except Exception as exc:  # noqa: BLE001 - counted
                if i >= warmup:
                    result.errors[_error_kind(exc)] += 1
            result.finished = time.monotonic()
    return result


# --- socket.io -------------------------------------------------------------


class _SocketPerson:
    def __init__(self, url: str, origin: str) -> None:
        import socketio  # python-socketio, installed with Rasa

        self.url, self.origin = url, origin
        # Issued by the server in session_confirm (with a token proving it);
        # a conversation id the client picked itself is refused.
        self.session_id: Optional[str] = None
        self.session_token: Optional[str] = None
        self.client = socketio.AsyncClient(reconnection=False)
        self.arrivals: asyncio.Queue = asyncio.Queue()
        self.confirmed = asyncio.Event()

        @self.client.on("bot_uttered")
        async def _bot_uttered(data):  # noqa: ANN001
            self.arrivals.put_nowait(time.monotonic())

        @self.client.on("session_confirm")
        async def _confirm(data):  # noqa: ANN001
            if isinstance(data, dict):
                self.session_id = data.get("session_id")
                self.session_token = data.get("session_token")
            self.confirmed.set()

    async def open(self) -> None:
        await self.client.connect(
            self.url,
            headers={"Origin": self.origin},
            transports=["websocket"],
            socketio_path="/socket.io",
            wait_timeout=10,
        )
        await self.client.emit("session_request", {})  # a new conversation
        await asyncio.wait_for(self.confirmed.wait(), 10)
        if not (self.session_id and self.session_token):
            raise RuntimeError("session_confirm without a session id and token")

    async def close(self) -> None:
        try:
            await asyncio.wait_for(self.client.disconnect(), 5)
        except Exception:  # noqa: BLE001
            pass

    async def say(self, message: str) -> float:
        while not self.arrivals.empty():
            self.arrivals.get_nowait()
        await self.client.emit("user_uttered", {"message": message, "session_id": self.session_id})
        return time.monotonic()

    async def collect(self, count: Optional[int], quiet: float) -> List[float]:
        """Arrival times: `count` messages, or all until `quiet` s pass without one."""
        times: List[float] = []
        while count is None or len(times) < count:
            wait = quiet if (count is None and times) else TURN_TIMEOUT
            try:
                times.append(await asyncio.wait_for(self.arrivals.get(), wait))
            except asyncio.TimeoutError:
                if count is None and times:
                    break
                raise
        return times


async def socketio_reference(
    url: str, origin: str, script: List[str], quiet: float = 2.0
) -> List[int]:
    """How many bot_uttered events each turn of the script brings (one unloaded
    conversation, waiting for `quiet` s of silence after each turn)."""
    person = _SocketPerson(url, origin)
    await person.open()
    try:
        counts = []
        for message in script:
            await person.say(message)
            counts.append(len(await person.collect(None, quiet)))
        return counts
    finally:
        await person.close()


async def socketio_closed_loop(
    url: str,
    origin: str,
    script: List[str],
    expected: List[int],
    people: int,
    duration: float,
    max_turns: int,
    counter: Counter,
) -> Result:
    """Like rest_closed_loop over socket.io: a turn ends when the bot has sent as
    many bot_uttered events as the reference conversation had for that turn."""
    result = Result(f"socket.io closed {people}", people=people)
    deadline = time.monotonic() + duration
    budget = [max_turns]

    async def one(_: int) -> None:
        while time.monotonic() < deadline and budget[0] > 0:
            person = _SocketPerson(url, origin)
            try:
                await person.open()
            except Exception as exc:  # noqa: BLE001
                result.errors["connect: " + _error_kind(exc)] += 1
                await person.close()
                await asyncio.sleep(0.5)
                continue
            try:
                for message, count in zip(script, expected):
                    if time.monotonic() >= deadline or budget[0] <= 0:
                        return
                    budget[0] -= 1
                    try:
                        sent = await person.say(message)
                        arrivals = await person.collect(count, 0)
                        result.latencies.append(arrivals[-1] - sent)
                    except Exception as exc:  # noqa: BLE001
                        result.errors[_error_kind(exc)] += 1
                        break
                    finally:
                        counter.turns += 1
                        result.finished = time.monotonic()
            finally:
                await person.close()

    result.started = time.monotonic()
    await asyncio.gather(*(one(i) for i in range(people)))
    return result


async def settle(url: str, max_seconds: float = 60.0) -> float:
    """Waits until the server answers /version quickly again (a backlog from an
    overloaded phase is served, or dropped) so the next phase starts clean."""
    start = time.monotonic()
    fast = 0
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10)) as session:
        while time.monotonic() - start < max_seconds and fast < 3:
            t = time.monotonic()
            try:
                async with session.get(f"{url}/version") as response:
                    await response.read()
                fast = fast + 1 if time.monotonic() - t < 0.1 else 0
            except Exception:  # noqa: BLE001
                fast = 0
            await asyncio.sleep(0.2)
    return time.monotonic() - start


def run(coro):
    return asyncio.run(coro)


Runner = Callable[..., Result]
