"""Storage: what the clinic keeps, with SQLAlchemy (1.4, 2.0-style API).

Lives here: the tables and the engine (`database`), intake summaries
(`summaries`), the therapist directory and its file import and export
(`therapists`), callback requests (`callbacks`), and the Alembic migrations
(`migrations/`); the conversation histories in Rasa's tracker store
(`conversations`), how long anything is kept (`retention`), and erasing a person
or purging (`privacy`). May import the domain, the vocabulary and the runtime
settings; never Rasa.
"""
