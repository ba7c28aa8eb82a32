"""Decorators that do not move the body: a logging wrapper, and Textual's
`@work` without `thread=True` (an async worker on the loop itself). Calling
these functions from `async def` runs their sqlite3 work on the event loop."""
import functools
import logging
import sqlite3

from textual import work
from textual.app import App


def traced(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        logging.debug("enter %s", func.__name__)
        return func(*args, **kwargs)

    return wrapper


@traced
def mark_read(path, item_id):
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE items SET read = 1 WHERE id = ?", (item_id,))


class Reader(App):
    def __init__(self, path):
        super().__init__()
        self.path = path

    @work(exclusive=True)
    def refresh_counts(self):
        conn = sqlite3.connect(self.path)
        self.unread = conn.execute("SELECT count(*) FROM items WHERE read = 0").fetchone()
        conn.close()

    async def on_key(self, event):
        mark_read(self.path, event.key)
        self.refresh_counts()
