"""Crisis language read as concepts (bot/understanding/crisis.py, data/crisis.yml).

Each case is one example of a principle, not a phrase to match: a wish or a plan
and an end of life or being, a self-harm act on oneself, a means with intent,
hopelessness about going on; dialect and typing read in their common spelling;
and no alarm for tiredness, frustration, figures of speech, accidents or
someone else.
"""

from __future__ import annotations

import pytest

from bot.understanding.crisis import is_crisis, read


@pytest.mark.parametrize(
    "text",
    [
        # (a) a wish, thought or plan + an end of life, or of being said with "not"
        "sometime i think better i die then no more pain",
        "I'd rather be gone than face another twenty years of this",
        "some nights a wish a jist wouldnae wake up",
        "I keep hoping I won't wake up in the morning",
        "I wish I'd never been born",
        "honestly i'm not sure i want to be alive",
        "I feel like dying most days",
        "I've lost the will to live",
        "I pray every night the Lord would just take me",
        # one's absence said to be fine, or better for others
        "if i didnt wake up tomorrow id honestly be ok with that",
        "If I never woke up, honestly, it would be a relief",
        "my husband would be better off without me",
        "some days I reckon everyone'd be better off if I just wasn't around",
        "no one would even notice if I was gone",
        # (b) self-harm: acts on oneself, in dialect too
        "a cut masel again last nite, its the only thing that helps",
        "I burn myself with a lighter when it gets too much",
        "sometimes I hit myself just to feel something else",
        "I dig my nails into my arms till they bleed",
        # (c) means + intent
        "i counted out my gabapentin and flexeril and thought about taking them all",
        "sometimes I think about swallowing everything in the medicine cabinet",
        "I've been hoarding my tramadol",
        "sometime stand at window think of jump down",
        "I keep picturing myself jumping in front of the train",
        "I've got a rope in the garage and I think about using it",
        "I'm thinking about crashing my car",
        # (d) hopelessness about going on
        "a cannae see a way oot o this pain except killin masel",
        "I can't see myself getting through another year",
        "I don't see any reason to keep going",
        "what is the use of living like this",
        "i dont want to go on 😢",
        "I'm tired of living.",
    ],
)
def test_crisis_concepts_in_words_no_one_wrote(text):
    assert is_crisis(text), text


@pytest.mark.parametrize(
    "text",
    [
        # tiredness, frustration, feeling low
        "im so tired of being tired lol",
        "fed up with doctors not listening but im not giving up",
        "exhausted, want to sleep whole day",
        "I have no energy to go on.",
        "After ten minutes on the treadmill I couldn't go on.",
        "there's no point trying anything anymore, nothing works",
        "I'm tired of everything hurting",
        "I don't want to live with this pain forever, that's why I'm here",
        # figures of speech and ordinary mornings
        "this form is killing me",
        "I'm dying to try it",
        "I'd rather die than go back to that chiropractor",
        "I hope I don't wake up sore tomorrow",
        "I'd love to not wake up in the night every hour",
        "I've been banging my head against a brick wall with my GP",
        "I wish this pain would just disappear",
        # accidents and everyday care
        "i bleed forever when i cut myself, doc said my blood dont clot right",
        "I burnt myself on the oven last week",
        "I hurt myself lifting boxes last month",
        "I take all my pills in the morning, warfarin included",
        "I want to make sure I don't take too many painkillers",
        "I keep my pills hidden from the grandkids",
        "I take an extra painkiller if it gets too much",
        "I'm looking at buying a massage gun",
        # a brand name is not corrected into a crisis word
        "My pharmacist warned me not to take Aleve with the Xarelto",
        # denied, or someone else's
        "I'm not going to kill myself, don't worry",
        "I've never thought about ending it, I just want help with the pain",
        "my friend wants to end it all",
        "thank god my daughter can take me to the appointment",
        "I was so happy when I passed my driving test",
    ],
)
def test_no_crisis_in_tiredness_figures_accidents_or_someone_else(text):
    assert not is_crisis(text), text


def test_dialect_typing_and_marks_are_read_in_their_common_spelling():
    assert read("a dont want tae be here").words == ("a", "don't", "want", "to", "be", "here", ".")
    assert read("i wanna kill masel").words[-3:] == ("kill", "myself", ".")
    # a mark or emoji ends a phrase; an aside does not stand between
    assert read("go on 😢").words == ("go", "on", ".", ".")
    assert read("no point go on already").words == ("no", "point", "go", "on", ".")
    assert is_crisis("I don´t want to live anymore")  # an acute accent for an apostrophe


@pytest.mark.parametrize(
    "text",
    [
        # the point of going on, carrying on or keeping going, asked or wondered
        "Since Margaret died, and with this pain on top, I sometimes wonder what the point of "
        "carrying on is.",
        "i dont really see the point in going on if its gonna hurt like this forever",
        "Some days I wonder whether there's any point in keeping going when every day hurts",
        # better off, or rather, with the dead or where the dead are
        "I'd be better off with Margaret in the churchyard than sitting here in agony every day.",
        "I'd be happier six feet under next to my Jim than stuck in this chair",
        # a way of stopping said as final ("for good")
        "If this massage doesn't help I think I'll call it a day for good, and I don't mean "
        "the massage.",
        "I think I'll just close my eyes for good one of these nights",
        # how much of one's own means it would take
        "been looking up how many of my pills it would take lately. idk why im telling a "
        "massage bot",
        "I've been googling how much oxycodone it would take",
        # not being around at a time ahead
        "whats even the point of booking a massage when i dont plan on being around by the "
        "end of the semester",
        "I don't expect to still be here this time next year, if I'm honest",
        # an end of life said as what would have been
        "If not for my children I would have ended my life long time",
        "If it wasn't for the dog I'd have ended it all years ago",
        # ready to go, to God or unable to bear more
        "i told god im ready to go, i cant do this pain no more",
        "Lord I'm ready to go, take me whenever you want",
        "I'm ready to go now, I can't take this pain any more",
        # the writer's own wish after speaking of someone else
        "since she's gone i want to die",
    ],
)
def test_crisis_said_as_going_on_graves_finality_amounts_and_readiness(text):
    assert is_crisis(text), text


@pytest.mark.parametrize(
    "text",
    [
        "this pain is killing me",
        "I'm dying for a nap",
        "I can't go on long walks",
        "I'm ready to go to the clinic",
        "the point of massage is to relax",
        "what's the point of massage if it hurts",
        "Is there any point carrying on with the stretches at home?",
        "I'm away at the end of the semester",
        "let's call it a day",
        "I'll call it a day at 5",
        "I'll call it a day for good measure",
        "I'm going to call it a day for good with this job next year, retiring at last",
        "I've given up sugar for good",
        "my mum is buried in the churchyard and I feel better after visiting her grave",
        "she's better off in heaven now, no more pain for her",
        "mum's better off in heaven",
        "my shoulder would be better at rest",
        "how many ibuprofen does it take a day to help with fibro",
        "how much paracetamol would it take for my pain to settle",
        "I won't be around by the end of the week, I'm on holiday",
        "I don't plan on being around next week so book me after",
        "I won't be here by the end of the month, we're moving to Leeds",
        "I would have ended it sooner with the chiropractor",
        "I could have killed myself when I slipped on the ice",
        "thank god I'm ready to go after that massage",
        "I'm not ready to go back to work, I can't cope with the commute",
        "ready to go, can't wait for my massage",
        "she told me she wants to end it all",
    ],
)
def test_no_crisis_in_stopping_treatment_graves_of_others_doses_or_trips(text):
    assert not is_crisis(text), text
