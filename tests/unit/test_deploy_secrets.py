"""Issue 14, points 4 and 6: the action server's shared secret wherever servers
are started (scripts, endpoints files, Docker Compose, Helm), required secrets
instead of "change-me", and an image without the machine's databases or
virtual environment (.dockerignore, deploy/Dockerfile)."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bot.runtime.settings import embedded_endpoints
from channels.action_server import (
    MIN_SECRET_CHARS,
    SECRET_HEADER,
    SECRET_VARIABLE,
    MissingSecret,
    is_authorised,
    read_secret,
)

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
SECRET_REFERENCE = "${ACTION_SERVER_SECRET}"


def _bash(script: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in ("TRACKER_STORE_URL", "REDIS_URL")}
    clean.pop(SECRET_VARIABLE, None)
    return subprocess.run(
        ["bash", "-c", script], cwd=ROOT, env=dict(clean, **env), capture_output=True, text=True
    )


# --- The action server's own check --------------------------------------------------------


def test_the_secret_must_be_set_and_long_enough():
    for environ in ({}, {SECRET_VARIABLE: ""}, {SECRET_VARIABLE: "short"}):
        with pytest.raises(MissingSecret, match=SECRET_VARIABLE):
            read_secret(environ)
    assert read_secret({SECRET_VARIABLE: " " + "s" * MIN_SECRET_CHARS + " "}) == "s" * 16


def test_only_the_exact_secret_is_authorised():
    secret = "0123456789abcdef0123"
    assert is_authorised(secret, secret)
    for given in (None, "", secret[:-1], secret + "x", secret.upper(), "é" * 20, "\udcff"):
        assert not is_authorised(given, secret)


def test_the_action_server_will_not_start_without_a_secret():
    env = {k: v for k, v in os.environ.items() if k != SECRET_VARIABLE}
    result = subprocess.run(
        [sys.executable, "-m", "channels.action_server", "--port", "1"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert f"{SECRET_VARIABLE} must be set" in result.stderr and "Traceback" not in result.stderr


# --- Rasa sends it ---------------------------------------------------------------------


@pytest.mark.parametrize("path", ["endpoints.yml", "deploy/endpoints.production.yml"])
def test_every_endpoints_file_sends_the_secret_header(path):
    text = (ROOT / path).read_text()
    endpoints = yaml.safe_load(text)
    assert endpoints["action_endpoint"]["headers"] == {SECRET_HEADER: SECRET_REFERENCE}
    # Unquoted: Rasa fills in ${VARIABLE} only in plain values.
    assert f"{SECRET_HEADER}: {SECRET_REFERENCE}\n" in text


def test_the_tests_and_the_benchmark_serve_the_same_header(tmp_path):
    served = yaml.safe_load(embedded_endpoints("http://localhost:1/webhook", tmp_path / "t.db"))
    assert served["action_endpoint"]["headers"] == {SECRET_HEADER: SECRET_REFERENCE}
    assert served["action_endpoint"]["url"] == "http://localhost:1/webhook"


def test_embedded_commands_make_one_up_and_keep_a_given_one():
    made = _bash("source scripts/env.sh && echo $ACTION_SERVER_SECRET")
    again = _bash("source scripts/env.sh && echo $ACTION_SERVER_SECRET")
    assert made.returncode == 0 and re.fullmatch(r"[0-9a-f]{64}\n", made.stdout)
    assert made.stdout != again.stdout  # random each time
    given = _bash(
        "source scripts/env.sh && echo $ACTION_SERVER_SECRET", ACTION_SERVER_SECRET="g" * 20
    )
    assert given.stdout == "g" * 20 + "\n"


def test_production_settings_require_the_secret():
    production = dict(
        TRACKER_STORE_URL="postgresql://postgres@127.0.0.1:5432/rasa_tracker",
        REDIS_URL="redis://127.0.0.1:6379/0",
        SESSION_SECRET="s" * 64,
    )
    missing = _bash("source scripts/env.sh", **production)
    assert missing.returncode != 0
    assert "Set ACTION_SERVER_SECRET" in missing.stderr
    short = _bash("source scripts/env.sh", ACTION_SERVER_SECRET="short", **production)
    assert short.returncode != 0
    given = _bash(
        "source scripts/env.sh && echo $ACTION_SERVER_SECRET",
        ACTION_SERVER_SECRET="p" * 32,
        **production,
    )
    assert given.returncode == 0 and given.stdout == "p" * 32 + "\n"


def test_make_cluster_keeps_one_secret_for_all_its_servers(tmp_path):
    """Made once, owner-only, and the same on the next `start` (which may
    restart one server next to running ones)."""
    cluster = tmp_path / "cluster"
    for _ in range(2):
        result = _bash(
            "scripts/cluster.sh status", CLUSTER_DIR=str(cluster), SESSION_SECRET="s" * 64
        )
        assert result.returncode == 3, result.stderr  # 3: nothing running
    kept = cluster / "action_server_secret"
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    first = kept.read_text()
    assert re.fullmatch(r"[0-9a-f]{64}", first)
    _bash("scripts/cluster.sh status", CLUSTER_DIR=str(cluster), SESSION_SECRET="s" * 64)
    assert kept.read_text() == first


@pytest.mark.parametrize("script", ["scripts/run.sh", "scripts/cluster.sh"])
def test_the_scripts_start_the_guarded_action_server_with_the_log_configuration(script):
    text = (ROOT / script).read_text()
    assert "rasa run actions" not in text
    assert "-m channels.action_server" in text
    assert text.count("--logging-config-file logging.yml") == 2  # Rasa and actions


# --- Docker and Kubernetes --------------------------------------------------------------


def test_the_build_context_leaves_out_local_data_and_environments():
    ignored = {
        line.strip().rstrip("/")
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert {"var", ".venv", "build", "models", "node_modules", ".git"} <= ignored


def test_the_image_copies_only_what_the_servers_need():
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    sources = [
        part
        for line in dockerfile.splitlines()
        if line.startswith("COPY")
        for part in line.split()[1:-1]
    ]
    assert "." not in sources and "./" not in sources
    for source in sources:
        assert (ROOT / source).exists(), source
        assert not re.match(r"(var|\.venv|build|models|node_modules)(/|$)", source), source
    # It builds what `make setup` builds rather than copying this machine's.
    assert "bot.understanding.pipeline build" in dockerfile
    assert "bot.understanding.flag_model build" in dockerfile
    assert "rasa train" in dockerfile and "--logging-config-file" in dockerfile


def test_compose_requires_every_secret_and_has_no_default_password():
    text = (DEPLOY / "docker-compose.yml").read_text()
    assert "change-me" not in text
    assert not re.search(r"\$\{POSTGRES_PASSWORD:-", text)
    assert re.search(r"\$\{POSTGRES_PASSWORD:\?", text)
    services = yaml.safe_load(text)["services"]
    for name in ("action1", "action2", "rasa1", "rasa2"):
        environment = services[name]["environment"]
        assert environment[SECRET_VARIABLE].startswith("${ACTION_SERVER_SECRET:?"), name
        assert "logging.yml" in str(services[name]["command"]), name
        assert environment["LOG_FILE"] == f"/app/var/logs/{name}.log"
    for name in ("action1", "action2"):
        assert "channels.action_server" in services[name]["command"]
        assert "ports" not in services[name]  # only the compose network reaches them


def test_helm_gives_both_sides_the_secret():
    values = yaml.safe_load((DEPLOY / "helm" / "values.yaml").read_text())

    def secret_of(env):
        (entry,) = [e for e in env if e["name"] == SECRET_VARIABLE]
        return entry["valueFrom"]["secretKeyRef"]

    actions = values["rasa-action-server"]
    assert "channels.action_server" in actions["args"]
    assert secret_of(actions["extraEnv"]) == secret_of(values["extraEnv"])
    # Rasa reads the endpoints file with the header; its variables are all set.
    assert "/app/deploy/endpoints.production.yml" in values["args"]
    endpoints = yaml.safe_load((DEPLOY / "endpoints.production.yml").read_text())
    needed = set(re.findall(r"\$\{([A-Z_]+)\}", str(endpoints)))
    chart_sets = {"REDIS_HOST", "REDIS_PORT", "REDIS_PASSWORD"}
    assert needed <= {e["name"] for e in values["extraEnv"]} | chart_sets
