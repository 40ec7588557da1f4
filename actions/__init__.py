"""The Rasa action server's actions: thin glue between the tracker and bot/.

`rasa run actions --actions actions` imports this package and every module in
it, and registers each (non-abstract) `Action` subclass it finds:

    intake          reading every message; asking the next intake question
    recommendation  the recommendation, with the clinic's therapists who fit
    repair          an answer not understood, changing an answer, starting
                    over, "why?", deleting the person's data
    fallback        when nothing fits; questions about massage; other languages
    callback        talking to a person; the callback form and request
    tracker_state   (shared) the tracker's state as plain values for bot/
    stores          (shared) the clinic's stores, one per process

Each action reads the tracker, calls bot/ (where the decisions and the wording
are) and returns events. Importing the package loads every action module,
then warms up (below).
"""

from actions import callback, fallback, intake, recommendation, repair  # noqa: F401
from bot.domain.intake import extract
from bot.runtime.startup_memory import freeze_startup_objects
from bot.understanding.pipeline import get_pipeline

# Start-up is over: load the parser's spaCy pipeline now rather than on the
# first message, then keep everything loaded out of the garbage collector's
# full passes (bot/runtime/startup_memory.py).
get_pipeline()
extract("warm up", "greet", [], None, {})  # loads the word tables and speller
freeze_startup_objects()
