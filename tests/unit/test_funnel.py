"""The funnel report: the one aggregation (bot.domain.funnel) on Rasa's own
event dicts, the counts it keeps (bot.storage.funnel), read back from the
database, and the embedded event broker as Rasa loads it from endpoints."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone
from typing import Dict, List, Optional

import pytest
import yaml
from rasa.core.brokers.broker import EventBroker
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    BotUttered,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.utils.endpoints import read_endpoint_config
from sqlalchemy import create_engine, text

from bot.domain import funnel
from bot.domain.funnel import Progress, count_updates, funnel_step, iso_week
from bot.staff.cli import main
from bot.storage.funnel import FunnelStore, conversation_key
from channels.funnel_broker import FunnelEventBroker

# Monday 2026-11-23 12:00 UTC (ISO week 2026-W48) and a week later.
WEEK_48 = datetime(2026, 11, 23, 12, tzinfo=timezone.utc).timestamp()
WEEK_49 = WEEK_48 + 7 * 24 * 3600
SECRET_WORDS = "I'm pregnant and on warfarin, call Zelda Quartz on +44 20 7946 0958"


class Talk:
    """Rasa events of one conversation, as the tracker store streams them."""

    def __init__(self, sender: str, start: float = WEEK_48) -> None:
        self.sender = sender
        self.clock = start
        self.events: List[Dict] = []

    def add(self, event) -> "Talk":
        self.clock += 1
        event.timestamp = self.clock
        self.events.append(dict(event.as_dict(), sender_id=self.sender))
        return self

    def start(self) -> "Talk":
        return self.add(ActionExecuted("action_session_start")).add(SessionStarted())

    def user(self, words: str = SECRET_WORDS) -> "Talk":
        return self.add(ActionExecuted("action_listen")).add(UserUttered(words))

    def ask(self, question: Optional[str]) -> "Talk":
        return self.add(BotUttered("a question")).add(SlotSet("requested_slot", question))

    def slot(self, name: str, value) -> "Talk":
        return self.add(SlotSet(name, value))

    def action(self, name: str) -> "Talk":
        return self.add(ActionExecuted(name))

    def checklist(self, flags: List[str]) -> "Talk":
        self.start().user().add(ActiveLoop("intake_form")).ask("data_consent")
        self.user().slot("data_consent", True).ask("red_flags")
        return self.user().slot("red_flags", flags).slot("safety_screened", True)

    def recommend(self, style: str) -> "Talk":
        self.ask(None).add(ActiveLoop(None)).action("action_recommend")
        return self.slot("recommendation_given", True).slot("recommended_style", style)

    def callback(self, sent: bool = True) -> "Talk":
        self.user().action("callback_form").add(ActiveLoop("callback_form"))
        for question in ("callback_name", "callback_contact", "callback_times"):
            self.ask(question).user().slot(question, SECRET_WORDS)
        self.ask("callback_confirmed").user().slot("callback_confirmed", sent)
        self.ask(None).add(ActiveLoop(None)).action("action_submit_callback")
        self.slot("callback_name", None)
        if sent:  # what ActionSubmitCallback returns once the request is stored
            self.slot("data_consent", True)
        return self.action("action_listen")


def totals(*talks: Talk) -> Dict[str, int]:
    """The counts of all weeks after the talks' events, by metric (zeros left out)."""
    found: Dict[str, int] = {}
    progress: Dict[str, Optional[Progress]] = {}
    for talk in talks:
        for event in talk.events:
            progress[talk.sender], updates = count_updates(event, progress.get(talk.sender))
            for update in updates:
                found[update.metric] = found.get(update.metric, 0) + update.delta
    return {metric: n for metric, n in found.items() if n}


# --- the aggregation -----------------------------------------------------------------


def test_a_whole_intake_with_a_callback_counts_every_step_once():
    talk = Talk("a").checklist([]).ask("pain_areas").user().ask("pain_intensity").user()
    talk.recommend("light").callback()
    assert totals(talk) == {
        "started": 1,
        "screened": 1,
        "recommended": 1,
        "callback_asked": 1,
        "callback_requested": 1,
    }


@pytest.mark.parametrize(
    "flags, style, expected",
    [
        (["chest_pain_or_breathlessness"], "none", {"flagged:emergency", "stopped:emergency"}),
        (["fever_or_infection"], "none", {"flagged:see_doctor_first", "stopped:see_doctor_first"}),
        (["blood_thinners"], "light", {"flagged:caution", "recommended"}),
        ([], "none", {"stopped:see_doctor_first"}),  # the safety answer never read: safe branch
    ],
    ids=["emergency", "see a doctor first", "caution goes on", "unclear"],
)
def test_flags_are_counted_by_class_and_stop_only_when_they_stop(flags, style, expected):
    talk = Talk("a").checklist(flags).recommend(style)
    assert set(totals(talk)) == {"started", "screened"} | expected


def test_the_drop_off_moves_with_the_last_question_and_ends_at_the_recommendation():
    talk = Talk("a").checklist([]).ask("pain_areas").user().ask("pain_intensity")
    assert totals(talk) == {"started": 1, "screened": 1, "dropped:pain_intensity": 1}
    talk.user().ask("touch_sensitivity")
    assert totals(talk)["dropped:touch_sensitivity"] == 1
    assert "dropped:pain_intensity" not in totals(talk)
    talk.user().recommend("myofascial_release")
    assert not [metric for metric in totals(talk) if metric.startswith("dropped:")]
    talk.user().action("callback_form").add(ActiveLoop("callback_form")).ask("callback_contact")
    assert totals(talk)["dropped:callback_contact"] == 1  # left during the callback questions


def test_a_callback_declined_at_the_end_is_asked_but_not_requested():
    talk = Talk("a").checklist([]).recommend("light").callback(sent=False)
    counts = totals(talk)
    assert counts["callback_asked"] == 1 and "callback_requested" not in counts
    assert not [metric for metric in counts if metric.startswith("dropped:")]


def test_starting_over_or_a_new_session_counts_the_conversation_once():
    talk = Talk("a").checklist(["blood_thinners"]).recommend("light")
    talk.slot("red_flags", []).checklist(["blood_thinners"]).recommend("light")  # start over
    counts = totals(talk)
    assert counts["started"] == counts["screened"] == counts["recommended"] == 1
    assert counts["flagged:caution"] == 1
    assert totals(talk, Talk("b").checklist([]))["started"] == 2


def test_a_conversation_first_seen_midway_still_counts_as_started():
    talk = Talk("a").ask("pain_areas")
    assert totals(talk) == {"started": 1, "dropped:pain_areas": 1}


def test_steps_count_in_the_week_the_conversation_started():
    talk = Talk("a", start=WEEK_48 - 30).checklist([])  # begins Sunday night, week 48
    talk.clock = WEEK_49
    talk.recommend("light")
    weeks = set()
    progress = None
    for event in talk.events:
        progress, updates = count_updates(event, progress)
        weeks |= {update.week for update in updates}
    assert weeks == {iso_week(WEEK_48)} == {"2026-W48"}


def test_what_was_said_and_answered_never_reaches_a_step():
    talk = Talk("a").checklist(["blood_thinners"]).ask("pain_areas").user()
    talk.slot("pain_areas", ["neck"]).slot("callback_name", SECRET_WORDS).callback()
    for event in talk.events:
        step = funnel_step(event)
        if step is None:
            continue
        assert set(step.detail) <= set(funnel.QUESTIONS) | set(funnel.FLAG_CLASSES) | {
            funnel.STOP_OUTCOME,
            funnel.STYLE_OUTCOME,
        }
    said = [event for event in talk.events if event["event"] in ("user", "bot")]
    assert said and all(funnel_step(event) is None for event in said)


@pytest.mark.parametrize(
    "event",
    [
        None,
        "session_started",
        {"event": "session_started"},  # no time
        {"event": "session_started", "timestamp": "yesterday"},
        {"event": "session_started", "timestamp": 1e300},
        {"event": "slot", "name": "requested_slot", "value": "DROP TABLE", "timestamp": 1.0},
        {"event": "slot", "name": "red_flags", "value": ["made_up_flag"], "timestamp": 1.0},
        {"event": "slot", "name": "safety_screened", "value": "true", "timestamp": 1.0},
        {"event": 7, "timestamp": 1.0},
    ],
)
def test_malformed_or_unknown_events_change_nothing(event):
    assert funnel_step(event) is None
    assert count_updates(event, None) == (None, ())


# --- the counts in the database ------------------------------------------------------


@pytest.fixture
def store(tmp_path):
    funnel_store = FunnelStore(f"sqlite:///{tmp_path / 'clinic.db'}")
    yield funnel_store
    funnel_store.dispose()


def apply(store: FunnelStore, *talks: Talk) -> None:
    steps = [
        (talk.sender, funnel_step(event))
        for talk in talks
        for event in talk.events
        if funnel_step(event) is not None
    ]
    store.apply(steps)


def table_text(database_url: str) -> str:
    engine = create_engine(database_url, future=True)
    try:
        with engine.connect() as connection:
            rows = [
                repr(tuple(row))
                for table in ("funnel_counts", "funnel_progress")
                for row in connection.execute(text(f"SELECT * FROM {table}"))
            ]
    finally:
        engine.dispose()
    return "\n".join(rows)


def test_the_report_reads_back_per_week_and_keeps_no_text(store):
    finished = Talk("person-1").checklist([]).recommend("light").callback()
    stopped = Talk("person-2").checklist(["chest_pain_or_breathlessness"]).recommend("none")
    left = Talk("person-3", start=WEEK_49).checklist([]).ask("pain_areas")
    apply(store, finished, stopped)
    apply(store, left)  # a second batch continues from the stored progress
    week48, week49 = store.report()
    assert week48.week == "2026-W48" and week49.week == "2026-W49"
    assert (week48.started, week48.screened, week48.recommended) == (2, 2, 1)
    assert week48.stopped == {"emergency": 1, "see_doctor_first": 0}
    assert week48.flagged == {"emergency": 1, "see_doctor_first": 0, "caution": 0}
    assert (week48.callback_asked, week48.callback_requested) == (1, 1)
    assert week49.started == 1 and week49.dropped == {"pain_areas": 1}
    assert [week.week for week in store.report(weeks=1)] == ["2026-W49"]
    stored = table_text(store.url)
    for secret in ("warfarin", "Zelda", "7946", "person-1", "chest_pain", "neck"):
        assert secret not in stored
    assert conversation_key("person-1") in stored  # a one-way hash stands for the id


def test_progress_goes_on_across_batches_and_is_forgotten_after_retention(store):
    talk = Talk("a").checklist([]).ask("pain_areas")
    apply(store, talk)
    talk.events.clear()
    talk.user().ask("pain_intensity")
    apply(store, talk)
    assert store.report()[0].dropped == {"pain_intensity": 1}
    assert store.forget_idle(datetime.now(timezone.utc) - timedelta(days=1)) == 0
    assert store.forget_idle(datetime.now(timezone.utc) + timedelta(seconds=1)) == 1
    engine = create_engine(store.url, future=True)
    with engine.connect() as connection:
        left = connection.execute(text("SELECT count(*) FROM funnel_progress")).scalar_one()
    engine.dispose()
    assert left == 0
    assert store.report()[0].dropped == {"pain_intensity": 1}  # the counts stay


def test_a_failing_batch_leaves_no_partial_counts(store, monkeypatch):
    apply(store, Talk("a").checklist([]))
    before = store.counts()

    def broken(progress, step):
        raise RuntimeError("disk full")

    monkeypatch.setattr(funnel, "advance", broken)
    with pytest.raises(RuntimeError):
        apply(store, Talk("b").checklist([]))
    assert store.counts() == before


def test_the_staff_command_prints_the_report(store, capsys):
    apply(store, Talk("a").checklist(["chest_pain_or_breathlessness"]).recommend("none"))
    assert main(["--database-url", store.url, "funnel", "--weeks", "4"]) == 0
    out = capsys.readouterr().out
    assert "2026-W48" in out and "Conversations started" in out
    assert any(
        line.split()[:1] == ["emergency"] and line.split()[-1] == "1" for line in out.splitlines()
    )
    assert main(["--database-url", store.url, "funnel", "--json"]) == 0
    assert '"stopped"' in capsys.readouterr().out
    assert main(["--database-url", store.url, "funnel", "--weeks", "0"]) == 2
    assert "weeks must be 1 or more" in capsys.readouterr().err


def test_the_staff_command_says_when_nothing_is_counted(tmp_path, capsys):
    assert main(["--database-url", f"sqlite:///{tmp_path / 'empty.db'}", "funnel"]) == 0
    assert "No conversations counted yet" in capsys.readouterr().out


# --- the embedded broker, as Rasa loads it -------------------------------------------


def test_rasa_loads_the_broker_from_the_endpoints_and_it_writes_counts(tmp_path):
    database_url = f"sqlite:///{tmp_path / 'clinic.db'}"
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(
        yaml.safe_dump(
            {
                "event_broker": {
                    "type": "channels.funnel_broker.FunnelEventBroker",
                    "url": database_url,
                }
            }
        )
    )

    async def run() -> None:
        broker = await EventBroker.create(read_endpoint_config(str(endpoints), "event_broker"))
        assert isinstance(broker, FunnelEventBroker) and broker.is_ready()
        talk = Talk("web-1").checklist(["blood_thinners"]).recommend("light")
        for event in talk.events:
            broker.publish(event)
        assert broker.flush()
        await broker.close()

    asyncio.run(run())
    store = FunnelStore(database_url)
    try:
        (week,) = store.report()
    finally:
        store.dispose()
    assert (week.started, week.screened, week.recommended) == (1, 1, 1)
    assert week.flagged["caution"] == 1
    assert "warfarin" not in table_text(database_url)


def test_the_project_endpoints_name_the_funnel_broker():
    project = yaml.safe_load(open("endpoints.yml").read())
    assert project["event_broker"] == {"type": "channels.funnel_broker.FunnelEventBroker"}


def test_the_broker_keeps_counting_after_the_database_comes_back(tmp_path, monkeypatch):
    import channels.funnel_broker as module

    monkeypatch.setattr(module, "RETRY_SECONDS", 0.05)
    database_url = f"sqlite:///{tmp_path / 'clinic.db'}"
    broker = FunnelEventBroker(database_url)
    real_apply, failures = broker.store.apply, []

    def flaky(steps):
        if len(failures) < 2:
            failures.append(1)
            raise ConnectionError("database restarting")
        return real_apply(steps)

    broker.store.apply = flaky
    for event in Talk("a").checklist([]).events:
        broker.publish(event)
    assert broker.flush()
    assert len(failures) == 2
    assert broker.store.report()[0].started == 1
    asyncio.run(broker.close())
