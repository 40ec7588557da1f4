"""Red-flag principles added after the second batch of dev writers (issue 12).
Each rule has the dev sentence that showed it missing and one of our own, so the
rule is tested, not the phrasing."""

import pytest

from bot.understanding.red_flags import read_flags
from bot.understanding.text import words_of
from bot.understanding.timing import OLD, RECENT, time_marks


def caught(text, flag, at_checklist=False):
    reading = read_flags(text, at_checklist=at_checklist)
    return flag in reading.raised or flag in reading.suspected


def test_dialect_words_are_read_as_the_words_they_stand_for():
    assert words_of("ma chest is tight").words == ("my", "chest", "is", "tight")
    assert words_of("cannae breathe").words[0] == "can't"
    # after a possessive "ma" is a mother, not "my"
    assert words_of("my ma has brittle bones").words[:2] == ("my", "ma")


@pytest.mark.parametrize(
    "text, flag",
    [
        # Scots "no sure" is doubt, not a denial
        (
            "no sure if its a clot but ma leg is puffy an hot an only on the one side",
            "possible_blood_clot",
        ),
        ("no sure why but my calf is swollen and red, just the left", "possible_blood_clot"),
        # persisting: a negated stop word says it goes on
        (
            "calf cramp that just wont quit, only the one leg, and its kinda pink and puffy",
            "possible_blood_clot",
        ),
        ("my ankle is swollen and hot on one side and it won't settle", "possible_blood_clot"),
        # a difference is novelty, not negation
        ("got a headache thats nothing like my usual ones", "new_unexplained_pain"),
        ("this pain in my arm is nothing like the fibro", "new_unexplained_pain"),
        # "used to ..., now ..." is a change, not the past
        ("my hip pain changed, used to be achy now its stabbing", "new_unexplained_pain"),
        # weakness phrases hold a negation word
        ("right arm suddenly no strength, cannot lift kettle", "new_unexplained_pain"),
        ("my left hand has no grip since this morning", "new_unexplained_pain"),
        # the person asks whether a past treatment counts: asked, not dropped
        ("not sure if this counts, i finished radiation like 2 months ago", "cancer_treatment"),
        ("had my last chemo three months back, does that count?", "cancer_treatment"),
        # an answer word denies only when it stands alone
        ("small fracture in my vertebra from weak bone, no accident", "osteoporosis"),
        # a lasting condition is not ended by what the next clause says of something else
        ("not sure if i have osteoporosis, i was on prednisone forever", "osteoporosis"),
        # a figurative phrase inside a combination does not drop it
        ("my leg is killing me and it's fatter than the other", "possible_blood_clot"),
        # one arm swollen and hot on one side
        ("my arm swelled up on one side and feels hot and heavy", "possible_blood_clot"),
        # the back of the knee is a clot site
        (
            "tender red patch behind my knee and my lower leg is puffy, just the left",
            "possible_blood_clot",
        ),
        # breathing that hurts or needs stopping for
        ("my lungs feel like they're on fire when I breathe in", "chest_pain_or_breathlessness"),
        ("I keep having to stop to get my breath on the stairs", "chest_pain_or_breathlessness"),
        ("pain between my shoulder blades and up into my jaw", "chest_pain_or_breathlessness"),
        # a baby ahead is recent, whatever season it names
        ("we're having a baby in the spring", "pregnancy"),
        ("I'm a mum-to-be", "pregnancy"),
        ("had a stent put in two weeks ago", "recent_surgery_or_injury"),
        ("went under the knife last week for my gallbladder", "recent_surgery_or_injury"),
        # injuries by what happened, operations by their everyday names
        ("I did my back in last week lifting the shopping", "recent_surgery_or_injury"),
        ("slipped a disc two weeks ago", "recent_surgery_or_injury"),
        ("pulled my hamstring last weekend", "recent_surgery_or_injury"),
        ("had a hernia repair 10 days ago", "recent_surgery_or_injury"),
        # inability holds a negation word but says the problem is there
        ("I'm not able to catch my breath", "chest_pain_or_breathlessness"),
        (
            "I haven't been able to breathe properly since this morning",
            "chest_pain_or_breathlessness",
        ),
        # a negation denies its own statement, not the next one
        ("no energy and my chest is so tight", "chest_pain_or_breathlessness"),
        ("no appetite, chest feels heavy and I'm sweating", "chest_pain_or_breathlessness"),
        # swelling by other words, one side by comparison, a surface vein
        ("I have edema in my left leg only and it's warm", "possible_blood_clot"),
        ("one calf is larger than the other and it's tender", "possible_blood_clot"),
        ("a varicose vein on my leg has gone hard, red and painful", "possible_blood_clot"),
        # an infected-looking wound
        ("my wound is hot and oozing", "fever_or_infection"),
        # a procedure on the body leaves an area to avoid
        ("had a cortisone shot in my shoulder last week", "recent_surgery_or_injury"),
        ("got a nerve block in my back on monday", "recent_surgery_or_injury"),
    ],
)
def test_caught(text, flag):
    assert caught(text, flag)


@pytest.mark.parametrize(
    "text, flag",
    [
        # a stop beats how often it was taken
        (
            "took a daily asprin efter a scare but the docter stopped it two year ago",
            "blood_thinners",
        ),
        ("I had a daily Plavix but they stopped it in 2015", "blood_thinners"),
        # a test result that "came back normal" is not the condition coming back
        (
            "the docter thought ma bones might be thin but the dexa came back normal",
            "osteoporosis",
        ),
        ("they worried about a clot but the scan came back clear", "possible_blood_clot"),
        # perfective "already" and "ok now" say it is over
        ("last week got fever but recover already, now fine", "fever_or_infection"),
        ("had a rash from the new soap, clear already", "skin_condition"),
        ("last week bit breathless from flu but ok now, breathing normal", "fever_or_infection"),
        # an age at the time dates the event
        ("broke arm when 12 year old fall from bicycle", "recent_surgery_or_injury"),
        ("at the age of 15 I broke my leg", "recent_surgery_or_injury"),
        # looking pregnant is an appearance
        ("my tummy so bloated look like pregnant lah", "pregnancy"),
        # an option word said to be fine picks nothing at the checklist
        ("had a bone scan an ma bones are fine, nae osteoporosis", "osteoporosis"),
        ("pregnant? not at all", "pregnancy"),
        # resolution said anywhere in the clause, and for an injury healed long since
        ("the infection has cleared up with the antibiotics", "fever_or_infection"),
        ("my ankle sprain has completely healed", "recent_surgery_or_injury"),
        ("I had a scare with a lump but it was just a cyst", "new_unexplained_pain"),
        # a person of several words, possessive
        ("my little one's got chickenpox", "skin_condition"),
        # a child's age now dates the birth
        ("I had a c-section with my youngest, she's 8 now", "recent_surgery_or_injury"),
        ("I was gasping for a cup of tea after work", "chest_pain_or_breathlessness"),
        ("I use cortisone cream on my hands", "recent_surgery_or_injury"),
        ("I was hot and sweaty from the gym", "fever_or_infection"),
        ("I nearly had a heart attack when I saw the bill", "chest_pain_or_breathlessness"),
    ],
)
def test_not_raised(text, flag):
    assert flag not in read_flags(text).raised
    assert flag not in read_flags(text, at_checklist=True).raised


def test_an_age_at_the_time_is_old_and_a_baby_ahead_is_recent():
    assert [v for *_, v in time_marks("broke my wrist when 12 years old")] == [OLD]
    assert [v for *_, v in time_marks("we're having a baby in the spring")] == [RECENT]


def test_a_recent_operation_said_healed_is_still_recent():
    assert "recent_surgery_or_injury" in read_flags("knee surgery 3 weeks ago, all healed").raised


def test_a_stop_flag_said_to_be_over_is_asked_about():
    reading = read_flags("the swelling and heat in my left calf went away yesterday")
    assert "possible_blood_clot" in reading.suspected
