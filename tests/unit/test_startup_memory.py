"""Start-up objects leave the garbage collector's reach once the server started."""

from __future__ import annotations

import gc

from bot.runtime.startup_memory import freeze_startup_objects
from channels.rest import ClinicRestInput


async def _on_message(_message) -> None:
    return None


def test_the_rest_channel_freezes_after_the_server_started():
    blueprint = ClinicRestInput().blueprint(_on_message)
    listeners = [
        future for future in blueprint._future_listeners if future.event == "after_server_start"
    ]
    assert [future.listener for future in listeners] == [freeze_startup_objects]


def test_freezing_moves_the_objects_alive_now_to_the_permanent_generation():
    kept = [object() for _ in range(1000)]
    try:
        freeze_startup_objects(None, None)  # Sanic passes (app, loop)
        assert gc.get_freeze_count() >= len(kept)
    finally:
        gc.unfreeze()
