"""Red-flag principles added after the third batch of dev writers (issue 12):
whose, comparisons, reasons, months, school days, plans that did not happen,
code-switching, the client who is someone else. Each rule has the dev sentence
that showed it and one of our own, so the rule is tested, not the phrasing."""

import datetime

import pytest

from bot.understanding.red_flags import read_flags
from bot.understanding.timing import OLD, RECENT, time_marks


def caught(text, flag, at_checklist=False):
    reading = read_flags(text, at_checklist=at_checklist)
    return flag in reading.raised or flag in reading.suspected


def raised(text, flag):
    return flag in read_flags(text).raised


@pytest.mark.parametrize(
    "text, flag",
    [
        # a comparison is not whose: the bones are the person's
        (
            "I'm 79 and they tell me I have the bones of a man of ninety, osteoporosis in "
            "both hips and the lower spine.",
            "osteoporosis",
        ),
        ("my back is as brittle as a woman of a hundred, osteopenia they said", "osteoporosis"),
        # ... and a likeness says how the person's own chest feels
        ("it feels like a man is sitting on my chest", "chest_pain_or_breathlessness"),
        # "she" after the GP is the GP: her suspicion is about the person
        (
            "Dunno if it counts, but the GP sent me for a scan on my leg yesterday as she "
            "suspects a DVT, and I'm still waiting for the result.",
            "possible_blood_clot",
        ),
        ("the nurse looked at my calf and she thinks it could be a clot", "possible_blood_clot"),
        # a reason starts its own statement: the negation before it stays behind
        (
            "the pharmacist told me no ibuprofen bc of my eliquis so i just use tylenol",
            "blood_thinners",
        ),
        ("no aspirin for me because of the warfarin", "blood_thinners"),
        # a time said earlier, then "now": the mention is dated now
        (
            "started a new birth control a couple months ago and now my left leg is swollen "
            "and warm, just mentioning it",
            "possible_blood_clot",
        ),
        (
            "had my knee done years ago and now the calf is swollen and hot on that side only",
            "possible_blood_clot",
        ),
        # a school now is not the person's school days
        (
            "my throat hurts and i have fever, the kids at school got me sick AGAIN",
            "fever_or_infection",
        ),
        ("caught a fever off the children at school", "fever_or_infection"),
        # a drug that treats thin bones is taken for them, whenever the scan was
        (
            "I take alendronic acid every Sunday morning, ever since the bone density scan.",
            "osteoporosis",
        ),
        # code-switching: Spanish body and symptom words are read as English
        (
            "dolor en el pecho since last night and now my jaw and arm ache too",
            "chest_pain_or_breathlessness",
        ),
        ("tengo fiebre since yesterday", "fever_or_infection"),
        # signs of a pregnancy without its name
        ("the bump is getting big and my lower back and ribs are so done", "pregnancy"),
        ("baby kicks all night so i dont sleep", "pregnancy"),
        ("we're expecting our first in the spring", "pregnancy"),
    ],
)
def test_the_flag_is_caught(text, flag):
    assert caught(text, flag)


@pytest.mark.parametrize(
    "text, flag",
    [
        # the massage is for another person: her conditions count
        (
            "For my daughter, who is the patient here: the pregnancy item applies, she's 24 "
            "weeks.",
            "pregnancy",
        ),
        (
            "I am making this enquiry for my daughter-in-law, who has terrible sciatica and "
            "is expecting her first in March",
            "pregnancy",
        ),
        (
            "She's in her third trimester, my granddaughter, and it is her I am asking for",
            "pregnancy",
        ),
        ("I'm enquiring on her behalf: my wife is on warfarin", "blood_thinners"),
        # an old saying is not a time
        (
            "The appointment would be for my granddaughter, who is with child, as we used to say",
            "pregnancy",
        ),
    ],
)
def test_the_client_may_be_someone_else(text, flag):
    assert caught(text, flag)


@pytest.mark.parametrize(
    "text",
    [
        # an operation planned, waited for or called off did not happen
        "The surgeon wanted to operate on my shoulder but I declined, so no op after all.",
        "i was supposed to have knee surgery but they cancelled it so no surgery yet",
        "I'm on the waiting list for a hip replacement",
        # a report that denies what follows it
        "I have never been told my bones are weak",
        "no one has said my bones are thin",
        # a result that cleared it, a few clauses on in the same sentence
        "The GP wondered about osteoporosis and sent me for a DEXA scan, and it was clear.",
        # "X fever" after a noun is another sense: asked about, never raised
        "The whole bowls club has caught cruise fever this year",
        "the Black Stars fever has caught everybody in my house, world cup time",
        # whose: a person named after the mention, Spanish kin words, "me" as an object
        "a pregnant passenger went into labour in my cab",
        "the bleeding problem is my tia not me",
        "my compadre is getting treated for a clot in his lung",
        "the man who drove the cab before me had DVT from sitting too long",
        # a clause about "it" goes on speaking of the person named before it
        "my colleague has new pain in his arm and it is numb, I told him go to hospital",
        # circulating is not the person's
        "flu is going round the cab office, everybody is sick except me, thank God",
        # the person says they cannot have it
        "pregnant? me? I am a man of 55 years, not me",
        # months gone by and school days are long past
        "i had covid back in october and the fatigue after was brutal",
        "had a panic attack in grade 11 where i couldnt breathe, nothing like that since",
        "dislocated my kneecap in grade 10 playing volleyball",
        # a pain known since long ago is not new
        "I've had numbness in my fingers ever since my carpal tunnel back in the 90s",
        # idioms
        "that tiktok had me in stitches",
        "that midterm absolutely injured me emotionally",
        "my new manager is a real pain in the back",
        "I had a clot in 2015 and now I'm fine",
    ],
)
def test_no_flag_is_raised(text):
    assert not read_flags(text).raised


def test_a_man_booking_for_his_pregnant_wife_raises_it():
    assert raised("I'm a man, booking for my wife, she is pregnant", "pregnancy")


def test_an_injury_stays_when_a_later_operation_is_called_off():
    assert raised(
        "i broke my wrist last week and the surgery was cancelled, now in a cast",
        "recent_surgery_or_injury",
    )


def test_a_compound_fever_is_asked_about_not_dropped():
    reading = read_flags("caught some kind of gardening fever")
    assert "fever_or_infection" in reading.suspected
    assert raised("sore throat fever and chills since yesterday", "fever_or_infection")


MONTHS = "january february march april may june july august september october november december"


def test_a_month_gone_by_is_dated_from_today():
    names = MONTHS.split()
    today = datetime.date.today().month
    last_month, three_ago = names[(today - 2) % 12], names[(today - 4) % 12]
    assert [v for _, _, v in time_marks(f"back in {last_month}")] == [RECENT]
    assert [v for _, _, v in time_marks(f"surgery last {three_ago}")] == [OLD]
    # a month alone may be ahead: "due in March" is not dated as gone by
    assert OLD not in [v for _, _, v in time_marks(f"due in late {three_ago}")]


@pytest.mark.parametrize(
    "text, flag",
    [
        # a fall by how it happened, not only "fell over/down"
        ("I fell last Tuesday and my hip is still black", "recent_surgery_or_injury"),
        ("i've fallen twice this month", "recent_surgery_or_injury"),
        # an injury by a verb people use for it
        ("messed up my knee playing football on Sunday", "recent_surgery_or_injury"),
        # procedures by their everyday names
        ("had a triple bypass in October", "recent_surgery_or_injury"),
        ("got my tubes tied three weeks ago", "recent_surgery_or_injury"),
        ("they put screws in my ankle after the break", "recent_surgery_or_injury"),
        # skin: a fresh piercing, warts, a friction burn, a sting
        ("I've got a new piercing on my belly button", "skin_condition"),
        ("carpet burn on both knees from the grandkids", "skin_condition"),
        ("got stung by a wasp on my arm yesterday", "skin_condition"),
    ],
)
def test_more_everyday_words_for_the_flag(text, flag):
    assert caught(text, flag)


@pytest.mark.parametrize(
    "text",
    [
        "I fell asleep on the sofa",
        "our holiday plans fell through",
        "I'm totally drained by the end of the day",
        "it's hard graft looking after three kids",
    ],
)
def test_other_senses_of_those_words(text):
    assert not read_flags(text).raised


@pytest.mark.parametrize(
    "text, flag",
    [
        # over, with no time, for a flag whose time decides: asked, not dropped
        ("I went through chemo", "cancer_treatment"),
        ("I was on tamoxifen but stopped", "cancer_treatment"),
    ],
)
def test_over_with_no_time_is_asked_when_the_time_decides(text, flag):
    reading = read_flags(text)
    assert flag in reading.suspected and flag not in reading.raised


@pytest.mark.parametrize(
    "text", ["I had chemo years ago", "finished radiation as a kid", "stopped warfarin"]
)
def test_over_long_ago_or_when_time_does_not_decide_is_not_asked(text):
    reading = read_flags(text)
    assert not reading.raised and not reading.suspected
