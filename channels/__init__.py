"""Rasa input channels of the clinic's deployment (they import Rasa, so they live
outside `bot/`, which must not)."""

from channels import (
    action_connections,
    action_validation,
    conversation_sessions,
    event_types,
    lean_actions,
)

# Every Rasa server of the project loads this package (credentials.yml names its
# channels), so Rasa's per-turn work is adjusted once here: the faster check of
# action-server answers, event types looked up once, the action server sent the
# current session only over kept-alive connections, and sessions of a bounded
# length (bench/README.md).
action_connections.install()
action_validation.install()
event_types.install()
lean_actions.install()
conversation_sessions.install()
