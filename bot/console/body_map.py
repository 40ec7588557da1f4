"""The body map as inline SVG: the widget's outlines (bot/web/static/widget),
front and back, with the regions of bot.vocabulary.words marked as hurting or
to be avoided. Drawn on the server as data for the template (body_map.html):
no script, so it prints and passes the console's Content-Security-Policy."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, Iterable, List, Tuple

from bot.vocabulary.words import ALL_REGIONS

VIEWBOX = "0 0 200 420"
Rect = Tuple[int, int, int, int, int]  # x, y, width, height, corner radius

# Front view: the person faces you, so their right side is on the left.
FRONT: Tuple[Tuple[str, Tuple[Rect, ...]], ...] = (
    ("head", ((78, 4, 44, 38, 18),)),
    ("jaw_right", ((80, 43, 19, 18, 6),)),
    ("jaw_left", ((101, 43, 19, 18, 6),)),
    ("neck", ((86, 62, 28, 13, 4),)),
    ("shoulder_right", ((46, 76, 38, 30, 12),)),
    ("shoulder_left", ((116, 76, 38, 30, 12),)),
    ("chest", ((70, 107, 60, 33, 6),)),
    ("abdomen", ((72, 142, 56, 42, 6),)),
    ("upper_arm_right", ((38, 107, 26, 50, 10),)),
    ("upper_arm_left", ((136, 107, 26, 50, 10),)),
    ("lower_arm_right", ((32, 158, 24, 56, 10),)),
    ("lower_arm_left", ((144, 158, 24, 56, 10),)),
    ("hands", ((24, 216, 28, 28, 10), (148, 216, 28, 28, 10))),
    ("hip_right", ((66, 186, 33, 30, 8),)),
    ("hip_left", ((101, 186, 33, 30, 8),)),
    ("upper_leg_right", ((68, 218, 29, 80, 10),)),
    ("upper_leg_left", ((103, 218, 29, 80, 10),)),
    ("lower_leg_right", ((70, 300, 26, 88, 10),)),
    ("lower_leg_left", ((104, 300, 26, 88, 10),)),
    ("feet", ((60, 390, 36, 24, 10), (104, 390, 36, 24, 10))),
)
BACK_ONLY: Tuple[Tuple[str, Tuple[Rect, ...]], ...] = (
    ("upper_back", ((70, 107, 60, 36, 6),)),
    ("lower_back", ((72, 145, 56, 39, 6),)),
)
_FRONT_ONLY = ("chest", "abdomen", "jaw_left", "jaw_right")

REGION_NAMES: Dict[str, str] = {
    "head": "head",
    "jaw_left": "left jaw",
    "jaw_right": "right jaw",
    "neck": "neck",
    "shoulder_left": "left shoulder",
    "shoulder_right": "right shoulder",
    "upper_arm_left": "left upper arm",
    "upper_arm_right": "right upper arm",
    "lower_arm_left": "left forearm",
    "lower_arm_right": "right forearm",
    "hands": "hands",
    "chest": "chest",
    "abdomen": "abdomen",
    "upper_back": "upper back",
    "lower_back": "lower back",
    "hip_left": "left hip and buttock",
    "hip_right": "right hip and buttock",
    "upper_leg_left": "left thigh",
    "upper_leg_right": "right thigh",
    "lower_leg_left": "left lower leg",
    "lower_leg_right": "right lower leg",
    "feet": "feet",
}
assert set(REGION_NAMES) == set(ALL_REGIONS), "every region of the vocabulary is drawn"

PAIN, AVOID, BOTH, NEUTRAL = "pain", "avoid", "both", "neutral"


@dataclass(frozen=True)
class Shape:
    region: str
    state: str  # PAIN, AVOID, BOTH or NEUTRAL
    x: int
    y: int
    width: int
    height: int
    radius: int

    @property
    def title(self) -> str:
        name = REGION_NAMES[self.region]
        return {
            PAIN: f"{name}: hurts",
            AVOID: f"{name}: avoid",
            BOTH: f"{name}: hurts, avoid",
        }.get(self.state, name)


@dataclass(frozen=True)
class Figure:
    caption: str
    side_labels: Tuple[str, str]  # what the left and right edges of the picture are
    shapes: Tuple[Shape, ...]


def _mirrored(rects: Iterable[Rect]) -> Tuple[Rect, ...]:
    return tuple((200 - x - w, y, w, h, r) for x, y, w, h, r in rects)


def _state(region: str, pain: set, avoid: set) -> str:
    if region in pain and region in avoid:
        return BOTH
    if region in pain:
        return PAIN
    return AVOID if region in avoid else NEUTRAL


def _shapes(regions, pain: set, avoid: set) -> Tuple[Shape, ...]:
    return tuple(
        Shape(region, _state(region, pain, avoid), *rect)
        for region, rects in regions
        for rect in rects
    )


def body_map(pain_areas: Iterable[str], avoid_areas: Iterable[str] = ()) -> List[Figure]:
    """The front and back figures with each region's state."""
    pain, avoid = set(pain_areas or ()), set(avoid_areas or ())
    back = (
        tuple((region, _mirrored(rects)) for region, rects in FRONT if region not in _FRONT_ONLY)
        + BACK_ONLY
    )
    return [
        Figure("Front", ("R", "L"), _shapes(FRONT, pain, avoid)),
        Figure("Back", ("L", "R"), _shapes(back, pain, avoid)),
    ]


def described(regions: Iterable[str]) -> str:
    """'neck, left shoulder' in the order of the vocabulary (for the SVG's label)."""
    chosen = set(regions or ())
    return ", ".join(REGION_NAMES[r] for r in ALL_REGIONS if r in chosen) or "none"
