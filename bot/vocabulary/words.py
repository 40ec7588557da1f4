"""The assistant's vocabulary, kept in one place.

Body regions, sides, red flags, massage styles and the answer options of every
closed question. The spaCy entity ruler, the parsers, the rules and the Rasa
actions all read from here, so a new lay word or option is added once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, List, Tuple

from bot.vocabulary.slots import Slot

# --- Body regions -----------------------------------------------------------
# The 19 regions of the Widespread Pain Index (2016 ACR criteria).
WPI_REGIONS: Tuple[str, ...] = (
    "jaw_left",
    "jaw_right",
    "shoulder_left",
    "shoulder_right",
    "upper_arm_left",
    "upper_arm_right",
    "lower_arm_left",
    "lower_arm_right",
    "hip_left",
    "hip_right",
    "upper_leg_left",
    "upper_leg_right",
    "lower_leg_left",
    "lower_leg_right",
    "neck",
    "upper_back",
    "lower_back",
    "chest",
    "abdomen",
)
EXTRA_REGIONS: Tuple[str, ...] = ("head", "hands", "feet")
ALL_REGIONS: Tuple[str, ...] = WPI_REGIONS + EXTRA_REGIONS

SIDES: Tuple[str, ...] = ("left", "right")

# A "part" is what a person names; it expands to one or more region bases.
# A base in PAIRED_BASES gets a side suffix (both sides unless one is named).
PAIRED_BASES: Tuple[str, ...] = (
    "jaw",
    "shoulder",
    "upper_arm",
    "lower_arm",
    "hip",
    "upper_leg",
    "lower_leg",
)

# part id -> region bases it covers
PART_BASES: Dict[str, Tuple[str, ...]] = {
    "jaw": ("jaw",),
    "shoulder": ("shoulder",),
    "upper_arm": ("upper_arm",),
    "lower_arm": ("lower_arm",),
    "arm": ("upper_arm", "lower_arm"),
    "hip": ("hip",),
    "upper_leg": ("upper_leg",),
    "lower_leg": ("lower_leg",),
    "knee": ("lower_leg",),
    "leg": ("upper_leg", "lower_leg"),
    "neck": ("neck",),
    "upper_back": ("upper_back",),
    "lower_back": ("lower_back",),
    "back": ("upper_back", "lower_back"),
    "chest": ("chest",),
    "abdomen": ("abdomen",),
    "head": ("head",),
    "hands": ("hands",),
    "feet": ("feet",),
}

# part id -> the lay words people use for it (lower case; plurals listed).
PART_TERMS: Dict[str, Tuple[str, ...]] = {
    "jaw": (
        "jaw",
        "jaws",
        "tmj",
        "jaw joint",
        "jaw joints",
        "jawline",
        "temporomandibular joint",
        "chin",
    ),
    "shoulder": (
        "shoulder",
        "shoulders",
        "traps",
        "trap",
        "trapezius",
        "rotator cuff",
        "shoulder girdle",
        "shoulder joint",
        "collarbone",
        "collarbones",
        "collar bone",
        "collar bones",
        "sholder",
        "sholders",
        "shoudler",
        "shoudlers",
    ),
    "upper_arm": (
        "upper arm",
        "upper arms",
        "bicep",
        "biceps",
        "tricep",
        "triceps",
        "arm above the elbow",
    ),
    "lower_arm": (
        "lower arm",
        "lower arms",
        "forearm",
        "forearms",
        "wrist",
        "wrists",
        "elbow",
        "elbows",
    ),
    "arm": ("arm", "arms"),
    "hip": (
        "hip",
        "hips",
        "buttock",
        "buttocks",
        "butt",
        "bum",
        "glutes",
        "glute",
        "bottom",
        "backside",
        "sciatic area",
        "pelvis",
        "hip flexor",
        "hip flexors",
        "sit bones",
    ),
    "upper_leg": (
        "thigh",
        "thighs",
        "upper leg",
        "upper legs",
        "hamstring",
        "hamstrings",
        "quads",
        "quad",
        "groin",
    ),
    "lower_leg": (
        "calf",
        "calves",
        "shin",
        "shins",
        "lower leg",
        "lower legs",
        "ankle",
        "ankles",
        "achilles",
    ),
    "knee": ("knee", "knees", "kneecap", "kneecaps", "knee cap", "knee caps"),
    "leg": ("leg", "legs"),
    "neck": ("neck", "nape", "back of my neck", "back of the neck", "nek", "kneck"),
    "upper_back": (
        "upper back",
        "shoulder blade",
        "shoulder blades",
        "between my shoulder blades",
        "between the shoulder blades",
        "mid back",
        "middle back",
        "thoracic spine",
        "upper spine",
        "lats",
        "rhomboids",
    ),
    "lower_back": (
        "lower back",
        "low back",
        "lumbar",
        "tailbone",
        "coccyx",
        "sacrum",
        "lower spine",
        "small of my back",
        "bottom of my back",
    ),
    "back": ("back", "spine", "whole back", "entire back"),
    "chest": (
        "chest",
        "ribs",
        "rib cage",
        "ribcage",
        "breastbone",
        "sternum",
        "pecs",
        "chest wall",
    ),
    "abdomen": (
        "abdomen",
        "stomach",
        "belly",
        "tummy",
        "abs",
        "gut",
        "abdominal muscles",
        "stomach muscles",
    ),
    "head": (
        "head",
        "temples",
        "temple",
        "forehead",
        "scalp",
        "skull",
        "back of my head",
        "back of the head",
    ),
    "hands": (
        "hand",
        "hands",
        "finger",
        "fingers",
        "palms",
        "palm",
        "thumbs",
        "thumb",
        "knuckles",
    ),
    "feet": ("foot", "feet", "toes", "toe", "heel", "heels", "soles", "arches"),
}

# Words that mean every WPI region.
EVERYWHERE_TERMS: Tuple[str, ...] = (
    "everywhere",
    "all over",
    "all over my body",
    "whole body",
    "my whole body",
    "entire body",
    "my entire body",
    "head to toe",
    "from head to toe",
    "every part",
    "all of it",
    "all of me",
)

SIDE_TERMS: Dict[str, Tuple[str, ...]] = {
    "left": ("left", "left side", "left-hand", "lt"),
    "right": ("right", "right side", "right-hand", "rt"),
    "both": ("both", "both sides", "either side", "two sides", "bilateral"),
}

# --- Red flags ----------------------------------------------------------------
EMERGENCY = "emergency"
SEE_DOCTOR = "see_doctor_first"
CAUTION = "caution"


@dataclass(frozen=True)
class RedFlag:
    id: str
    severity: str  # EMERGENCY, SEE_DOCTOR or CAUTION
    label: str  # how the checklist shows it
    advice: str  # what the bot tells the person
    terms: Tuple[str, ...]  # phrases that raise it in free text


RED_FLAGS: Tuple[RedFlag, ...] = (
    RedFlag(
        "chest_pain_or_breathlessness",
        EMERGENCY,
        "Chest pain or trouble breathing right now",
        "Chest pain or trouble breathing can be an emergency. Please call your "
        "local emergency number (911 in the US, 999 in the UK, 112 in the EU) now.",
        (
            "chest pain",
            "chest pains",
            "pain in my chest",
            "pain in the chest",
            "chest tightness",
            "tight chest",
            "tightness in my chest",
            "crushing chest",
            "short of breath",
            "shortness of breath",
            "can't breathe",
            "cannot breathe",
            "cant breathe",
            "can not breathe",
            "trouble breathing",
            "struggling to breathe",
            "hard to breathe",
            "difficulty breathing",
            "breathless",
            "out of breath",
            "chest pian",
            "catch my breath",
            "catching my breath",
        ),
    ),
    RedFlag(
        "possible_blood_clot",
        SEE_DOCTOR,
        "One leg swollen, warm and painful, or a blood clot being treated",
        "A swollen, warm, painful leg can be a blood clot (DVT). Please see a "
        "doctor before any massage; massage could move a clot.",
        (
            "blood clot",
            "blood clots",
            "clot",
            "clots",
            "dvt",
            "deep vein thrombosis",
            "thrombosis",
            "pulmonary embolism",
            "swollen leg",
            "swollen calf",
            "leg is swollen",
            "calf is swollen",
            "leg swollen",
            "calf swollen",
            "one leg swollen",
            "leg is warm and swollen",
            "swollen and warm",
            "warm and swollen",
            "hot swollen leg",
        ),
    ),
    RedFlag(
        "fever_or_infection",
        SEE_DOCTOR,
        "A fever or an infection",
        "With a fever or an infection, massage should wait until you are well; "
        "please check with a doctor if it does not settle.",
        (
            "fever",
            "feverish",
            "high temperature",
            "a temperature",
            "infection",
            "infected",
            "flu",
            "the flu",
            "covid",
            "chills",
            "pneumonia",
            "sepsis",
            "cellulitis",
        ),
    ),
    RedFlag(
        "new_unexplained_pain",
        SEE_DOCTOR,
        "New pain that is different from your usual pain, or numbness or weakness",
        "New pain that feels different from your usual pain, or numbness or "
        "weakness, should be checked by a doctor before massage: fibromyalgia "
        "does not rule out other problems.",
        (
            "new pain",
            "new kind of pain",
            "new type of pain",
            "different pain",
            "different from my usual",
            "different from usual",
            "unusual pain",
            "unexplained pain",
            "pain i've never had",
            "pain i have never had",
            "never had before",
            "sudden pain",
            "sudden severe pain",
            "numbness",
            "numb",
            "going numb",
            "weakness",
            "weak leg",
            "weak arm",
            "lost strength",
            "losing strength",
            "can't feel my",
            "leg feels weak",
            "legs feel weak",
            "arm feels weak",
            "arms feel weak",
            "leg is weak",
            "arm is weak",
            "hand feels weak",
        ),
    ),
    RedFlag(
        "blood_thinners",
        CAUTION,
        "Blood thinners or a bleeding disorder",
        "Because of the blood thinners or bleeding disorder, only light pressure "
        "is safe, and please get your doctor's OK first.",
        (
            "blood thinner",
            "blood thinners",
            "blood-thinner",
            "blood-thinners",
            "anticoagulant",
            "anticoagulants",
            "warfarin",
            "coumadin",
            "eliquis",
            "apixaban",
            "xarelto",
            "rivaroxaban",
            "pradaxa",
            "dabigatran",
            "heparin",
            "clopidogrel",
            "plavix",
            "bleeding disorder",
            "haemophilia",
            "hemophilia",
            "von willebrand",
            "bruise easily",
            "bruise very easily",
        ),
    ),
    RedFlag(
        "osteoporosis",
        CAUTION,
        "Osteoporosis or fragile bones",
        "With osteoporosis, only light pressure is safe: no deep pressure on bones.",
        (
            "osteoporosis",
            "osteopenia",
            "brittle bones",
            "fragile bones",
            "thin bones",
            "low bone density",
            "bone density is low",
        ),
    ),
    RedFlag(
        "cancer_treatment",
        CAUTION,
        "Cancer or cancer treatment",
        "During or after cancer treatment, light massage only, with your oncologist's OK.",
        (
            "cancer",
            "chemo",
            "chemotherapy",
            "radiotherapy",
            "radiation therapy",
            "radiation treatment",
            "oncologist",
            "tumour",
            "tumor",
            "lymphoma",
            "leukaemia",
            "leukemia",
            "metastases",
            "immunotherapy",
        ),
    ),
    RedFlag(
        "pregnancy",
        CAUTION,
        "Pregnancy",
        "During pregnancy, light massage only, by a therapist trained in pregnancy massage.",
        (
            "pregnant",
            "pregnancy",
            "expecting a baby",
            "expecting a child",
            "having a baby",
            "with child",
            "weeks pregnant",
            "months pregnant",
            "trimester",
        ),
    ),
    RedFlag(
        "recent_surgery_or_injury",
        CAUTION,
        "Surgery or an injury in the last 6 weeks",
        "After recent surgery or an injury, light massage only, away from the "
        "area, and with clearance from your surgeon or doctor.",
        (
            "surgery",
            "operation",
            "operated on",
            "op",
            "injury",
            "injured",
            "hurt myself",
            "broke my",
            "broken bone",
            "broken arm",
            "broken leg",
            "broken wrist",
            "broken ankle",
            "broken rib",
            "broken ribs",
            "fracture",
            "fractured",
            "sprain",
            "sprained",
            "torn",
            "tore my",
            "fell over",
            "fell down",
            "had a fall",
            "a bad fall",
            "car accident",
            "accident",
            "whiplash",
            "stitches",
            "dislocated",
            "replacement",
            "c-section",
            "caesarean",
            "taken out",
        ),
    ),
    RedFlag(
        "skin_condition",
        CAUTION,
        "A wound, burn or rash",
        "The therapist will avoid any wound, burn or rash.",
        (
            "wound",
            "wounds",
            "open wound",
            "a cut",
            "deep cut",
            "burn",
            "burns",
            "burned",
            "burnt",
            "sunburn",
            "rash",
            "rashes",
            "eczema",
            "psoriasis",
            "shingles",
            "blister",
            "blisters",
            "open sore",
            "sores",
            "ulcer",
            "hives",
            "dermatitis",
        ),
    ),
)
RED_FLAGS_BY_ID: Dict[str, RedFlag] = {flag.id: flag for flag in RED_FLAGS}
# How the assistant names a flag inside a sentence ("Could it be ...?").
FLAG_NAMES: Dict[str, str] = {
    "chest_pain_or_breathlessness": "chest pain or trouble breathing",
    "possible_blood_clot": "a blood clot (one leg swollen, warm and painful)",
    "fever_or_infection": "a fever or an infection",
    "new_unexplained_pain": "new or different pain, numbness or weakness",
    "blood_thinners": "blood thinners or a bleeding disorder",
    "osteoporosis": "osteoporosis (fragile bones)",
    "cancer_treatment": "cancer or cancer treatment",
    "pregnancy": "pregnancy",
    "recent_surgery_or_injury": "surgery or an injury in the last 6 weeks",
    "skin_condition": "a wound, burn or rash",
}
STOP_SEVERITIES = (EMERGENCY, SEE_DOCTOR)

# Weeks after which a surgery or injury no longer counts as recent.
RECENT_WEEKS = 6

# --- Crisis lines, by the clinic's country (ISO code) --------------------------
# (the line to name, the emergency number); "default" when the country is not listed.
CRISIS_LINES: Dict[str, Tuple[str, str]] = {
    "US": ("the 988 Suicide & Crisis Lifeline: call or text 988", "911"),
    "CA": ("the 9-8-8 Suicide Crisis Helpline: call or text 988", "911"),
    "GB": ("Samaritans, free at any time on 116 123", "999"),
    "UK": ("Samaritans, free at any time on 116 123", "999"),
    "IE": ("Samaritans, free at any time on 116 123", "112 or 999"),
    "AU": ("Lifeline on 13 11 14", "000"),
    "NZ": ("1737, free to call or text", "111"),
    "default": ("a local crisis line", "your local emergency number"),
}

# --- Answers to closed questions ---------------------------------------------
SENSITIVITY_LEVELS: Tuple[str, ...] = ("none", "mild", "moderate", "severe")
PRESSURE_LEVELS: Tuple[str, ...] = ("light", "medium", "firm", "unsure")

# --- Massage styles -------------------------------------------------------------
LIGHT = "light"
MYOFASCIAL = "myofascial_release"
DEEP_TISSUE = "deep_tissue"
NO_MASSAGE = "none"
STYLES: Tuple[str, ...] = (LIGHT, MYOFASCIAL, DEEP_TISSUE, NO_MASSAGE)
# Gentlest first: the alternative to a style is the one before it.
STYLES_BY_GENTLENESS: Tuple[str, ...] = (LIGHT, MYOFASCIAL, DEEP_TISSUE)

STYLE_NAMES: Dict[str, str] = {
    LIGHT: "light (gentle) massage",
    MYOFASCIAL: "myofascial release",
    DEEP_TISSUE: "deep tissue massage",
    NO_MASSAGE: "no massage for now",
}

# --- Preferences ---------------------------------------------------------------
GOALS: Tuple[str, ...] = ("pain_relief", "sleep", "stiffness", "relaxation", "headaches")
SESSION_LENGTHS: Tuple[int, ...] = (30, 45, 60, 90)
THERAPIST_GENDERS: Tuple[str, ...] = ("female", "male", "any")
# Stored when a person skips an optional question.
NO_PREFERENCE = "no_preference"


def skip_value(slot: str) -> object:
    """What a skipped optional question stores."""
    return [] if slot in (Slot.GOALS, Slot.AVOID_AREAS) else NO_PREFERENCE


# Ordered options of each closed question: (button title, slot value).
# The order is the number a person can type instead of the words.
QUESTION_OPTIONS: Dict[str, List[Tuple[str, object]]] = {
    Slot.DATA_CONSENT: [
        ("Yes, the clinic may keep my answers", True),
        ("No, don't keep my answers", False),
    ],
    Slot.TOUCH_SENSITIVITY: [
        ("No, light touch doesn't hurt", "none"),
        ("A little (mild)", "mild"),
        ("Quite a lot (moderate)", "moderate"),
        ("Even a light touch hurts (severe)", "severe"),
    ],
    Slot.PRESSURE_PREFERENCE: [
        ("Light", "light"),
        ("Medium", "medium"),
        ("Firm", "firm"),
        ("I'm not sure", "unsure"),
    ],
    Slot.POST_MASSAGE_FLARE: [
        ("Yes, sore for more than two days", True),
        ("No", False),
        ("I've never had a firmer massage", False),
    ],
}
