"""Runtime: what the environment says and how the processes run.

Lives here: every setting read from environment variables (`settings`) and
memory tuning after start-up (`startup_memory`). The only package of `bot/`
that reads the environment; may import the vocabulary.
"""
