"""What a real cluster (two Rasa servers behind nginx, scripts/cluster.sh)
shows the public and what it keeps inside (issue 14):

- the public side serves the website and socket.io only: REST and Rasa's HTTP
  API are 403/404 there, token or not; responses carry the security headers and
  never say which server answered;
- the internal side (loopback) balances REST and the HTTP API, takes the API
  token in a header, and no token reaches nginx's access log;
- the chat over socket.io through nginx: a session issued by one Rasa server
  continues on the other with its token (they share SESSION_SECRET), and a
  client-chosen id is refused on either.
"""

from __future__ import annotations

import uuid

import pytest
import requests
from cluster_harness import TOKEN, Cluster, report

from tests.socketio_client import SocketPerson


@pytest.fixture
def people(cluster: Cluster):
    opened = []

    def person(url: str) -> SocketPerson:
        opened.append(SocketPerson(url, origin=cluster.nginx_url))  # in CORS_ORIGINS
        return opened[-1]

    yield person
    for one in opened:
        one.close()


def test_rest_and_the_http_api_are_not_public(cluster: Cluster) -> None:
    sender = f"public-{uuid.uuid4().hex[:8]}"
    public = cluster.nginx_url
    rest = requests.post(
        f"{public}/webhooks/rest/webhook", json={"sender": sender, "message": "hi"}, timeout=30
    )
    assert rest.status_code in (403, 404)
    for path in ("/status", f"/conversations/{sender}/tracker", "/version", "/model"):
        for auth in ({"params": {"token": TOKEN}}, {"headers": {"X-Rasa-Token": TOKEN}}):
            assert requests.get(f"{public}{path}", timeout=30, **auth).status_code == 404, path
    assert [e for e in cluster.tracker(sender)["events"] if e["event"] == "user"] == []


def test_the_public_side_sends_security_headers_and_no_upstream(cluster: Cluster) -> None:
    for path in ("/", "/widget/widget.js", "/socket.io/?EIO=4&transport=polling"):
        response = requests.get(
            f"{cluster.nginx_url}{path}", headers={"Origin": cluster.nginx_url}, timeout=30
        )
        assert response.ok, path
        assert "X-Upstream" not in response.headers, path
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"], path
        assert response.headers["X-Content-Type-Options"] == "nosniff", path
        assert response.headers["Referrer-Policy"] == "no-referrer", path


def test_the_internal_side_balances_rest_and_logs_no_token(cluster: Cluster) -> None:
    sender = f"internal-{uuid.uuid4().hex[:8]}"
    upstreams = {cluster.say(sender, message).upstream for message in ("hi", "yes")}
    assert upstreams == {cluster.upstream(0), cluster.upstream(1)}
    tracker = cluster.tracker(sender, url=cluster.internal_url)  # token in the header
    assert [e["text"] for e in tracker["events"] if e["event"] == "user"] == ["hi", "yes"]
    unauthorised = requests.get(f"{cluster.internal_url}/conversations/{sender}/tracker")
    assert unauthorised.status_code == 401
    # A client that still sends ?token= is not written down either.
    requests.get(f"{cluster.internal_url}/status", params={"token": TOKEN}, timeout=30)
    log = (cluster.directory / "nginx" / "access.log").read_text()
    assert f"/conversations/{sender}/tracker" in log
    assert TOKEN not in log
    report(
        f"f) public side: REST and the HTTP API 403/404, security headers, no X-Upstream; "
        f"internal side balanced over {len(upstreams)} servers, no token in access.log"
    )


def test_a_session_continues_on_the_other_server_only_with_its_token(
    cluster: Cluster, people
) -> None:
    first = people(cluster.rasa_url(0))
    session = first.request_session()
    assert first.say("hi")
    first.close()

    # The other Rasa server accepts the first one's token (shared SESSION_SECRET)...
    second = people(cluster.rasa_url(1))
    assert second.request_session(session) == session
    assert second.say("yes")
    # ...and so does whichever server nginx picks for the public socket.
    through_nginx = people(cluster.nginx_url)
    assert through_nginx.request_session(session) == session
    assert through_nginx.say("none of these")
    tracker = cluster.tracker(session["session_id"])
    user = [e["text"] for e in tracker["events"] if e["event"] == "user"]
    assert user == ["hi", "yes", "none of these"]

    # The id alone, on either server, is someone else's conversation: refused.
    for url in (cluster.rasa_url(0), cluster.rasa_url(1), cluster.nginx_url):
        other = people(url)
        refused = other.request_session({"session_id": session["session_id"]})
        assert refused["session_id"] != session["session_id"], url
        other.say("delete my data", session_id=session["session_id"], wait=False)
        assert other.replies == []
    assert cluster.tracker(session["session_id"])["events"] == tracker["events"]
