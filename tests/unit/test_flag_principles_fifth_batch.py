"""Red-flag principles added after the seventh and eighth batches of writers
(caution flags described without their names, issue 12): what another person does to the
speaker is the speaker's injury, bites and stings, infections on the skin, falls
in any tense, an operation said as "they took it out", a past that belongs to a
cause, a clause with a subject of its own, instructions that are not a stopped
treatment, another client "too", gestation said of a person. Each rule has one
example in the words of the batch and one of our own; the near misses show what
the rule must leave alone."""

import pytest

from bot.understanding.red_flags import read_flags


def caught(text, flag, at_checklist=False):
    reading = read_flags(text, at_checklist=at_checklist)
    return flag in reading.raised or flag in reading.suspected


@pytest.mark.parametrize(
    "text, flag",
    [
        # another person's act done to the speaker: the speaker is hurt
        (
            "11 days ago someone drove into the back of my car at a red light, neck stiff since",
            "recent_surgery_or_injury",
        ),
        ("a van ran into me on my bike last Tuesday", "recent_surgery_or_injury"),
        ("the neighbours dog bit my hand last week, they bandaged it", "skin_condition"),
        # bites and stings by what did it
        ("fire ants got me all up both legs, bumps everywhere", "skin_condition"),
        ("the midges had a feast on my ankles on holiday, all swollen bumps", "skin_condition"),
        ("an insect bite on my thigh has turned into a hot lump", "skin_condition"),
        # an infection on the body's surface is a skin condition too
        ("staph infection on my leg, started antibiotics monday", "skin_condition"),
        ("my toenail got infected, red and puffy", "skin_condition"),
        # falls, knocks and muscles that went, in any tense
        ("road rash on my arm from falling off my bike sunday", "recent_surgery_or_injury"),
        ("I'd fallen down the last two steps on Friday", "recent_surgery_or_injury"),
        ("took a knock to my shin at work yesterday", "recent_surgery_or_injury"),
        ("my calf went pop running for the bus, physio says a tear", "recent_surgery_or_injury"),
        # an operation said as what they did to it
        ("a growth in my kidney, they took it out 5 weeks ago", "recent_surgery_or_injury"),
        ("I had the biopsy on Monday, still sore", "recent_surgery_or_injury"),
        # a past after a cause word is the cause's: the condition goes on
        ("the doctor said i got osteopenia from all the prednisone i was on", "osteoporosis"),
        ("thin bones because of the steroids I took for years", "osteoporosis"),
        # an instruction to keep off a leg is not a treatment stopped
        ("the leg theyre treating for the clot is sore so stay off it", "possible_blood_clot"),
        # doubt said later in the sentence brings it back
        ("finished radiation in spring, my onc says im not in the clear yet", "cancer_treatment"),
        # another person who wants the massage is the client
        ("can my wife get a massage here? shes in her second trimester", "pregnancy"),
        ("my sister wants a massage, she is 30 weeks along", "pregnancy"),
        # cancers by name
        ("hodgkins, round 4 of 6, im wiped out", "cancer_treatment"),
        # an animal's bite or scratch, whatever the animal
        ("Neighbour's kelpie bit my hand Saturday, its bandaged", "skin_condition"),
        ("the cat scratched my arm to ribbons yesterday", "skin_condition"),
        # a fall said as going down somewhere, a wound from one
        (
            "Went down in the chook yard Sunday and landed on my backside",
            "recent_surgery_or_injury",
        ),
        ("a big scrape on my elbow from falling of the bike", "recent_surgery_or_injury"),
        ("the car door closed on my fingers saturday", "recent_surgery_or_injury"),
        ("cracked a rib last sunday when a guy slid into me", "recent_surgery_or_injury"),
        # caught from someone else: now the speaker has it
        ("the grandkids brought impetigo home and now I've got it on my chin", "skin_condition"),
        ("Took the skin off my elbow on the gravel, tuesday", "skin_condition"),
        ("the podiatrist took out my ingrown toenail last week", "recent_surgery_or_injury"),
    ],
)
def test_caught(text, flag):
    assert caught(text, flag)


@pytest.mark.parametrize(
    "text, flag",
    [
        # the act was done to someone else
        ("a car ran into my son outside school, he's in a cast", "recent_surgery_or_injury"),
        # another client besides the speaker, or not the speaker's
        (
            "My daughter-in-law is in her 2nd trimester and wants a massage too, this is for me",
            "pregnancy",
        ),
        ("my daughter is 20 weeks along and wants one as well", "pregnancy"),
        # a duration is not a gestation
        ("pulled my calf, it is about two weeks now", "pregnancy"),
        # "over it" needs someone who got over it
        ("I had shingles in March but I'm over it now", "skin_condition"),
        # a bite by a creature said of someone else
        ("my husband got stung by a wasp at the barbecue", "skin_condition"),
        # a GP's "surgery" is a practice
        ("my GP surgery told me to try massage for the fibro", "recent_surgery_or_injury"),
        ("The surgery's shut Wednesdays out here", "recent_surgery_or_injury"),
        # not done yet, or someone else's (a possessive inside the mention)
        ("The cataract op is booked for March, not done yet", "recent_surgery_or_injury"),
        ("Col had his hip done last month so I do the driving", "recent_surgery_or_injury"),
        ("one of my students sprained the ankle in class yesterday", "recent_surgery_or_injury"),
        # idioms and healed skin
        ("'break a leg' they told me before the show", "recent_surgery_or_injury"),
        ("the supervisor twisted my arm to do overtime again", "recent_surgery_or_injury"),
        ("We've had a rash of foxes getting into the chooks", "skin_condition"),
        ("the cut on my finger closed completely last month", "skin_condition"),
        ("sunburn? in february? impossible", "skin_condition"),
        # "a bit" is not a bite; a swelling that went down in a week is not a fall
        ("both my legs swell a small bit in the evening, both the same", "skin_condition"),
        ("the swelling went down in a week and the leg is fine", "recent_surgery_or_injury"),
    ],
)
def test_not_raised(text, flag):
    assert flag not in read_flags(text).raised


def test_a_healing_burn_under_new_skin_is_not_over():
    reading = read_flags("a burn on my arm from the oven 5 days ago, thin new skin over it now")
    assert "skin_condition" in reading.raised


def test_a_clause_with_its_own_subject_does_not_date_the_mention():
    text = "not sure if it's the change or a baby, my periods stopped two months ago"
    assert caught(text, "pregnancy", at_checklist=True)


@pytest.mark.parametrize(
    "text, flag",
    [
        # the ninth batch: flags that stop the massage, without their names
        (
            "My pulse is 130 and I am sitting on the sofa doing nothing",
            "chest_pain_or_breathlessness",
        ),
        ("heart rate 145 bpm lying in bed", "chest_pain_or_breathlessness"),
        ("my jaw and my arm hurt and im clammy", "chest_pain_or_breathlessness"),
        ("the pain in my jaw comes when I walk to the mailbox", "chest_pain_or_breathlessness"),
        ("chest pain bro, started when i was unloading", "chest_pain_or_breathlessness"),
        (
            "my husband had heart trouble, now I have the same feeling he had: squeezing chest",
            "chest_pain_or_breathlessness",
        ),
        ("38,9 this morning", "fever_or_infection"),
        ("shivering like mad and its not even cold out", "fever_or_infection"),
        ("im burnin up rn got the chills since i got off shift", "fever_or_infection"),
        ("woke up drenched, sheets soaked twice", "fever_or_infection"),
        ("got the gastro thats going thru the depot", "fever_or_infection"),
        ("lost 8kg without trying, eating same as always", "new_unexplained_pain"),
        ("face felt droopy on one side this morning", "new_unexplained_pain"),
        ("my words came out wrong for a minute earlier", "new_unexplained_pain"),
        ("had a PE last month, still getting treated for it", "possible_blood_clot"),
        ("hard painful cord running down the inside of my thigh", "possible_blood_clot"),
        ("my right arm swole from the shoulder down and it looks bluish", "possible_blood_clot"),
    ],
)
def test_stop_flags_caught_without_their_names(text, flag):
    assert caught(text, flag)


@pytest.mark.parametrize(
    "text, flag",
    [
        ("my left arm aches after the gym, sweaty as usual", "chest_pain_or_breathlessness"),
        ("it costs $38.90 a month", "fever_or_infection"),
        ("I only feel hot and bothered because the heating is up", "fever_or_infection"),
        ("my blood boil when people say fibro not real", "fever_or_infection"),
        ("my jaw clicks when I chew", "chest_pain_or_breathlessness"),
        ("I got off the bus and walked here", "fever_or_infection"),
    ],
)
def test_stop_flags_left_alone(text, flag):
    assert flag not in read_flags(text).raised


def test_a_fall_is_not_a_swelling_going_down():
    reading = read_flags("went down hard on the ice yesterday and my wrist is killing me")
    assert "recent_surgery_or_injury" in reading.raised
    assert "possible_blood_clot" not in read_flags("the swelling went down in a week").raised


def test_leaving_a_plane_is_not_stopping_a_drug():
    assert "fever_or_infection" in read_flags("got off the plane and im burning up").raised
    assert "blood_thinners" not in read_flags("I came off the warfarin last year").raised
