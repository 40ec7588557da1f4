"""Settings read from the environment, with defaults that work out of the box.

| variable      | default                                   |
|---------------|-------------------------------------------|
| DATABASE_URL  | sqlite:///<project root>/var/clinic.db    |
| CLINIC_NAME   | Riverside Pain Clinic                     |
| CLINIC_PHONE  | +1 555 0100                               |
| CLINIC_EMAIL  | care@riverside-clinic.example             |
| CLINIC_HOURS  | Mon–Fri 9:00–17:00                        |
| CLINIC_COUNTRY| US (ISO code: picks the crisis line)      |
| CRISIS_LINE   | the country's line (bot/vocabulary/words.py)    |

An unset or blank variable means the default.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Mapping, Optional, Tuple

import yaml

from bot.vocabulary.words import CRISIS_LINES

PROJECT_ROOT: Path = Path(__file__).resolve().parents[2]
DEFAULT_DATABASE_URL = f"sqlite:///{(PROJECT_ROOT / 'var' / 'clinic.db').as_posix()}"
DEFAULT_CLINIC_NAME = "Riverside Pain Clinic"
DEFAULT_CLINIC_PHONE = "+1 555 0100"
DEFAULT_CLINIC_EMAIL = "care@riverside-clinic.example"
DEFAULT_CLINIC_HOURS = "Mon–Fri 9:00–17:00"
DEFAULT_CLINIC_COUNTRY = "US"


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    clinic_name: str = DEFAULT_CLINIC_NAME
    clinic_phone: str = DEFAULT_CLINIC_PHONE
    clinic_email: str = DEFAULT_CLINIC_EMAIL
    clinic_hours: str = DEFAULT_CLINIC_HOURS
    clinic_country: str = DEFAULT_CLINIC_COUNTRY
    crisis_line_override: str = ""

    @property
    def crisis_line(self) -> Tuple[str, str]:
        """(crisis line, emergency number) for the clinic's country."""
        line, emergency = CRISIS_LINES.get(self.clinic_country.upper(), CRISIS_LINES["default"])
        return (self.crisis_line_override or line), emergency

    @classmethod
    def from_env(cls, environ: Optional[Mapping[str, str]] = None) -> "Settings":
        env = os.environ if environ is None else environ

        def read(name: str, default: str) -> str:
            value = env.get(name)
            return value.strip() if value and value.strip() else default

        return cls(
            database_url=read("DATABASE_URL", DEFAULT_DATABASE_URL),
            clinic_name=read("CLINIC_NAME", DEFAULT_CLINIC_NAME),
            clinic_phone=read("CLINIC_PHONE", DEFAULT_CLINIC_PHONE),
            clinic_email=read("CLINIC_EMAIL", DEFAULT_CLINIC_EMAIL),
            clinic_hours=read("CLINIC_HOURS", DEFAULT_CLINIC_HOURS),
            clinic_country=read("CLINIC_COUNTRY", DEFAULT_CLINIC_COUNTRY),
            crisis_line_override=read("CRISIS_LINE", ""),
        )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings of this process, read from the environment once."""
    return Settings.from_env()


def clear_settings_cache() -> None:
    """Forget the cached settings (tests change the environment)."""
    get_settings.cache_clear()


def embedded_endpoints(action_url: Optional[str], tracker_db: Path) -> str:
    """The project's endpoints.yml (embedded defaults) as YAML, with another
    action server (None: no action endpoint) and tracker database file: the
    tests and the benchmark serve exactly what `make run` serves."""
    endpoints = yaml.safe_load((PROJECT_ROOT / "endpoints.yml").read_text())
    endpoints["tracker_store"]["db"] = str(tracker_db)
    if action_url is None:
        del endpoints["action_endpoint"]
    else:
        endpoints["action_endpoint"]["url"] = action_url
    return yaml.safe_dump(endpoints, sort_keys=False)
