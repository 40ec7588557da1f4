"""`make cluster` against one embedded server: the same REST load through nginx
to 2 Rasa servers and 2 action servers (PostgreSQL, Redis locks, RabbitMQ
events), the best sustained rate with < 1% errors compared with one embedded
server's (target >= 1.6x, 0 errors), and how the 2 cores were shared out
among the processes during the busiest phase (CPU seconds from /proc).

The cluster is started with scripts/cluster.sh like the cluster tests do: free
ports, its own PostgreSQL databases, Redis key prefix, RabbitMQ exchange and
queue, and directory (var/bench-cluster-<id>/), all removed afterwards.
Whatever it lacks (PostgreSQL, Redis, RabbitMQ, nginx) is named and the phase
skipped.
"""

from __future__ import annotations

import os
import resource
import secrets
import shutil
import subprocess
import time
import uuid
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

from bench import load
from bench.servers import _children, free_port
from bench.stored import POSTGRES_URL, _pg_connect

ROOT = Path(__file__).resolve().parents[1]
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
CLUSTER_TARGET = 1.6
TICKS = os.sysconf("SC_CLK_TCK")
# Environment that would point the cluster elsewhere than its own resources.
_INHERITED = (
    "ENDPOINTS",
    "ACTION_ENDPOINT_URL",
    "TRACKER_DB_HOST",
    "TRACKER_DB_PORT",
    "TRACKER_DB_NAME",
    "TRACKER_DB_USER",
    "TRACKER_DB_PASSWORD",
    "REDIS_HOST",
    "REDIS_PORT",
    "REDIS_DB",
    "REDIS_PASSWORD",
    "RABBITMQ_HOST",
    "RABBITMQ_PORT",
    "RABBITMQ_USER",
    "RABBITMQ_PASSWORD",
    "CORS_ORIGINS",
)


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of a process and its descendants."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            continue
        todo.extend(_children(current))
    return total / TICKS


@dataclass
class Cluster:
    model: str
    token: str
    run: str = field(default_factory=lambda: uuid.uuid4().hex[:8])

    def __post_init__(self) -> None:
        self.directory = ROOT / "var" / f"bench-cluster-{self.run}"
        self.rasa_ports = [free_port(), free_port()]
        self.internal_port = free_port()
        self.tracker_db, self.clinic_db = f"bench_tracker_c{self.run}", f"bench_clinic_c{self.run}"
        base = POSTGRES_URL.rstrip("/")
        self.env = {k: v for k, v in os.environ.items() if k not in _INHERITED}
        self.env.update(
            MODEL=self.model,
            CLUSTER_DIR=str(self.directory),
            RASA_PORTS=" ".join(map(str, self.rasa_ports)),
            ACTION_PORTS=f"{free_port()} {free_port()}",
            NGINX_PORT=str(free_port()),
            NGINX_ACTION_PORT=str(free_port()),
            NGINX_INTERNAL_PORT=str(self.internal_port),
            CONSOLE_PORT=str(free_port()),
            SESSION_SECRET=secrets.token_hex(32),
            ACTION_SERVER_SECRET=secrets.token_hex(32),
            TRACKER_STORE_URL=f"{base}/{self.tracker_db}",
            DATABASE_URL=f"{base.replace('postgresql://', 'postgresql+psycopg2://', 1)}"
            f"/{self.clinic_db}",
            REDIS_URL=REDIS_URL,
            LOCK_KEY_PREFIX=f"bench{self.run}",
            RABBITMQ_EXCHANGE=f"bench-{self.run}",
            FUNNEL_QUEUE=f"bench_funnel_{self.run}",
            RASA_AUTH_TOKEN=self.token,
            STARTUP_TIMEOUT="420",
        )

    @property
    def url(self) -> str:
        """nginx's internal side: REST, balanced over the Rasa servers."""
        return f"http://127.0.0.1:{self.internal_port}"

    def script(self, command: str, timeout: float = 600) -> None:
        result = subprocess.run(
            [str(ROOT / "scripts" / "cluster.sh"), command],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if result.returncode != 0:
            output = (result.stdout + result.stderr)[-3000:]
            raise RuntimeError(f"scripts/cluster.sh {command} failed:\n{output}")

    def components(self) -> Dict[str, int]:
        """Each running component's pid (its process group leader)."""
        found = {}
        for pidfile in sorted(self.directory.glob("*.pid")):
            try:
                found[pidfile.stem] = int(pidfile.read_text())
            except ValueError:
                continue
        return found

    def database_backends(self) -> List[int]:
        """The PostgreSQL processes serving this cluster's databases."""
        with closing(_pg_connect("postgres")) as connection, connection.cursor() as cursor:
            cursor.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname IN (%s, %s)",
                (self.tracker_db, self.clinic_db),
            )
            return [row[0] for row in cursor.fetchall()]

    def stop(self) -> None:
        try:
            self.script("stop", timeout=180)
        finally:
            self._drop_resources()

    def _drop_resources(self) -> None:
        from bench.stored import postgres_drop_database

        for name in (self.tracker_db, self.clinic_db):
            try:
                postgres_drop_database(name)
            except Exception:  # noqa: BLE001 - the others are still dropped
                pass
        try:
            import redis

            client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=5)
            keys = list(client.scan_iter(match=f"bench{self.run}*"))
            if keys:
                client.delete(*keys)
        except Exception:  # noqa: BLE001
            pass
        self._drop_rabbitmq()
        shutil.rmtree(self.directory, ignore_errors=True)

    def _drop_rabbitmq(self) -> None:
        import asyncio

        import aio_pika  # Rasa's event broker client

        async def drop() -> None:
            url = os.environ.get("RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672/")
            connection = await aio_pika.connect(url, timeout=10)
            async with connection:
                channel = await connection.channel()
                await channel.queue_delete(self.env["FUNNEL_QUEUE"])
                await channel.exchange_delete(self.env["RABBITMQ_EXCHANGE"])

        try:
            asyncio.run(drop())
        except Exception:  # noqa: BLE001 - nothing was declared, or no RabbitMQ
            pass


def cpu_split(cluster: Cluster, measure) -> Dict[str, float]:  # noqa: ANN001
    """Runs `measure()`; returns the cores each part of the cluster used meanwhile
    (CPU seconds over wall seconds). The load generator (this process) too."""
    groups: Dict[str, List[int]] = {}
    for name, pid in cluster.components().items():
        groups.setdefault(name.split("-")[0] if name[-1].isdigit() else name, []).append(pid)
    groups["postgresql (this cluster's backends)"] = cluster.database_backends()

    def sample() -> Dict[str, float]:
        out = {name: sum(cpu_seconds(pid) for pid in pids) for name, pids in groups.items()}
        usage = resource.getrusage(resource.RUSAGE_SELF)
        out["load generator (bench)"] = usage.ru_utime + usage.ru_stime
        out[MACHINE] = machine_busy_seconds()
        return out

    before, started = sample(), time.monotonic()
    measure()
    after, seconds = sample(), time.monotonic() - started
    cores = {name: (after[name] - before[name]) / seconds for name in after}
    # The machine is shared: what the rest of it used meanwhile.
    cores[OTHERS] = cores[MACHINE] - sum(v for k, v in cores.items() if k != MACHINE)
    return cores


MACHINE = "whole machine (all processes)"
OTHERS = "other processes on the machine"


def machine_busy_seconds() -> float:
    """CPU seconds all cores spent busy since boot (/proc/stat, not idle or iowait)."""
    with open("/proc/stat") as stat:
        fields = [int(v) for v in stat.readline().split()[1:]]
    idle = fields[3] + fields[4]
    return (sum(fields[:8]) - idle) / TICKS


def bench_cluster(
    model: str,
    token: str,
    script: List[str],
    people: List[int],
    phase_s: float,
    counter: load.Counter,
    log,  # noqa: ANN001
) -> Dict[str, object]:
    """Starts the cluster, runs closed loops at each number of people through
    nginx, notes the cores used during the busiest; always stops it."""
    cluster = Cluster(model, token)
    figures: Dict[str, object] = {"phases": {}}
    try:
        started = time.monotonic()
        cluster.script("start")
        figures["startup_s"] = time.monotonic() - started
        log(f"cluster: started in {figures['startup_s']:.0f} s ({cluster.directory})")
        warm_up = load.rest_closed_loop(cluster.url, script, 8, phase_s / 2, 2000, counter, "warm")
        load.run(warm_up)
        for count in people:
            holder: Dict[str, load.Result] = {}

            def measure(count: int = count) -> None:
                holder["r"] = load.run(
                    load.rest_closed_loop(cluster.url, script, count, phase_s, 10**6, counter)
                )

            cores = cpu_split(cluster, measure)
            r = holder["r"]
            s = r.summary()
            s["errors_by_kind"] = dict(r.errors)
            s["cores"] = cores
            figures["phases"][f"rest_closed_{count}"] = s
            log(
                f"cluster: {r.name}: p50 {s['p50_ms']:.0f} p95 {s['p95_ms']:.0f} ms, "
                f"{s['tps']:.1f} turns/s, errors {s['errors']}"
            )
    except Exception as error:  # noqa: BLE001 - reported, the bench goes on
        figures["error"] = str(error)[-2000:]
        log(f"cluster: not measured: {str(error)[:300]}")
    finally:
        cluster.stop()
    return figures


def sustained(figures: Dict[str, object]) -> Optional[Dict[str, object]]:
    """The busiest phase with < 1% errors (its figures), or None."""
    phases = [s for s in figures.get("phases", {}).values() if s["error_pct"] < 1]
    return max(phases, key=lambda s: s["tps"]) if phases else None
