"""Domain: the assistant's decisions as pure functions.

Lives here: what to ask next and what a message changes (`intake`), the wording
of every question and button (`questions`), the recommendation rules, reasons,
precautions, interview questions and the messages that give them
(`recommendation`), ranking the clinic's therapists and the message listing them
(`matching`), answers to questions about massage (`knowledge`), checking a
person's contact details (`contacts`), the callback request's consent rules and
wording (`callback`), what the conversation's history tells, such as answers
that failed in a row (`history`), and what is said when an answer is not
understood or changed (`repair`). May import the vocabulary and the
understanding; never Rasa, SQLAlchemy, storage or the environment (settings
come in as arguments).
"""
