"""Lookups whose database work only an argument turns on: the query sits
under `if <param> is not None:` (or `if <param>:`) and the default is `None`.
A call that leaves the argument out, or passes `None`, runs from memory; a
call that passes one (by keyword, by position, or through `**kwargs`) may
query."""
import sqlite3

DEFAULT_LOCALE = "en"
MESSAGES = {"en": {"hello": "Hello"}, "fr": {"hello": "Bonjour"}}


def locale_of(user_id):
    conn = sqlite3.connect("settings.db")
    row = conn.execute("SELECT locale FROM users WHERE id = ?", (user_id,)).fetchone()
    conn.close()
    return row[0] if row else None


class Messages:
    def __init__(self, default):
        self.default = default

    def text(self, key, *, user_id=None):
        if user_id is not None:
            locale = locale_of(user_id) or self.default
        else:
            locale = self.default
        return MESSAGES[locale][key]


def greeting(name, user_id=None):
    locale = DEFAULT_LOCALE
    if user_id:
        locale = locale_of(user_id) or locale
    return f"{MESSAGES[locale]['hello']}, {name}"


messages = Messages(DEFAULT_LOCALE)


async def banner():
    # No user: never reaches SQLite.
    return messages.text("hello") + greeting("guest") + greeting("guest", None)


async def personal_banner(user_id, options):
    # A user: the lookup queries on the loop.
    first = messages.text("hello", user_id=user_id)
    second = greeting("you", user_id)
    third = messages.text("hello", **options)
    return first + second + third
