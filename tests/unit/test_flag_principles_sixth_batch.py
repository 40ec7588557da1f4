"""Red-flag principles added after the tenth and eleventh batches of writers (injuries, operations
and skin in everyday words, issue 12): a piercing, a scald, a growth burnt off, a
body part "done", a tool that slipped, something sharp stood on; whose it is when
another person only says what it is, is only where it happened, or is the body's
owner inside the mention; a habit in a season; the other senses of "cut" said as
phrases. Each rule has one example in the words of the batch and one of our own;
the near misses show what the rule must leave alone."""

import pytest

from bot.understanding.red_flags import read_flags
from bot.understanding.timing import OLD, ONGOING, RECENT, time_marks

INJURY, SKIN = "recent_surgery_or_injury", "skin_condition"


def caught(text, flag, at_checklist=False):
    reading = read_flags(text, at_checklist=at_checklist)
    return flag in reading.raised or flag in reading.suspected


@pytest.mark.parametrize(
    "text, flag",
    [
        # a piercing by its name or by "pierced" is an open wound for weeks
        ("got my industrial done 2 weeks ago so my ear's still a bit crusty", SKIN),
        ("had my nose pierced on Saturday", SKIN),
        # a scald by how it happened
        ("I spill hot tea on my thigh 2 days ago, its red and it sting", SKIN),
        ("knocked the kettle over on my foot last night", SKIN),
        # a growth burnt, frozen or cut off the skin: an operation and a wound
        ("had a few skin tags burnt off me neck tuesday", INJURY),
        ("had a few skin tags burnt off me neck tuesday", SKIN),
        ("the GP froze off two warts on my hand yesterday", SKIN),
        # a body part "done", fixed or patched up
        ("I had my eyelids done a fortnight ago", INJURY),
        ("belly button hernia patched up 3 weeks gone so keep away from me belly", INJURY),
        # a tool that got away, something sharp stood on
        ("bit of a mishap with the skilsaw thursday, its all bandaged up", INJURY),
        ("the angle grinder kicked back on Monday and caught my forearm", INJURY),
        ("stepped on a rusty nail wednesday, went right up through me boot", SKIN),
        ("trod on broken glass on the beach yesterday", INJURY),
        # struck, knocked flat, bitten
        ("I got a belt of a sliotar on the shin on Saturday", INJURY),
        ("dog knocked me flat in the yard last week, landed right on me tailbone", INJURY),
        ("my son's bicycle ran into my shin 4 days ago, big knot there", INJURY),
        # radiotherapy leaves the skin it passed through sore
        ("finishin radiotherapy on my breast next week, the skin there's pink and sore", SKIN),
        # a wound that looks infected, across clauses
        (
            "got my tattoo touched up last week and its oozin and the skin round it hot and red",
            "fever_or_infection",
        ),
        ("the hangnail on me thumb went bad, swole and throbbin", SKIN),
        # a baby moving inside, and the ways people say they are pregnant
        ("baby's kicking like mad right now lol", "pregnancy"),
        ("two pink lines last week, still processing", "pregnancy"),
        ("literally eating for two atm", "pregnancy"),
        ("I dey carry belle, 4 months now", "pregnancy"),
        ("we did the gender reveal saturday, its a girl!", "pregnancy"),
        # slang for oneself is oneself
        ("ya girl got a bun in the oven, second trimester", "pregnancy"),
        # "the last zap" is the end of radiotherapy, weeks ago at most
        ("had my last zap last friday so technically done", "cancer_treatment"),
        # eleventh batch: procedures by what was done, sports injuries by their names
        ("I got a new lens put in my right eye, Dr Patel done it Thursday", INJURY),
        ("on the mend from havin a kidney stone busted up with that shock wave machine", INJURY),
        (
            "varicose vein treatment on left leg 2 weeks ago, they close the vein with laser",
            INJURY,
        ),
        ("had me trigger finger released last week", INJURY),
        ("groin strain from league on sunday lol", INJURY),
        ("got cleaned up in a ruck sat, ribs n back bruised heaps", INJURY),
        ("sliced my finger open on a can, they glued it at the after-hours mon", INJURY),
        ("went over on me wrist at work last week carrying a tray", INJURY),
        ("Got t boned in the parkin lot last week, neck been tore up since", INJURY),
        ("broke my pinky at training, been buddy taped since the 3rd", INJURY),
        # the skin by what happened to it
        ("spilt hot gravy on me foot at work yesterday, its blistered", SKIN),
        ("I grate my knuckle with cheese grater while cooking, skin is off", SKIN),
        ("heels of my feet crack very deep and bleeding", SKIN),
        ("yes, belly button piercing, new one, 2 weeks", SKIN),
        ("purple flat bumps on my wrists, dermatologist take biopsy", SKIN),
        ("came off my scooter tues, gravel rash down my arm n hip", SKIN),
        ("nah actually yes skin one, scratches on my back from bush bashing", SKIN),
        ("I've got chickenpox at 52 lol caught it off the grandkids", "fever_or_infection"),
    ],
)
def test_caught(text, flag):
    assert caught(text, flag)


@pytest.mark.parametrize(
    "text, flag",
    [
        # a person word naming a kind of thing is not a person
        ("spilt hot gravy on me foot at work, the dinner lady life, its blistered", SKIN),
        ("my coworker rolled her office chair on my foot last week, still hurts", INJURY),
        # a person who says what it is, is not whose it is
        ("red face all the time, the missus says its rosacea", SKIN),
        ("my husband reckons it's shingles on my side", SKIN),
        # a person or an animal where it happened is not whose it is
        ("Sliced my hand open on the dog food tin, four stitches in the palm", INJURY),
        ("tripped over the cat last week and sprained my ankle", INJURY),
        ("caught the flu from my son on Sunday", "fever_or_infection"),
    ],
)
def test_whose_is_the_speakers(text, flag):
    assert flag in read_flags(text).raised


@pytest.mark.parametrize(
    "text, flag",
    [
        # the body a thing was done to names whose it is, even without a kin word
        ("Col had his hip done last month so I've been doing all the driving", INJURY),
        ("My husband's just had his knee done, so I'm doing the fetching", INJURY),
        ("my dad tripped over the cat and broke his wrist", INJURY),
        # a person who is the subject still owns it
        ("my sister says she is pregnant", "pregnancy"),
        # "cut" and "rash" in their other senses
        ("I cut down on coffee and sugar last month", SKIN),
        ("that was a rash decision, booking without asking", SKIN),
        ("I have to cut back on hours at work", SKIN),
        # a piercing pain is not a piercing; pierced ears long ago are not new
        ("I get a piercing pain in my hip when I stand up", SKIN),
        ("I had my ears pierced when I was a teenager", SKIN),
        # spilt coffee that was not hot, on a thing
        ("spilled my coffee on the keyboard this morning", SKIN),
        # an operation on the waiting list has not happened, whatever comes after "and"
        ("I'm on the waiting list for a knee replacement", INJURY),
        ("doc said i might need knee surgery eventually, not booked or anything", INJURY),
        # a year by two digits, the spring before last, "in me twenties" are long past
        ("broke my leg in the Army in 67", INJURY),
        ("my shoulder was scoped the spring before last", INJURY),
        ("I dislocated me shoulder playing netball in me twenties", INJURY),
        # whose body: the possessive before it
        ("my grandson tore up his knee playin soccer saturday", INJURY),
        ("my cousin tore her hammy at netball", INJURY),
        # other senses: boots broken in, thin-skinned, a feeling like sunburn
        ("the blister on my heel went away last month, boots are broke in now", INJURY),
        ("I'm a bit thin-skinned about people not believing the pain is real", SKIN),
        ("My skin feel like sunburn when someone touch me, nothing to see on skin", SKIN),
        ("scars on my knees from old reef cuts, nothing open", SKIN),
        ("got brown spots on my hands, just age spots, doc said nothin to worry bout", SKIN),
        ("Sunburn? naw I wear my long sleeves and my hat", SKIN),
    ],
)
def test_not_raised(text, flag):
    assert flag not in read_flags(text).raised


def test_an_event_after_and_does_not_cancel_the_one_before():
    reading = read_flags("had a lumpectomy 3 weeks ago and start radiation next month")
    assert INJURY in reading.raised
    assert "cancer_treatment" in reading.raised


def test_a_tendon_fixed_weeks_ago_is_an_operation_not_a_resolution():
    text = "they fixed the tendon in my hand after I sliced it with the chisel. 4 weeks ago"
    assert INJURY in read_flags(text).raised
    assert INJURY not in read_flags("the wrist was fixed years ago, all fine").raised


def test_road_rash_down_an_arm_is_a_graze():
    reading = read_flags("road rash down me arm, come off the bike last week")
    assert SKIN in reading.raised
    assert INJURY in reading.raised


def test_a_weekday_alone_is_recent():
    assert [v for *_, v in time_marks("came off my scooter tues")] == [RECENT]


def test_a_season_said_of_a_habit_is_not_a_time_past():
    assert [v for *_, v in time_marks("i get the heat rash in summer")] == [ONGOING]
    assert [v for *_, v in time_marks("my eczema flares every winter")] == [ONGOING]
    assert [v for *_, v in time_marks("i had a rash in summer")] == [OLD]
    text = "I get the heat rash in summer and its bad right now"
    assert SKIN in read_flags(text).raised


# Twelfth batch: the caution flags among hard negatives.


@pytest.mark.parametrize(
    "text, flag",
    [
        # a question about the clinic or about anyone is asked about, not assumed
        ("Is it alright to book a massage if you're on a blood thinner?", "blood_thinners"),
        ("Do your therapists do oncology massage? The ladies at the shop ask", "cancer_treatment"),
        ("my pcp said i'd need warfarin if my heart thing got worse", "blood_thinners"),
        ("Mam keeps asking if I'm expecting whenever I put weight on", "pregnancy"),
    ],
)
def test_hypothetical_is_asked_not_raised(text, flag):
    reading = read_flags(text)
    assert flag not in reading.raised


@pytest.mark.parametrize(
    "text, flag",
    [
        # a programme is not the person
        ("I watch Call the Midwife with Mam every Sunday", "pregnancy"),
        ("watched the programme about chemo on BBC last night", "cancer_treatment"),
        ("Saw a thing on This Morning about blood thinners and massage", "blood_thinners"),
        # handling another's medicines is not taking them
        ("I spent twenty years counting out tamoxifen in the pharmacy", "cancer_treatment"),
        # a workplace is not a person's condition
        ("I volunteer in the cancer shop on Queen Street", "cancer_treatment"),
        ("half the moms on our floor get lovenox after their c-section", "blood_thinners"),
        # denied: at once, in the next sentence, or as long over
        (
            "Chemo brain, that's what I call my fibro fog! Never had chemo, mind.",
            "cancer_treatment",
        ),
        ("Pregnant? At 61? Chance would be a fine thing!", "pregnancy"),
        ("pregnancy no. my wife and me finish all that long time ago", "pregnancy"),
        ("coumadin? no thats my grandma's thing lol", "blood_thinners"),
        ("my toddler is 20 months so my pregnancy days are behind me", "pregnancy"),
        # other senses
        ("osteo arthritis in my knees, the doctor said", "osteoporosis"),
        ("I'm practically pregnant with anticipation for this massage", "pregnancy"),
        ("the nurse measured me at the surgery last month", INJURY),
        ("i bruise easy but im just clumsy", "new_unexplained_pain"),
        ("cab full of pregnant ladies today from the antenatal class", "pregnancy"),
    ],
)
def test_twelfth_batch_left_alone(text, flag):
    assert flag not in read_flags(text).raised


@pytest.mark.parametrize(
    "text, flag",
    [
        (
            "I go in for immunotherapy every six weeks, Keytruda, found last year",
            "cancer_treatment",
        ),
        ("my hair started coming out in clumps from the red devil", "cancer_treatment"),
        (
            "had a mastectomy back in the fall and still getting iv treatments every 3 wks",
            "cancer_treatment",
        ),
        (
            "After my hip fracture they did a scan and said my bones look like honeycomb",
            "osteoporosis",
        ),
        ("second tri, so does that mean i only get the light massage?", "pregnancy"),
        ("currently growing a human so are ankle pressure points a no?", "pregnancy"),
        ("had my first ultrasound last wk, heartbeat and everything", "pregnancy"),
        ("I've got a proper bump now so lying on my front is out", "pregnancy"),
        # "at my age" does not rule a pregnancy out when it is said
        ("Yes, baby number one, due in September, at my age!", "pregnancy"),
        # a crack in the back from bending is a break
        ("I bend to pick up the laundry and something crack in my back 2 weeks ago", INJURY),
        # clinicians named by their field are not another person
        ("The vascular people found something blocking a vein in my leg", "possible_blood_clot"),
    ],
)
def test_twelfth_batch_caught(text, flag):
    assert caught(text, flag)


def test_a_programme_voids_only_what_it_is_about():
    # safety: watching something is no reason to miss what happens to the person
    text = "I was watching a documentary when my chest went tight and I could not breathe"
    assert "chest_pain_or_breathlessness" in read_flags(text).raised
    assert "pregnancy" in read_flags("I had my baby scan last week, 12 weeks").raised


def test_a_denial_takes_back_only_when_it_says_never():
    assert "cancer_treatment" in read_flags("chemo no. 4 next week").raised
    text = "I had chemo in May. No chemo since then, just the tablets"
    assert "cancer_treatment" in read_flags(text).raised


@pytest.mark.parametrize(
    "text, flag",
    [
        ("im getting a tattoo next month, should i book the massage before?", SKIN),
        ("im booked in for a knee op in april but havent had it yet", INJURY),
        ("my wife is 7 months pregnant so im carrying everything at home", "pregnancy"),
    ],
)
def test_what_is_planned_or_carried_is_not_a_flag(text, flag):
    assert flag not in read_flags(text).raised


def test_a_plan_after_and_leaves_what_happened():
    reading = read_flags("I had a knee op 3 weeks ago and the stitches come out next week")
    assert INJURY in reading.raised
    assert "pregnancy" in read_flags("im carrying twins, 20 weeks").raised


@pytest.mark.parametrize(
    "text, flag",
    [
        # a phrase that voids words must not void a report: only the GP's practice said
        # with who is there is not an operation, only what a programme is about is void
        ("still sore from the surgery on my knee 3 weeks ago", INJURY),
        ("pain at the surgery site since tuesday", INJURY),
        ("saw a thing on my arm this morning, red and weeping", SKIN),
        # a birth long ago does not rule out a pregnancy now
        ("I gave birth to my son in 2015, now 20 weeks with number two", "pregnancy"),
    ],
)
def test_what_voids_words_leaves_reports_alone(text, flag):
    assert flag in read_flags(text).raised


@pytest.mark.parametrize(
    "text, flag",
    [
        # the person the massage is for, however it is said, is the client
        (
            "Sister-in-law on double antiplatelet, Plavix and ASA, since her stent 2 year ago. "
            "I'm booking for her",
            "blood_thinners",
        ),
        (
            "My husband bruise big from nothing since the heart doctor start him on Xarelto. "
            "I'm writing on his behalf",
            "blood_thinners",
        ),
        (
            "the lady for the massage is my daughter. she is in the family way, 6 month",
            "pregnancy",
        ),
        ("mum had her cataract op last wed, she wants a head and shoulder one", INJURY),
        ("not too hard on my mum, her dexa came back bad", "osteoporosis"),
    ],
)
def test_the_client_named_another_way(text, flag):
    assert caught(text, flag)


def test_someone_else_without_a_role_stays_theirs():
    assert "pregnancy" not in read_flags("my sister is pregnant").raised
    assert (
        "blood_thinners" not in read_flags("my wife is on warfarin, i want a deep massage").raised
    )


def test_another_who_comes_with_the_speaker_is_not_the_only_client():
    text = (
        "my daughter in law is in her 2nd trimester and wants a massage too, can she come with me"
    )
    assert "pregnancy" not in read_flags(text).raised
