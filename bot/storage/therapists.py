"""The clinic's therapist directory: the store, and the therapist files staff
import and export.

- `DirectoryStore(url=None)`: the repository (SQLAlchemy, 2.0-style API) over the
  `therapists` table of bot.storage.database. Like every store it brings the
  schema to the newest migration on first use. It is also a `CallbackStore`
  (bot.storage.callbacks): callback requests may name a therapist, and the
  staff tools and tests work with one store, on one engine, for both.
- Validation of therapist records, shared by the staff CLI's YAML and CSV import
  (`parse_therapist`, `read_therapist_file`, `dump_therapists`).
- `rank_clinic_therapists`: the domain's ranking with the clinic's contact taken
  from the settings (the domain never reads them).
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

import yaml
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from bot.domain.contacts import ClinicContact, clean_text
from bot.domain.matching import (
    DEFAULT_LANGUAGE,
    OTHER_STYLES,
    PREGNANCY_MASSAGE,
    THERAPIST_STYLES,
    MatchResult,
    SessionOption,
    TherapistProfile,
    rank_therapists,
)
from bot.domain.recommendation import IntakeAnswers, Recommendation
from bot.runtime.settings import get_settings
from bot.storage.callbacks import CallbackStore
from bot.storage.database import TherapistRow, utc_now

__all__ = [
    "OTHER_STYLES",
    "PREGNANCY_MASSAGE",
    "THERAPIST_STYLES",
    "RECORD_GENDERS",
    "FIELDS",
    "DEMO_FILE",
    "DirectoryEntry",
    "DirectoryStore",
    "TherapistFieldError",
    "TherapistFileError",
    "parse_therapist",
    "therapist_record",
    "read_therapist_file",
    "parse_therapist_text",
    "dump_therapists",
    "neutralise_formula",
    "restore_formula",
    "rank_clinic_therapists",
]

DEMO_FILE = Path(__file__).resolve().parent / "demo" / "therapists.yml"

# The gender a therapist record states (a person's wish for one is
# bot.vocabulary.words.THERAPIST_GENDERS, which has "any").
RECORD_GENDERS: Tuple[str, ...] = ("female", "male", "non_binary")
DAYS: Tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

# Every field of a therapist record, in the order files are written.
FIELDS: Tuple[str, ...] = (
    "name",
    "bio",
    "licence_number",
    "licensing_body",
    "years_practice",
    "styles",
    "fibro_years",
    "pressure_min",
    "pressure_max",
    "hot_cold_packs",
    "sessions",
    "languages",
    "gender",
    "locations",
    "step_free_access",
    "adjustable_table",
    "availability",
)
REQUIRED: Tuple[str, ...] = (
    "name",
    "licence_number",
    "licensing_body",
    "styles",
    "pressure_min",
    "pressure_max",
    "sessions",
    "languages",
    "gender",
)
LIST_FIELDS = ("styles", "languages", "locations")

LANGUAGE_ALIASES: Dict[str, str] = {
    "en": "english",
    "es": "spanish",
    "español": "spanish",
    "espanol": "spanish",
    "castellano": "spanish",
    "fr": "french",
    "français": "french",
    "francais": "french",
    "de": "german",
    "deutsch": "german",
    "it": "italian",
    "italiano": "italian",
    "pt": "portuguese",
    "português": "portuguese",
    "pl": "polish",
    "ar": "arabic",
    "zh": "chinese",
    "nl": "dutch",
}

MAX_NAME = 120
MAX_YEARS = 70


# --- Therapist records ----------------------------------------------------------------


class TherapistFieldError(ValueError):
    """One field of one therapist record is wrong."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"field '{field}': {message}")
        self.field = field
        self.message = message


class TherapistFileError(ValueError):
    """A therapist file could not be read; `errors` are staff-readable lines
    ("row 3, field 'gender': must be one of female, male, non_binary")."""

    def __init__(self, errors: Sequence[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = list(errors)


def _blank(value: Any) -> bool:
    return (
        value is None
        or (isinstance(value, str) and not value.strip())
        or (isinstance(value, (list, tuple, dict)) and not value)
    )


def _text(field: str, value: Any, max_length: int) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise TherapistFieldError(field, "must be text")
    # No control characters or terminal escapes: staff read these in a terminal.
    text = clean_text(value, keep_newlines=field == "bio")
    if len(text) > max_length:
        raise TherapistFieldError(field, f"must be at most {max_length} characters")
    return text


def _integer(field: str, value: Any, low: int, high: int) -> int:
    if isinstance(value, bool):
        raise TherapistFieldError(field, f"must be a whole number from {low} to {high}")
    if isinstance(value, str):
        value = value.strip()
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise TherapistFieldError(
            field, f"must be a whole number from {low} to {high}, not {value!r}"
        ) from None
    if number != int(number) or not low <= number <= high:
        raise TherapistFieldError(
            field, f"must be a whole number from {low} to {high}, not {value!r}"
        )
    return int(number)


def _boolean(field: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("yes", "y", "true", "1"):
        return True
    if text in ("no", "n", "false", "0"):
        return False
    raise TherapistFieldError(field, f"must be yes or no, not {value!r}")


def _list(field: str, value: Any) -> List[str]:
    """A list from YAML, or "a; b" text from CSV."""
    if isinstance(value, str):
        items = [part for part in value.split(";")]
    elif isinstance(value, (list, tuple)):
        items = list(value)
    else:
        raise TherapistFieldError(field, "must be a list (in CSV: items separated by ';')")
    result: List[str] = []
    for item in items:
        if not isinstance(item, str):
            raise TherapistFieldError(field, f"every item must be text, not {item!r}")
        item = " ".join(item.split())
        if item and item not in result:
            result.append(item)
    return result


def _styles(value: Any) -> Tuple[str, ...]:
    styles = [s.lower().replace(" ", "_").replace("-", "_") for s in _list("styles", value)]
    for style in styles:
        if style not in THERAPIST_STYLES:
            raise TherapistFieldError(
                "styles", f"unknown style {style!r}; use any of {', '.join(THERAPIST_STYLES)}"
            )
    if not styles:
        raise TherapistFieldError("styles", "must name at least one style")
    return tuple(dict.fromkeys(styles))


def _languages(value: Any) -> Tuple[str, ...]:
    languages = []
    for item in _list("languages", value):
        language = LANGUAGE_ALIASES.get(item.lower(), item.lower())
        if not re.fullmatch(r"[^\W\d_]+(?:[ '-][^\W\d_]+)*", language) or len(language) > 40:
            raise TherapistFieldError("languages", f"{item!r} is not a language name")
        if language not in languages:
            languages.append(language)
    if not languages:
        raise TherapistFieldError("languages", "must name at least one language")
    return tuple(languages)


_SESSION_TEXT = re.compile(r"^(\d+)\s*(?:min(?:utes)?)?\s*(?:[=:@]\s*(\d+(?:\.\d{1,2})?))?$")


def _sessions(value: Any) -> Tuple[SessionOption, ...]:
    """YAML: [{minutes: 45, price: 65}]; CSV: "45=65; 60=80" (price optional)."""
    raw: List[Tuple[Any, Any]] = []
    if isinstance(value, str):
        for part in value.split(";"):
            part = part.strip()
            if not part:
                continue
            match = _SESSION_TEXT.match(part)
            if not match:
                raise TherapistFieldError(
                    "sessions", f"{part!r} should look like 45=65 (minutes=price)"
                )
            raw.append((match.group(1), match.group(2)))
    elif isinstance(value, (list, tuple)):
        for item in value:
            if (
                isinstance(item, Mapping)
                and "minutes" in item
                and set(item) <= {"minutes", "price"}
            ):
                raw.append((item.get("minutes"), item.get("price")))
            else:
                raise TherapistFieldError(
                    "sessions", f"each item needs 'minutes' and may have 'price', not {item!r}"
                )
    else:
        raise TherapistFieldError("sessions", "must be a list of {minutes, price}")
    sessions: Dict[int, SessionOption] = {}
    for minutes, price in raw:
        minutes = _integer("sessions", minutes, 10, 240)
        if price is not None and price != "":
            if isinstance(price, bool):
                raise TherapistFieldError("sessions", f"price {price!r} is not a number")
            try:
                price = round(float(price), 2)
            except (TypeError, ValueError):
                raise TherapistFieldError("sessions", f"price {price!r} is not a number") from None
            if not 0 <= price <= 100_000:
                raise TherapistFieldError("sessions", f"price {price!r} is out of range")
        else:
            price = None
        if minutes in sessions:
            raise TherapistFieldError("sessions", f"{minutes} minutes is listed twice")
        sessions[minutes] = SessionOption(minutes, price)
    if not sessions:
        raise TherapistFieldError("sessions", "must list at least one session length")
    return tuple(sessions[m] for m in sorted(sessions))


_TIME_RANGE = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$")


def _time_range(text: str) -> str:
    text = text.replace(" ", "")
    match = _TIME_RANGE.match(text)
    if not match:
        raise TherapistFieldError("availability", f"{text!r} should look like 09:00-13:00")
    start = int(match.group(1)) * 60 + int(match.group(2))
    end = int(match.group(3)) * 60 + int(match.group(4))
    if end > 24 * 60 or start >= end:
        raise TherapistFieldError("availability", f"{text!r} must end after it starts")
    return text


def _availability(value: Any) -> Dict[str, Tuple[str, ...]]:
    """YAML: {mon: ["09:00-13:00"]}; CSV: "mon 09:00-13:00 14:00-17:00; wed 10:00-16:00"."""
    pairs: List[Tuple[Any, Any]] = []
    if isinstance(value, str):
        for part in value.split(";"):
            words = part.replace(",", " ").split()
            if words:
                pairs.append((words[0], words[1:]))
    elif isinstance(value, Mapping):
        pairs = list(value.items())
    else:
        raise TherapistFieldError("availability", "must map days to time ranges")
    result: Dict[str, Tuple[str, ...]] = {}
    for day, ranges in pairs:
        day_id = str(day).strip().lower()[:3]
        if day_id not in DAYS or str(day).strip().lower() not in (
            day_id,
            {
                "mon": "monday",
                "tue": "tuesday",
                "wed": "wednesday",
                "thu": "thursday",
                "fri": "friday",
                "sat": "saturday",
                "sun": "sunday",
            }[day_id],
        ):
            raise TherapistFieldError(
                "availability", f"unknown day {day!r}; use {', '.join(DAYS)}"
            )
        if isinstance(ranges, str):
            ranges = ranges.replace(",", " ").split()
        if not isinstance(ranges, (list, tuple)):
            raise TherapistFieldError("availability", f"{day}: must list time ranges")
        times = tuple(_time_range(str(r)) for r in ranges)
        if day_id in result:
            raise TherapistFieldError("availability", f"{day_id} is listed twice")
        if times:
            result[day_id] = tuple(sorted(set(times)))
    return {day: result[day] for day in DAYS if day in result}


def parse_therapist(
    record: Mapping[str, Any], therapist_id: Optional[int] = None
) -> TherapistProfile:
    """Validate one record (from YAML or a CSV row) into a profile;
    TherapistFieldError names the first wrong field."""
    if not isinstance(record, Mapping):
        raise TherapistFieldError("(record)", "must be a mapping of field names to values")
    for key in record:
        if key not in FIELDS:
            close = difflib.get_close_matches(str(key), FIELDS, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise TherapistFieldError(str(key), f"is not a therapist field{hint}")
    for key in REQUIRED:
        if _blank(record.get(key)):
            raise TherapistFieldError(key, "is required")

    def get(key: str, default: Any) -> Any:
        value = record.get(key)
        return default if _blank(value) else value

    name = _text("name", record["name"], MAX_NAME)
    bio = _text("bio", get("bio", ""), 5000)
    licence_number = _text("licence_number", record["licence_number"], 64)
    licensing_body = _text("licensing_body", record["licensing_body"], 120)
    years_practice = _integer("years_practice", get("years_practice", 0), 0, MAX_YEARS)
    fibro_years = _integer("fibro_years", get("fibro_years", 0), 0, MAX_YEARS)
    if fibro_years > years_practice:
        raise TherapistFieldError(
            "fibro_years", f"cannot be more than years_practice ({years_practice})"
        )
    pressure_min = _integer("pressure_min", record["pressure_min"], 1, 10)
    pressure_max = _integer("pressure_max", record["pressure_max"], 1, 10)
    if pressure_min > pressure_max:
        raise TherapistFieldError(
            "pressure_max", f"must be at least pressure_min ({pressure_min})"
        )
    gender = str(record["gender"]).strip().lower().replace("-", "_").replace(" ", "_")
    if gender not in RECORD_GENDERS:
        raise TherapistFieldError(
            "gender", f"must be one of {', '.join(RECORD_GENDERS)}, not {record['gender']!r}"
        )
    locations = tuple(_list("locations", get("locations", [])))
    for location in locations:
        if len(location) > 120:
            raise TherapistFieldError("locations", "each location must be at most 120 characters")
    return TherapistProfile(
        id=therapist_id,
        name=name,
        bio=bio,
        licence_number=licence_number,
        licensing_body=licensing_body,
        years_practice=years_practice,
        styles=_styles(record["styles"]),
        fibro_years=fibro_years,
        pressure_min=pressure_min,
        pressure_max=pressure_max,
        hot_cold_packs=_boolean("hot_cold_packs", get("hot_cold_packs", False)),
        sessions=_sessions(record["sessions"]),
        languages=_languages(record["languages"]),
        gender=gender,
        locations=locations,
        step_free_access=_boolean("step_free_access", get("step_free_access", False)),
        adjustable_table=_boolean("adjustable_table", get("adjustable_table", False)),
        availability=_availability(get("availability", {})),
    )


def therapist_record(profile: TherapistProfile) -> Dict[str, Any]:
    """The YAML-ready record of a profile (the fields of FIELDS, in order)."""
    return {
        "name": profile.name,
        "bio": profile.bio,
        "licence_number": profile.licence_number,
        "licensing_body": profile.licensing_body,
        "years_practice": profile.years_practice,
        "styles": list(profile.styles),
        "fibro_years": profile.fibro_years,
        "pressure_min": profile.pressure_min,
        "pressure_max": profile.pressure_max,
        "hot_cold_packs": profile.hot_cold_packs,
        "sessions": [
            {"minutes": s.minutes, "price": s.price}
            if s.price is not None
            else {"minutes": s.minutes}
            for s in profile.sessions
        ],
        "languages": list(profile.languages),
        "gender": profile.gender,
        "locations": list(profile.locations),
        "step_free_access": profile.step_free_access,
        "adjustable_table": profile.adjustable_table,
        "availability": {day: list(times) for day, times in profile.availability.items()},
    }


def _csv_row(profile: TherapistProfile) -> Dict[str, str]:
    def price(value: Optional[float]) -> str:
        return "" if value is None else (f"{value:.2f}".rstrip("0").rstrip("."))

    record = therapist_record(profile)
    row = {key: record[key] for key in FIELDS}
    for key in LIST_FIELDS:
        row[key] = "; ".join(record[key])
    for key in ("hot_cold_packs", "step_free_access", "adjustable_table"):
        row[key] = "yes" if record[key] else "no"
    row["sessions"] = "; ".join(
        f"{s.minutes}={price(s.price)}" if s.price is not None else str(s.minutes)
        for s in profile.sessions
    )
    row["availability"] = "; ".join(
        f"{day} {' '.join(times)}" for day, times in profile.availability.items()
    )
    return {key: neutralise_formula(str(value)) for key, value in row.items()}


# A spreadsheet runs a cell that starts with one of these as a formula
# (=HYPERLINK(...), +cmd|...): exported cells get a leading ' (OWASP's advice).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(cell: str) -> str:
    """The cell as a spreadsheet shows it as text: a leading ' when it would
    start a formula, also after quotes of its own, so that the import can take
    exactly one ' off again (restore_formula)."""
    return "'" + cell if cell.lstrip("'").startswith(FORMULA_STARTS) else cell


def restore_formula(cell: str) -> str:
    """The cell neutralise_formula was given (the import's side)."""
    if cell.startswith("'") and cell[1:].lstrip("'").startswith(FORMULA_STARTS):
        return cell[1:]
    return cell


def dump_therapists(profiles: Iterable[TherapistProfile], fmt: str) -> str:
    """The directory as YAML ({therapists: [...]}) or CSV text, re-importable."""
    profiles = list(profiles)
    if fmt == "yaml":
        return yaml.safe_dump(
            {"therapists": [therapist_record(p) for p in profiles]},
            sort_keys=False,
            allow_unicode=True,
            width=88,
        )
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(FIELDS), lineterminator="\n")
        writer.writeheader()
        for profile in profiles:
            writer.writerow(_csv_row(profile))
        return out.getvalue()
    raise ValueError(f"unknown format {fmt!r}; use yaml or csv")


def _records_from_yaml(text: str) -> List[Any]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise TherapistFileError([f"The file is not valid YAML: {error}"]) from None
    if isinstance(data, Mapping) and set(data) == {"therapists"}:
        data = data["therapists"]
    if data is None:
        data = []
    if not isinstance(data, list):
        raise TherapistFileError(
            ["The file should hold a list of therapists (or 'therapists:' with a list)."]
        )
    return data


def _records_from_csv(text: str) -> List[Any]:
    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames or []
    errors = []
    for column in header:
        if column not in FIELDS:
            close = difflib.get_close_matches(column, FIELDS, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            errors.append(f"header: unknown column '{column}'{hint}")
    if errors:
        raise TherapistFileError(errors)
    records = []
    for row in reader:
        if None in row:  # more cells than columns
            records.append({"(record)": "too many cells"})
            continue
        records.append(
            {key: restore_formula(value) for key, value in row.items() if value is not None}
        )
    return records


def parse_therapist_text(text: str, fmt: str) -> List[TherapistProfile]:
    """Every record of a YAML or CSV text, or TherapistFileError listing every
    wrong row and field ("row 3, field 'gender': ..."). Rows count from 1,
    without the CSV header. The same licence twice is an error too."""
    records = _records_from_yaml(text) if fmt == "yaml" else _records_from_csv(text)
    errors: List[str] = []
    profiles: List[TherapistProfile] = []
    seen: Dict[Tuple[str, str], int] = {}
    for number, record in enumerate(records, start=1):
        try:
            if isinstance(record, Mapping) and "(record)" in record:
                raise TherapistFieldError("(record)", "has more cells than the header has columns")
            profile = parse_therapist(record)
        except TherapistFieldError as error:
            field = "" if error.field == "(record)" else f", field '{error.field}'"
            errors.append(f"row {number}{field}: {error.message}")
            continue
        key = (profile.licensing_body.lower(), profile.licence_number.lower())
        if key in seen:
            errors.append(
                f"row {number}, field 'licence_number': the same licence as "
                f"row {seen[key]} ({profile.licensing_body} {profile.licence_number})"
            )
            continue
        seen[key] = number
        profiles.append(profile)
    if errors:
        raise TherapistFileError(errors)
    return profiles


def read_therapist_file(path: Any) -> List[TherapistProfile]:
    """Read a .yaml/.yml or .csv therapist file (see parse_therapist_text)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        fmt = "yaml"
    elif suffix == ".csv":
        fmt = "csv"
    else:
        raise TherapistFileError([f"{path.name}: use a .yaml, .yml or .csv file"])
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise TherapistFileError([f"{path}: no such file"]) from None
    except (OSError, UnicodeDecodeError) as error:
        raise TherapistFileError([f"{path}: cannot be read ({error})"]) from None
    return parse_therapist_text(text, fmt)


# --- Rows <-> profiles --------------------------------------------------------------------


def _profile_from_row(row: TherapistRow) -> TherapistProfile:
    return TherapistProfile(
        id=row.id,
        name=row.name,
        bio=row.bio,
        licence_number=row.licence_number,
        licensing_body=row.licensing_body,
        years_practice=row.years_practice,
        styles=tuple(row.styles or ()),
        fibro_years=row.fibro_years,
        pressure_min=row.pressure_min,
        pressure_max=row.pressure_max,
        hot_cold_packs=bool(row.hot_cold_packs),
        sessions=tuple(
            SessionOption(int(s["minutes"]), None if s.get("price") is None else float(s["price"]))
            for s in row.sessions or ()
        ),
        languages=tuple(row.languages or ()),
        gender=row.gender,
        locations=tuple(row.locations or ()),
        step_free_access=bool(row.step_free_access),
        adjustable_table=bool(row.adjustable_table),
        availability={day: tuple(times) for day, times in (row.availability or {}).items()},
    )


def _row_values(profile: TherapistProfile) -> Dict[str, Any]:
    record = therapist_record(profile)
    record["sessions"] = [{"minutes": s.minutes, "price": s.price} for s in profile.sessions]
    return record


# --- The repository ----------------------------------------------------------------------------


def _licence_taken(session, profile: TherapistProfile, therapist_id: Optional[int]) -> bool:
    """Whether another therapist has this licence (compared as the import does:
    without regard to case)."""
    query = select(TherapistRow.id).where(
        func.lower(TherapistRow.licensing_body) == profile.licensing_body.lower(),
        func.lower(TherapistRow.licence_number) == profile.licence_number.lower(),
    )
    if therapist_id is not None:
        query = query.where(TherapistRow.id != int(therapist_id))
    return session.execute(query.limit(1)).first() is not None


def _licence_error(profile: TherapistProfile) -> TherapistFieldError:
    return TherapistFieldError(
        "licence_number",
        f"another therapist already has {profile.licensing_body} licence {profile.licence_number}",
    )


@dataclass(frozen=True)
class DirectoryEntry:
    profile: TherapistProfile
    active: bool
    updated_at: datetime


class DirectoryStore(CallbackStore):
    """The therapists (and, as a CallbackStore, the callback requests).
    `url` None means settings.database_url."""

    def list_therapists(self, include_inactive: bool = False) -> List[TherapistProfile]:
        """Every active therapist (the ones matching may suggest), by name;
        deactivated ones too with `include_inactive`."""
        return [entry.profile for entry in self.directory_entries(include_inactive)]

    def directory_entries(self, include_inactive: bool = True) -> List[DirectoryEntry]:
        """The directory as the staff console shows it: profiles with their state."""
        query = select(TherapistRow).order_by(TherapistRow.name, TherapistRow.id)
        if not include_inactive:
            query = query.where(TherapistRow.active.is_(True))
        with self._session() as session:
            return [
                DirectoryEntry(_profile_from_row(row), bool(row.active), row.updated_at)
                for row in session.execute(query).scalars()
            ]

    def therapist_entry(self, therapist_id: int) -> Optional[DirectoryEntry]:
        with self._session() as session:
            row = session.get(TherapistRow, int(therapist_id))
            if row is None:
                return None
            return DirectoryEntry(_profile_from_row(row), bool(row.active), row.updated_at)

    def save_therapist(self, profile: TherapistProfile, therapist_id: Optional[int] = None) -> int:
        """Add a therapist (`therapist_id` None) or replace one's fields; its id.
        TherapistFieldError on 'licence_number' when another therapist has the
        same licence; ValueError when there is no such therapist."""
        values = _row_values(profile)
        now = utc_now()
        try:
            with self._session() as session, session.begin():
                if _licence_taken(session, profile, therapist_id):
                    raise _licence_error(profile)
                if therapist_id is None:
                    row = TherapistRow(**values, created_at=now, updated_at=now)
                    session.add(row)
                else:
                    row = session.get(TherapistRow, int(therapist_id))
                    if row is None:
                        raise ValueError(f"no therapist with id {therapist_id}")
                    for column, value in values.items():
                        setattr(row, column, value)
                    row.updated_at = now
                session.flush()
                return int(row.id)
        except IntegrityError:  # the same licence saved by someone else meanwhile
            raise _licence_error(profile) from None

    def set_therapist_active(self, therapist_id: int, active: bool) -> bool:
        """Deactivate (never suggested again, kept on old callback requests) or
        reactivate; False when there is no such therapist."""
        with self._session() as session, session.begin():
            row = session.get(TherapistRow, int(therapist_id))
            if row is None:
                return False
            row.active = bool(active)
            row.updated_at = utc_now()
            return True

    def get_therapist(self, therapist_id: int) -> Optional[TherapistProfile]:
        with self._session() as session:
            row = session.get(TherapistRow, int(therapist_id))
            return _profile_from_row(row) if row is not None else None

    def count_therapists(self) -> int:
        with self._session() as session:
            return int(session.execute(select(func.count(TherapistRow.id))).scalar_one())

    def import_therapists(
        self, profiles: Sequence[TherapistProfile], replace: bool = False
    ) -> Dict[str, int]:
        """Add or update therapists in one transaction (all or nothing).

        A therapist with the same licensing body and licence number is updated
        (case-insensitive), the others are added; with `replace`, therapists
        not in `profiles` are removed (their callback requests keep the person,
        without the therapist). Returns the counts added, updated, removed.
        """
        counts = {"added": 0, "updated": 0, "removed": 0}
        now = utc_now()
        with self._session() as session, session.begin():
            existing = {
                (row.licensing_body.lower(), row.licence_number.lower()): row
                for row in session.execute(select(TherapistRow)).scalars()
            }
            kept = set()
            for profile in profiles:
                key = (profile.licensing_body.lower(), profile.licence_number.lower())
                if key in kept:
                    raise ValueError(
                        f"{profile.licensing_body} {profile.licence_number} appears twice"
                    )
                kept.add(key)
                values = _row_values(profile)
                row = existing.get(key)
                if row is None:
                    session.add(TherapistRow(**values, created_at=now, updated_at=now))
                    counts["added"] += 1
                else:
                    for column, value in values.items():
                        setattr(row, column, value)
                    row.updated_at = now
                    counts["updated"] += 1
            if replace:
                for key, row in existing.items():
                    if key not in kept:
                        session.delete(row)
                        counts["removed"] += 1
            session.flush()
        return counts

    def load_demo(self, path: Any = DEMO_FILE) -> int:
        """Load the demo directory when no therapist exists; the number loaded (0: kept as is)."""
        if self.count_therapists():
            return 0
        profiles = read_therapist_file(path)
        try:
            with self._session() as session, session.begin():
                if session.execute(select(func.count(TherapistRow.id))).scalar_one():
                    return 0
                now = utc_now()
                for profile in profiles:
                    session.add(
                        TherapistRow(**_row_values(profile), created_at=now, updated_at=now)
                    )
        except IntegrityError:
            return 0  # another process loaded it at the same moment
        return len(profiles)


def rank_clinic_therapists(
    answers: IntakeAnswers,
    rec: Recommendation,
    therapists: Sequence[TherapistProfile],
    limit: int = 3,
    language: Optional[str] = DEFAULT_LANGUAGE,
    settings: Optional[ClinicContact] = None,
) -> MatchResult:
    """bot.domain.matching.rank_therapists, with the clinic's contact from this
    process's settings unless `settings` is given."""
    return rank_therapists(
        answers,
        rec,
        therapists,
        limit,
        language,
        settings=settings if settings is not None else get_settings(),
    )
