"""Understanding: what a person's words mean, as pure functions over text.

Lives here: the message cap and tokens (`text`), word tables loaded from the
data files next to this package (`lexicon`, `data/`), time and number words
(`timing`), red flags as clinical concepts (`red_flags`) and crisis language
(`crisis`). The answers one message gives (`answers`, the entry point) are read
from the spaCy doc of the message (`doc`) by the readers of body regions
(`regions`), scales (`scales`), preferences (`preferences`), answers that name
nothing (`none_answers`) and corrections (`corrections`). May import the
vocabulary (bot/vocabulary/words.py) and nothing of Rasa, SQLAlchemy, storage or
the environment; the dialogue and the actions import it.
"""
