"""Intent predictions of the trained Rasa model for the evaluation corpus."""

from __future__ import annotations

import asyncio
from typing import List


def classify(texts: List[str], model: str) -> List[str]:
    import logging

    from rasa.core.agent import Agent

    # Rasa logs every parsed text at debug level; the test half must stay unread.
    logging.disable(logging.INFO)
    agent = Agent.load(model)
    # ... and through structlog, which logging.disable does not reach.
    import structlog

    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))

    async def parse_all() -> List[str]:
        names = []
        for text in texts:
            parsed = await agent.parse_message(text)
            names.append((parsed.get("intent") or {}).get("name") or "")
        return names

    return asyncio.run(parse_all())
