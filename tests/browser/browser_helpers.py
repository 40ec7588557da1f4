"""Driving the widget on the demo page (used by the browser tests)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "var" / "artifacts"
TIMEOUT = 120_000  # ms: generous, for a loaded CI machine

CONSENT = "Yes, the clinic may keep my answers"


def screenshot(page, name: str, full_page: bool = False) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


class Widget:
    def __init__(self, page) -> None:
        self.page = page
        self.panel = page.locator("#mw-panel")
        self.log = page.locator(".mw-log")
        self.choices = page.locator(".mw-choices")
        self.input = page.get_by_label("Your message")
        self.typing = page.locator(".mw-typing")
        self.announcer = page.locator("[data-mw-announcer]")

    def open(self) -> "Widget":
        self.page.get_by_role("button", name=re.compile("chat with us")).click()
        self.panel.wait_for(state="visible")
        return self

    def choice(self, title: str):
        return self.choices.get_by_role("button", name=title, exact=True)

    def wait_for_choice(self, title: str):
        button = self.choice(title)
        button.wait_for(state="visible", timeout=TIMEOUT)
        return button

    def click(self, title: str) -> None:
        self.wait_for_choice(title).click()

    def say(self, text: str) -> None:
        self.input.fill(text)
        self.input.press("Enter")

    def region(self, label: str):
        return self.choices.get_by_role("button", name=label, exact=True)

    def send_areas_button(self):
        return self.choices.get_by_role("button", name="Send these areas")

    def wait_for_body_map(self) -> None:
        self.send_areas_button().wait_for(state="visible", timeout=TIMEOUT)

    def bot_texts(self):
        return [
            text.removeprefix("Assistant: ")
            for text in self.page.locator(".mw-msg--bot").all_text_contents()
        ]

    def user_texts(self):
        return [
            text.removeprefix("You: ")
            for text in self.page.locator(".mw-msg--user").all_text_contents()
        ]

    def session_id(self) -> str:
        return self.page.evaluate("sessionStorage.getItem('massage-widget:session')")

    def session_token(self) -> str:
        return self.page.evaluate("sessionStorage.getItem('massage-widget:token')")

    def card(self):
        return self.log.locator(".mw-card--current")

    def wait_for_card(self):
        card = self.card()
        card.wait_for(state="visible", timeout=TIMEOUT)
        return card

    def answer_up_to_pain_areas(self) -> None:
        self.click(CONSENT)
        self.click("None of these")
        self.wait_for_body_map()

    def finish_after_pain_areas(self) -> None:
        self.click("5")
        self.click("A little (mild)")
        self.click("Medium")
        self.click("No")
        self.wait_for_card()
