"""The demo page is served with security headers, and the widget works under
its Content-Security-Policy (scripts and styles from the site, connections to
the Rasa server only): nothing is blocked during a conversation."""

from __future__ import annotations

import requests
from browser_helpers import CONSENT, Widget


def test_the_page_carries_a_content_security_policy_naming_the_rasa_server(servers):
    headers = requests.get(servers.web_url, timeout=10).headers
    policy = headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    rasa = servers.rasa_url.split("://", 1)[1]
    assert f"connect-src 'self' http://{rasa} ws://{rasa}" in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["X-Frame-Options"] == "DENY"


def test_the_widget_runs_under_the_policy_with_nothing_blocked(new_page):
    page = new_page()
    widget = Widget(page).open()
    widget.click(CONSENT)
    widget.wait_for_choice("None of these")
    page.reload()
    Widget(page).wait_for_choice("None of these")
    assert page.csp_violations == []
    assert page.console_errors == []
