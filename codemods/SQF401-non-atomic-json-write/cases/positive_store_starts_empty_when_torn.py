"""A small JSON store whose reader falls back to an empty store when the file
cannot be parsed. That is not a recovery: the entries the program added are
gone, silently, and the next save writes the empty store over them. The
program rewrites the store in place after every change, so a crash mid-write
loses every entry. Reported (compare a cache recomputed from its source)."""
import json

STORE = "reminders.json"


def load_reminders():
    try:
        with open(STORE) as fh:
            return json.load(fh)
    except (FileNotFoundError, json.JSONDecodeError):
        return {}


def add_reminder(user, text):
    reminders = load_reminders()
    reminders.setdefault(user, []).append(text)
    with open(STORE, "w") as fh:
        json.dump(reminders, fh)
