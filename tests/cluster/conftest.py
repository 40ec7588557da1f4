"""The cluster fixture (see cluster_harness.py) and the figures summary."""

from __future__ import annotations

import os
import secrets
import shutil
import uuid
from typing import Any, Iterator

import pytest
from cluster_harness import (
    FIGURES,
    POSTGRES,
    REDIS,
    ROOT,
    TOKEN,
    Cluster,
    _check_prerequisites,
    _drop_databases,
    _free_ports,
    _redis_client,
    report,
)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if FIGURES:
        terminalreporter.section("cluster figures")
        for line in FIGURES:
            terminalreporter.write_line(line)


@pytest.fixture(scope="module")
def cluster(request: pytest.FixtureRequest) -> Iterator[Cluster]:
    _check_prerequisites()
    run = uuid.uuid4().hex[:8]
    directory = ROOT / "var" / f"cluster-test-{run}"
    rasa_ports = _free_ports(2)
    action_ports = _free_ports(2)
    nginx_port, nginx_internal_port, nginx_action_port = _free_ports(3)
    base = POSTGRES.rstrip("/")
    tracker_db, clinic_db, prefix = f"rasa_tracker_t{run}", f"clinic_t{run}", f"t{run}"
    env = dict(
        os.environ,
        CLUSTER_DIR=str(directory),
        RASA_PORTS=" ".join(map(str, rasa_ports)),
        ACTION_PORTS=" ".join(map(str, action_ports)),
        NGINX_PORT=str(nginx_port),
        NGINX_ACTION_PORT=str(nginx_action_port),
        NGINX_INTERNAL_PORT=str(nginx_internal_port),
        SESSION_SECRET=secrets.token_hex(32),
        TRACKER_STORE_URL=f"{base}/{tracker_db}",
        DATABASE_URL=f"{base.replace('postgresql://', 'postgresql+psycopg2://', 1)}/{clinic_db}",
        REDIS_URL=REDIS,
        LOCK_KEY_PREFIX=prefix,
        RASA_AUTH_TOKEN=TOKEN,
        STARTUP_TIMEOUT="420",
    )
    for name in (
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
        "CORS_ORIGINS",
    ):
        env.pop(name, None)
    cluster = Cluster(
        directory,
        env,
        f"http://127.0.0.1:{nginx_port}",
        f"http://127.0.0.1:{nginx_internal_port}",
        rasa_ports,
        action_ports,
        tracker_db,
        clinic_db,
        prefix,
    )
    failed_before = request.session.testsfailed
    try:
        seconds = cluster.start()
        report(
            f"cluster: 2 Rasa servers {rasa_ports}, 2 action servers {action_ports}, "
            f"nginx :{nginx_port}; started in {seconds:.0f} s; logs in {directory}"
        )
        yield cluster
    finally:
        try:
            cluster.script("stop", timeout=120)
        except Exception as error:  # still drop what can be dropped
            print(error)
        try:
            _drop_databases(tracker_db, clinic_db)
            client = _redis_client()
            keys = list(client.scan_iter(match=f"{prefix}:*"))
            if keys:
                client.delete(*keys)
        except Exception as error:
            print(f"cleaning up PostgreSQL/Redis failed: {error}")
        if request.session.testsfailed == failed_before:
            shutil.rmtree(directory, ignore_errors=True)
        else:
            print(f"cluster logs kept in {directory}")
