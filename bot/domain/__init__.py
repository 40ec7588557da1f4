"""Domain: the assistant's decisions as pure functions.

Lives here: what to ask next and what a message changes (`intake`), the wording
of every question, button and reply (`questions`), the recommendation rules,
reasons, precautions and interview questions (`recommendation`), ranking the
clinic's therapists (`matching`), answers to questions about massage
(`knowledge`), and checking a person's contact details (`contacts`). May import
the vocabulary and the understanding; never Rasa, SQLAlchemy, storage or the
environment (settings come in as arguments).
"""
