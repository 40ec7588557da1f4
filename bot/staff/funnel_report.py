"""The funnel report as text for the staff command line (`funnel [--weeks N]`):
one column per ISO week (by when the conversations started) and a total."""

from __future__ import annotations

from typing import Callable, List, Sequence, Tuple

from bot.storage.funnel import WeekFunnel
from bot.vocabulary import words as vocab

CLASS_NAMES = {
    vocab.EMERGENCY: "emergency",
    vocab.SEE_DOCTOR: "see a doctor first",
    vocab.CAUTION: "caution (went on, gentler)",
}
LABEL_WIDTH = 40
COLUMN_WIDTH = 9

Row = Tuple[str, Callable[[WeekFunnel], int]]


def _rows(report: Sequence[WeekFunnel]) -> List[Row]:
    rows: List[Row] = [
        ("Conversations started", lambda w: w.started),
        ("Safety checklist answered", lambda w: w.screened),
    ]
    rows.append(("Stopped by a flag (no massage suggested):", lambda w: 0))
    for cls in report[0].stopped:
        rows.append((f"  {CLASS_NAMES[cls]}", lambda w, c=cls: w.stopped[c]))
    rows.append(("Flagged at any step, by class:", lambda w: 0))
    for cls in report[0].flagged:
        rows.append((f"  {CLASS_NAMES[cls]}", lambda w, c=cls: w.flagged[c]))
    rows += [
        ("Reached the recommendation", lambda w: w.recommended),
        ("Asked for a callback", lambda w: w.callback_asked),
        ("Callback request sent", lambda w: w.callback_requested),
    ]
    questions = sorted({q for week in report for q in week.dropped})
    if questions:
        rows.append(("Went no further than the question:", lambda w: 0))
        for question in questions:
            rows.append((f"  {question}", lambda w, q=question: w.dropped.get(q, 0)))
    return rows


def funnel_lines(report: Sequence[WeekFunnel]) -> List[str]:
    """The report as aligned text lines; a kind sentence when there is nothing."""
    if not report:
        return [
            "No conversations counted yet. The funnel is fed by Rasa's event broker "
            "(endpoints.yml: event_broker) while the assistant runs."
        ]
    header = f"{'':{LABEL_WIDTH}}" + "".join(f"{w.week:>{COLUMN_WIDTH}}" for w in report)
    lines = [header + f"{'total':>{COLUMN_WIDTH}}"]
    for label, value in _rows(report):
        if label.endswith(":"):  # a heading
            lines.append(label)
            continue
        values = [value(week) for week in report]
        cells = "".join(f"{v:>{COLUMN_WIDTH}}" for v in values)
        lines.append(f"{label:{LABEL_WIDTH}}{cells}{sum(values):>{COLUMN_WIDTH}}")
    return lines
