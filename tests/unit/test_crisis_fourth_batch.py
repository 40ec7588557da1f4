"""Crisis language, fourth batch: concepts said indirectly (data/crisis.yml).

Each group holds one principle: a sentence met in the dev half and sentences of
our own that say the same thing differently; the near-misses below say the same
words about an ordinary day and must not fire.
"""

from __future__ import annotations

import pytest

from bot.understanding.crisis import is_crisis


@pytest.mark.parametrize(
    "text",
    [
        # wondering whether one even wants to live, wake up, go on
        "the pain is so much I've started wondering if I even want to wake up tomorrow",
        "lately I'm not sure I even want to be here anymore",
        "some mornings I ask myself if I really want to wake up at all",
        "i dont know if i still wanna live like this",
        # a step off a platform or an edge, only thought of
        "sometimes on the tram platform I think about just stepping off",
        "every morning at the station I picture stepping off the platform",
        "standing at the edge of the pier I keep thinking about just stepping off",
        "I've thought about jumping from the multi-storey",
        # driving off or into something, only thought of
        "I sat in the car at the pier in Crosshaven yesterday for an hour thinking it'd be easier "
        "to just drive off the end",
        "drove home from work last night and thought about just driving into a pole",
        "on the motorway I get the urge to swerve into a lamppost",
        "I sometimes imagine driving off the quay at night",
        # goodbyes left "in case I don't make it"
        "I wrote letters to my family last night in case I don't make it through this weak",
        "I've written a note for each of the kids in case I don't make it past Christmas",
        "left goodbye messages on my phone in case i dont wake up",
        "I've said goodbye to everyone already",
        # striking one's own body
        "I keep punching my own legs when the pain gets bad and last night I didn't stop till "
        "they were black and blue",
        "I bang my own head off the wall when the pain gets too much",
        "I've been slapping my own face till it stings",
        # a means of one's own looked at or counted lately
        "There's the pregabalin and the amitriptyline in the press and I've been looking at the "
        "boxes more than I should lately, counting them",
        "I've been sitting looking at my tramadol every night, just counting them",
        "I keep the oxycodone in the drawer and I've been staring at it a lot",
        "got my shotgun out the other night and just sat there lookin at it a long time",
        "my dad's old rifle is in the attic and I've been looking at it a lot lately",
        "I've been looking at the knives in the kitchen drawer a lot",
        # too many taken on purpose
        "I took too many tablets on purpose last month",
        # one's absence said not to matter to oneself
        "If I didn't wake up in the morning I don't think I'd mind, is that awful of me",
        "If I died in my sleep I don't think I would care",
        "honestly if I wasn't around anymore I don't think I'd be sad about it",
        # others fine without me
        "The kids would be grand without me, himself would cope, I keep telling myself that "
        "lately and it frightens me",
        "my wife and kids would get on grand without me",
        "they'd all get by without me, I'm only in the way",
        # thinking of ways out
        "Twenty years of this and I'm done, I can't do another twenty, I've been thinking of ways "
        "out and not the holiday kind",
        "Lately I keep thinking about a way out of it all",
        "I've been considering ways out. not the nice kind",
        # unable to bear years more of it
        "there's no way I can keep doing this for another 20 years",
        # waiting for it all to end
        "Sure what's the point of any of it, massages, tablets, physio, I'm just waiting for it "
        "all to stop for good",
        "I'm just waiting for it all to end at this stage",
        "some days I'm just waiting for my time to come",
        # no point going on in pain; no life
        "some days i dont see the point of goin on hurtin like this",
        "what's the point of carrying on suffering like this",
        "no point going on in so much pain",
        "whats the use, aint no life bein laid up like this",
        "what's the use, this is no way to live",
        "no point to any of it, sure it's not much of a life",
        # picturing one's own funeral
        "I keep picturing my funeral",
    ],
)
def test_crisis_said_indirectly(text):
    assert is_crisis(text), text


@pytest.mark.parametrize(
    "text",
    [
        # steps and drives gone wrong, or ordinary
        "I stepped off the bus and my knee went",
        "I stepped off the platform wrong and twisted my ankle",
        "I drove into the car park",
        "I drove into the car park and thought about my appointment",
        "I was thinking about lunch and nearly drove into a pole by mistake",
        # pills counted or looked at as a routine or a treatment choice
        "I counted my pills into the weekly box",
        "I've been counting my tablets to make sure I don't run out",
        "I've been looking at coming off the amitriptyline",
        "I've been looking at the side effects of pregabalin",
        "I took too many painkillers by accident",
        "I lie awake staring at the ceiling, the sleeping tablets do nothing",
        "I keep counting my tablets, I forget if I took them",
        # guns and knives in a pastime or a shop
        "I've been looking at shotguns for duck season",
        "I've been looking at knives in the shop for my new kitchen",
        # others fine, or fine for a while
        "the kids are grand",
        "the kids would be grand without me for the weekend",
        "the kids would be grand without me for one night",
        "they'd manage grand without me for a few days while I'm in hospital",
        "how would they cope without me",
        "my husband would be lost without me",
        # no point in a treatment; a social life
        "no point in a firm massage",
        "what's the point of a massage if it doesn't last",
        "I've no life outside work lol",
        # notes and waits of an ordinary day, or before an operation
        "I wrote a letter to the surgeon in case I don't make it to the appointment",
        "I left a note for the courier in case I'm not here",
        "I wrote letters to my family in case I don't make it through the operation",
        "I'm waiting for the pain to settle",
        "waiting for the massage to end so I can go home",
        "I'm just waiting for my old dog to die, he's 16",
        "I'm waiting for my time slot",
        "thinking of ways out of the lease",
        "I've been thinking about a way out of this pain, that's why I'm booking",
        # an ordinary morning or list
        "I wonder if I want to wake up early for the first slot",
        "I'm not sure I want to go on the waiting list",
        "If I'm late I don't think I'd mind waiting",
        # years and minutes more of a thing
        "I can't do another ten minutes on the treadmill",
        "I can't do this for another week, please book me sooner",
        # a struck head that is an accident
        "I hit my own head on the cupboard door",
        # figures of speech
        "this pain is killing me",
        "I'm dying for a massage",
        "I can't go on with this pressure, it's too firm",
    ],
)
def test_no_crisis_in_the_same_words_about_an_ordinary_day(text):
    assert not is_crisis(text), text
