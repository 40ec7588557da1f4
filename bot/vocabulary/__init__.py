"""Vocabulary: the ids, words and names everything else shares (the bottom layer).

Lives here: body regions and their lay words, sides, red flags and their
classes, massage styles, answer options and what a skipped question stores
(`words`), and the name of every slot (`slots`). Imports nothing else from the
project, and nothing of Rasa, SQLAlchemy or the environment.
"""
