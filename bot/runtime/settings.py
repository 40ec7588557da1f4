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
| MAX_MESSAGE_CHARS | 2000 (longer messages never reach NLU)    |
| MAX_REQUEST_BYTES | 65536 (REST bodies, socket.io packets)    |
| SESSION_SECRET| unset (socket.io session tokens; see channels/session_tokens.py) |
| UNCONSENTED_IDLE_MINUTES | 30 (no consent: history erased after this idle) |
| TRACKER_RETENTION_DAYS | 30 (every conversation's history, after its last message) |
| CLINIC_RETENTION_DAYS | 90 (intake summaries, callback requests, after their last change) |
| PURGE_INTERVAL_MINUTES | 5 (how often the scheduled purge runs) |
| ENDPOINTS / TRACKER_STORE_URL | where the conversation histories are (tracker_database_url) |

An unset or blank variable means the default.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Mapping, Optional, Tuple
from urllib.parse import quote

import yaml

from bot.vocabulary.words import CRISIS_LINES

PROJECT_ROOT: Path = Path(__file__).resolve().parents[2]
DEFAULT_DATABASE_URL = f"sqlite:///{(PROJECT_ROOT / 'var' / 'clinic.db').as_posix()}"
DEFAULT_CLINIC_NAME = "Riverside Pain Clinic"
DEFAULT_CLINIC_PHONE = "+1 555 0100"
DEFAULT_CLINIC_EMAIL = "care@riverside-clinic.example"
DEFAULT_CLINIC_HOURS = "Mon–Fri 9:00–17:00"
DEFAULT_CLINIC_COUNTRY = "US"
# A message longer than this is answered with a request for a shorter one and
# never parsed; a request body larger than this is refused (HTTP 413).
DEFAULT_MAX_MESSAGE_CHARS = 2000
DEFAULT_MAX_REQUEST_BYTES = 64 * 1024


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    clinic_name: str = DEFAULT_CLINIC_NAME
    clinic_phone: str = DEFAULT_CLINIC_PHONE
    clinic_email: str = DEFAULT_CLINIC_EMAIL
    clinic_hours: str = DEFAULT_CLINIC_HOURS
    clinic_country: str = DEFAULT_CLINIC_COUNTRY
    crisis_line_override: str = ""
    max_message_chars: int = DEFAULT_MAX_MESSAGE_CHARS
    max_request_bytes: int = DEFAULT_MAX_REQUEST_BYTES
    session_secret: str = field(default="", repr=False)  # never in a log line

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
            max_message_chars=_positive(read, "MAX_MESSAGE_CHARS", DEFAULT_MAX_MESSAGE_CHARS),
            max_request_bytes=_positive(read, "MAX_REQUEST_BYTES", DEFAULT_MAX_REQUEST_BYTES),
            session_secret=read("SESSION_SECRET", ""),
        )


def _positive(read: Callable[[str, str], str], name: str, default: int) -> int:
    value = read(name, str(default))
    if not value.isdigit() or int(value) <= 0:
        raise ValueError(f"{name} must be a whole number above 0, not {value!r}")
    return int(value)


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
    tests and the benchmark serve exactly what `make run` serves. The action
    server's secret header stays the reference ${ACTION_SERVER_SECRET}, which
    Rasa fills in from the environment the servers are started with."""
    endpoints = yaml.safe_load((PROJECT_ROOT / "endpoints.yml").read_text())
    endpoints["tracker_store"]["db"] = str(tracker_db)
    if action_url is None:
        del endpoints["action_endpoint"]
    else:
        endpoints["action_endpoint"]["url"] = action_url
    return yaml.safe_dump(endpoints, sort_keys=False)


# --- How long conversations and the clinic's rows are kept (bot/storage/retention.py) ---

DEFAULT_UNCONSENTED_IDLE_MINUTES = 30.0
DEFAULT_TRACKER_RETENTION_DAYS = 30.0
DEFAULT_CLINIC_RETENTION_DAYS = 90.0
DEFAULT_PURGE_INTERVAL_MINUTES = 5.0


@dataclass(frozen=True)
class RetentionSettings:
    """Without consent a conversation is erased this long after its last
    message; every conversation after `tracker_retention_days` idle; intake
    summaries and callback requests `clinic_retention_days` after their last
    change. The scheduled purge runs every `purge_interval_minutes`."""

    unconsented_idle_minutes: float = DEFAULT_UNCONSENTED_IDLE_MINUTES
    tracker_retention_days: float = DEFAULT_TRACKER_RETENTION_DAYS
    clinic_retention_days: float = DEFAULT_CLINIC_RETENTION_DAYS
    purge_interval_minutes: float = DEFAULT_PURGE_INTERVAL_MINUTES

    @classmethod
    def from_env(cls, environ: Optional[Mapping[str, str]] = None) -> "RetentionSettings":
        env = os.environ if environ is None else environ
        return cls(
            unconsented_idle_minutes=_duration(
                env, "UNCONSENTED_IDLE_MINUTES", DEFAULT_UNCONSENTED_IDLE_MINUTES, zero_ok=True
            ),
            tracker_retention_days=_duration(
                env, "TRACKER_RETENTION_DAYS", DEFAULT_TRACKER_RETENTION_DAYS
            ),
            clinic_retention_days=_duration(
                env, "CLINIC_RETENTION_DAYS", DEFAULT_CLINIC_RETENTION_DAYS
            ),
            purge_interval_minutes=_duration(
                env, "PURGE_INTERVAL_MINUTES", DEFAULT_PURGE_INTERVAL_MINUTES
            ),
        )


def _duration(env: Mapping[str, str], name: str, default: float, zero_ok: bool = False) -> float:
    raw = (env.get(name) or "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < 0 or (value == 0 and not zero_ok):
        least = "0 or more" if zero_ok else "above 0"
        raise ValueError(f"{name} must be a number {least}, not {raw!r}")
    return value


def get_retention_settings() -> RetentionSettings:
    return RetentionSettings.from_env()


# --- Where the conversation histories are (Rasa's SQL tracker store) ---

_VARIABLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


def tracker_database_url(environ: Optional[Mapping[str, str]] = None) -> str:
    """The SQLAlchemy URL of Rasa's tracker store: the `tracker_store` of the
    endpoints file Rasa runs with (ENDPOINTS, default endpoints.yml), with its
    ${VARIABLES} filled in from the environment as Rasa does; when ENDPOINTS is
    not set but TRACKER_STORE_URL is (an action server or staff shell of the
    production setup), that URL. ValueError, saying why, when there is none."""
    env = os.environ if environ is None else environ
    endpoints = (env.get("ENDPOINTS") or "").strip()
    store_url = (env.get("TRACKER_STORE_URL") or "").strip()
    if not endpoints and store_url:
        return re.sub(r"^postgres(ql)?:", "postgresql:", store_url)
    path = Path(endpoints or "endpoints.yml")
    path = path if path.is_absolute() else PROJECT_ROOT / path
    try:
        config = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError as error:
        raise ValueError(f"the endpoints file {path} cannot be read ({error.strerror})") from None
    store = config.get("tracker_store") if isinstance(config, dict) else None
    if not isinstance(store, dict) or not store.get("type"):
        raise ValueError(f"the endpoints file {path} keeps conversations in no SQL database")
    return tracker_url_from_endpoint(store, env)


def tracker_url_from_endpoint(store: Mapping[str, object], env: Mapping[str, str]) -> str:
    """The URL Rasa's SQLTrackerStore builds from these endpoint settings
    (dialect, url = host, port, db, username, password); a relative SQLite file
    is under the project root, where the scripts start Rasa."""

    def value(key: str) -> str:
        raw = "" if store.get(key) is None else str(store[key])
        missing = [name for name in _VARIABLE.findall(raw) if name not in env]
        if missing:
            raise ValueError(f"{', '.join(missing)} must be set (tracker store '{key}')")
        return _VARIABLE.sub(lambda match: env[match.group(1)], raw).strip()

    host = value("url")
    if "://" in host:  # a whole database URL
        return host
    dialect = value("dialect") or "sqlite"
    database = value("db") or "rasa.db"
    if dialect == "sqlite":
        path = Path(database)
        return f"sqlite:///{(path if path.is_absolute() else PROJECT_ROOT / path).as_posix()}"
    user, password, port = value("username"), value("password"), value("port")
    credentials = quote(user, safe="") + (f":{quote(password, safe='')}" if password else "")
    return (
        f"{dialect}://{credentials}{'@' if credentials else ''}{host}"
        f"{':' + port if port else ''}/{quote(database, safe='')}"
    )


# --- The staff web console (bot/console) ---

DEFAULT_CONSOLE_PORT = 8010
DEFAULT_CONSOLE_HOST = "127.0.0.1"
CONSOLE_SECRET_FILE = PROJECT_ROOT / "var" / "console_secret"
# Shorter keys are refused: they sign every staff session cookie and CSRF token.
MIN_CONSOLE_SECRET_LENGTH = 32


@dataclass(frozen=True)
class ConsoleSettings:
    """CONSOLE_SECRET_KEY signs the console's session cookies and CSRF tokens;
    CONSOLE_SECURE_COOKIES=1 sends them over HTTPS only; CONSOLE_HOST and
    CONSOLE_PORT are where it listens."""

    secret_key: str = field(default="", repr=False)  # never in a log line
    secure_cookies: bool = False
    host: str = DEFAULT_CONSOLE_HOST
    port: int = DEFAULT_CONSOLE_PORT

    @classmethod
    def from_env(cls, environ: Optional[Mapping[str, str]] = None) -> "ConsoleSettings":
        env = os.environ if environ is None else environ

        def read(name: str, default: str) -> str:
            value = env.get(name)
            return value.strip() if value and value.strip() else default

        secure = read("CONSOLE_SECURE_COOKIES", "0").lower()
        if secure not in ("0", "1", "true", "false", "yes", "no"):
            raise ValueError(f"CONSOLE_SECURE_COOKIES must be 1 or 0, not {secure!r}")
        return cls(
            secret_key=read("CONSOLE_SECRET_KEY", ""),
            secure_cookies=secure in ("1", "true", "yes"),
            host=read("CONSOLE_HOST", DEFAULT_CONSOLE_HOST),
            port=_positive(read, "CONSOLE_PORT", DEFAULT_CONSOLE_PORT),
        )


def get_console_settings() -> ConsoleSettings:
    return ConsoleSettings.from_env()


# --- E-mail notification of new callback requests (bot/staff/notify.py) ---

DEFAULT_SMTP_PORT = 587
DEFAULT_CONSOLE_URL = "http://localhost:8010"
DEFAULT_NOTIFY_INTERVAL_SECONDS = 30.0
DEFAULT_NOTIFY_RETRY_SECONDS = 60.0
# However long the mail server stays down, a request is tried at least this often.
DEFAULT_NOTIFY_RETRY_MAX_SECONDS = 3600.0


@dataclass(frozen=True)
class NotificationSettings:
    """Where the clinic is told of a new callback request: SMTP_HOST, SMTP_PORT,
    SMTP_USER, SMTP_PASSWORD, SMTP_STARTTLS (1 or 0), SMTP_FROM (default the
    clinic's notify address), CLINIC_NOTIFY_EMAIL (the clinic's inbox) and
    CONSOLE_URL (the mail links to CONSOLE_URL/callbacks/<id>). The sender
    looks for new mail every NOTIFY_INTERVAL_SECONDS; a failed one is tried
    again after NOTIFY_RETRY_SECONDS, doubled each time up to
    NOTIFY_RETRY_MAX_SECONDS. Without SMTP_HOST or CLINIC_NOTIFY_EMAIL,
    notifications are off (the requests are still stored and queued)."""

    smtp_host: str = ""
    smtp_port: int = DEFAULT_SMTP_PORT
    smtp_user: str = ""
    smtp_password: str = field(default="", repr=False)  # never in a log line
    smtp_starttls: bool = True
    sender: str = ""
    clinic_notify_email: str = ""
    console_url: str = DEFAULT_CONSOLE_URL
    interval_seconds: float = DEFAULT_NOTIFY_INTERVAL_SECONDS
    retry_seconds: float = DEFAULT_NOTIFY_RETRY_SECONDS
    retry_max_seconds: float = DEFAULT_NOTIFY_RETRY_MAX_SECONDS

    @property
    def enabled(self) -> bool:
        return bool(self.smtp_host and self.clinic_notify_email)

    @classmethod
    def from_env(cls, environ: Optional[Mapping[str, str]] = None) -> "NotificationSettings":
        env = os.environ if environ is None else environ

        def read(name: str, default: str) -> str:
            value = env.get(name)
            return value.strip() if value and value.strip() else default

        notify_email = read("CLINIC_NOTIFY_EMAIL", "")
        return cls(
            smtp_host=read("SMTP_HOST", ""),
            smtp_port=_positive(read, "SMTP_PORT", DEFAULT_SMTP_PORT),
            smtp_user=read("SMTP_USER", ""),
            smtp_password=env.get("SMTP_PASSWORD") or "",  # spaces may belong to it
            smtp_starttls=_switch(read("SMTP_STARTTLS", "1"), "SMTP_STARTTLS"),
            sender=read("SMTP_FROM", notify_email),
            clinic_notify_email=notify_email,
            console_url=read("CONSOLE_URL", DEFAULT_CONSOLE_URL).rstrip("/"),
            interval_seconds=_duration(
                env, "NOTIFY_INTERVAL_SECONDS", DEFAULT_NOTIFY_INTERVAL_SECONDS
            ),
            retry_seconds=_duration(env, "NOTIFY_RETRY_SECONDS", DEFAULT_NOTIFY_RETRY_SECONDS),
            retry_max_seconds=_duration(
                env, "NOTIFY_RETRY_MAX_SECONDS", DEFAULT_NOTIFY_RETRY_MAX_SECONDS
            ),
        )


def _switch(value: str, name: str) -> bool:
    lowered = value.lower()
    if lowered not in ("0", "1", "true", "false", "yes", "no"):
        raise ValueError(f"{name} must be 1 or 0, not {value!r}")
    return lowered in ("1", "true", "yes")


def get_notification_settings() -> NotificationSettings:
    return NotificationSettings.from_env()


# --- The funnel report's RabbitMQ consumer (production; bot/staff/funnel_consumer.py) ---

DEFAULT_RABBITMQ_URL = "amqp://guest:guest@127.0.0.1:5672/"
DEFAULT_FUNNEL_QUEUE = "rasa_funnel"
# Rasa's Pika broker publishes to this fanout exchange unless told otherwise.
DEFAULT_RABBITMQ_EXCHANGE = "rasa-exchange"


@dataclass(frozen=True)
class FunnelBrokerSettings:
    """RABBITMQ_URL (amqp://user:password@host:port/vhost), RABBITMQ_EXCHANGE
    and FUNNEL_QUEUE: the exchange Rasa's Pika event broker publishes every
    event to, and the queue bound to it that the funnel consumer reads
    (deploy/endpoints.production.yml)."""

    rabbitmq_url: str = field(default=DEFAULT_RABBITMQ_URL, repr=False)  # has a password
    queue: str = DEFAULT_FUNNEL_QUEUE
    exchange: str = DEFAULT_RABBITMQ_EXCHANGE

    @classmethod
    def from_env(cls, environ: Optional[Mapping[str, str]] = None) -> "FunnelBrokerSettings":
        env = os.environ if environ is None else environ
        return cls(
            rabbitmq_url=(env.get("RABBITMQ_URL") or "").strip() or DEFAULT_RABBITMQ_URL,
            queue=(env.get("FUNNEL_QUEUE") or "").strip() or DEFAULT_FUNNEL_QUEUE,
            exchange=(env.get("RABBITMQ_EXCHANGE") or "").strip() or DEFAULT_RABBITMQ_EXCHANGE,
        )
