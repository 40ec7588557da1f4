"""Understanding: what a person's words mean, as pure functions over text.

Lives here: the message cap and tokens (`text`), word tables loaded from the
data files next to this package (`lexicon`, `data/`), time and number words
(`timing`), red flags as clinical concepts (`red_flags`) and crisis language
(`crisis`). May import the vocabulary (bot/vocabulary/words.py) and nothing of Rasa,
SQLAlchemy, storage or the environment; the dialogue and the actions import it.
"""
