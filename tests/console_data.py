"""Made-up clinic data for the staff console's tests and screenshots: the demo
therapists, three intake summaries built by the real domain code, callback
requests (one received yesterday) and two staff users."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Dict, Iterator

import requests
from sqlalchemy import update

from bot.domain.matching import matches_for_summary
from bot.domain.recommendation import IntakeAnswers, intake_summary, recommend
from bot.runtime.settings import ConsoleSettings
from bot.storage.database import CallbackRequestRow
from bot.storage.staff import StaffStore
from bot.storage.summaries import IntakeStore
from bot.storage.therapists import DirectoryStore, rank_clinic_therapists
from tests.servers import ROOT, free_port

ADMIN_EMAIL = "ada.admin@clinic.example"
DESK_EMAIL = "frank.desk@clinic.example"
PASSWORD = "made-up password for tests"
SECRET = "test-secret-" + "x" * 40
SETTINGS = ConsoleSettings(secret_key=SECRET)

PEOPLE = {
    "conv-caution": {
        "red_flags": ["blood_thinners"],
        "pain_areas": ["neck", "shoulder_left", "shoulder_right", "lower_back"],
        "pain_intensity": 6,
        "touch_sensitivity": "moderate",
        "pressure_preference": "medium",
        "post_massage_flare": True,
        "goals": ["pain_relief", "sleep"],
        "heat_packs": "yes",
        "session_length": 45,
        "therapist_gender": "female",
        "avoid_areas": ["abdomen", "lower_leg_left"],
    },
    "conv-firm": {
        "red_flags": [],
        "pain_areas": ["upper_back", "hip_left", "upper_leg_left"],
        "pain_intensity": 4,
        "touch_sensitivity": "mild",
        "pressure_preference": "firm",
        "post_massage_flare": False,
    },
    "conv-stop": {
        "red_flags": ["possible_blood_clot"],
        "pain_areas": ["lower_leg_right"],
        "pain_intensity": 7,
    },
}


@dataclass
class Seeded:
    summary_ids: Dict[str, int]
    callback_ids: Dict[str, int]


def _summary(directory: DirectoryStore, slots: dict) -> dict:
    answers = IntakeAnswers.from_slots(slots)
    rec = recommend(answers)
    matched = rank_clinic_therapists(answers, rec, directory.list_therapists())
    return intake_summary(answers, rec, matches_for_summary(matched))


def seed(url: str) -> Seeded:
    """Fill the clinic database at `url` with the made-up data."""
    directory, intake, staff = DirectoryStore(url), IntakeStore(url), StaffStore(url)
    try:
        directory.load_demo()
        for conversation_id, slots in PEOPLE.items():
            intake.save_summary(conversation_id, _summary(directory, slots))
        ids = {row["conversation_id"]: row["id"] for row in intake.list_summaries()}
        callbacks = {
            "yesterday": directory.save_callback(
                "conv-caution",
                "Maria Lopez",
                phone="+1 212 555 0123",
                preferred_times="weekday mornings",
                consent=True,
            ),
            "today": directory.save_callback(
                "conv-firm", "Sam Okafor", email="sam@example.com", consent=True
            ),
        }
        yesterday = datetime.now(timezone.utc) - timedelta(days=1)
        with directory._session() as session, session.begin():
            session.execute(
                update(CallbackRequestRow)
                .where(CallbackRequestRow.id == callbacks["yesterday"])
                .values(created_at=yesterday.replace(hour=10), updated_at=yesterday)
            )
        staff.add_user(ADMIN_EMAIL, PASSWORD, "admin")
        staff.add_user(DESK_EMAIL, PASSWORD, "front_desk")
        return Seeded(ids, callbacks)
    finally:
        for store in (directory, intake, staff):
            store.dispose()


@contextmanager
def running_console(workdir: Path, clinic_url: str, tracker_url: str) -> Iterator[str]:
    """`python -m bot.console` (waitress) on a free port; its base URL."""
    port = free_port()
    env = dict(
        os.environ,
        DATABASE_URL=clinic_url,
        CONSOLE_SECRET_KEY=SECRET,
        ENDPOINTS="",
        TRACKER_STORE_URL=tracker_url,
    )
    log_path = workdir / "console.log"
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot.console", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_until_up(base, process, log_path)
            yield base
        finally:
            process.terminate()
            process.wait(timeout=20)


def _wait_until_up(base: str, process, log_path: Path) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            requests.get(f"{base}/sign-in", timeout=2)
            return
        except requests.ConnectionError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the console did not start:\n" + log_path.read_text())
            time.sleep(0.3)
