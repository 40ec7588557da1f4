"""bot/understanding: the word tables load, and each reader keeps its principle
(sentences here are examples of a rule, not the rule)."""

from __future__ import annotations

import pytest

from bot.understanding import lexicon, sensitivity
from bot.understanding.crisis import is_crisis
from bot.understanding.red_flags import closest_flags, concepts, read_flags
from bot.understanding.text import MAX_MESSAGE_CHARS, words_of
from bot.understanding.timing import NUMBER_WORDS, OLD, RECENT, number_value, time_marks
from bot.vocabulary.words import RED_FLAGS


def test_every_flag_has_a_concept_table_and_every_group_is_defined():
    groups, flags, _ = concepts()
    assert [concept.id for concept in flags] == [flag.id for flag in RED_FLAGS]
    for concept in flags:
        for combo in concept.combos + concept.partial + concept.suspect:
            assert set(combo) <= set(groups), (concept.id, combo)


def test_yaml_words_stay_words():
    # "no" read as YAML would be False: every table is read as text.
    _, _, modifiers = concepts()
    assert any(entry.text == "no" for entry in modifiers.negation.entries)


@pytest.mark.parametrize(
    "word, value",
    [
        ("twelve", 12),
        ("fifteen", 15),
        ("twenty-one", 21),
        ("forty five", 45),
        ("ninety-nine", 99),
        ("a hundred", 100),
        ("7", 7),
        ("a couple", 2),
    ],
)
def test_number_words_to_a_hundred(word, value):
    assert number_value(word) == value
    assert len(NUMBER_WORDS) > 100


@pytest.mark.parametrize(
    "text, verdict",
    [
        ("surgery fifteen weeks ago", OLD),
        ("surgery two weeks ago", RECENT),
        ("in 2009", OLD),
        ("as a child", OLD),
        ("yesterday", RECENT),
    ],
)
def test_time_expressions(text, verdict):
    assert [v for _, _, v in time_marks(text)] == [verdict]


@pytest.mark.parametrize(
    "text, raised",
    [
        # Site + finding, never the flag's name.
        ("my left calf has gone all swollen and red and hot", "possible_blood_clot"),
        ("feels like an elephant is sitting on my chest", "chest_pain_or_breathlessness"),
        ("I'm 20 weeks along", "pregnancy"),
        ("had my gallbladder out last week", "recent_surgery_or_injury"),
        ("I'm on Eliquis", "blood_thinners"),
        ("my bones are thinning", "osteoporosis"),
        ("I'm having chemo", "cancer_treatment"),
        ("there's an open cut on my shin that's still healing", "skin_condition"),
        ("I've got a temperature of 38.5 and chills", "fever_or_infection"),
        ("my hand keeps going numb", "new_unexplained_pain"),
        # Misspellings and dropped letters.
        ("I'm pregnent", "pregnancy"),
        ("on warferin", "blood_thinners"),
    ],
)
def test_concepts_raise_their_flag(text, raised):
    assert raised in read_flags(text).raised


@pytest.mark.parametrize(
    "text",
    [
        "no chest pain or anything like that",
        "my sister is pregnant",
        "I was on warfarin years ago but stopped",
        "I had a kidney infection last year, cleared up with antibiotics",
        "I cancelled my appointment",
        "my new manager is a real pain in the neck",
        "it burns",
        "I fell asleep",
        "the same old aches I've had for years, nothing new",
    ],
)
def test_not_a_flag(text):
    reading = read_flags(text)
    assert reading.raised == () and reading.suspected == ()


def test_a_generic_person_means_the_one_asking_so_it_is_asked():
    assert read_flags("is massage ok for someone who's on warfarin?").suspected == (
        "blood_thinners",
    )


def test_option_words_in_a_sentence_only_suspect_at_the_checklist():
    assert read_flags("the leg one", at_checklist=True).raised == ("possible_blood_clot",)
    reading = read_flags("hmm well my leg feels a bit odd lately", at_checklist=True)
    assert "possible_blood_clot" in reading.suspected


def test_closest_flags_for_an_unclear_checklist_answer():
    assert closest_flags("something about my heart maybe")[0] == "chest_pain_or_breathlessness"
    assert closest_flags("zxqv plorp") == ()


@pytest.mark.parametrize(
    "text, crisis",
    [
        ("I don't want to be alive anymore", True),
        ("been thinkin about endin it", True),
        ("what's the point of going on like this", True),
        ("I've saved up my pills", True),
        ("this pain is killing me", False),
        ("I'm dying to try a massage", False),
        ("my friend tried to kill herself last year", False),
        ("I'm not suicidal, just exhausted", False),
    ],
)
def test_crisis_language(text, crisis):
    assert is_crisis(text) is crisis


@pytest.mark.parametrize(
    "text, level",
    [
        ("it hurts terribly, even a hug", "severe"),
        ("even my bedsheets hurt", "severe"),
        ("the shower hurts most days", "moderate"),
        ("every now and then a hug hurts a little", "mild"),
        ("quite a bit, many days the waistband bothers me", "moderate"),
    ],
)
def test_touch_sensitivity_from_how_much_and_how_often(text, level):
    assert sensitivity.grade(text) == level


def test_a_spelling_is_corrected_only_when_it_is_not_an_english_word():
    speller = lexicon.Speller(["cancer", "warfarin"])
    assert speller.correct("warferin") == "warfarin"
    assert speller.correct("cancel") == "cancel"
    assert speller.correct("goin") == "going"


def test_a_huge_message_is_capped_before_any_pattern_runs():
    words = words_of("1" + " " * 32000 + "x" * 100000)
    assert len(words.text) == MAX_MESSAGE_CHARS
    # The safety readers read a long message in capped pieces: a late flag counts.
    assert read_flags("x " * MAX_MESSAGE_CHARS + "I'm pregnant").raised == ("pregnancy",)
    assert is_crisis("blah " * MAX_MESSAGE_CHARS + "I want to end it all")
    assert read_flags("I'm pregnant " + "x " * 50000).raised == ("pregnancy",)


@pytest.mark.parametrize(
    "text, regions",
    [
        ("sholders, nek and lowr back", ["shoulder_left", "shoulder_right", "neck", "lower_back"]),
        ("my tummmy", ["abdomen"]),
    ],
)
def test_misspelt_body_parts(text, regions):
    from bot.understanding.answers import extract_answers

    assert extract_answers(text, "pain_areas", {})["pain_areas"] == regions


def test_short_english_words_are_not_read_as_body_parts():
    from bot.understanding.answers import extract_answers

    assert extract_answers("none", "red_flags", {}) == {"red_flags": []}
    assert "pain_areas" not in extract_answers("I cancelled it, nope", "pain_areas", {})


def test_never_sore_after_a_massage_is_not_new_pain():
    assert read_flags("I've never been sore for days after a massage").raised == ()
    assert read_flags("I've never had pain like this before in my hip").raised == (
        "new_unexplained_pain",
    )


# --- Principles added with the second evaluation batch (one example each) ---------


@pytest.mark.parametrize(
    "text, flag",
    [
        # The massage is for someone else: that person is the client.
        ("I'm booking for my wife, she is 24 weeks along", "pregnancy"),
        ("asking on behalf of my husband, he is on apixaban", "blood_thinners"),
        # A measured temperature is a fever, in Celsius or Fahrenheit.
        ("my temp was 38.4 this morning", "fever_or_infection"),
        ("thermometer said 101.5", "fever_or_infection"),
        # An infected throat or a cough with signs of infection.
        ("my throat is raw and I'm boiling hot", "fever_or_infection"),
        ("coughing up green stuff all week", "fever_or_infection"),
        # A due date is ahead, whatever season it names.
        ("I'm due in the spring", "pregnancy"),
        # A late period with a faint test is a possible pregnancy.
        ("my period is late and the test had a faint line", "pregnancy"),
        # Being kept on a drug goes on, whenever it started.
        ("the cardiologist has me on clopidogrel since the stent in 2016", "blood_thinners"),
        ("doc got me on eliquis since last year", "blood_thinners"),
        # A blocked vein in a leg is a clot.
        ("they found a blockage in a vein in my calf", "possible_blood_clot"),
        # Ribs gripped like a band: chest pain.
        ("like a belt tightening round my ribs", "chest_pain_or_breathlessness"),
        # Chemotherapy by regimen and cycle; a fresh tattoo is open skin.
        ("second cycle of carboplatin next week", "cancer_treatment"),
        ("got a new tattoo on my calf on Saturday", "skin_condition"),
        # A joint replaced or done recently.
        ("had my knee replaced three weeks ago", "recent_surgery_or_injury"),
    ],
)
def test_concepts_without_the_flag_name(text, flag):
    reading = read_flags(text)
    assert flag in reading.raised + reading.suspected, text


@pytest.mark.parametrize(
    "text, flag",
    [
        ("my sister is pregnant", "pregnancy"),  # someone else, not the client
        ("I had a temperature of 39 when I was a child", "fever_or_infection"),
        ("I was on warfarin for a year but stopped it in 2014", "blood_thinners"),
        ("Pregnant? At my age? Not a hope", "pregnancy"),
        ("my babcia had osteoporosis", "osteoporosis"),
    ],
)
def test_not_the_clients_flag_now(text, flag):
    assert flag not in read_flags(text).raised, text


@pytest.mark.parametrize(
    "text, flag",
    [
        ("the doctor put me on wharf erin", "blood_thinners"),  # dictation split a drug name
        ("started key truda last month", "cancer_treatment"),
    ],
)
def test_a_term_split_in_two_is_joined(text, flag):
    assert flag in read_flags(text).raised


def test_two_real_words_are_not_joined():
    assert read_flags("I went for tea at home after work").raised == ()


@pytest.mark.parametrize(
    "text",
    [
        "I have pills saved up for when it gets too much",
        "my family would be better without me",
        "i dont want live like this anymore",
    ],
)
def test_crisis_said_without_the_usual_words(text):
    assert is_crisis(text)


@pytest.mark.parametrize(
    "text, flag",
    [
        ("pregnant again at my age haha", "pregnancy"),  # a laugh
        ("the gossip in this town is a cancer", "cancer_treatment"),  # said of a thing
        (
            "I had chest pain last spring but it's completely gone now",
            "chest_pain_or_breathlessness",
        ),  # an emergency over
    ],
)
def test_a_joke_or_an_emergency_said_over_is_asked_not_assumed(text, flag):
    reading = read_flags(text)
    assert flag in reading.suspected and flag not in reading.raised


def test_a_likeness_is_not_a_pregnancy():
    reading = read_flags("I look nine months pregnant after that dinner lol")
    assert "pregnancy" not in reading.raised + reading.suspected


def test_a_past_denied_is_new_now():
    assert (
        "new_unexplained_pain"
        in read_flags("my legs keep giving way lately, they never used to do that").raised
    )


def test_a_sign_is_asked_about_a_named_condition_is_raised():
    reading = read_flags("is it safe if I bruise easily?")
    assert reading.suspected == ("blood_thinners",) and reading.raised == ()
    assert read_flags("I take warfarin").raised == ("blood_thinners",)


def test_hopelessness_about_carrying_on_is_crisis_language():
    assert is_crisis("some days i cant see the point of carrying on living like this")
    assert not is_crisis("I can't see the point of this question")


def test_a_chest_said_with_an_apostrophe_is_still_the_chest():
    assert "chest_pain_or_breathlessness" in read_flags("chest's been tight since lunch").raised


def test_the_other_side_being_fine_makes_a_swollen_leg_one_sided_not_resolved():
    reading = read_flags("my left calf is swollen, red and hot, the other one is fine")
    assert "possible_blood_clot" in reading.raised


def test_an_old_injury_stays_old_whatever_goes_on_since():
    assert (
        "recent_surgery_or_injury"
        not in read_flags("the sciatica down my leg has been there since my injury in 2017").raised
    )
    assert (
        "blood_thinners"
        in read_flags("the cardiologist has had me on Plavix since my stent in 2016").raised
    )


@pytest.mark.parametrize(
    "text",
    ["my heart is thumping and skipping and I feel faint", "I can't take a full breath"],
)
def test_the_heart_and_the_breath_described_in_feelings(text):
    assert "chest_pain_or_breathlessness" in read_flags(text).raised


def test_a_client_described_by_whoever_types_for_them():
    text = (
        "im typing this for my daughter, shes the one who wants the massage not me. "
        "she sprained her ankle really bad at netball 10 days ago"
    )
    assert "recent_surgery_or_injury" in read_flags(text).raised
    # At the checklist, "her" with nobody named is probably the client: asked about.
    reading = read_flags("her ankle, sprained it 10 days ago at netball", at_checklist=True)
    assert "recent_surgery_or_injury" in reading.suspected
    assert read_flags("my sister sprained her ankle last week", at_checklist=True).suspected == ()


def test_not_me_keeps_someone_elses_condition_theirs():
    assert read_flags("my husband had chest pain last night, not me").raised == ()
    assert read_flags("my sister is pregnant, not me").raised == ()
