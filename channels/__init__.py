"""Rasa input channels of the clinic's deployment (they import Rasa, so they live
outside `bot/`, which must not)."""

from channels import action_validation

# Every Rasa server of the project loads this package (credentials.yml names its
# channels), so the faster check of action-server answers is installed once here.
action_validation.install()
