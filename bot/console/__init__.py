"""The staff web console (Flask 3): sign-in, the callback queue, intake
summaries, the printable therapist brief, the therapist directory, staff users,
retention, deleting a person's data and the audit log.

`create_app()` (app.py) builds it; `python -m bot.console` serves it with
waitress on CONSOLE_HOST:CONSOLE_PORT (127.0.0.1:8010). Sessions are Flask-Login's
on Flask's signed cookie, CSRF is Flask-WTF's, sign-in rate limits are
Flask-Limiter's, passwords argon2 (bot.storage.staff). Every page reads and
writes through bot.storage; every view or change of a record is written to the
audit log (ids only). A layer above bot.storage, beside bot.staff and bot.web.
"""
