"""Staff tooling: the commands clinic staff and developers run.

Lives here: the staff command line (`cli`: database, therapists, callbacks,
summaries) and the generated NLU lookup tables (`nlu_data`). May import
everything below it in `bot/`; never Rasa.
"""
