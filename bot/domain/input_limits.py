"""What the assistant says when a message is too long to read. The channels
(channels/input_bounds.py) answer with it instead of passing the message on, so
an over-long message changes nothing in the conversation."""

from __future__ import annotations


def too_long_reply(length: int, limit: int) -> str:
    """A kind request for a shorter message; `length` and `limit` in characters."""
    return (
        f"Sorry, that message is too long for me to read: it has {length:,} characters "
        f"and I can take up to {limit:,} at a time. Could you send a shorter version, "
        "or split it into a few messages? Nothing you told me before is lost."
    )
