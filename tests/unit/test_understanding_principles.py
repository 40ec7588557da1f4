"""One example each of the principles added after the dev half's misses (issue 12):
each sentence stands for a rule, not a phrasing to match."""

import pytest

from bot.understanding.answers import extract_answers
from bot.understanding.crisis import is_crisis
from bot.understanding.red_flags import read_flags
from bot.understanding.scales import parse_intensity, parse_sensitivity
from bot.understanding.timing import OLD, time_marks


@pytest.mark.parametrize(
    "text, flag",
    [
        ("heart ok lungs ok, only muscle pain everywhere", "chest_pain_or_breathlessness"),
        ("my sister is 20 weeks along and wants one too, but this is for me", "pregnancy"),
        ("had flu the week before last but im over it now, temps normal", "fever_or_infection"),
        ("sprained my ankle in summer, healed now", "recent_surgery_or_injury"),
        (
            "my hands go numb in a flare, they have since I was first diagnosed",
            "new_unexplained_pain",
        ),
    ],
)
def test_not_raised(text, flag):
    assert flag not in read_flags(text).raised


@pytest.mark.parametrize(
    "text, flag",
    [
        (
            "my heart is fine but my chest is tight and I can't breathe",
            "chest_pain_or_breathlessness",
        ),
        ("the massage is for me, I'm 20 weeks along", "pregnancy"),
        ("flu last week and I still have a temperature", "fever_or_infection"),
        ("I had my gallbladder out three weeks ago", "recent_surgery_or_injury"),
    ],
)
def test_still_raised(text, flag):
    assert flag in read_flags(text).raised


def test_seasons_count_back_as_years():
    assert [verdict for _, _, verdict in time_marks("pneumonia two winters ago")] == [OLD]


@pytest.mark.parametrize(
    "text, expecting, level",
    [
        ("hugs hurt and tight jeans are awful, the shower is ok though", True, "severe"),
        ("hugs hurt, the shower is fine", True, "moderate"),
        ("light touch doesn't hurt me, only the deep ache in the muscles", True, "none"),
        ("no, never had that allodynia thing", True, "none"),
        ("more often than not hugs hurt", True, "moderate"),
    ],
)
def test_touch_is_graded_by_the_worst_example(text, expecting, level):
    assert parse_sensitivity(text, expecting) == level


@pytest.mark.parametrize(
    "text, score",
    [
        ("fibro pain in my shoulders, typical 4", 4),
        ("my hips hurt, about 5/6 most days", 6),
        ("pain everywhere, typical day like 7", 7),
        ("had fibro for about 6 years, the pain is around 5", 5),
        ("my pain wakes me around 5 every morning", None),
    ],
)
def test_an_approximate_score_beside_a_pain_word(text, score):
    assert parse_intensity(text, False) == score


def test_a_first_message_gives_its_score():
    found = extract_answers(
        "Pain in shoulders and lower back, typical 4. Firm pressure.", None, {}
    )
    assert found["pain_intensity"] == 4


@pytest.mark.parametrize(
    "text, crisis",
    [
        ("some days I don't see the point in carrying on", True),  # no point + living
        ("I'd rather be dead than live with this", True),  # a wish for the end of life
        ("I pray every night that I don't wake up", True),
        ("I think my family would be happier if I wasn't here", True),  # others better off
        ("I looked up how many pills it would take", True),  # means and amount
        ("I wrote goodbye letters last week", True),  # preparations
        ("I'm at the end of my rope", True),  # hopelessness: answered the same way
        ("I hope I don't wake up sore tomorrow", False),
        ("I want to check out your therapists", False),
        ("I'm thinking about the bridge club on Thursday", False),
        ("I'd be happier with a lighter massage", False),
    ],
)
def test_crisis_concepts(text, crisis):
    assert is_crisis(text) is crisis
