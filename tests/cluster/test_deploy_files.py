"""The deployment files (deploy/): they parse, and describe the same topology
as `make cluster` (docker-compose and Helm are not run here: no Docker engine).
The nginx template is also run, in front of a stand-in for Rasa: its public
side serves the website and socket.io only, with security headers, and no
token reaches a log."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Dict, Optional

import pytest
import requests
import yaml

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
sys.path.insert(0, str(DEPLOY))
from render_template import render  # noqa: E402

NGINX_NAMES = [
    "NGINX_PREFIX",
    "NGINX_LISTEN",
    "NGINX_INTERNAL_LISTEN",
    "NGINX_ACTION_LISTEN",
    "RASA_UPSTREAM_SERVERS",
    "ACTION_UPSTREAM_SERVERS",
    "STATIC_ROOT",
]


def test_production_endpoints_use_postgres_redis_and_only_environment_variables():
    endpoints = yaml.safe_load((DEPLOY / "endpoints.production.yml").read_text())
    tracker, lock = endpoints["tracker_store"], endpoints["lock_store"]
    assert tracker["type"] == "channels.tracker_store.ClinicSQLTrackerStore"
    assert tracker["dialect"] == "postgresql"
    assert lock["type"] == "channels.lock_store.AtomicRedisLockStore"
    for section in (tracker, lock, endpoints["action_endpoint"]):
        for key, value in section.items():
            if key in ("type", "dialect", "enable_selective_domain"):
                continue
            # unquoted ${VAR}: Rasa only expands plain scalars (headers: each value)
            for item in value.values() if isinstance(value, dict) else [value]:
                assert re.fullmatch(r"\$\{[A-Z_]+\}", str(item)), (key, item)
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
        if "channels.action_server" in str(s.get("command")) and name not in rasa
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
    assert endpoints["trackerStore"]["enabled"]
    assert endpoints["trackerStore"]["type"] == "channels.tracker_store.ClinicSQLTrackerStore"
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


def _nginx_binary() -> Optional[str]:
    return shutil.which("nginx") or (
        "/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None
    )


def _render_nginx(
    directory: Path, ports: Dict[str, int], upstream_port: int, static_root: Path
) -> Path:
    (directory / "tmp").mkdir(exist_ok=True)
    env = dict(
        NGINX_PREFIX=str(directory),
        NGINX_LISTEN=f"127.0.0.1:{ports['public']}",
        NGINX_INTERNAL_LISTEN=f"127.0.0.1:{ports['internal']}",
        NGINX_ACTION_LISTEN=f"127.0.0.1:{ports['action']}",
        STATIC_ROOT=str(static_root),
        RASA_UPSTREAM_SERVERS=f"server 127.0.0.1:{upstream_port} max_fails=1 fail_timeout=10s;",
        ACTION_UPSTREAM_SERVERS=f"server 127.0.0.1:{upstream_port} max_fails=1 fail_timeout=5s;",
    )
    conf = directory / "nginx.conf"
    conf.write_text(render((DEPLOY / "nginx.conf.template").read_text(), NGINX_NAMES, env))
    return conf


def _server_blocks(template: str) -> Dict[str, str]:
    """Each `server { ... }` of the template by the placeholder it listens on."""
    blocks = {}
    for match in re.finditer(r"\n    server \{\n", template):
        depth, end = 1, match.end()
        while depth:
            depth += {"{": 1, "}": -1}.get(template[end], 0)
            end += 1
        block = template[match.start() : end]
        blocks[re.search(r"listen \$\{(\w+)\};", block).group(1)] = block
    return blocks


def test_nginx_template_round_robin_without_stickiness_and_valid(tmp_path):
    template = (DEPLOY / "nginx.conf.template").read_text()
    directives = [line.split("#")[0].split() for line in template.splitlines()]
    used = {words[0] for words in directives if words}
    assert not used & {"ip_hash", "hash", "sticky", "least_conn", "random"}
    assert "proxy_next_upstream error timeout" in template
    assert "proxy_set_header Upgrade $http_upgrade" in template
    ports = {"public": 18080, "internal": 18081, "action": 15050}
    conf = _render_nginx(tmp_path, ports, 15005, tmp_path)
    assert "$upstream_addr" in conf.read_text() and "${" not in conf.read_text()
    with pytest.raises(SystemExit):
        render(template, NGINX_NAMES[:-1], {name: "x" for name in NGINX_NAMES})
    nginx = _nginx_binary()
    if nginx is None:
        if os.environ.get("CI"):
            pytest.fail("nginx is not installed (CI is set)")
        pytest.skip(
            "nginx is not installed: the rendered configuration is not checked by nginx -t"
        )
    result = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(conf)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_nginx_public_side_serves_the_website_and_socketio_only_with_security_headers():
    blocks = _server_blocks((DEPLOY / "nginx.conf.template").read_text())
    assert set(blocks) == {"NGINX_LISTEN", "NGINX_INTERNAL_LISTEN", "NGINX_ACTION_LISTEN"}
    public = blocks["NGINX_LISTEN"]
    # Only socket.io goes to Rasa: no REST, no HTTP API, no fallback to Rasa.
    assert re.findall(r"location ([^{]+) \{", public) == ["= /healthz", "/socket.io/", "/"]
    assert public.count("proxy_pass") == 1 and "@rasa" not in public
    assert "try_files $uri $uri/ =404;" in public
    assert "X-Upstream" not in public
    for header in (
        "Content-Security-Policy",
        "X-Content-Type-Options nosniff",
        "Referrer-Policy",
        "X-Frame-Options DENY",
    ):
        assert f"add_header {header}" in public, header
    assert "frame-ancestors 'none'" in public
    # No TLS on this listener, so no Strict-Transport-Security.
    assert " ssl" not in public and "add_header Strict-Transport-Security" not in public
    assert "client_max_body_size 64k;" in public
    # REST, the HTTP API and the action servers: loopback and private networks only.
    for name in ("NGINX_INTERNAL_LISTEN", "NGINX_ACTION_LISTEN"):
        assert "allow 127.0.0.0/8;" in blocks[name] and "deny all;" in blocks[name], name
    assert "add_header X-Upstream $upstream_addr" in blocks["NGINX_INTERNAL_LISTEN"]


def test_nginx_logs_no_query_string():
    template = (DEPLOY / "nginx.conf.template").read_text()
    log_format = re.search(r"log_format upstream (.*?);", template, re.S).group(1)
    for leak in ('$request "', '$request"', "$request_uri", "$args", "$query_string", "$arg_"):
        assert leak not in log_format, leak
    assert "$request_method $uri" in log_format


class _Echo(BaseHTTPRequestHandler):
    """Stands in for a Rasa server: answers with the request line it got."""

    def _answer(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        body = json.dumps(
            {"path": self.path, "token_header": self.headers.get("X-Rasa-Token")}
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def nginx_in_front_of_an_echo(tmp_path):
    nginx = _nginx_binary()
    if nginx is None:
        if os.environ.get("CI"):
            pytest.fail("nginx is not installed (CI is set)")
        pytest.skip("nginx is not installed")
    echo = ThreadingHTTPServer(("127.0.0.1", 0), _Echo)
    threading.Thread(target=echo.serve_forever, daemon=True).start()
    ports = {}
    for name in ("public", "internal", "action"):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            ports[name] = sock.getsockname()[1]
    # nginx's workers run as another user when started as root: a website
    # they can read (pytest's own temporary directories are owner-only).
    website = Path(tempfile.mkdtemp(prefix="nginx-site-"))
    website.chmod(0o755)
    (website / "index.html").write_text("<p>clinic</p>")
    (website / "index.html").chmod(0o644)
    conf = _render_nginx(tmp_path, ports, echo.server_address[1], website)
    process = subprocess.Popen(
        [nginx, "-p", str(tmp_path), "-c", str(conf), "-g", "daemon off;"],
        stderr=subprocess.PIPE,
    )
    urls = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                requests.get(urls["public"], timeout=1)
                break
            except requests.ConnectionError:
                assert process.poll() is None, process.stderr.read().decode()
                assert time.monotonic() < deadline, "nginx did not answer"
                time.sleep(0.1)
        yield urls, tmp_path / "access.log"
    finally:
        process.terminate()
        process.wait(timeout=10)
        echo.shutdown()
        shutil.rmtree(website, ignore_errors=True)


def test_nginx_refuses_rest_and_the_http_api_on_the_public_side(nginx_in_front_of_an_echo):
    urls, _ = nginx_in_front_of_an_echo
    public = urls["public"]
    message = {"sender": "someone-else", "message": "delete my data"}
    assert requests.post(f"{public}/webhooks/rest/webhook", json=message).status_code in (403, 404)
    for path in ("/status", "/version", "/conversations/someone-else/tracker", "/model"):
        assert requests.get(f"{public}{path}?token=t").status_code == 404, path
    page = requests.get(public)
    assert page.ok and "clinic" in page.text
    assert "X-Upstream" not in page.headers
    assert "Content-Security-Policy" in page.headers
    socket_io = requests.get(f"{public}/socket.io/?EIO=4&transport=polling")
    assert socket_io.ok and "X-Upstream" not in socket_io.headers
    assert socket_io.headers["X-Content-Type-Options"] == "nosniff"
    too_big = requests.post(f"{public}/socket.io/?EIO=4&transport=polling", data="x" * 100_000)
    assert too_big.status_code == 413


def test_nginx_internal_side_takes_the_token_in_a_header_and_logs_no_token(
    nginx_in_front_of_an_echo,
):
    urls, access_log = nginx_in_front_of_an_echo
    internal = urls["internal"]
    answer = requests.get(
        f"{internal}/conversations/a%2Fb/tracker?include_events=ALL",
        headers={"X-Rasa-Token": "header-secret-1"},
    )
    assert answer.json() == {
        "path": "/conversations/a%2Fb/tracker?token=header-secret-1&include_events=ALL",
        "token_header": None,  # handed on as ?token=, not as the header
    }
    assert answer.headers["X-Upstream"].startswith("127.0.0.1:")
    requests.get(f"{internal}/status?token=query-secret-2")
    message = {"sender": "s", "message": "hi"}
    rest = requests.post(f"{internal}/webhooks/rest/webhook", json=message)
    assert rest.ok and "X-Upstream" in rest.headers
    time.sleep(0.2)  # nginx writes the access log line after the response
    log = access_log.read_text()
    assert "/conversations/a" in log and "/status" in log
    assert "header-secret-1" not in log and "query-secret-2" not in log
