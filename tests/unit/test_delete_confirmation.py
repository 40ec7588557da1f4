"""The yes to "Delete everything...?" (bot/domain/repair.py): deleting can't be
undone, so only the Yes button or a plain typed yes deletes."""

from __future__ import annotations

import pytest

from bot.domain.repair import deletion_confirmed


@pytest.mark.parametrize(
    "said",
    ["/affirm", "yes", "Yes please", "yep", "sure", "go ahead", "ok", "yes, delete it all"],
)
def test_a_plain_yes_confirms(said):
    assert deletion_confirmed(said)


@pytest.mark.parametrize(
    "said",
    [
        # NLU takes these for affirm (measured on the served model).
        "absolutely not",
        "definitely not",
        "No, keep it",
        "yes but keep my answers",
        "don\u2019t",
        "yes... wait",
        "maybe",
        "I changed my mind",
        "cancel",
        # Only the Yes button's own payload counts as the button.
        "/affirm please don't",
    ],
)
def test_a_yes_with_a_negation_or_a_doubt_deletes_nothing(said):
    assert not deletion_confirmed(said)
