"""The clinic's stores, one of each per action-server process."""

from __future__ import annotations

from functools import lru_cache

from bot.storage.callbacks import CallbackStore
from bot.storage.conversations import ConversationHistory
from bot.storage.summaries import IntakeStore
from bot.storage.therapists import DirectoryStore


@lru_cache(maxsize=1)
def intake_store() -> IntakeStore:
    return IntakeStore()


@lru_cache(maxsize=1)
def directory() -> DirectoryStore:
    return DirectoryStore()


def callbacks() -> CallbackStore:
    """The callback requests: the directory's store (a CallbackStore too), so
    the process keeps one engine for both, as before the split."""
    return directory()


@lru_cache(maxsize=1)
def conversation_history() -> ConversationHistory:
    """The conversation histories (Rasa's tracker store), for "delete my data"."""
    return ConversationHistory()
