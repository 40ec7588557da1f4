"""Rasa input channels of the clinic's deployment (they import Rasa, so they live
outside `bot/`, which must not)."""
