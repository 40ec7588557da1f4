"""Red-flag principles added after the fourth batch of dev writers (issue 12):
lasting conditions dated by when they were found, the couple that includes the
speaker, instructions that are not denials, what goes on "now" or "still",
resolutions that are part of the mention or say what it became, an echoed
question that is not answered, doubt about familiarity, words that join. Each
rule has the dev sentence that showed it and one of our own; the near misses
show what the rule must leave alone."""

import pytest

from bot.understanding.red_flags import read_flags


def caught(text, flag, at_checklist=False):
    reading = read_flags(text, at_checklist=at_checklist)
    return flag in reading.raised or flag in reading.suspected


@pytest.mark.parametrize(
    "text, flag",
    [
        # a lasting condition: the time says when it was found, not that it is over
        (
            "my blood doesnt clot properly, got a bleeding disorder they found when i was a kid",
            "blood_thinners",
        ),
        ("von Willebrand, diagnosed as a teenager", "blood_thinners"),
        # "we" and a couple include the person
        ("me and my husband just found out we're expecting, about 8 weeks along", "pregnancy"),
        ("my partner and I are expecting our first in May", "pregnancy"),
        # an instruction is advice, not a denial of what the person takes
        (
            "My pharmacist warned me not to take Aleve with the Xeralto because I'd bleed",
            "blood_thinners",
        ),
        ("the GP told me not to take ibuprofen with my warfarin", "blood_thinners"),
        # "now" right after a treatment, and "still" in the clause after it
        (
            "s/p orchiectomy in the spring for testicular ca, doing chemo cycles now",
            "cancer_treatment",
        ),
        ("had the surgery last year, on tamoxifen now", "cancer_treatment"),
        (
            "had a vertebra crumble a couple years back from weak bones and they still are",
            "osteoporosis",
        ),
        ("osteopenia was found years ago and it still is", "osteoporosis"),
        # a resolution word inside the mention is part of it
        ("had a hernia fixed monday", "recent_surgery_or_injury"),
        ("got my knee sorted by the surgeon on Friday, a keyhole job", "recent_surgery_or_injury"),
        # "gone" followed by what it became is a change, not an end
        ("the consultant says my bones are gone porous", "osteoporosis"),
        # an echoed question is denied only by an answer that stands alone
        (
            "could i be pregnant? no period for 3 months and my boobs are sore, "
            "havent done a test",
            "pregnancy",
        ),
        # doubt about familiarity is doubt, not familiarity
        (
            "no idea whether its the same old thing but my arm been weak and tinglin since friday",
            "new_unexplained_pain",
        ),
        (
            "not sure if it's my usual but my hand has gone numb since Tuesday",
            "new_unexplained_pain",
        ),
        # pregnancy is not ended by "it's normal"
        ("the midwife says it's all normal for 30 weeks", "pregnancy"),
        ("my ob says everything looks fine, so that's good", "pregnancy"),
        # a pain said to be different, in the next clause
        (
            "lower back pain is bad today but its different, like an electric shock",
            "new_unexplained_pain",
        ),
        ("this pain in my belly is NOT the fibro", "new_unexplained_pain"),
        # words of their own: febrile, a regimen with its cycle, late pregnancy, the bladder
        ("been febrile since sat and my head is pounding", "fever_or_infection"),
        ("I finished my fourth cycle of FEC on Wednesday, two more to go", "cancer_treatment"),
        (
            "my pelvis is killing me since the baby dropped, the consultant calls it SPD",
            "pregnancy",
        ),
        ("can i have a massage while im carrying", "pregnancy"),
        ("doc says the babys due around thanksgiving", "pregnancy"),
        (
            "my back hurts and I've had trouble holding my wee since yesterday",
            "new_unexplained_pain",
        ),
        # a known word is not half of a misspelt one
        ("not sure if it counts, im just on letrozole now for the breast ca", "cancer_treatment"),
    ],
)
def test_caught(text, flag):
    assert caught(text, flag)


@pytest.mark.parametrize(
    "text, flag",
    [
        # ...but a doubt said as a likeness is asked, and a chest is described by likeness
        ("I feel like I might be pregnant", "pregnancy"),
        ("my chest feels like an elephant is sitting on it", "chest_pain_or_breathlessness"),
        # a denial after "but" that is not the flag's name takes nothing back
        ("I'm on warfarin but no bleeding disorder", "blood_thinners"),
        # an emergency is never taken back
        (
            "chest pain since this morning but no shortness of breath",
            "chest_pain_or_breathlessness",
        ),
        # the client named by someone who types for them, with "I'm" before the role
        (
            "Not sure if I should mention it, but the lady I'm booking for, my daughter, has "
            "just found out she's pregnant.",
            "pregnancy",
        ),
        (
            "I'm enquiring on her behalf, my daughter is expecting twins in the new year",
            "pregnancy",
        ),
        # "last time" alone is not the past: "never like that"
        (
            "my left hand numb and tingling since few days, last time never like that",
            "new_unexplained_pain",
        ),
    ],
)
def test_still_caught(text, flag):
    assert caught(text, flag)


@pytest.mark.parametrize(
    "text, flag",
    [
        # a test long ago with a result is not a lasting condition
        (
            "they tested me for a bleeding disorder when I was a teenager and it was negative",
            "blood_thinners",
        ),
        (
            "they said osteopenia 10 yrs ago but i got it built back up, last two scans normal",
            "osteoporosis",
        ),
        # "now" far from the mention says nothing of it
        ("I had chemo for Hodgkin's when I was 19, a long, long time ago now", "cancer_treatment"),
        ("had a bad burn on my arm when i was a kid, just a scar now", "skin_condition"),
        # what ends a scare ends the pregnancy question
        ("I thought I was pregnant last month but my period came", "pregnancy"),
        ("the pregnancy test ED did came back negative, so not that", "pregnancy"),
        # an answer that stands alone still denies an echoed question
        ("Pregnant? At 58? Not a hope", "pregnancy"),
        # a familiar pain without doubt is not new
        ("same old aches, nothing new", "new_unexplained_pain"),
        # "turned out" is not "had it out"
        ("The breast lump turned out to be a cyst", "recent_surgery_or_injury"),
        # a resolution that stands after the mention still resolves it
        ("the rash is gone now", "skin_condition"),
        # the same apostrophe-less rule does not turn plurals into other words
        ("is it a question of how many counts", "cancer_treatment"),
        # likenesses and idioms
        (
            "this fibro got me feeling like i got hit by a truck every morning",
            "recent_surgery_or_injury",
        ),
        (
            "Forms give me palpitations (not literally, it's just the paperwork)",
            "chest_pain_or_breathlessness",
        ),
        (
            "My new neighbour is a right pain, playing the drums at all hours",
            "new_unexplained_pain",
        ),
        ("I'm feverish with excitement about finally getting help", "fever_or_infection"),
        # other people, in the words people use for them
        ("ma wee boy's got chicken pox, hope a dont get it", "skin_condition"),
        (
            "took care of a pt w a DVT today and it made me check my own legs lol but theyre fine",
            "possible_blood_clot",
        ),
        # a negated return is a resolution
        (
            "the cardiologist did the tests for the breathlessness last yr, it hasnt come back",
            "chest_pain_or_breathlessness",
        ),
        # childhood in other words
        ("a had tonsilitis aw the time as a wee lassie", "fever_or_infection"),
    ],
)
def test_not_raised(text, flag):
    assert flag not in read_flags(text).raised


@pytest.mark.parametrize(
    "text, flag",
    [
        # a likeness cannot report a pregnancy, a cancer or an injury...
        ("My pocketbook is so heavy I feel like I'm carrying twins around", "pregnancy"),
        ("I've a belly like a woman eight months gone", "pregnancy"),
        ("them weeds are spreadin like a cancer in my bean field", "cancer_treatment"),
        (
            "My shoulder hurts like I injured it but I haven't done a thing to it",
            "recent_surgery_or_injury",
        ),
        # the flag's own name denied after "but" takes back what came before
        (
            "my team call my fibro fog chemo brain as a joke but I have never had chemo",
            "cancer_treatment",
        ),
        (
            "i float to the onc floor so i see chemo all day but i dont have cancer",
            "cancer_treatment",
        ),
        # the adjective's person, and a role said of oneself
        ("helping my pregnant cousin find a massage place too but this ones for me", "pregnancy"),
        (
            "the missus gets short of breath, she has asthma, but im the one wants the massage",
            "chest_pain_or_breathlessness",
        ),
        # a duration is not a frequency
        (
            "I had a terrible bout of pneumonia two winters ago and was in the hospital a week",
            "fever_or_infection",
        ),
        # a treatment finished
        ("the GP put me on clexane after my op but that finished 2 yrs ago", "blood_thinners"),
        # other senses
        ("im expecting the worst from this flare honestly", "pregnancy"),
        ("my blood boil when people say fibro not real", "skin_condition"),
        ("am a right clot me, forgot ma password twice", "possible_blood_clot"),
        (
            "hand numb that one 5 year already, doctor check say carpal tunnel",
            "new_unexplained_pain",
        ),
        ("I thought I was pregnant last month but my period came", "pregnancy"),
        ("I had chemo for Hodgkin's when I was 19, a long, long time ago now", "cancer_treatment"),
        ("The breast lump turned out to be a cyst", "recent_surgery_or_injury"),
        (
            "My new neighbour is a right pain, playing the drums at all hours",
            "new_unexplained_pain",
        ),
        ("ma wee boy's got chicken pox, hope a dont get it", "skin_condition"),
    ],
)
def test_not_even_suspected(text, flag):
    assert not caught(text, flag)


# --- After the fifth batch (conditions described without their names) ---------------


@pytest.mark.parametrize(
    "text, flag",
    [
        # an operation by what was done to the body
        (
            "18 days ago they cut the band in my wrist so the nerve gets more room",
            "recent_surgery_or_injury",
        ),
        ("last month the surgeon pinned my ankle", "recent_surgery_or_injury"),
        # an accident by how it happened, and a fall by where one landed
        ("came off my scooter in the rain like 3 days ago", "recent_surgery_or_injury"),
        (
            "the dog pulled me over last Saturday and I landed on my shoulder",
            "recent_surgery_or_injury",
        ),
        ("a van backed into me in the car park on Monday", "recent_surgery_or_injury"),
        # skin by what it looks like on a part of the body, and a cut by the part
        ("my shins have gone all dry and flaky and theyre bleeding", "skin_condition"),
        ("my knuckles are cracked and split from the cold", "skin_condition"),
        ("I sliced my palm on the lid of a can on Wednesday", "skin_condition"),
        # a growth being treated, radiotherapy in everyday words
        ("I'm 6 weeks into treatment for a lump in my breast", "cancer_treatment"),
        ("I get the rays every weekday at 8:15, 20 times in all", "cancer_treatment"),
        # the baby by where it is; weeks with "our first"
        ("nothing on the belly, there is a little one in there, 20 weeks now", "pregnancy"),
        ("we're about 3 months with our first", "pregnancy"),
        # a subordinate clause ends a negation: the "no" is about the deep work
        ("my doctor says no deep work on the legs while I am expecting", "pregnancy"),
        # the hump of the spine, bone lost
        ("the dowager hump on my upper back is getting bigger", "osteoporosis"),
        # a person word said to someone is not the owner
        ("Yes mija, they're treating the lymphoma, I go every other week", "cancer_treatment"),
        # for someone else: "for my <person>", and "not me" says who
        ("gentle for my sister pls, she's 30 weeks pregnant", "pregnancy"),
        ("this is for my sister not me lol - she's 22 weeks gone", "pregnancy"),
    ],
)
def test_caught_without_the_name(text, flag):
    assert caught(text, flag)


@pytest.mark.parametrize(
    "text, flag",
    [
        ("they did an MRI of my back last week, all clear", "recent_surgery_or_injury"),
        ("my face is red from embarrassment", "skin_condition"),
        ("I'm carrying a lot of tension in my shoulders", "pregnancy"),
        ("rays of sunshine on my back feel lovely", "cancer_treatment"),
        ("my helper finger got infection, not me", "fever_or_infection"),
        ("Pregnant? Not me, nor anyone in this house", "pregnancy"),
        ("I got burned by that timeshare salesman in Vegas", "skin_condition"),
    ],
)
def test_not_raised_without_the_name(text, flag):
    assert flag not in read_flags(text).raised


@pytest.mark.parametrize(
    "text, flag",
    [
        (
            "When I was a girl I burned my arm on my mother's comal, the scar is old old old",
            "skin_condition",
        ),
        ("I'm a Cancer, born July 2nd, so I'm a big crybaby lol", "cancer_treatment"),
        ("Pregnant? ay mija I'm 71, that ship sailed a LONG time ago", "pregnancy"),
        ("I'm expecting a big check from the insurance", "pregnancy"),
        ("my mrs is 20 weeks but im the one with the fibro", "pregnancy"),
        ("my nani has brittle bones but im booking for me", "osteoporosis"),
        (
            "had a fall at work yesterday but didnt hurt myself at all, just my pride",
            "recent_surgery_or_injury",
        ),
        (
            "They said I had osteopenia 10 years ago but now the scan says normal, "
            "she took me off the Fosamax",
            "osteoporosis",
        ),
    ],
)
def test_not_raised_sixth_round(text, flag):
    assert flag not in read_flags(text).raised


def test_a_flag_named_inside_a_resolution_leaves_the_clause_free():
    reading = read_flags("the lump on my neck got checked, they said not cancer, just a cyst")
    assert "new_unexplained_pain" not in reading.raised


def test_pronouns_of_the_person_someone_types_for_are_theirs():
    text = (
        "My granddaughter is typing for me. Grandma wants you to know her left leg has been "
        "swollen and red and warm since Tuesday"
    )
    assert caught(text, "possible_blood_clot")


# --- After the sixth batch (stop flags described without their names) ---------------


@pytest.mark.parametrize(
    "text, flag",
    [
        # breathlessness in everyday words, and pain on breathing in
        ("i been huffin and puffin all day doin nothin", "chest_pain_or_breathlessness"),
        (
            "cant yarn long, keep running out of puff halfway thru a sentence today",
            "chest_pain_or_breathlessness",
        ),
        (
            "For Wing (husband), he is the one getting massage: tonight he cannot lie flat",
            "chest_pain_or_breathlessness",
        ),
        ("a stabby spot in the center of my chest when i inhale", "chest_pain_or_breathlessness"),
        ("my chest hurts when I take a deep breath", "chest_pain_or_breathlessness"),
        # angina's own treatment, used now
        (
            "had a couple squirts of the spray under the tongue 20 min ago",
            "chest_pain_or_breathlessness",
        ),
        # an antibiotic's name is never "corrected" into an English word
        ("got a course of augmentin from the GP tuesday, 3 days left", "fever_or_infection"),
        ("yes im runnin a 101 rn", "fever_or_infection"),
        ("got the sniffles and feel little warm, maybe 37.8", "fever_or_infection"),
        ("my glands in my neck are swole and my throat got white spots", "fever_or_infection"),
        # a negation that is the novelty itself
        ("my upper back hurts in a way it never has, deep and constant", "new_unexplained_pain"),
        (
            "a gnawing ache in my upper back at night that the fibro never did",
            "new_unexplained_pain",
        ),
        ("my hands gone clumsy and im dropping cups", "new_unexplained_pain"),
        (
            "a deep ache in my lower spine at night, and I lose 4 kg not trying",
            "new_unexplained_pain",
        ),
        # what follows "since" is said of the event, not of the drug
        (
            "booking for my pawpaw, hes been on coumadin ever since his heart valve got fixed "
            "years ago",
            "blood_thinners",
        ),
        ("yep the rat poison one, been on it years", "blood_thinners"),
        ("I take fish oil, and ASA 81 most days", "blood_thinners"),
        # a wish about touching is not a denial of the finding
        (
            "i dont want nobody touchin my legs, the left one swelled up outta nowhere, its hot",
            "possible_blood_clot",
        ),
        # a clinician named by their work finds something about the person
        (
            "The ultrasound lady find something block in the vein behind my knee on Tuesday",
            "possible_blood_clot",
        ),
        ("maybe, my calfs been sore and a bit red for 3 days", "possible_blood_clot"),
        # the typist says whom the massage is for
        (
            "my sister-in-law want come Saturday, I'm the one typing for her. She got pressing "
            "pain middle front",
            "chest_pain_or_breathlessness",
        ),
        (
            "for my pawpaw: rn he wheezin bad and says his chest is tight",
            "chest_pain_or_breathlessness",
        ),
    ],
)
def test_stop_flags_caught_without_their_names(text, flag):
    assert caught(text, flag)


@pytest.mark.parametrize(
    "text, flag",
    [
        ("the rash has cleared up since last week", "skin_condition"),
        ("I'm the one who wants the massage, my sister has a fever", "fever_or_infection"),
        ("lie on my front for the massage please", "chest_pain_or_breathlessness"),
        ("the puffin at the zoo was cute", "chest_pain_or_breathlessness"),
    ],
)
def test_stop_flags_not_raised(text, flag):
    assert flag not in read_flags(text).raised


@pytest.mark.parametrize(
    "text, flag",
    [
        ("had pneumonia when i was like 12, thats it", "fever_or_infection"),
        (
            "got a lump of blood in my calf after an op in my 20s, nothing since",
            "possible_blood_clot",
        ),
        (
            "hemophilia runs in my granny's side but i got tested and i dont have it",
            "blood_thinners",
        ),
        ("my whole hall at work got the flu rn but i tested neg twice", "fever_or_infection"),
        ("When the doctor told me the bill I got chills down my spine", "fever_or_infection"),
        ("My weakness is egg tart and milk tea", "new_unexplained_pain"),
        ("kitchen drain got big clot of hair and rice", "possible_blood_clot"),
        ("Heparin? only got heparin in hospital long time ago, not now", "blood_thinners"),
        (
            "koros on treatment for a clot in his leg, but its me getting the massage",
            "possible_blood_clot",
        ),
    ],
)
def test_not_raised_seventh_round(text, flag):
    assert flag not in read_flags(text).raised


def test_a_revival_that_says_nothing_now_is_not_one():
    text = "The cardiologist stop my Plavix last year, now I take nothing for the blood"
    assert "blood_thinners" not in read_flags(text).raised
    assert (
        "blood_thinners"
        in read_flags("I stopped warfarin last year but now I take it again").raised
    )
