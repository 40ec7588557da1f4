"""The clinic staff's command line: the therapist directory, callback requests,
intake summaries, and deleting a person's data.

    python -m bot.staff.cli [--database-url URL] [--tracker-url URL] COMMAND ...

    db upgrade [REVISION]                 bring the database up to date (default: head)
    db downgrade [REVISION]               step back (default: -1; "base" removes every table)
    db current                            the revision the database is at
    therapists list                       every therapist, with their id
    therapists import FILE [--replace]    add or update from .yaml/.yml or .csv (all or nothing)
    therapists export --format yaml|csv [FILE]
    therapists load-demo                  the demo directory, only when it is empty
    callbacks list [--status new|contacted|closed]
    callbacks show ID
    callbacks mark ID new|contacted|closed
    summaries list
    summaries show CONVERSATION_ID [--json]
    delete-person CONVERSATION_ID         its intake summary, callback requests and history
    purge [--dry-run] [--repeat]          erase what is past its retention (README, "Privacy")
    staff add-user EMAIL --role admin|front_desk [--password-stdin]
                                          a staff console user (asks the password twice)
    notify [--repeat]                     e-mail the clinic about new callback requests
    funnel [--weeks N] [--json]           the funnel report, by ISO week
    funnel-consumer                       count Rasa's events from RabbitMQ (production)

Exit codes: 0 done, 1 not found, 2 bad input (a wrong file, value or option).
"""

from __future__ import annotations

import argparse
import getpass
import json
import signal
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, List, Optional, Sequence

from alembic.util import CommandError
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError

from bot.domain.contacts import visible_text as _shown
from bot.domain.matching import style_name
from bot.runtime.settings import (
    FunnelBrokerSettings,
    NotificationSettings,
    RetentionSettings,
    get_notification_settings,
    get_retention_settings,
    get_settings,
)
from bot.staff.funnel_report import funnel_lines
from bot.staff.notify import send_due
from bot.storage.callbacks import CALLBACK_STATUSES, CallbackRequest, CallbackStore
from bot.storage.conversations import ConversationHistory
from bot.storage.funnel import FunnelStore
from bot.storage.notifications import OutboxStore
from bot.storage.privacy import PurgeReport, erase_person, purge
from bot.storage.retention import RetentionPolicy
from bot.storage.staff import MIN_PASSWORD_LENGTH, STAFF_ROLES, StaffStore
from bot.storage.summaries import IntakeStore
from bot.storage.therapists import (
    DirectoryStore,
    TherapistFileError,
    dump_therapists,
    read_therapist_file,
)
from bot.vocabulary.slots import Slot

OK, NOT_FOUND, BAD_INPUT = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """argparse exits with 2 on bad options already; keep the message kind."""

    def error(self, message: str) -> None:  # pragma: no cover - argparse path
        self.print_usage(sys.stderr)
        self.exit(
            BAD_INPUT,
            f"Sorry, that command was not understood: {message}\n"
            f"Try: python -m bot.staff.cli --help\n",
        )


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m bot.staff.cli",
        description="The clinic's therapist directory, callback requests and intake summaries.",
    )
    parser.add_argument(
        "--database-url", help="database to use (default: DATABASE_URL or var/clinic.db)"
    )
    parser.add_argument(
        "--tracker-url",
        help="the conversation histories (default: the tracker store of ENDPOINTS, "
        "else TRACKER_STORE_URL, else endpoints.yml's var/rasa_tracker.db)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True

    db = commands.add_parser("db", help="migrations").add_subparsers(
        dest="action", metavar="ACTION", parser_class=_Parser
    )
    db.required = True
    up = db.add_parser("upgrade", help="bring the database up to date")
    up.add_argument("revision", nargs="?", default="head")
    down = db.add_parser("downgrade", help="undo migrations")
    down.add_argument("revision", nargs="?", default="-1")
    db.add_parser("current", help="the database's revision")

    therapists = commands.add_parser("therapists", help="the therapist directory").add_subparsers(
        dest="action", metavar="ACTION", parser_class=_Parser
    )
    therapists.required = True
    therapists.add_parser("list", help="every therapist")
    imp = therapists.add_parser("import", help="add or update therapists from a file")
    imp.add_argument("file")
    imp.add_argument(
        "--replace", action="store_true", help="also remove therapists who are not in the file"
    )
    exp = therapists.add_parser("export", help="write the directory as YAML or CSV")
    exp.add_argument("--format", choices=("yaml", "csv"), default="yaml")
    exp.add_argument("file", nargs="?", help="default: print it")
    therapists.add_parser("load-demo", help="load the demo directory when it is empty")

    callbacks = commands.add_parser("callbacks", help="callback requests").add_subparsers(
        dest="action", metavar="ACTION", parser_class=_Parser
    )
    callbacks.required = True
    cl = callbacks.add_parser("list", help="callback requests, oldest first")
    cl.add_argument("--status", choices=CALLBACK_STATUSES)
    cs = callbacks.add_parser("show", help="one callback request")
    cs.add_argument("id", type=int)
    cm = callbacks.add_parser("mark", help="set a request's status")
    cm.add_argument("id", type=int)
    cm.add_argument("status", choices=CALLBACK_STATUSES)

    summaries = commands.add_parser("summaries", help="intake summaries").add_subparsers(
        dest="action", metavar="ACTION", parser_class=_Parser
    )
    summaries.required = True
    summaries.add_parser("list", help="every stored conversation")
    ss = summaries.add_parser("show", help="one intake summary")
    ss.add_argument("conversation_id")
    ss.add_argument("--json", action="store_true", help="the whole summary as JSON")

    dp = commands.add_parser(
        "delete-person",
        help="delete the intake summary, callback requests and history of a conversation",
    )
    dp.add_argument("conversation_id")

    purge = commands.add_parser(
        "purge", help="erase the histories and clinic rows past their retention"
    )
    purge.add_argument("--dry-run", action="store_true", help="only count what would go")
    purge.add_argument(
        "--repeat",
        action="store_true",
        help="run again every PURGE_INTERVAL_MINUTES (default 5) until stopped",
    )
    _notification_and_funnel_commands(commands)
    _staff_parser(commands)
    return parser


def _staff_parser(commands) -> None:
    staff = commands.add_parser("staff", help="staff console users").add_subparsers(
        dest="action", metavar="ACTION", parser_class=_Parser
    )
    staff.required = True
    add = staff.add_parser("add-user", help="create a staff console user")
    add.add_argument("email")
    add.add_argument("--role", choices=STAFF_ROLES, required=True)
    add.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from the first line of standard input (scripts)",
    )


def _notification_and_funnel_commands(commands) -> None:
    notify = commands.add_parser(
        "notify", help="e-mail the clinic about new callback requests (the outbox)"
    )
    notify.add_argument(
        "--repeat",
        action="store_true",
        help="look again every NOTIFY_INTERVAL_SECONDS (default 30) until stopped",
    )
    report = commands.add_parser("funnel", help="the funnel report, by ISO week")
    report.add_argument(
        "--weeks", type=int, help="only the latest N weeks with conversations (default: all)"
    )
    report.add_argument("--json", action="store_true", help="the counts as JSON")
    commands.add_parser(
        "funnel-consumer",
        help="count the events Rasa publishes to RabbitMQ (RABBITMQ_URL, FUNNEL_QUEUE)",
    )


def _err(message: str) -> None:
    print(message, file=sys.stderr)


def _when(value: Any) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value is not None else "-"


def _plural(n: int, word: str, plural: Optional[str] = None) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {plural or word + 's'}"


# --- db --------------------------------------------------------------------------------


def _db(args, url: Optional[str]) -> int:
    from bot.runtime.settings import get_settings
    from bot.storage import migrations
    from bot.storage.database import make_engine

    engine = make_engine(url or get_settings().database_url)
    try:
        if args.action == "upgrade":
            migrations.upgrade(engine, args.revision)
        elif args.action == "downgrade":
            migrations.downgrade(engine, args.revision)
        revision = migrations.current_revision(engine)
    finally:
        engine.dispose()
    if revision is None:
        print("The database has no clinic tables (revision: base).")
    elif revision == migrations.head_revision():
        print(f"The database is up to date (revision: {revision}).")
    else:
        print(f"The database is at revision {revision}; 'db upgrade' brings it up to date.")
    return OK


# --- therapists ----------------------------------------------------------------------------


def _therapists(args, url: Optional[str]) -> int:
    store = DirectoryStore(url)
    try:
        if args.action == "list":
            profiles = store.list_therapists()
            if not profiles:
                print(
                    "The directory is empty. Add therapists with "
                    "'therapists import FILE' or 'therapists load-demo'."
                )
                return OK
            for p in profiles:
                lengths = ", ".join(str(m) for m in p.session_lengths)
                print(f"#{p.id}  {_shown(p.name)} ({p.gender.replace('_', '-')})")
                print(f"     styles: {', '.join(style_name(s) for s in p.styles)}")
                print(
                    f"     pressure {p.pressure_min}-{p.pressure_max}, "
                    f"{p.fibro_years} years with fibromyalgia clients, "
                    f"sessions {lengths} min, "
                    f"packs {'yes' if p.hot_cold_packs else 'no'}"
                )
                print(
                    f"     languages: {_shown(', '.join(p.languages))}; "
                    f"locations: {_shown(', '.join(p.locations)) or '-'}"
                )
            print(f"{_plural(len(profiles), 'therapist')}.")
            return OK
        if args.action == "import":
            try:
                profiles = read_therapist_file(args.file)
            except TherapistFileError as error:
                _err(f"Nothing was imported: please fix {Path(args.file).name} and try again.")
                for line in error.errors:
                    _err(f"  {line}")
                return BAD_INPUT
            counts = store.import_therapists(profiles, replace=args.replace)
            removed = f", {counts['removed']} removed" if args.replace else ""
            print(
                f"Imported {_plural(len(profiles), 'therapist')}: {counts['added']} added, "
                f"{counts['updated']} updated{removed}."
            )
            return OK
        if args.action == "export":
            text = dump_therapists(store.list_therapists(), args.format)
            if args.file:
                Path(args.file).write_text(text, encoding="utf-8")
                print(f"Wrote {_plural(store.count_therapists(), 'therapist')} to {args.file}.")
            else:
                sys.stdout.write(text)
            return OK
        if args.action == "load-demo":
            loaded = store.load_demo()
            if loaded:
                print(f"Loaded the demo directory: {_plural(loaded, 'therapist')}.")
            else:
                print("The directory already has therapists; the demo was not loaded.")
            return OK
    finally:
        store.dispose()
    return BAD_INPUT  # pragma: no cover


# --- callbacks ------------------------------------------------------------------------------


def _contact(c: CallbackRequest) -> str:
    return _shown(" / ".join(x for x in (c.phone, c.email) if x))


def _callbacks(args, url: Optional[str]) -> int:
    store = CallbackStore(url)
    try:
        if args.action == "list":
            found = store.list_callbacks(args.status)
            if not found:
                which = f" with status '{args.status}'" if args.status else ""
                print(f"No callback requests{which}.")
                return OK
            for c in found:
                print(
                    f"#{c.id}  [{c.status}]  {_when(c.created_at)}  {_shown(c.name)}  "
                    f"{_contact(c)}"
                    + (f"  (for {_shown(c.therapist_name)})" if c.therapist_name else "")
                )
            print(f"{_plural(len(found), 'request')}.")
            return OK
        callback = store.get_callback(args.id)
        if callback is None:
            _err(
                f"There is no callback request #{args.id}. "
                "'callbacks list' shows the ones there are."
            )
            return NOT_FOUND
        if args.action == "show":
            print(f"Callback request #{callback.id} [{callback.status}]")
            print(f"  name:            {_shown(callback.name)}")
            print(f"  phone:           {_shown(callback.phone or '-')}")
            print(f"  e-mail:          {_shown(callback.email or '-')}")
            print(f"  preferred times: {_shown(callback.preferred_times or '-')}")
            print(
                "  therapist:       "
                + (
                    f"{_shown(callback.therapist_name)} (#{callback.therapist_id})"
                    if callback.therapist_id
                    else "-"
                )
            )
            print(f"  conversation:    {_shown(callback.conversation_id)}")
            print(f"  received:        {_when(callback.created_at)}")
            print(f"  last change:     {_when(callback.updated_at)}")
            summary = IntakeStore(url)
            try:
                data = summary.get_summary(callback.conversation_id)
            finally:
                summary.dispose()
            if data is not None:
                style = data.get(Slot.RECOMMENDED_STYLE)
                print(f"  suggested style: {style_name(style) if style else '-'}")
                print(f"  summary:         summaries show {_shown(callback.conversation_id)}")
            return OK
        if args.action == "mark":
            store.mark_callback(callback.id, args.status)
            name = _shown(callback.name)
            print(f"Callback request #{callback.id} ({name}) is now '{args.status}'.")
            return OK
    finally:
        store.dispose()
    return BAD_INPUT  # pragma: no cover


# --- summaries --------------------------------------------------------------------------------

_SUMMARY_LINES = (
    (Slot.RECOMMENDED_STYLE, "suggested style"),
    (Slot.ALTERNATIVE_STYLE, "alternative"),
    (Slot.RED_FLAGS, "safety flags"),
    ("pain_areas_text", "pain areas"),
    ("widespread_pain_index", "WPI regions"),
    (Slot.PAIN_INTENSITY, "pain (0-10)"),
    (Slot.TOUCH_SENSITIVITY, "touch sensitivity"),
    (Slot.PRESSURE_PREFERENCE, "pressure"),
    (Slot.POST_MASSAGE_FLARE, "flare after massage"),
    (Slot.GOALS, Slot.GOALS),
    (Slot.HEAT_PACKS, "hot/cold packs"),
    (Slot.SESSION_LENGTH, "session length"),
    (Slot.THERAPIST_GENDER, "therapist gender"),
    (Slot.AVOID_AREAS, "avoid"),
)


def _show_value(value: Any) -> str:
    if value is None or value == [] or value == "":
        return "-"
    if isinstance(value, list):
        return _shown(", ".join(str(v) for v in value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    return _shown(value)


def _summaries(args, url: Optional[str]) -> int:
    store = IntakeStore(url)
    try:
        if args.action == "list":
            rows = store.list_summaries()
            if not rows:
                print("No intake summaries yet.")
                return OK
            for row in rows:
                print(
                    f"{_shown(row['conversation_id'])}  {row[Slot.RECOMMENDED_STYLE] or '-'}  "
                    f"updated {_when(row['updated_at'])}"
                )
            print(f"{_plural(len(rows), 'summary', 'summaries')}.")
            return OK
        summary = store.get_summary(args.conversation_id)
        if summary is None:
            _err(f"There is no intake summary for conversation '{args.conversation_id}'.")
            return NOT_FOUND
        if args.json:
            print(json.dumps(summary, ensure_ascii=False, indent=2))
            return OK
        print(f"Intake summary of conversation {_shown(args.conversation_id)}")
        for key, label in _SUMMARY_LINES:
            if key in summary:
                print(f"  {label + ':':21}{_show_value(summary[key])}")
        for key, label in (
            ("reasons", "Why"),
            ("precautions", "Precautions"),
            ("interview_questions", "Questions for the therapist"),
        ):
            if summary.get(key):
                print(f"  {label}:")
                for line in summary[key]:
                    print(f"    - {_shown(line)}")
        if summary.get("therapists"):
            print("  Therapists suggested:")
            for t in summary["therapists"]:
                print(f"    - {_shown(t.get('name'))} (#{t.get('id')})")
        return OK
    finally:
        store.dispose()


def _delete_person(args, url: Optional[str]) -> int:
    clinic, history = CallbackStore(url), ConversationHistory(args.tracker_url)
    try:
        erased = erase_person(args.conversation_id, clinic, history)
    finally:
        clinic.dispose()
        history.dispose()
    who = f"conversation '{_shown(args.conversation_id)}'"
    if not erased.anything:
        _err(
            f"Nothing is stored for {who}: no intake summary, "
            "no callback request, no conversation history."
        )
        return NOT_FOUND
    print(
        f"Deleted {_plural(erased.intake_summaries, 'intake summary', 'intake summaries')}, "
        f"{_plural(erased.callback_requests, 'callback request')} and "
        f"{_plural(erased.events, 'conversation event')} "
        f"({_plural(erased.messages, 'message')}) for {who}."
    )
    return OK


# --- purge ------------------------------------------------------------------------------------


def _amount(value: float, unit: str) -> str:
    """30 days, 1 day, 0.5 minutes."""
    return f"{value:g} {unit}" if value == 1 else f"{value:g} {unit}s"


def _purge_lines(report: PurgeReport, settings: RetentionSettings, dry_run: bool) -> List[str]:
    """What a purge removed (or would remove), one line per kind; counts only."""
    verb = "Would remove" if dry_run else "Removed"
    history = report.history
    lines = []
    if history.unconsented:
        lines.append(
            f"{verb} {_plural(history.unconsented, 'conversation')} without consent, idle "
            f"{_amount(settings.unconsented_idle_minutes, 'minute')} or ended "
            f"({_plural(history.unconsented_events, 'event')})."
        )
    if history.expired:
        lines.append(
            f"{verb} {_plural(history.expired, 'conversation')} idle over "
            f"{_amount(settings.tracker_retention_days, 'day')} "
            f"({_plural(history.expired_events, 'event')})."
        )
    if report.intake_summaries or report.callback_requests:
        lines.append(
            f"{verb} "
            f"{_plural(report.intake_summaries, 'intake summary', 'intake summaries')} and "
            f"{_plural(report.callback_requests, 'callback request')} unchanged for over "
            f"{_amount(settings.clinic_retention_days, 'day')}."
        )
    return lines


def _purge_once(args, url: Optional[str], settings: RetentionSettings) -> List[str]:
    clinic, history = CallbackStore(url), ConversationHistory(args.tracker_url)
    try:
        report = purge(
            clinic,
            history,
            RetentionPolicy.from_settings(settings),
            datetime.now(timezone.utc),
            remove=not args.dry_run,
        )
    finally:
        clinic.dispose()
        history.dispose()
    return _purge_lines(report, settings, args.dry_run)


def _purge(args, url: Optional[str]) -> int:
    settings = get_retention_settings()
    if not args.repeat:
        lines = _purge_once(args, url, settings)
        print("\n".join(lines) if lines else "Nothing is past its retention.")
        return OK
    every = _amount(settings.purge_interval_minutes, "minute")
    print(f"Purging every {every}; stop with Ctrl-C.", flush=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(OK))
    try:
        while True:
            try:
                lines = _purge_once(args, url, settings)
            except (SQLAlchemyError, ValueError) as error:
                # Say it and try again next time: a database restarting must not end the
                # loop. A database error by its type only (its text may quote values).
                why = error if isinstance(error, ValueError) else type(error).__name__
                _err(f"The purge could not run this time ({why}); trying again.")
                lines = []
            for line in lines:
                print(f"{datetime.now():%Y-%m-%d %H:%M} {line}", flush=True)
            time.sleep(settings.purge_interval_minutes * 60)
    except KeyboardInterrupt:
        return OK


# --- notify, funnel ----------------------------------------------------------------------


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _log(line: str) -> None:
    print(f"{datetime.now():%Y-%m-%d %H:%M:%S} {line}", flush=True)


def _notify_once(store: OutboxStore, settings: NotificationSettings) -> List[str]:
    return send_due(store, settings, get_settings().clinic_name, _now)


def _notify(args, url: Optional[str]) -> int:
    settings = get_notification_settings()
    store = OutboxStore(url)
    try:
        if not settings.enabled:
            print(
                "E-mail notifications are off: set SMTP_HOST and CLINIC_NOTIFY_EMAIL "
                '(README, "Notifications and funnel"). '
                f"Waiting in the outbox: {store.waiting()}."
            )
            return OK
        if not args.repeat:
            lines = _notify_once(store, settings)
            print("\n".join(lines) if lines else "No notification is due.")
            return OK
        _log(
            f"Sending notifications to the clinic's address every "
            f"{settings.interval_seconds:g} s; stop with Ctrl-C."
        )
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(OK))
        return _notify_repeat(store, settings)
    finally:
        store.dispose()


def _notify_repeat(store: OutboxStore, settings: NotificationSettings) -> int:
    try:
        while True:
            try:
                for line in _notify_once(store, settings):
                    _log(line)
            except SQLAlchemyError as error:
                # The database restarting must not end the loop; its kind only.
                _log(f"The outbox could not be read ({type(error).__name__}); trying again.")
            time.sleep(settings.interval_seconds)
    except KeyboardInterrupt:
        return OK


def _funnel(args, url: Optional[str]) -> int:
    store = FunnelStore(url)
    try:
        report = store.report(args.weeks)
    finally:
        store.dispose()
    if args.json:
        print(json.dumps([week.as_dict() for week in report], indent=2))
    else:
        print("\n".join(funnel_lines(report)))
    return OK


def _funnel_consumer(args, url: Optional[str]) -> int:
    import asyncio

    from bot.staff.funnel_consumer import consume

    store = FunnelStore(url)
    stop = asyncio.Event()

    async def run() -> None:
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        tally = await consume(FunnelBrokerSettings.from_env(), store, stop, _log)
        _log(
            f"Stopped after {tally.messages} events "
            f"({tally.counted} counted, {tally.unreadable} unreadable)."
        )

    try:
        asyncio.run(run())
    except (OSError, ConnectionError) as error:
        _err(f"Sorry, RabbitMQ could not be reached (RABBITMQ_URL): {type(error).__name__}.")
        return BAD_INPUT
    finally:
        store.dispose()
    return OK


# --- staff ------------------------------------------------------------------------------------


def _new_password(args) -> Optional[str]:
    """The password from stdin's first line, or typed twice (None: they differ)."""
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    print(f"A password of at least {MIN_PASSWORD_LENGTH} characters; a few words make a good one.")
    first = getpass.getpass("Password: ")
    if getpass.getpass("The same password again: ") != first:
        return None
    return first


def _staff(args, url: Optional[str]) -> int:
    password = _new_password(args)
    if password is None:
        _err("The two passwords differ; nothing was created. Please try again.")
        return BAD_INPUT
    store = StaffStore(url)
    try:
        user = store.add_user(args.email, password, args.role)
        store.record(None, "added", "staff_user", user.id, f"role: {user.role} (command line)")
    finally:
        store.dispose()
    role = "an admin" if user.role == "admin" else "front desk"
    print(f"Created {_shown(user.email)} ({role}). They can sign in to the staff console now.")
    return OK


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = _parser().parse_args(list(argv) if argv is not None else None)
    url = args.database_url
    handlers = {
        "db": _db,
        "therapists": _therapists,
        "callbacks": _callbacks,
        "summaries": _summaries,
        "delete-person": _delete_person,
        "purge": _purge,
        "notify": _notify,
        "funnel": _funnel,
        "funnel-consumer": _funnel_consumer,
        "staff": _staff,
    }
    try:
        return handlers[args.command](args, url)
    except (ValueError, TypeError, CommandError, ArgumentError) as error:
        _err(f"Sorry, that did not work: {error}")
        return BAD_INPUT
    except OperationalError as error:
        _err(
            "Sorry, the database could not be reached or read: "
            f"{str(error.orig).strip() if error.orig else error}"
        )
        return BAD_INPUT


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
