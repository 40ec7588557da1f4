"""The funnel report's counts (tables `funnel_counts`, `funnel_progress`).

`FunnelStore.apply` takes the funnel steps of Rasa events (bot.domain.funnel)
and applies them in one transaction: each conversation's progress is read,
moved on and written back, and the counts change by what `advance` says. It is
the one writer of both broker paths (channels/funnel_broker.py embedded, the
RabbitMQ consumer in production). `FunnelStore.report(weeks)` returns plain
data for the staff command line and the staff console.

Only counts and step names are kept. A conversation's progress is keyed by a
one-way hash of its id and deleted once idle for longer than conversation
histories are kept (TRACKER_RETENTION_DAYS).
"""

from __future__ import annotations

import hashlib
import threading
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Dict, Iterable, List, Optional, Set, Tuple

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from bot.domain import funnel
from bot.domain.funnel import Progress, Step
from bot.runtime.settings import get_retention_settings
from bot.storage.database import (
    DatabaseStore,
    FunnelCountRow,
    FunnelProgressRow,
    utc_now,
)

# How often one store deletes the progress of conversations idle past retention.
PROGRESS_PURGE_EVERY = timedelta(hours=1)


def conversation_key(conversation_id: str) -> str:
    """The progress row's key: a one-way hash, not the conversation id."""
    return hashlib.sha256(f"funnel:{conversation_id}".encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class WeekFunnel:
    """One ISO week's conversations (by the week they started), step by step."""

    week: str
    started: int = 0
    screened: int = 0
    flagged: Dict[str, int] = field(default_factory=dict)  # class -> conversations
    stopped: Dict[str, int] = field(default_factory=dict)  # class -> conversations
    recommended: int = 0
    callback_asked: int = 0
    callback_requested: int = 0
    dropped: Dict[str, int] = field(default_factory=dict)  # last question -> conversations

    def as_dict(self) -> Dict[str, object]:
        return {
            "week": self.week,
            "started": self.started,
            "screened": self.screened,
            "flagged": dict(self.flagged),
            "stopped": dict(self.stopped),
            "recommended": self.recommended,
            "callback_asked": self.callback_asked,
            "callback_requested": self.callback_requested,
            "dropped": dict(self.dropped),
        }


def week_funnel(week: str, counts: Dict[str, int]) -> WeekFunnel:
    """A week's counts (metric -> n) as a WeekFunnel; every class and question named."""

    def prefixed(prefix: str, names: Iterable[str]) -> Dict[str, int]:
        return {name: counts.get(prefix + name, 0) for name in names}

    dropped = prefixed(funnel.DROPPED, funnel.QUESTIONS)
    return WeekFunnel(
        week=week,
        started=counts.get(funnel.STARTED, 0),
        screened=counts.get(funnel.SCREENED, 0),
        flagged=prefixed(funnel.FLAGGED, funnel.FLAG_CLASSES),
        stopped=prefixed(funnel.STOPPED, funnel.STOP_CLASSES),
        recommended=counts.get(funnel.RECOMMENDED, 0),
        callback_asked=counts.get(funnel.CALLBACK_ASKED, 0),
        callback_requested=counts.get(funnel.CALLBACK_REQUESTED, 0),
        dropped={question: n for question, n in dropped.items() if n},
    )


class FunnelStore(DatabaseStore):
    """The funnel's counts. `url` None means settings.database_url."""

    def __init__(self, url: Optional[str] = None) -> None:
        super().__init__(url)
        self._purged_at: Optional[datetime] = None
        self._purge_lock = threading.Lock()

    def apply(self, steps: Iterable[Tuple[str, Step]], now: Optional[datetime] = None) -> int:
        """Apply (conversation id, step) pairs in order, in one transaction;
        how many counts changed. The batch's progress rows and counts are read
        in one query each and written with one statement per kind of change
        (plain SQL statements: the ORM's unit of work cost the Rasa server more
        than the rest of the batch, py-spy in `make bench`)."""
        now = now or utc_now()
        keyed = [(conversation_key(conversation_id), step) for conversation_id, step in steps]
        changed = 0
        with self._session() as session, session.begin():
            progress = _load_progresses(session, {key for key, _ in keyed})
            stored = set(progress)
            totals: Counter = Counter()
            for key, step in keyed:
                progress[key], updates = funnel.advance(progress.get(key), step)
                for update_ in updates:
                    totals[update_.week, update_.metric] += update_.delta
                changed += len(updates)
            _add_to_counts(session, totals)
            _save_progresses(session, progress, stored, now)
        self._purge_idle_progress(now)
        return changed

    def _purge_idle_progress(self, now: datetime) -> None:
        with self._purge_lock:
            if self._purged_at is not None and now - self._purged_at < PROGRESS_PURGE_EVERY:
                return
            self._purged_at = now
        self.forget_idle(now - timedelta(days=get_retention_settings().tracker_retention_days))

    def forget_idle(self, cutoff: datetime) -> int:
        """Delete the progress of conversations idle since before `cutoff`; how many."""
        with self._session() as session, session.begin():
            result = session.execute(
                delete(FunnelProgressRow)
                .where(FunnelProgressRow.updated_at < cutoff)
                .execution_options(synchronize_session=False)
            )
            return int(result.rowcount or 0)

    def counts(self) -> Dict[str, Dict[str, int]]:
        """Every count: week -> metric -> n."""
        found: Dict[str, Dict[str, int]] = {}
        with self._session() as session:
            for week, metric, count in session.execute(
                select(FunnelCountRow.week, FunnelCountRow.metric, FunnelCountRow.count)
            ):
                found.setdefault(week, {})[metric] = int(count)
        return found

    def report(self, weeks: Optional[int] = None) -> List[WeekFunnel]:
        """The funnel of each week with conversations, oldest first; only the
        latest `weeks` of them when given."""
        by_week = self.counts()
        chosen = sorted(by_week)
        if weeks is not None:
            if weeks < 1:
                raise ValueError("weeks must be 1 or more")
            chosen = chosen[-weeks:]
        return [week_funnel(week, by_week[week]) for week in chosen]


_PROGRESS = FunnelProgressRow.__table__
_COUNTS = FunnelCountRow.__table__


def _load_progresses(session: Session, keys: Set[str]) -> Dict[str, Optional[Progress]]:
    rows = session.execute(
        select(
            _PROGRESS.c.conversation_key,
            _PROGRESS.c.week,
            _PROGRESS.c.reached,
            _PROGRESS.c.open_question,
            _PROGRESS.c.submitting,
        ).where(_PROGRESS.c.conversation_key.in_(sorted(keys)))
    )
    return {
        key: Progress(
            week=week,
            reached=frozenset(reached or ()),
            open_question=open_question,
            submitting=bool(submitting),
        )
        for key, week, reached, open_question, submitting in rows
    }


def _save_progresses(
    session: Session, progress: Dict[str, Optional[Progress]], stored: Set[str], now: datetime
) -> None:
    """Existing rows updated and new ones inserted, each kind in one statement
    (the same bound values for both)."""
    rows = [
        {
            "key": key,
            "v_week": state.week,
            "v_reached": sorted(state.reached),
            "v_open_question": state.open_question,
            "v_submitting": state.submitting,
            "v_updated_at": now,
        }
        for key, state in progress.items()
        if state is not None
    ]
    # Bound names differ from the columns' (SQLAlchemy reserves those in SET).
    values = {name: bindparam(f"v_{name}") for name in _PROGRESS_VALUES}
    changed = [row for row in rows if row["key"] in stored]
    if changed:
        session.execute(
            update(_PROGRESS)
            .where(_PROGRESS.c.conversation_key == bindparam("key"))
            .values(values),
            changed,
        )
    new = [row for row in rows if row["key"] not in stored]
    if new:
        session.execute(insert(_PROGRESS).values(conversation_key=bindparam("key"), **values), new)


_PROGRESS_VALUES = ("week", "reached", "open_question", "submitting", "updated_at")


def _add_to_counts(session: Session, totals: Counter) -> None:
    """Each count moved by its total: existing ones in one statement, new ones inserted."""
    if not totals:
        return
    weeks = sorted({week for week, _ in totals})
    existing = set(
        session.execute(
            select(_COUNTS.c.week, _COUNTS.c.metric).where(_COUNTS.c.week.in_(weeks))
        ).all()
    )
    changes = [
        {"w": week, "m": metric, "delta": delta}
        for (week, metric), delta in sorted(totals.items())
    ]
    known = [change for change in changes if (change["w"], change["m"]) in existing]
    if known:
        session.execute(
            update(_COUNTS)
            .where(_COUNTS.c.week == bindparam("w"), _COUNTS.c.metric == bindparam("m"))
            .values(count=_COUNTS.c.count + bindparam("delta")),
            known,
        )
    new = [change for change in changes if (change["w"], change["m"]) not in existing]
    if new:
        session.execute(
            insert(_COUNTS).values(
                week=bindparam("w"), metric=bindparam("m"), count=bindparam("delta")
            ),
            new,
        )
