"""Staff tooling: the commands clinic staff and developers run.

Lives here: the staff command line (`cli`: database, therapists, callbacks,
summaries), the NLU report printed by `make test` (`reports`) and the generated
NLU lookup tables (`nlu_data`). May import everything below it in `bot/`.
"""
