"""The assistant's Python package, arranged by role; imports flow downward only.

    staff/  web/  console/   clinic tools, the website and the staff web console (top)
    storage/              what is stored: SQLAlchemy tables, stores, migrations
    runtime/              what the environment says (settings) and process tuning
    domain/               decisions: what to ask, what to say, what to recommend
    understanding/        what a person's words mean (pure functions, spaCy)
    vocabulary/           ids, words and slot names shared by everything (bottom)

`actions/` (the Rasa action server) and `channels/` (Rasa's channels) sit above
all of it. tests/unit/test_layers.py checks the direction.
"""
