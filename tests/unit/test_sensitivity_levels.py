"""Touch sensitivity graded by principle (issue 12, point 3): each case stands for a
rule of bot/understanding/sensitivity.py, with one dev answer and one of our own."""

import time

import pytest

from bot.understanding import sensitivity
from bot.understanding.scales import parse_sensitivity


def level(text):
    return parse_sensitivity(text, expecting=True)


@pytest.mark.parametrize(
    "text, expected",
    [
        # How much: a little, it hurts, a lot.
        ("small small pain only, bearable", "mild"),
        ("it stings a tiny bit", "mild"),
        ("comb hair pain, i comb very slowly", "moderate"),
        ("the shower hurts on my shoulders", "moderate"),
        ("hugs are agony, i flinch when ppl touch me", "severe"),
        ("touch is excruciating", "severe"),
        # "bad" unqualified is a lot; "quite bad", "bad enough" are not.
        ("being touched at all hurts badly", "severe"),
        ("quite bad, people pat my shoulder also pain", "moderate"),
    ],
)
def test_how_much(text, expected):
    assert level(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # How often: now and then is mild, often moderate, all the time severe.
        ("now an then, mostly on a bad day, but its bearable", "mild"),
        ("once in a blue moon a hug feels sore", "mild"),
        ("its a regular thing, my watch band and socks bug me, i rip them off asap", "moderate"),
        ("yeah more days than not, brushing my hair hurts my scalp", "moderate"),
        ("constantly, touch hurts", "severe"),
        # A little, but often: moderate.
        ("it hurts a bit most days", "moderate"),
        # "not every day" only bounds it: no frequency said.
        ("arm bit tender when touch, not every day", "mild"),
    ],
)
def test_how_often(text, expected):
    assert level(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # The lightest things (bedsheets, a breeze) hurting means any touch does.
        ("fan wind blow on skin also pain", "severe"),
        ("the duvet on my legs hurts at night", "severe"),
        ("even a t shirt hurts my skin", "severe"),
        # Firm touch (tight things, squeezing) every day is still one thing: moderate.
        ("often, my waistband and bra straps bug me every day", "moderate"),
        ("I can't stand tight clothes, and hugs hurt if they're too firm", "moderate"),
        # A firm example said to be agony is severe.
        ("hugs hurt and tight jeans are awful, the shower is ok though", "severe"),
    ],
)
def test_how_light_the_touch(text, expected):
    assert level(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # "really sore" is a lot; "really uncomfortable" is still discomfort.
        ("shower water like needle poke, very very pain", "severe"),
        ("yes it's really painful when anyone hugs me", "severe"),
        ("yeah it does, tight clothes are really uncomfortable", "moderate"),
        ("pretty sensitive, i avoid hugs", "moderate"),
        # A comparison with an injury is a lot.
        ("its awfy, the lightest wee touch is like bein punched", "severe"),
        ("clothes feel like sandpaper on me", "severe"),
    ],
)
def test_strength_of_the_words(text, expected):
    assert level(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # A degree said on its own qualifies the examples after it.
        ("a little, a tight hug can make me wince but no much", "mild"),
        ("a little, hugs hurt", "mild"),
        ("a lot of the time, ma bra straps dig in an its sair", "moderate"),
        # The worst example grades the answer.
        ("tag on shirt also irritate i cut all off, hug sometime ok sometime pain", "moderate"),
        ("hugs hurt, the shower is fine", "moderate"),
        ("yes quite pain, some days cannot wear watch or ring", "moderate"),
    ],
)
def test_examples_and_their_degree(text, expected):
    assert level(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # Touch said not to hurt, in many ways.
        ("hug no pain", "none"),
        ("naw, the shower actually helps, hot watter feels lovely", "none"),
        ("nope, i wear tight jeans no problem", "none"),
        ("dinnae think so? naw, a wouldnae say it hurts", "none"),
        ("not something i deal with", "none"),
        ("hugs feel nice actually", "none"),
        # Pain deep in the muscles, or from hard pressure, is not pain from light touch.
        ("skin no issue, my pain is deep in muscle", "none"),
        ("no, it only hurts when someone presses really hard on a knot", "none"),
        # A frequency in a clause that says touch is fine does not count.
        ("shower ok comb hair ok no problem, most days", "none"),
        # Negation softened, or limited, is a little.
        ("no realy bad, jist a bit tender noo n again", "mild"),
        ("touch doesn't bother me much", "mild"),
        ("its not that sore really", "mild"),
        # Something said to hurt outweighs "otherwise no".
        ("a tiny bit when im really flared up, otherwise no", "mild"),
    ],
)
def test_negation_and_denial(text, expected):
    assert level(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # An everyday example with no grade: moderate (the gentler reading).
        ("hugs and tight clothes", "moderate"),
        ("yes, a lot of the time I notice it with clothes", "moderate"),
        # A frequency alone grades; a plain no is none; a hedge alone is a mild yes.
        ("often yeah", "moderate"),
        ("all the time", "severe"),
        ("not at aw", "none"),
        ("kinda", "mild"),
        # A bare yes, not knowing, or an answer to something else: asked again.
        ("yes", None),
        ("not sure", None),
        ("pizza", None),
    ],
)
def test_answers_without_a_grade_word(text, expected):
    assert level(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # A level said near the start is the answer.
        ("id say moderate, its uncomfortable a good chunk of the time but i can hug", "moderate"),
        ("extreme, the wind blowin on ma skin hurts", "severe"),
        ("moderatly a wid say", "moderate"),
        # A score out of 10 reads as a pain score does.
        ("10/10 lah cannot bear any touch", "severe"),
        ("sometimes, like a 2/10, not a big deal", "mild"),
        ("about 5 out of 10", "moderate"),
        ("my pain is a 7/10 but light touch is fine", "none"),
    ],
)
def test_a_level_or_score_said_outright(text, expected):
    assert level(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # Dialect and misspellings are read as the table's words.
        ("the shower watter feels like needels, a have tae use a cloth instead", "severe"),
        ("a cannae wear a bra at aw, its agony", "severe"),
        ("everythin hurts, a cannae bear a hug", "severe"),
        ("sumtimes a lil bit", "mild"),
        ("a can brush ma hair nae bother", "none"),
    ],
)
def test_dialect_and_typos(text, expected):
    assert level(text) == expected


def test_the_grader_keeps_its_interface():
    assert sensitivity.grade("the shower hurts most days") == "moderate"
    assert sensitivity.grade("light touch doesn't hurt") is None  # none is not a grade
    assert sensitivity.level_word("mild i guess") == "mild"
    assert sensitivity.level_word("it's not severe, just a bit") is None
    assert sensitivity.denied_hurt("hugs never hurt")
    assert not sensitivity.denied_hurt("hugs never hurt but the shower stings")


def test_no_entry_is_in_two_lists():
    sensitivity._tables.cache_clear()
    sensitivity._tables()  # raises ValueError when a word is in two lists


def test_reading_an_answer_is_fast():
    level("warm up the tables")
    texts = [f"hugs hurt most days and the sheets sting {i}" for i in range(200)]
    start = time.perf_counter()
    for text in texts:
        level(text)
    assert (time.perf_counter() - start) / len(texts) < 0.002


def test_a_no_is_the_answer_only_when_it_opens_it():
    # "display:none" in markup or "pregnant? no" is not an answer about touch
    from bot.understanding.sensitivity import read

    assert read("um no") == "none"
    assert read("<style>body{display:none}</style>") is None
    assert read("pregnant? no") is None


def test_a_negative_score_is_no_score():
    from bot.understanding.sensitivity import read

    assert read("my pain is -3 out of 10") is None
    assert read("3/10") == "mild"
