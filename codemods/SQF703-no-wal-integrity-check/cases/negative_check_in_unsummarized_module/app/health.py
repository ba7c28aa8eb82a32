"""The start-up check lives in a module that reaches the database only through
the store object: it never names sqlite3, yet it runs the check."""
import sys

from app.database import store


def check_at_start():
    result = store.run("PRAGMA quick_check")
    if result[0][0] != "ok":
        sys.exit("database damaged: restore the last backup")
