"""Short answers to the questions people ask about massage, in the bot's own
words, grounded in ../shared/DOMAIN.md (sources named in docs/SOURCES.md).

`answer_for(text)` picks the topic whose keywords the question mentions most
specifically (the longest keyword wins, so "deep tissue" beats "tissue").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Dict, Optional, Tuple

# When no topic fits the question.
UNKNOWN_TOPIC_TEXT = (
    "I'm not sure about that one. I can explain light massage, myofascial "
    "release, deep tissue massage, fascia, trigger points, touch sensitivity, "
    "soreness, how often to go, hot and cold packs, and what to ask a therapist."
)


@dataclass(frozen=True)
class Topic:
    id: str
    keywords: Tuple[str, ...]
    answer: str
    # A concept the keywords cannot list, tried when no keyword names a topic.
    pattern: Optional[re.Pattern] = None


# Someone who treats the person, then what they said: "my rheumatologist said
# massage might help", "the pain nurse thinks I should try it".
_CLINICIAN_ADVISED = re.compile(
    r"\b(?:doctor|doc|dr|gp|rheumatologist|rheumy|physio\w*|specialist|consultant|nurse|"
    r"neurologist|pcp|physician|chiro\w*|occupational therapist|pain (?:clinic|team))\b"
    r"[^.?!]{0,40}\b(?:said|says|suggested|suggests|recommended|recommends|told me|thinks|"
    r"thought|mentioned|advised|wants me|sent me|referred)\b",
    re.IGNORECASE,
)


EMERGENCY_NUMBERS_TEXT = (
    "In an emergency, call 911 in the US or Canada, 999 in the UK, 112 in Ireland, "
    "the EU and from most mobile phones, 000 in Australia or 111 in New Zealand."
)

TOPICS: Tuple[Topic, ...] = (
    Topic(
        "emergency_number",
        (
            "emergency number",
            "who do i phone",
            "who do i call",
            "who should i call",
            "who should i phone",
            "what number do i",
            "which number do i",
            "number to call",
            "call an ambulance",
            "ambulance number",
        ),
        EMERGENCY_NUMBERS_TEXT,
    ),
    Topic(
        "light_massage",
        (
            "light massage",
            "gentle massage",
            "swedish",
            "light pressure",
            "light one",
            "gentle one",
            "relaxation massage",
        ),
        "A light massage uses gentle, smooth strokes with little pressure. It is the "
        "usual starting point with fibromyalgia, because touch itself can hurt. The "
        "pressure should always stay painless, and can be raised a little from one "
        "session to the next if it feels good.",
    ),
    Topic(
        "myofascial_release",
        ("myofascial", "mfr", "myofascial release", "fascia release", "myo fascial"),
        "In myofascial release the therapist gently stretches and holds the fascia, "
        "the thin covering over your muscles that can get tight and painful. It is "
        "slow and sustained rather than deep. In a 2015 review of studies it had the "
        "strongest evidence of the massage styles for fibromyalgia pain.",
    ),
    Topic(
        "deep_tissue",
        ("deep tissue", "deep massage", "deep pressure", "deep-tissue", "sports massage"),
        "Deep tissue massage works firmly into the muscles, on knots and trigger "
        "points. Some people are sore for about a day and then feel better for days "
        "or weeks. It is not a good fit when light touch hurts, or if firmer massage "
        "has caused a flare before.",
    ),
    Topic(
        "fascia",
        ("fascia", "fascial", "connective tissue"),
        "Fascia is the thin, stretchy layer of tissue that wraps your muscles. When "
        "it gets tight it can feel stiff and sore, which is what myofascial release "
        "works on.",
    ),
    Topic(
        "trigger_points",
        ("trigger point", "trigger points", "knots", "knot", "tender points", "tender point"),
        "Trigger points are tight, tender spots in a muscle, often called knots. "
        "Pressing one can send pain to another area. Deep tissue work targets them, "
        "but gentler styles can ease them too.",
    ),
    Topic(
        "allodynia",
        (
            "allodynia",
            "touch sensitivity",
            "sensitive to touch",
            "touch hurt",
            "touch hurts",
            "sensitivity mean",
            "why does touch",
        ),
        "Touch sensitivity (allodynia) means that touch which shouldn't hurt does: "
        "a hug, tight clothes, shower water, combing your hair. It is common with "
        "fibromyalgia and is the main reason to keep massage gentle.",
    ),
    Topic(
        "does_it_hurt",
        (
            "will it hurt",
            "does it hurt",
            "is it painful",
            "does massage hurt",
            "going to hurt",
            "painful",
        ),
        "It shouldn't. Massage for fibromyalgia should stay painless: the pressure "
        "starts gentle and only goes up if it feels good. Tell the therapist at once "
        "if anything hurts; a good therapist will check in with you.",
    ),
    Topic(
        "how_often",
        (
            "how often",
            "how many sessions",
            "how frequently",
            "how many times",
            "every week",
            "frequency",
        ),
        "Studies that helped used one or two sessions a week for at least five "
        "weeks, so give it that long before judging. Benefits tend to be short-term, "
        "so many people keep going regularly.",
    ),
    Topic(
        "soreness",
        (
            "sore after",
            "soreness",
            "sore afterwards",
            "feel after",
            "afterwards",
            "after a massage",
            "after the massage",
        ),
        "Mild soreness for up to a day can happen, especially after firmer work. "
        "Soreness that lasts more than two days, or a flare, means the pressure was "
        "too much: tell your therapist so they can go gentler next time.",
    ),
    Topic(
        "hot_cold_packs",
        (
            "hot pack",
            "cold pack",
            "heat pack",
            "hot and cold",
            "heat",
            "ice pack",
            "warm pack",
            "packs",
        ),
        "Some therapists use hot or cold packs during the session, and many people "
        "with fibromyalgia find heat soothing. Ask the therapist whether they offer "
        "them; you can always say no.",
    ),
    Topic(
        "interview",
        (
            "ask a therapist",
            "ask the therapist",
            "what to ask",
            "questions to ask",
            "interview",
            "choose a therapist",
            "find a therapist",
            "good therapist",
        ),
        "Ask whether they are licensed and where they trained, how much experience "
        "they have with fibromyalgia or chronic pain, how they adjust pressure and "
        "check in during a session, what to expect afterwards, and about session "
        "length, price and insurance. I tailor these questions to your answers at the "
        "end.",
    ),
    Topic(
        "doctor_suggested",
        (
            "doctor suggested",
            "doctor recommended",
            "doctor said",
            "gp suggested",
            "gp said",
            "rheumatologist suggested",
            "rheumatologist recommended",
            "physio suggested",
            "suggested i try",
            "recommended i try",
            "told me to try",
            "suggested massage",
            "recommended massage",
            "referred me",
        ),
        "That's a good place to start: massage can ease pain alongside the care you "
        "already have. I'll ask a few short questions to find a style that suits you.",
        _CLINICIAN_ADVISED,
    ),
    Topic(
        "first_massage",
        (
            "never had a massage",
            "never had one",
            "first massage",
            "first time",
            "nervous",
            "scared",
            "anxious",
            "worried about",
            "don't know what to expect",
            "what to expect",
        ),
        "That's completely fine, many people start here. A good therapist starts "
        "gently, checks in with you and stops whenever you ask. You stay in charge "
        "of the pressure, and you can keep your clothes on for most styles.",
    ),
    Topic(
        "evidence",
        ("does massage work", "does it work", "evidence", "research", "studies", "proven", "cure"),
        "Reviews of studies found that massage for five weeks or more eased pain, "
        "anxiety and depression in fibromyalgia, with few side effects. It is a "
        "complement, not a cure: exercise remains the most strongly recommended "
        "treatment.",
    ),
)
TOPICS_BY_ID: Dict[str, Topic] = {topic.id: topic for topic in TOPICS}


@lru_cache(maxsize=1)
def _keyword_patterns() -> Tuple[Tuple[re.Pattern, int, Topic], ...]:
    patterns = []
    for topic in TOPICS:
        for keyword in topic.keywords:
            patterns.append(
                (re.compile(rf"\b{re.escape(keyword)}\b", re.IGNORECASE), len(keyword), topic)
            )
    return tuple(patterns)


def find_topic(text: str) -> Optional[Topic]:
    """The topic a question is about, or None. The longest keyword wins; a
    topic's pattern counts when no keyword names a topic."""
    best: Optional[Tuple[int, Topic]] = None
    for pattern, length, topic in _keyword_patterns():
        if pattern.search(text or "") and (best is None or length > best[0]):
            best = (length, topic)
    if best is None:
        return next((t for t in TOPICS if t.pattern and t.pattern.search(text or "")), None)
    return best[1]


def answer_for(text: str) -> Optional[str]:
    topic = find_topic(text)
    return topic.answer if topic else None
