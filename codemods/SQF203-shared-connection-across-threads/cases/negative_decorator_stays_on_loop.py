"""A project decorator that only logs and calls the function in place: the body
stays on the caller's thread, so the module connection does not cross threads."""
import functools
import logging
import sqlite3

events = sqlite3.connect("events.db")


def logged(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        logging.info("calling %s", func.__name__)
        return func(*args, **kwargs)

    return wrapper


@logged
def remember(kind):
    events.execute("INSERT INTO events (kind) VALUES (?)", (kind,))
    events.commit()


def main():
    remember("start")
