"""The deployment files (deploy/): they parse, and describe the same topology
as `make cluster` (docker-compose and Helm are not run here: no Docker engine)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
sys.path.insert(0, str(DEPLOY))
from render_template import render  # noqa: E402

NGINX_NAMES = [
    "NGINX_PREFIX",
    "NGINX_LISTEN",
    "NGINX_ACTION_LISTEN",
    "RASA_UPSTREAM_SERVERS",
    "ACTION_UPSTREAM_SERVERS",
    "STATIC_ROOT",
]


def test_production_endpoints_use_postgres_redis_and_only_environment_variables():
    endpoints = yaml.safe_load((DEPLOY / "endpoints.production.yml").read_text())
    tracker, lock = endpoints["tracker_store"], endpoints["lock_store"]
    assert tracker["type"] == "SQL" and tracker["dialect"] == "postgresql"
    assert lock["type"] == "channels.lock_store.AtomicRedisLockStore"
    for section in (tracker, lock, endpoints["action_endpoint"]):
        for key, value in section.items():
            if key not in ("type", "dialect", "enable_selective_domain"):
                # unquoted ${VAR}: Rasa only expands plain scalars
                assert re.fullmatch(r"\$\{[A-Z_]+\}", str(value)), (key, value)
    assert endpoints["action_endpoint"]["enable_selective_domain"] is True
    text = (DEPLOY / "endpoints.production.yml").read_text()
    assert '"${' not in text and "'${" not in text


def test_docker_compose_has_two_rasa_two_action_servers_behind_nginx():
    compose = yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())
    services = compose["services"]
    rasa = [name for name, s in services.items() if "rasa run --model" in str(s.get("command"))]
    actions = [
        name
        for name, s in services.items()
        if "actions" in str(s.get("command"))
        and "run" in str(s.get("command"))
        and name not in rasa
    ]
    assert sorted(rasa) == ["rasa1", "rasa2"] and sorted(actions) == ["action1", "action2"]
    assert {"postgres", "redis", "nginx"} <= set(services)
    nginx = services["nginx"]
    for name in rasa:
        assert f"server {name}:5005" in nginx["environment"]["RASA_UPSTREAM_SERVERS"]
        env = services[name]["environment"]
        assert env["TRACKER_DB_HOST"] == "postgres" and env["REDIS_HOST"] == "redis"
        assert env["ACTION_ENDPOINT_URL"] == "http://nginx:5050/webhook"
        assert "deploy/endpoints.production.yml" in str(services[name]["command"])
    for name in actions:
        assert f"server {name}:5055" in nginx["environment"]["ACTION_UPSTREAM_SERVERS"]
        assert "@postgres:5432/clinic" in services[name]["environment"]["DATABASE_URL"]
    # every placeholder of the template is given to envsubst and set
    template = (DEPLOY / "nginx.conf.template").read_text()
    used = set(re.findall(r"\$\{([A-Z_]+)\}", template))
    assert used == set(NGINX_NAMES)
    assert used <= set(nginx["environment"])
    assert all(f"$${name}" in " ".join(nginx["command"]) for name in used)


def test_helm_values_two_replicas_with_postgres_tracker_and_redis_locks():
    values = yaml.safe_load((DEPLOY / "helm" / "values.yaml").read_text())
    assert values["replicaCount"] >= 2
    endpoints = values["applicationSettings"]["endpoints"]
    assert endpoints["trackerStore"]["enabled"] and endpoints["trackerStore"]["type"] == "sql"
    assert endpoints["trackerStore"]["dialect"] == "postgresql"
    assert (
        endpoints["lockStore"]["enabled"]
        and endpoints["lockStore"]["type"] == "channels.lock_store.AtomicRedisLockStore"
    )
    assert endpoints["lockStore"]["key_prefix"].isalnum()
    assert values["rasa-action-server"]["install"]
    assert values["rasa-action-server"]["replicaCount"] >= 2
    credentials = values["applicationSettings"]["credentials"]["additionalChannelCredentials"]
    local = yaml.safe_load((ROOT / "credentials.yml").read_text())
    assert set(credentials) == set(local)


def test_nginx_template_round_robin_without_stickiness_and_valid(tmp_path):
    template = (DEPLOY / "nginx.conf.template").read_text()
    directives = [line.split("#")[0].split() for line in template.splitlines()]
    used = {words[0] for words in directives if words}
    assert not used & {"ip_hash", "hash", "sticky", "least_conn", "random"}
    assert "proxy_next_upstream error timeout" in template
    assert "proxy_set_header Upgrade $http_upgrade" in template
    assert "add_header X-Upstream $upstream_addr" in template
    (tmp_path / "tmp").mkdir()
    env = dict(
        NGINX_PREFIX=str(tmp_path),
        NGINX_LISTEN="127.0.0.1:18080",
        NGINX_ACTION_LISTEN="127.0.0.1:15050",
        STATIC_ROOT=str(tmp_path),
        RASA_UPSTREAM_SERVERS="server 127.0.0.1:15005 max_fails=1 fail_timeout=10s; "
        "server 127.0.0.1:15006 max_fails=1 fail_timeout=10s;",
        ACTION_UPSTREAM_SERVERS="server 127.0.0.1:15055 max_fails=1 fail_timeout=5s;",
    )
    conf = render(template, NGINX_NAMES, env)
    assert "$upstream_addr" in conf and "${" not in conf
    with pytest.raises(SystemExit):
        render(template, NGINX_NAMES[:-1], env)
    nginx = shutil.which("nginx") or (
        "/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None
    )
    if nginx is None:
        if os.environ.get("CI"):
            pytest.fail("nginx is not installed (CI is set)")
        pytest.skip(
            "nginx is not installed: the rendered configuration is not checked by nginx -t"
        )
    (tmp_path / "nginx.conf").write_text(conf)
    result = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
