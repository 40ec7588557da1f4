"""The name of every slot, in one place (tests/unit/test_slots.py checks them
against domain.yml).

`Slot.X` is a plain string, so it works as a dict key and in Rasa events alike.
"""

from __future__ import annotations

from typing import Tuple


class Slot:
    # The contract of DESIGN.md, read by tests and the website.
    RED_FLAGS = "red_flags"
    PAIN_AREAS = "pain_areas"
    PAIN_INTENSITY = "pain_intensity"
    TOUCH_SENSITIVITY = "touch_sensitivity"
    PRESSURE_PREFERENCE = "pressure_preference"
    POST_MASSAGE_FLARE = "post_massage_flare"
    RECOMMENDED_STYLE = "recommended_style"
    ALTERNATIVE_STYLE = "alternative_style"
    # The optional preferences, asked only when the person chooses to fine-tune.
    GOALS = "goals"
    HEAT_PACKS = "heat_packs"
    SESSION_LENGTH = "session_length"
    THERAPIST_GENDER = "therapist_gender"
    AVOID_AREAS = "avoid_areas"
    # The intake's own state.
    DATA_CONSENT = "data_consent"
    # The checklist was answered (a volunteered flag alone does not screen the rest).
    SAFETY_SCREENED = "safety_screened"
    # A flag said with doubt, to be confirmed by the person before anything else.
    SUSPECTED_FLAGS = "suspected_flags"
    # The safety answer could not be read twice: the safe branch (see a doctor first).
    SAFETY_UNCLEAR = "safety_unclear"
    FINE_TUNING = "fine_tuning"
    # The conversation's own state.
    GREETED = "greeted"
    CRISIS_ANSWERED = "crisis_answered"
    RECOMMENDATION_GIVEN = "recommendation_given"
    # The callback form.
    CALLBACK_CONSENT = "callback_consent"
    CALLBACK_NAME = "callback_name"
    CALLBACK_CONTACT = "callback_contact"
    CALLBACK_TIMES = "callback_times"
    CALLBACK_CONFIRMED = "callback_confirmed"
    # Rasa's own: the slot a form is asking for.
    REQUESTED = "requested_slot"


CONTRACT_SLOTS: Tuple[str, ...] = (
    Slot.RED_FLAGS,
    Slot.PAIN_AREAS,
    Slot.PAIN_INTENSITY,
    Slot.TOUCH_SENSITIVITY,
    Slot.PRESSURE_PREFERENCE,
    Slot.POST_MASSAGE_FLARE,
)
# The contract answers asked after the safety screen.
ANSWER_SLOTS: Tuple[str, ...] = tuple(s for s in CONTRACT_SLOTS if s != Slot.RED_FLAGS)
PREFERENCE_SLOTS: Tuple[str, ...] = (
    Slot.GOALS,
    Slot.HEAT_PACKS,
    Slot.SESSION_LENGTH,
    Slot.THERAPIST_GENDER,
    Slot.AVOID_AREAS,
)
INTAKE_SLOTS: Tuple[str, ...] = (Slot.DATA_CONSENT,) + CONTRACT_SLOTS + PREFERENCE_SLOTS
# Slots the message reader may set besides the intake answers.
SAFETY_SLOTS: Tuple[str, ...] = (Slot.SUSPECTED_FLAGS, Slot.SAFETY_UNCLEAR)
STYLE_SLOTS: Tuple[str, ...] = (Slot.RECOMMENDED_STYLE, Slot.ALTERNATIVE_STYLE)
LIST_SLOTS: Tuple[str, ...] = (Slot.RED_FLAGS, Slot.PAIN_AREAS, Slot.GOALS, Slot.AVOID_AREAS)
AREA_SLOTS: Tuple[str, ...] = (Slot.PAIN_AREAS, Slot.AVOID_AREAS)
CALLBACK_SLOTS: Tuple[str, ...] = (
    Slot.CALLBACK_CONSENT,
    Slot.CALLBACK_NAME,
    Slot.CALLBACK_CONTACT,
    Slot.CALLBACK_TIMES,
    Slot.CALLBACK_CONFIRMED,
)
# Slots the message reader (action_validate_slot_mappings) may set: the intake
# answers and the screening markers.
EXTRACTED_SLOTS: Tuple[str, ...] = (
    INTAKE_SLOTS + (Slot.SAFETY_SCREENED, Slot.FINE_TUNING) + SAFETY_SLOTS
)
