"""What every page reaches: the clinic's stores of this app."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from flask import current_app

from bot.storage.staff import StaffStore
from bot.storage.summaries import IntakeStore
from bot.storage.therapists import DirectoryStore


@dataclass
class Stores:
    directory: DirectoryStore  # therapists and callback requests
    intake: IntakeStore
    staff: StaffStore
    tracker_url: Optional[str]  # None: as the endpoints file says

    def dispose(self) -> None:
        for store in (self.directory, self.intake, self.staff):
            store.dispose()


def stores() -> Stores:
    return current_app.extensions["clinic_stores"]
