"""`make bench`: performance figures of the assistant against Rasa's starter assistant."""
